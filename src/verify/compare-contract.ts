import type { ImageConfig } from '../engine/types.js';
import { OWNED_BY_OPTIMIZE } from '../optimize/analyze.js';
import { comparableCommand } from '../optimize/conserve.js';
import type { Allowed, Difference, ProbeFacts, VerifySection } from './types.js';

/** Variables the official python images set to describe their own build, not the app's. */
const BASE_IMAGE_BUILD =
  /^(PYTHON_VERSION|PYTHON_SHA256|GPG_KEY|PYTHON_PIP_VERSION|PYTHON_SETUPTOOLS_VERSION|PYTHON_GET_PIP_URL|PYTHON_GET_PIP_SHA256)$/;

export interface SideContract {
  config: ImageConfig;
  probe: ProbeFacts | null;
}

function environment(config: ImageConfig): Map<string, string> {
  return new Map(
    config.env.map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

/** ENTRYPOINT + CMD as Docker runs them (a shell-form ENTRYPOINT ignores CMD). */
export function runtimeArgv(config: ImageConfig): string[] {
  const entrypoint = config.entrypoint ?? [];
  if (entrypoint.length >= 2 && /(^|\/)(ba|da)?sh$/.test(entrypoint[0]!) && entrypoint[1] === '-c')
    return entrypoint;
  return [...entrypoint, ...(config.cmd ?? [])];
}

const isRoot = (user: string) => user === '' || /^(root|0)(:|$)/.test(user);

/**
 * Folders the app may write to, read from the original image: its WORKDIR, the user's home,
 * volumes and absolute folders named in ENV (`STATIC_ROOT`, `BROWSERS_PATH`…). The probe keeps
 * only those that exist.
 */
export function writableCandidates(config: ImageConfig): string[] {
  const folders = new Set<string>(['~']);
  if (config.workingDir && config.workingDir !== '/') folders.add(config.workingDir);
  for (const volume of config.volumes ?? []) folders.add(volume.replace(/\/+$/, ''));
  for (const [name, value] of environment(config)) {
    if (/PATH$/.test(name) || !value.startsWith('/') || value.includes(':') || /\/bin\/?$/.test(value))
      continue;
    if (/^\/(usr|etc|var|opt)?\/?$/.test(value) || /^\/usr\/local\/?$/.test(value)) continue;
    folders.add(value.replace(/\/+$/, ''));
  }
  return [...folders];
}

function compareEnvironment(
  before: SideContract,
  after: SideContract,
  allowed: Allowed[],
  differences: Difference[],
): number {
  const b = environment(before.config);
  const a = environment(after.config);
  const venvs = (before.probe?.environments ?? []).map((e) => `${e.prefix}/bin`);
  let same = 0;
  for (const [name, value] of b) {
    const now = a.get(name);
    if (now === value) {
      same += 1;
      continue;
    }
    if (name === 'PATH' && now !== undefined) {
      const kept = new Set(now.split(':'));
      const lost = value.split(':').filter((entry) => !kept.has(entry) && !venvs.includes(entry));
      if (lost.length === 0) allowed.push({ what: 'PATH', why: 'the rewrite puts its venv first' });
      else differences.push({ what: 'PATH', detail: `PATH lost ${lost.join(', ')}` });
    } else if (OWNED_BY_OPTIMIZE.test(name)) {
      allowed.push({ what: `ENV ${name}`, why: 'set by the rewrite for its venv and Python' });
    } else if (BASE_IMAGE_BUILD.test(name)) {
      allowed.push({ what: `ENV ${name}`, why: "describes the base image's Python build" });
    } else if (now === undefined) {
      differences.push({ what: `ENV ${name}`, detail: `ENV ${name} (${JSON.stringify(value)}) is missing` });
    } else {
      differences.push({
        what: `ENV ${name}`,
        detail: `ENV ${name} is ${JSON.stringify(now)} instead of ${JSON.stringify(value)}`,
      });
    }
  }
  const added = [...a.keys()].filter((name) => !b.has(name));
  if (added.length > 0) allowed.push({ what: `ENV ${added.join(', ')}`, why: 'set by the rewrite' });
  return same;
}

function comparePorts(before: ImageConfig, after: ImageConfig, differences: Difference[]): void {
  const port = (spec: string) => spec.replace(/\/tcp$/, '');
  const b = new Set(before.exposedPorts.map(port));
  const a = new Set(after.exposedPorts.map(port));
  for (const p of b)
    if (!a.has(p)) differences.push({ what: `port ${p}`, detail: `port ${p} is no longer exposed` });
  if (b.size > 0)
    for (const p of a)
      if (!b.has(p)) differences.push({ what: `port ${p}`, detail: `port ${p} is exposed in after only` });
}

function compareCommand(
  before: ImageConfig,
  after: ImageConfig,
  scripts: Record<string, string[]>,
  allowed: Allowed[],
  differences: Difference[],
) {
  const b = runtimeArgv(before);
  const a = runtimeArgv(after);
  if (b.join('\0') === a.join('\0')) return;
  // A runner script (`pdm run start`) runs the command the project names for it.
  const named = comparableCommand(b);
  const script = named.length >= 1 ? scripts[named[0]!] : undefined;
  const wanted = (script ? comparableCommand([...script, ...named.slice(1)]) : named).join(' ');
  const got = comparableCommand(a).join(' ');
  if (wanted === got)
    allowed.push({
      what: `command \`${a.join(' ')}\` (was \`${b.join(' ')}\`)`,
      why: "optimize's named changes (exec form on the venv, runner prefix, reload flags, program path)",
    });
  else differences.push({ what: 'command', detail: `the image runs \`${got}\` instead of \`${wanted}\`` });
}

function compareUser(
  before: SideContract,
  after: SideContract,
  allowed: Allowed[],
  differences: Difference[],
) {
  const b = before.config.user;
  const a = after.config.user;
  const sameUid = before.probe && after.probe && before.probe.user.uid === after.probe.user.uid;
  if (b === a || (sameUid && !isRoot(b) && !isRoot(a))) return;
  if (isRoot(b) && !isRoot(a))
    allowed.push({ what: `user ${a}`, why: 'root → non-root is the intended change' });
  else differences.push({ what: 'user', detail: `runs as ${a || 'root'} instead of ${b || 'root'}` });
}

function compareWritable(before: SideContract, after: SideContract, differences: Difference[]): number {
  const inEnvironment = (folder: string) =>
    [before, after].some((side) =>
      (side.probe?.environments ?? []).some((e) => folder === e.prefix || folder.startsWith(`${e.prefix}/`)),
    );
  let same = 0;
  for (const [folder, writable] of Object.entries(before.probe?.writable ?? {})) {
    if (!writable || inEnvironment(folder)) continue;
    const now = after.probe?.writable[folder];
    if (now === false)
      differences.push({
        what: folder,
        detail: `${folder} is not writable by ${after.config.user || 'root'} (it was by ${before.config.user || 'root'})`,
      });
    else if (now) same += 1;
  }
  return same;
}

/** The runtime contract: environment, ports, command, user, working directory, health check, writable folders. */
export function compareContract(
  before: SideContract,
  after: SideContract,
  scripts: Record<string, string[]> = {},
): VerifySection {
  const allowed: Allowed[] = [];
  const differences: Difference[] = [];
  const sameEnv = compareEnvironment(before, after, allowed, differences);
  comparePorts(before.config, after.config, differences);
  compareCommand(before.config, after.config, scripts, allowed, differences);
  compareUser(before, after, allowed, differences);
  if (before.config.workingDir !== after.config.workingDir)
    differences.push({
      what: 'WORKDIR',
      detail: `works in ${after.config.workingDir || '/'} instead of ${before.config.workingDir || '/'}`,
    });
  const bCheck = before.config.healthcheck?.test ?? [];
  const aCheck = after.config.healthcheck?.test ?? [];
  if (bCheck.length > 0 && bCheck[0] !== 'NONE' && aCheck.length === 0)
    differences.push({ what: 'HEALTHCHECK', detail: 'the HEALTHCHECK is gone' });
  else if (bCheck.length > 0 && bCheck.join('\0') !== aCheck.join('\0'))
    allowed.push({
      what: 'HEALTHCHECK',
      why: 'rewritten as the same probe (Python instead of curl, or exec form)',
    });
  const writable = compareWritable(before, after, differences);
  const ports = before.config.exposedPorts.length;
  return {
    name: 'contract',
    equal: `${sameEnv} environment variable${sameEnv === 1 ? '' : 's'}, ${ports} exposed port${ports === 1 ? '' : 's'}, working directory, ${writable} writable folder${writable === 1 ? '' : 's'}`,
    allowed,
    differences,
    notes: [],
  };
}
