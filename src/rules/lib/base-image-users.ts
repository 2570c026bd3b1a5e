import { parseImageReference } from './security-image-reference.js';

/** The account a base image's own config runs as, with its ids and home where its Dockerfile sets them. */
export interface BaseImageAccount {
  name: string;
  uid: number | null;
  gid: number | null;
  home: string | null;
}

function account(
  name: string,
  uid: number | null = null,
  gid: number | null = null,
  home: string | null = null,
) {
  return { name, uid, gid, home };
}

/**
 * What user an image's own config runs as, for the bases shipshape knows: a Dockerfile built
 * on them inherits that USER without writing one. Published images that set a non-root USER
 * in their own Dockerfile (checked against each project's Dockerfile); ids and homes only
 * where that Dockerfile fixes them (micromamba's MAMBA_USER_ID, docker-stacks' NB_UID/NB_GID
 * and HOME, Airflow's AIRFLOW_UID and AIRFLOW_USER_HOME_DIR, Chainguard's nonroot, code-server's
 * coder).
 */
const NON_ROOT_BASES: Array<[RegExp, BaseImageAccount]> = [
  [
    /^(docker\.io\/|ghcr\.io\/mamba-org\/)?mambaorg\/micromamba$|^ghcr\.io\/mamba-org\/micromamba$/,
    account('mambauser', 57439, 57439, '/home/mambauser'),
  ],
  [/^(docker\.io\/|quay\.io\/)?jupyter\/[a-z-]+$/, account('jovyan', 1000, 100, '/home/jovyan')],
  [/^(docker\.io\/)?jupyterhub\/singleuser$/, account('jovyan', 1000, 100, '/home/jovyan')],
  [/^cgr\.dev\/chainguard\/[a-z0-9-]+$/, account('nonroot', 65532, 65532, '/home/nonroot')],
  [/^(docker\.io\/)?apache\/airflow$/, account('airflow', 50000, 0, '/home/airflow')],
  [/^(docker\.io\/)?apache\/superset$/, account('superset')],
  [/^(docker\.io\/)?(library\/)?odoo$/, account('odoo')],
  [/^(docker\.io\/)?rasa\/rasa(-sdk)?$/, account('1001', 1001)],
  [/^(docker\.io\/)?dpage\/pgadmin4$/, account('pgadmin')],
  [/^(docker\.io\/)?nginxinc\/nginx-unprivileged$/, account('nginx')],
  [/^(docker\.io\/)?selenium\/[a-z-]+$/, account('seluser')],
  // code-server's release image: `adduser coder`, then `USER 1000` and `WORKDIR /home/coder`.
  [/^(docker\.io\/)?codercom\/code-server$/, account('coder', 1000, 1000, '/home/coder')],
  [/^registry\.(access\.)?redhat\.(com|io)\/ubi\d+\/python-\d+$/, account('1001', 1001, 0)],
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

/** The non-root account a known base image sets, or null. */
export function baseImageAccount(reference: string): BaseImageAccount | null {
  const path = repositoryPath(reference);
  return NON_ROOT_BASES.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}

/** The non-root user a known base image sets, or null. */
export function baseImageUser(reference: string): string | null {
  return baseImageAccount(reference)?.name ?? null;
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
