import type { Dockerfile, Instruction } from '../dockerfile/model.js';
import { resolveAt } from '../dockerfile/scope.js';
import { UserError } from '../errors.js';
import type { Project } from '../project/types.js';
import { type OriginalFacts, verbatim } from './analyze.js';
import { defaultCommand, type ServerCommand, translateCommand } from './command.js';
import { distrolessBlockers, onVenvPython } from './distroless.js';
import type { PackageChoice } from './plan-packages.js';
import type { VariantProfile } from './profiles.js';
import type { Change, Plan } from './types.js';

function mainPort(project: Project, facts: OriginalFacts, dockerfile: Dockerfile | null): number | null {
  const shipped = dockerfile?.stages[dockerfile.stages.length - 1];
  const last = shipped?.instructions[shipped.instructions.length - 1];
  const expand = (text: string) => (dockerfile && last ? resolveAt(dockerfile, last, text) : text);
  const exposed = facts.expose.map((p) => Number.parseInt(expand(p), 10)).find((p) => Number.isFinite(p));
  return project.server.ports[0] ?? exposed ?? null;
}

/**
 * The health route of the app this image runs: a route defined in a module the command names
 * (`services/api/main.py` for `uvicorn services.api.main:app`). A route of another service of
 * the same project (a worker image beside the API) would make the check fail, so then none.
 */
function healthRouteOf(project: Project, argv: string[]): string | null {
  const preferred = project.server.health;
  if (!preferred || argv.length === 0) return preferred;
  const command = argv.join(' ');
  const routes = project.server.healthRoutes.filter((r) => r.path === preferred);
  const served = routes.some((route) => {
    const parts = route.file.replace(/\.py$/, '').split('/');
    const module = parts.length > 1 ? parts.slice(0, -1).join('.') : parts[0]!;
    return module !== '' && command.includes(module);
  });
  return served || routes.length === 0 ? preferred : null;
}

/** The SHELL instruction's argv (`["/bin/bash", "-o", "pipefail", "-c"]`); null when absent or unreadable. */
function shellArgv(text: string | null): string[] | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
  } catch {
    return null;
  }
}

