import { UserError } from '../errors.js';

/**
 * Checks that image JSON (manifest.json, an OCI manifest, the image config) has the shape of
 * what shipshape reads — only those fields — so a damaged or hostile export is one sentence
 * naming the file and the field instead of an internal error or a silently wrong report.
 * `null` stands for "absent" wherever a field is optional: Docker writes `"Cmd": null`.
 */
type Check = (value: unknown, field: string) => void;

class ShapeError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(field: string, expected: string): never {
  throw new ShapeError(`"${field}" is not ${expected}`);
}

const string: Check = (value, field) => {
  if (typeof value !== 'string') fail(field, 'a string');
};
const number: Check = (value, field) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, 'a number');
};
const boolean: Check = (value, field) => {
  if (typeof value !== 'boolean') fail(field, 'true or false');
};

function listOf(item: Check, what: string): Check {
  return (value, field) => {
    if (!Array.isArray(value)) fail(field, `a list of ${what}`);
    for (const [i, entry] of value.entries()) item(entry, `${field}[${i}]`);
  };
}

/** An object whose listed fields, when present and not null, pass their checks. */
function objectWith(fields: Record<string, Check>, required: readonly string[] = []): Check {
  return (value, field) => {
    if (!isObject(value)) fail(field, 'an object');
    for (const name of required)
      if (value[name] === undefined || value[name] === null)
        fail(`${field}.${name}`.replace(/^\./, ''), 'present');
    for (const [name, check] of Object.entries(fields)) {
      const child = value[name];
      // Read as absent from here on, so readers test one thing (`=== undefined`, `??`).
      if (child === null) delete value[name];
      else if (child !== undefined) check(child, field ? `${field}.${name}` : name);
    }
  };
}

const strings = listOf(string, 'strings');

const descriptor = objectWith({ digest: string, mediaType: string, size: number }, ['digest']);

const dockerManifestEntry = objectWith({ Config: string, Layers: strings }, ['Config', 'Layers']);

const ociManifest = objectWith({ config: descriptor, layers: listOf(descriptor, 'descriptors') }, [
  'config',
  'layers',
]);

const imageConfig = objectWith({
  architecture: string,
  os: string,
  variant: string,
  config: objectWith({
    User: string,
    Env: strings,
    Healthcheck: objectWith({ Test: strings }),
    Entrypoint: strings,
    Cmd: strings,
  }),
  rootfs: objectWith({ diff_ids: strings }),
  history: listOf(objectWith({ created_by: string, comment: string, empty_layer: boolean }), 'objects'),
});

function checked<T>(check: Check, value: unknown, where: string, what: string): T {
  try {
    check(value, '');
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    const detail = error.message.replace(/^"" is not/, 'it is not');
    throw new UserError(`${where} is not ${what}: ${detail}; the image export is damaged.`);
  }
  return value as T;
}

/** The first entry of a `docker save` manifest.json. */
export function checkDockerManifestEntry<T>(value: unknown, where: string): T {
  return checked<T>(dockerManifestEntry, value, where, 'a valid manifest.json entry');
}

export function checkOciManifest<T>(value: unknown, where: string): T {
  return checked<T>(ociManifest, value, where, 'a valid image manifest');
}

export function checkImageConfig<T>(value: unknown, where: string): T {
  return checked<T>(imageConfig, value, where, 'a valid image config');
}
