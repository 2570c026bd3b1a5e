import type { ShellCommand } from '../../dockerfile/model.js';
import { isPythonName, lastSegment } from '../../dockerfile/queries.js';
import { readOnce } from '../../dockerfile/read-once.js';
import { RUNNERS } from '../../project/managers.js';
import type { Project } from '../../project/types.js';
import { pipInstallTargets } from './cache-installs.js';
import { baseName, isPipInstall } from './commands.js';

/**
 * Slow build steps that read nothing from the project's source: post-install setups
 * (`crawl4ai-setup`, `playwright install`), model and data downloads, installs of packages
 * named on the command line. Such a step belongs before the source COPY.
 */

/** Runner options that take a value (`uv run --with x`). */
const RUNNER_VALUE_FLAGS = new Set([
  '--with',
  '--with-requirements',
  '--extra',
  '--group',
  '--python',
  '-p',
  '--package',
  '--env-file',
  '--directory',
  '--project',
  '--index',
  '-e',
  '--env',
]);

/** Programs (or `python -m` modules) that set up or download things: the sub-command that does it, and what to call it. */
// A Map, not an object: looked up with words from the file, which an object would have to
// internalize first (and `constructor` would find Object.prototype's).
const SETUP_PROGRAMS = new Map<string, { sub: string | null; label: string }>(
  Object.entries({
    'crawl4ai-setup': { sub: null, label: 'post-install setup' },
    'crawl4ai-download-models': { sub: null, label: 'model download' },
    playwright: { sub: 'install', label: 'browser download' },
    patchright: { sub: 'install', label: 'browser download' },
    camoufox: { sub: 'fetch', label: 'browser download' },
    'huggingface-cli': { sub: 'download', label: 'model download' },
    hf: { sub: 'download', label: 'model download' },
    spacy: { sub: 'download', label: 'model download' },
    'nltk.downloader': { sub: null, label: 'data download' },
    nltk: { sub: 'download', label: 'data download' },
  }),
);

/** A project script whose name says it prepares things rather than serves. */
const SETUP_SCRIPT = /(^|[-_])(setup|install|download|fetch|prefetch|warmup|bootstrap)([-_]|$)/i;

/**
 * The project's console scripts that run a dependency's code rather than its own: an entry
 * such as `setup = "crawl4ai.install:post_install"` whose module belongs to a declared
 * dependency. Any other script of the project imports the project's source, so it reads it.
 */
const dependencyScripts = readOnce((project: Project): ReadonlySet<string> => {
  const pyproject = project.pyproject;
  const dependencies = new Set(project.dependencySets.flatMap((set) => set.requirements.map((r) => r.name)));
  const entries = { ...(pyproject?.poetry?.scripts ?? {}), ...(pyproject?.project?.scripts ?? {}) };
  const scripts = new Set<string>();
  for (const [name, target] of Object.entries(entries)) {
    const module = target.split(':')[0]!.split('.')[0]!.trim().toLowerCase().replace(/_/g, '-');
    if (module && dependencies.has(module)) scripts.add(name);
  }
  return scripts;
});

/** The program words a command runs once `uv run`/`poetry run` and `python -m` are looked through. */
function programWords(command: ShellCommand): string[] {
  let words = [command.name, ...command.args.map((a) => a.value)];
  const head = lastSegment(words[0]!);
  if (RUNNERS.includes(head) && words[1] === 'run') {
    let index = 2;
    while (index < words.length && words[index]!.startsWith('-')) {
      index += RUNNER_VALUE_FLAGS.has(words[index]!) ? 2 : 1;
    }
    words = words.slice(index);
  }
  const program = words[0] ? lastSegment(words[0]) : '';
  if (isPythonName(program) && words[1] === '-m') return words.slice(2);
  return [program, ...words.slice(1)];
}

function isRemoteUrl(value: string): boolean {
  return (
    /^(https?|ftp):\/\//.test(value) && !/^https?:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0)([:/]|$)/.test(value)
  );
}

/** Names the kind of step when the command is slow and reads no source, else null. */
export function slowSourceIndependentStep(command: ShellCommand, project: Project): string | null {
  // Without a runner or `python -m` in front, the program is the command itself, and most
  // commands are none of the steps below: tell before reading the words.
  const name = baseName(command);
  if (
    !RUNNERS.includes(name) &&
    !isPythonName(name) &&
    !SETUP_PROGRAMS.has(name) &&
    name !== 'curl' &&
    name !== 'wget' &&
    !dependencyScripts(project).has(name) &&
    !isPipInstall(command)
  )
    return null;
  const words = programWords(command);
  const program = words[0] ?? '';
  const known = SETUP_PROGRAMS.get(program);
  const rest = words.slice(1);
  if (known && (known.sub === null || rest.some((w) => w === known.sub || w === `${known.sub}-deps`)))
    return known.label;
  if (dependencyScripts(project).has(program) && SETUP_SCRIPT.test(program)) {
    return 'post-install setup';
  }
  if (isPipInstall(command)) {
    const targets = pipInstallTargets(command);
    if (
      targets.packages.length > 0 &&
      targets.requirementFiles.length === 0 &&
      targets.localPaths.length === 0
    )
      return 'install of packages named on the command line';
    return null;
  }
  if ((name === 'curl' || name === 'wget') && command.args.some((a) => isRemoteUrl(a.value))) {
    return 'download';
  }
  return null;
}
