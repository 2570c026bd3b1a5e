import { lastSegment } from '../../dockerfile/queries.js';

/** An image reference split the way Docker reads it: `[registry/]repository[:tag][@digest]`. */
export interface ImageReference {
  /** Registry host when the first segment names one (`ghcr.io`, `localhost:5000`), else null (Docker Hub). */
  registry: string | null;
  /** Path without registry, tag or digest: `python`, `library/python`, `astral-sh/uv`. */
  repository: string;
  tag: string | null;
  digest: string | null;
}

export function parseImageReference(reference: string): ImageReference {
  let rest = reference.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  // Docker's rule: the first segment is a registry when it has a dot or a port, or is localhost.
  const isRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  return {
    registry: isRegistry ? first : null,
    repository: isRegistry ? rest.slice(slash + 1) : rest,
    tag,
    digest,
  };
}

/** Last path segment of the repository: `python` for `docker.io/library/python`. */
export function imageName(reference: ImageReference): string {
  return lastSegment(reference.repository);
}