/** The URL a curl/wget HEALTHCHECK probes, when it is a plain probe optimize can do with Python. */
function probedUrl(healthcheck: Instruction): string | null {
  const text = healthcheck.argsText ?? '';
  if (!/\b(curl|wget)\b/.test(text)) return null;
  const url = /https?:\/\/[^\s'"|;]+/.exec(text)?.[0] ?? null;
  return url && !url.includes('$') ? url.replace('localhost', '127.0.0.1') : null;
}

/** Where pip put console scripts outside a venv: commands and scripts that name them there keep working. */
const SYSTEM_BIN = /(?:^|[\s"'=:;(])(\/usr\/local\/bin|\/root\/\.local\/bin)\/([A-Za-z0-9_.+-]+)/g;

/** `/usr/local/bin/supervisord` named by the command, a kept step or a project script (not Python or pip itself). */
function systemPathsNamed(
  project: Project,
  facts: OriginalFacts,
  servers: Array<ServerCommand | null>,
): string[] {
  const texts = [
    ...servers.flatMap((server) => server?.renamed.map((r) => r.original) ?? []),
    ...project.shellScripts.map((script) => script.text),
    ...facts.review.map((step) => step.text),
  ];
  const paths = new Set<string>();
  for (const text of texts)
    for (const match of ` ${text}`.matchAll(SYSTEM_BIN))
      if (!/^(python|pip)[\d.]*$/.test(match[2]!)) paths.add(`${match[1]}/${match[2]}`);
  return [...paths].sort();
}

/** A HEALTHCHECK's options as written (`--interval=5s --retries=10`), kept when its probe is rewritten. */
function healthOptions(healthcheck: Instruction | null): string | null {
  const options = healthcheck?.flags.map((f) => `--${f.name}${f.value !== null ? `=${f.value}` : ''}`) ?? [];
  return options.length > 0 ? options.join(' ') : null;
}

export interface HealthcheckReading {
  original: Instruction | null;
  /** The URL of a curl/wget probe optimize does with Python instead. */
  replacedUrl: string | null;
  /** The original HEALTHCHECK stays as written. */
  kept: boolean;
}

/** The original's HEALTHCHECK: kept, or replaced by the same probe in Python when it used curl/wget on a plain URL. */
export function readHealthcheck(facts: OriginalFacts): HealthcheckReading {
  const healthOriginal = facts.healthcheck;
  const healthNone = healthOriginal ? /^\s*NONE\b/i.test(healthOriginal.argsText ?? '') : false;
  const scriptProbe =
    healthOriginal &&
    facts.healthScriptUrl &&
    /health[-_]?check\.sh|health\.sh/.test(healthOriginal.argsText ?? '')
      ? facts.healthScriptUrl
      : null;
  const replacedUrl = healthOriginal && !healthNone ? (scriptProbe ?? probedUrl(healthOriginal)) : null;
  const kept = Boolean(healthOriginal) && !replacedUrl;
  return { original: healthOriginal, replacedUrl, kept };
}

export interface CommandChoice {
  entrypoint: string[] | null;
  cmd: string[] | null;
  links: Plan['links'];
  expose: string[];
  healthcheck: Plan['healthcheck'];
  changes: Change[];
}

/** ENTRYPOINT, CMD, ports and HEALTHCHECK of the shipped stage, with the changes named. */
export function chooseCommands(
  project: Project,
  facts: OriginalFacts,
  dockerfile: Dockerfile | null,
  profile: VariantProfile,
  venv: string,
  packages: PackageChoice,
  health: HealthcheckReading,
): CommandChoice {
  const changes: Change[] = [];
  const distroless = profile.name === 'distroless';
  const { original: healthOriginal, replacedUrl } = health;
  const steps = facts.steps;
  const distrolessRuntime = packages.distrolessRuntime;
  const dockerCliImage = packages.dockerCliImage;
  const port = mainPort(project, facts, dockerfile);
  const context = {
    project,
    venv,
    environments: facts.environments,
    shell: shellArgv(facts.shell),
    rewritePaths: !profile.hasShell,
  };
  const onImage = (server: ServerCommand | null) =>
    server && distroless ? { ...server, argv: onVenvPython(server.argv) } : server;
  const command = onImage(translateCommand(context, facts.cmd));
  const entrypoint = onImage(translateCommand(context, facts.entrypoint));
  if (distroless) {
    // Refuse what the image cannot do (no shell, package manager or coreutils), all reasons at once.
    const blockers = distrolessBlockers({
      runtimePackages: distrolessRuntime,
      steps,
      review: facts.review,
      commands: [entrypoint, command],
      venv,
      dockerCli: dockerCliImage !== null,
    });
    if (blockers.length > 0) {
      throw new UserError(
        `The distroless image has only Python — no shell, package manager or other programs — and this project needs more: ${blockers.join('; ')}. Use --variant slim, or remove those needs first.`,
      );
    }
  }
  let cmd = command?.argv ?? null;
  if (cmd && facts.entrypoint?.form === 'shell') {
    // Docker ignores CMD behind a shell-form ENTRYPOINT; in exec form it would become arguments.
    cmd = null;
    changes.push({
      rules: ['SS401'],
      description:
        'CMD left out: behind the original shell-form ENTRYPOINT Docker ignored it, and the exec-form ENTRYPOINT would pass it on as arguments.',
      effect: 'the server starts with the same arguments as before',
    });
  }
  if (!cmd && !entrypoint && port !== null) cmd = defaultCommand(project, port);
  for (const server of [entrypoint, command]) {
    if (!server?.translatedFrom) continue;
    changes.push({
      rules: ['SS208', 'SS401', ...(server.dropped.some((d) => d.startsWith('--reload')) ? ['SS402'] : [])],
      description: `${server === entrypoint ? 'ENTRYPOINT' : 'CMD'} in exec form on the venv: ${JSON.stringify(server.argv)}${server.dropped.length ? ` (dropped: ${server.dropped.join(' ')} — a development-server flag)` : ''}${server.argv[0] !== server.renamed[0]?.original && server.renamed.length ? ` (${server.renamed.map((r) => `${r.original} → ${r.venvPath}`).join(', ')})` : ''}.`,
      effect: 'no dependency sync at start-up; the server is PID 1 and receives SIGTERM',
    });
  }
  const links = profile.hasShell ? systemPathsNamed(project, facts, [entrypoint, command]) : [];
  if (links.length > 0)
    changes.push({
      rules: ['SS107'],
      description: `${links.join(', ')} kept working as links to the venv’s programs of the same name, where the venv has them (the command or the project's scripts name them there).`,
      effect:
        'the command (and anything outside the image that names that path) finds the program where it was',
    });
  const expose = facts.expose.length > 0 ? facts.expose : port !== null ? [String(port)] : [];
  const healthPath = healthRouteOf(project, [...(entrypoint?.argv ?? []), ...(cmd ?? [])]);
  let healthcheck: Plan['healthcheck'] = null;
  if (healthOriginal && !replacedUrl) {
    healthcheck = {
      url: null,
      port,
      original: dockerfile ? verbatim(dockerfile, healthOriginal) : (healthOriginal.argsText ?? ''),
      options: null,
    };
  } else if (replacedUrl) {
    healthcheck = { url: replacedUrl, port, original: null, options: healthOptions(healthOriginal) };
    changes.push({
      rules: ['SS403', 'SS112'],
      description: `HEALTHCHECK probes ${replacedUrl} with the image's own Python instead of curl/wget (the same URL as the original's).`,
      effect: 'the same probe without curl in the image',
    });
  } else if (port !== null) {
    healthcheck = {
      url: healthPath ? `http://127.0.0.1:${port}${healthPath}` : null,
      port,
      original: null,
      options: null,
    };
    changes.push({
      rules: ['SS403', 'SS112'],
      description: healthcheck.url
        ? `HEALTHCHECK probes ${healthcheck.url} with the image's own Python.`
        : `HEALTHCHECK opens a TCP connection to port ${port} with the image's own Python.`,
      effect: 'orchestrators see when the app is ready; no curl in the image',
    });
  }
  return { entrypoint: entrypoint?.argv ?? null, cmd, links, expose, healthcheck, changes };
}
