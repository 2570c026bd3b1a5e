/**
 * The YAML reader, in a module of its own so that callers can load it only when a YAML file is
 * there (`await import('./yaml.js')`): the bundle then keeps the package's named exports, which
 * a dynamic import of the CommonJS package itself does not give.
 */
export { parse } from 'yaml';
