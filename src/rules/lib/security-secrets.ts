import { lastSegment } from '../../dockerfile/queries.js';

/**
 * What looks like a secret: variable names (after BuildKit's SecretsUsedInArgOrEnv) and file
 * names (keys, credentials, dotenv files).
 */

/** Name parts that mark a secret when they stand alone between underscores (BuildKit's list). */
const SECRET_TOKENS = [
  'apikey',
  'auth',
  'credential',
  'credentials',
  'key',
  'password',
  'pword',
  'passwd',
  'secret',
  'token',
];

/**
 * Name parts that make the name about a secret rather than the secret itself: a public or GPG
 * key, the path of a file holding it (`*_FILE`, as the official images read), a URL, a switch.
 */
const NOT_SECRET_TOKENS = [
  'public',
  'pub',
  'gpg',
  'file',
  'path',
  'dir',
  'url',
  'uri',
  'host',
  'port',
  'enabled',
  'disabled',
  'required',
  'type',
  'method',
  'length',
  'header',
  'id_file',
];

function parts(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[_\-.]+/)
    .filter(Boolean);
}

/**
 * Prefixes front-end bundlers use to mark a variable as public: Vite, Next.js, Create React App,
 * Vue CLI, Nuxt, Expo and Gatsby inline every variable so named into the JavaScript sent to the
 * browser, so such a value (a Stripe publishable key, a map key) is public by design, and a
 * real secret could not be kept behind that prefix anyway.
 */
const PUBLIC_BUNDLE_PREFIXES = [
  'VITE_',
  'NEXT_PUBLIC_',
  'REACT_APP_',
  'VUE_APP_',
  'NUXT_PUBLIC_',
  'EXPO_PUBLIC_',
  'GATSBY_',
];

/** A variable a front-end bundler ships to the browser by its name (`VITE_MAPS_API_KEY`). */
export function isPublicBundleVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return PUBLIC_BUNDLE_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/** Words no public key carries: `VITE_GOOGLE_CLIENT_SECRET` is a real secret sent to every browser. */
const NEVER_PUBLIC_TOKENS = ['secret', 'password', 'passwd', 'pword', 'private', 'credential', 'credentials'];

/**
 * A front-end variable that is public by design (a publishable key, a site key, a maps key):
 * a public-bundle prefix and no word that only a real secret would carry.
 */
export function isPublicByDesign(name: string): boolean {
  return isPublicBundleVariable(name) && !parts(name).some((t) => NEVER_PUBLIC_TOKENS.includes(t));
}

export function isSecretLikeName(name: string): boolean {
  const tokens = parts(name);
  if (!tokens.some((t) => SECRET_TOKENS.includes(t))) return false;
  return !tokens.some((t) => NOT_SECRET_TOKENS.includes(t));
}

/** dotenv files meant to be committed and copied: templates, not values. */
const ENV_TEMPLATES = /^\.env\.(example|sample|template|dist|defaults?|test|ci|docker\.example)$/i;

/** Certificates are public: a PEM whose name says it is a CA, certificate or chain is fine to copy. */
const PUBLIC_PEM =
  /(^|[-_.])(ca|cacert|cert|certs|certificate|chain|fullchain|bundle|root|public|pub|trust|truststore)([-_.]|$)/i;

/**
 * The reason a file or folder name is a secret (`private key`, `dotenv file`), or null.
 * Looks at the last path segment only.
 */
export function secretFileKind(path: string): string | null {
  const trimmed = path.replace(/\/+$/, '');
  const name = lastSegment(trimmed);
  if (name === '.env' || (name.startsWith('.env.') && !ENV_TEMPLATES.test(name))) return 'dotenv file';
  if (/^id_(rsa|dsa|ecdsa|ed25519)$/.test(name)) return 'SSH private key';
  if (name === '.ssh') return 'SSH folder';
  if (name === '.netrc' || name === '_netrc') return 'netrc credentials';
  if (name === '.aws' || /(^|\/)\.aws\/credentials$/.test(trimmed)) return 'AWS credentials';
  if (name === '.pypirc') return 'PyPI credentials';
  if (name === '.git-credentials') return 'git credentials';
  if (/\.(pem|p12|pfx)$/i.test(name) && !PUBLIC_PEM.test(name.replace(/\.(pem|p12|pfx)$/i, ''))) {
    return 'private key or certificate bundle';
  }
  return null;
}
