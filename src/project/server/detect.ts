import type {
  DependencySet,
  Framework,
  FrameworkFact,
  PortFact,
  ServerFacts,
  ServerProgram,
} from '../types.js';
import { type AppObject, type CodeFacts, preferredHealth } from './code.js';
import { appInArgs, type DockerfileServerFacts } from './command.js';

const FRAMEWORK_ORDER: Framework[] = ['fastapi', 'flask', 'django', 'starlette', 'aiohttp', 'mcp', 'celery'];
const PACKAGE_FRAMEWORK: Record<string, Framework> = {
  fastapi: 'fastapi',
  'fastapi-slim': 'fastapi',
  starlette: 'starlette',
  flask: 'flask',
  django: 'django',
  aiohttp: 'aiohttp',
  mcp: 'mcp',
  fastmcp: 'mcp',
  celery: 'celery',
};
const PROGRAM_FRAMEWORK: Partial<Record<ServerProgram, Framework>> = {
  fastapi: 'fastapi',
  flask: 'flask',
  django: 'django',
  celery: 'celery',
  flower: 'celery',
};

export interface ServerInputs {
  sets: DependencySet[];
  code: CodeFacts;
  /** From the Dockerfile, else the Procfile. */
  launch: DockerfileServerFacts | null;
}

/** Joins what the dependencies, the launch command and the code say about the server. */
export function detectServer({ sets, code, launch }: ServerInputs): ServerFacts {
  const declared = new Set<Framework>();
  for (const set of sets) {
    if (set.dev) continue;
    for (const requirement of set.requirements) {
      const framework = PACKAGE_FRAMEWORK[requirement.name];
      if (framework) declared.add(framework);
    }
  }
  const command = launch?.command ?? null;
  const commandApp = command ? appInArgs(command.program, launch?.args ?? []) : null;
  const app = pickApp(code.apps, commandApp);

  const names = new Set<Framework>([...declared, ...code.imports.keys()]);
  const frameworks: FrameworkFact[] = [...names].map((name) => ({
    name,
    declared: declared.has(name),
    evidence: code.imports.get(name) ?? [],
  }));
  const appFramework = code.apps.find((candidate) => candidate.reference === app)?.framework;
  const programFramework = command ? PROGRAM_FRAMEWORK[command.program] : undefined;
  const score = (fact: FrameworkFact): number => {
    let value = FRAMEWORK_ORDER.indexOf(fact.name);
    // FastAPI is built on Starlette: a bare starlette import next to fastapi is not a second framework.
    if (fact.name === appFramework || fact.name === programFramework) value -= 100;
    return value;
  };
  frameworks.sort((a, b) => score(a) - score(b));

  const portFacts: PortFact[] = [...(launch?.ports ?? []), ...code.ports];
  const originRank: Record<PortFact['origin'], number> = { command: 0, procfile: 0, expose: 1, code: 2 };
  const ports = [...portFacts]
    .sort((a, b) => originRank[a.origin] - originRank[b.origin])
    .map((fact) => fact.port)
    .filter((port, index, all) => all.indexOf(port) === index);

  return {
    frameworks,
    framework: frameworks[0]?.name ?? null,
    app,
    command,
    ports,
    portFacts,
    healthRoutes: code.healthRoutes,
    health: preferredHealth(code.healthRoutes),
  };
}

/** The command's app wins; otherwise a web app object beats an MCP server beats a Celery app. */
function pickApp(apps: AppObject[], commandApp: string | null): string | null {
  if (commandApp) return commandApp;
  const rank = (candidate: AppObject): number => {
    const order = FRAMEWORK_ORDER.indexOf(candidate.framework);
    const mainFile = /(^|\/)(main|app|server|asgi|wsgi|api)\.py$/.test(candidate.file) ? 0 : 10;
    return order + mainFile;
  };
  return [...apps].sort((a, b) => rank(a) - rank(b))[0]?.reference ?? null;
}
