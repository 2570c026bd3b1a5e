import { parseImageReference } from './security-image-reference.js';

/**
 * What user an image's own config runs as, for the bases shipshape knows: a Dockerfile built
 * on them inherits that USER without writing one. Published images that set a non-root USER
 * in their own Dockerfile (checked against each project's Dockerfile).
 */
const NON_ROOT_BASES: Array<[RegExp, string]> = [
  [
    /^(docker\.io\/|ghcr\.io\/mamba-org\/)?mambaorg\/micromamba$|^ghcr\.io\/mamba-org\/micromamba$/,
    'mambauser',
  ],
  [/^(docker\.io\/|quay\.io\/)?jupyter\/[a-z-]+$/, 'jovyan'],
  [/^(docker\.io\/)?jupyterhub\/singleuser$/, 'jovyan'],
  [/^cgr\.dev\/chainguard\/[a-z0-9-]+$/, 'nonroot'],
  [/^(docker\.io\/)?apache\/airflow$/, 'airflow'],
  [/^(docker\.io\/)?apache\/superset$/, 'superset'],
  [/^(docker\.io\/)?(library\/)?odoo$/, 'odoo'],
  [/^(docker\.io\/)?rasa\/rasa(-sdk)?$/, '1001'],
  [/^(docker\.io\/)?dpage\/pgadmin4$/, 'pgadmin'],
  [/^(docker\.io\/)?nginxinc\/nginx-unprivileged$/, 'nginx'],
  [/^(docker\.io\/)?selenium\/[a-z-]+$/, 'seluser'],
  [/^registry\.(access\.)?redhat\.(com|io)\/ubi\d+\/python-\d+$/, '1001'],
];

/**
 * Third-party bases known to run as root like the official images do: for them, "runs as
 * root" is a fact; for other third-party bases shipshape cannot see whether they set a USER.
 */
const ROOT_BASES =
  /^((docker\.io\/)?(continuumio|condaforge|tiangolo|nvidia|pytorch|tensorflow|bitnami|rocker|ubuntu|debian)\/|ghcr\.io\/astral-sh\/|mcr\.microsoft\.com\/(playwright|devcontainers)\/|gcr\.io\/distroless\/)/;

function repositoryPath(reference: string): string {
  const parsed = parseImageReference(reference.toLowerCase());
  return parsed.registry ? `${parsed.registry}/${parsed.repository}` : parsed.repository;
}

/** The non-root user a known base image sets, or null. */
export function baseImageUser(reference: string): string | null {
  const path = repositoryPath(reference);
  return NON_ROOT_BASES.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}

/**
 * True when shipshape knows the base runs as root: a Docker Official Image (`python`,
 * `library/python`, `docker.io/python`) or a known third-party one.
 */
export function baseKnownToRunAsRoot(reference: string): boolean {
  if (baseImageUser(reference) !== null) return false;
  const path = repositoryPath(reference);
  return (
    !path.includes('/') ||
    /^(docker\.io\/)?library\//.test(path) ||
    /^docker\.io\/[^/]+$/.test(path) ||
    ROOT_BASES.test(path)
  );
}
