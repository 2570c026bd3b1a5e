/**
 * Pinned images the generated Dockerfiles copy tools from. Pinned so builds are
 * reproducible; bump them deliberately (and the optimize golden files with them).
 */
export const UV_IMAGE = 'ghcr.io/astral-sh/uv:0.13.9';
export const DOCKER_CLI_IMAGE = 'docker:28-cli';
export const POETRY_VERSION = '2.5.1';
export const PDM_VERSION = '2.29.4';
export const PIPENV_VERSION = '2026.10.3';

export const APP_UID = 10001;
export const APP_GID = 10001;
