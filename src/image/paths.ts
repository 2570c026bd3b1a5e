/**
 * Layer paths are kept without a leading slash ("usr/bin/python3"); the root is "".
 * Returns undefined for names that climb out of the root ("../x", "a/../../b"): such
 * entries are hostile or broken and are skipped with a warning, never resolved.
 */
export function normaliseLayerPath(name: string): { path: string; wasAbsolute: boolean } | undefined {
  const parts = layerPathParts(name);
  return parts && { path: parts.join('/'), wasAbsolute: name.startsWith('/') };
}

/** The components of a normalised layer path (`[]` for the root), or undefined as above. */
export function layerPathParts(name: string): string[] | undefined {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts;
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
