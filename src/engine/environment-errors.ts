import { UserError } from '../errors.js';

/**
 * Turns what the docker CLI prints when the machine, not the project, is at fault into one
 * sentence the user can act on. Anything else is left to the caller (returns undefined).
 */

export const DOCKER_MISSING =
  'Docker is not installed: install Docker Engine (docs.docker.com/engine/install) and try again.';

export const ENGINE_NOT_RUNNING =
  'The Docker engine is not running (the docker CLI cannot reach it): start it (for example `sudo systemctl start docker`) and try again.';

export const ENGINE_PERMISSION_DENIED =
  'Permission denied talking to the Docker engine: add your user to the `docker` group and log in again, or run as root.';

export const BUILDX_MISSING =
  'Docker buildx is not installed: install the buildx plugin (Debian/Ubuntu package `docker-buildx`, or `docker-buildx-plugin` from Docker’s repository) and try again.';

export function builderMissing(name: string): string {
  return `Buildx builder "${name}" does not exist: list builders with \`docker buildx ls\` or create it with \`docker buildx create --name ${name}\`.`;
}

const notRunning = [
  /Cannot connect to the Docker daemon/i,
  /Is the docker daemon running\?/i,
  /error during connect/i,
];
const permissionDenied = /permission denied while trying to connect to the docker (daemon|API)/i;
const buildxMissing = [
  /unknown command:? "?docker buildx"?/i,
  /'buildx' is not a docker command/i,
  /unknown command "buildx"/i,
];
const noBuilder = /no builder "([^"]+)" found/i;

export function environmentError(output: string): UserError | undefined {
  if (permissionDenied.test(output)) return new UserError(ENGINE_PERMISSION_DENIED);
  if (notRunning.some((pattern) => pattern.test(output))) return new UserError(ENGINE_NOT_RUNNING);
  if (buildxMissing.some((pattern) => pattern.test(output))) return new UserError(BUILDX_MISSING);
  const builder = noBuilder.exec(output);
  if (builder) return new UserError(builderMissing(builder[1]!));
  return undefined;
}
