import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { runOnce } from '../engine/index.js';
import type { Project } from '../project/types.js';
import type { Workspace } from './workspace.js';

/**
 * The changes the code and deps scenarios make, always in the temporary copies, always the
 * same in both, so "before" and "after" rebuild from the same change.
 */

/** The application's main source file: from the app object, the server command, else the first .py file. */
export function mainSourceFile(project: Project, context: string): string | undefined {
  const candidates: string[] = [];
  const app = project.server.app?.split(':')[0];
  if (app) candidates.push(`${app.split('.').join('/')}.py`, `${app.split('.').join('/')}/__init__.py`);
  for (const word of project.server.command?.argv ?? []) if (word.endsWith('.py')) candidates.push(word);
  candidates.push('main.py', 'app.py', 'src/main.py', 'manage.py');
  const found = candidates.find((candidate) => existsSync(join(context, candidate)));
  return found ?? firstPythonFile(context, '');
}

function firstPythonFile(root: string, prefix: string): string | undefined {
  const entries = readdirSync(join(root, prefix), { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const entry of entries)
    if (entry.isFile() && entry.name.endsWith('.py')) return join(prefix, entry.name);
  for (const entry of entries) {
    if (!entry.isDirectory() || /^(?:\.|tests?$|venv$|node_modules$)/.test(entry.name)) continue;
    const found = firstPythonFile(root, join(prefix, entry.name));
    if (found) return found;
  }
  return undefined;
}

/**
 * The guide's `echo "# Comment" >> src/main.py`. The line names the bench and the run, so no
 * run (of this bench or an earlier one) can find the changed file in BuildKit's cache.
 */
export function appendComment(workspace: Workspace, file: string, run: number): void {
  for (const side of ['before', 'after'] as const) {
    appendFileSync(
      join(workspace.context[side], file),
      `\n# shipshape bench code change ${workspace.id}-${run}\n`,
    );
  }
}

/** Small, dependency-free packages from PyPI; the first ones the project lacks are added. */
const CANDIDATES = ['six', 'colorama', 'wcwidth', 'tabulate', 'toolz', 'humanize', 'text-unidecode', 'pytz'];

export interface DependencyChange {
  /** One change per run: the package added and the manifest files to copy in. */
  variants: Array<{ package: string; files: Record<string, string> }>;
  /** What changed, in words, for the report. */
  description: string;
}

export interface DependencyChangeContext {
  project: Project;
  workspace: Workspace;
  runs: number;
  /** The project's Python base image, for re-locking with its own tool. */
  baseImage: string;
  /** Text of the Dockerfiles, where a pinned tool version can be found. */
  dockerfiles: string[];
  signal?: AbortSignal;
  onContainer?: (name: string) => void;
}

/**
 * Prepares `runs` manifest variants, each adding a different small package to the original
 * manifests. Requirements files get a line appended; uv and Poetry projects are re-locked
 * with the project's own tool inside a container from the project's base image.
 */
export async function prepareDependencyChange(
  ctx: DependencyChangeContext,
): Promise<DependencyChange | string> {
  const present = new Set<string>([
    ...(ctx.project.lock?.packages.map((pkg) => pkg.name) ?? []),
    ...ctx.project.dependencySets.flatMap((set) => set.requirements.map((req) => req.name)),
  ]);
  const packages = CANDIDATES.filter((name) => !present.has(name)).slice(0, ctx.runs);
  if (packages.length < ctx.runs) return 'deps: not enough candidate packages the project lacks.';
  const manager = ctx.project.manager.name;
  if (manager === 'uv' && ctx.project.uvLock) return relock(ctx, packages, 'uv');
  if (manager === 'poetry' && ctx.project.poetryLock) return relock(ctx, packages, 'poetry');
  const requirements = mainRequirementsFile(ctx.project);
  if (requirements) {
    const original = readFileSync(join(ctx.workspace.context.before, requirements), 'utf8');
    const separator = original.endsWith('\n') || original.length === 0 ? '' : '\n';
    return {
      variants: packages.map((name, i) => ({
        package: name,
        files: { [requirements]: `${original}${separator}${marker(ctx.workspace, i)}${name}\n` },
      })),
      description: `appended one package per run (${packages.join(', ')}) to ${requirements}`,
    };
  }
  return `deps: no way to change the dependencies of a ${manager} project yet (uv, Poetry and requirements files are supported).`;
}

/**
 * A comment naming this bench and run: the same package added by an earlier bench would
 * otherwise give byte-identical manifests, and BuildKit would answer from its cache.
 */
function marker(workspace: Workspace, index: number): string {
  return `# shipshape bench dependency change ${workspace.id}-${index + 1}\n`;
}

function mainRequirementsFile(project: Project): string | undefined {
  const files = project.requirements.filter((file) => !file.dev).map((file) => file.path);
  return files.find((path) => path === 'requirements.txt') ?? files[0];
}

function toolVersion(texts: string[], pattern: RegExp): string | undefined {
  for (const text of texts) {
    const match = pattern.exec(text);
    if (match) return match[1];
  }
  return undefined;
}

async function relock(
  ctx: DependencyChangeContext,
  packages: string[],
  tool: 'uv' | 'poetry',
): Promise<DependencyChange | string> {
  const lockFile = tool === 'uv' ? 'uv.lock' : 'poetry.lock';
  const version =
    tool === 'uv'
      ? (toolVersion(ctx.dockerfiles, /astral-sh\/uv:(\d[\w.]*)/) ??
        toolVersion(ctx.dockerfiles, /\buv==(\d[\w.]*)/))
      : toolVersion(ctx.dockerfiles, /\bpoetry==(\d[\w.]*)/);
  const pin = version ? `${tool}==${version}` : tool;
  const lockRoot = join(ctx.workspace.root, 'relock');
  const scripts: string[] = [
    `pip install --quiet --disable-pip-version-check --root-user-action=ignore '${pin}'`,
  ];
  for (const [i, name] of packages.entries()) {
    const folder = join(lockRoot, String(i));
    mkdirSync(folder, { recursive: true });
    for (const file of ['pyproject.toml', lockFile, 'README.md', '.python-version']) {
      const source = join(ctx.workspace.context.before, file);
      if (existsSync(source)) cpSync(source, join(folder, file));
    }
    scripts.push(
      tool === 'uv'
        ? `(cd /relock/${i} && uv add --no-sync --quiet '${name}')`
        : `(cd /relock/${i} && poetry add --lock --no-interaction '${name}')`,
    );
  }
  const name = `shipshape-bench-${ctx.workspace.id}-relock`;
  ctx.onContainer?.(name);
  const result = await runOnce({
    image: ctx.baseImage,
    name,
    command: ['sh', '-c', scripts.join(' && ')],
    mounts: [{ source: lockRoot, target: '/relock' }],
    env: { UV_PYTHON_DOWNLOADS: 'never', POETRY_VIRTUALENVS_CREATE: 'false', PIP_NO_CACHE_DIR: '1' },
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  if (result.exitCode !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-8).join('\n');
    return `deps: re-locking with ${pin} in ${ctx.baseImage} failed (exit ${result.exitCode}):\n${tail}`;
  }
  return {
    variants: packages.map((pkg, i) => ({
      package: pkg,
      files: {
        'pyproject.toml': `${readFileSync(join(lockRoot, String(i), 'pyproject.toml'), 'utf8')}\n${marker(ctx.workspace, i)}`,
        [lockFile]: readFileSync(join(lockRoot, String(i), lockFile), 'utf8'),
      },
    })),
    description: `added one package per run (${packages.join(', ')}) to pyproject.toml and re-locked ${lockFile} with ${pin} in ${ctx.baseImage}`,
  };
}

/** Writes one variant's manifests into both copies. */
export function applyDependencyVariant(workspace: Workspace, files: Record<string, string>): void {
  for (const side of ['before', 'after'] as const) {
    for (const [file, text] of Object.entries(files))
      writeFileSync(join(workspace.context[side], file), text);
  }
}
