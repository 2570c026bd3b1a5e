import type { Evidence, Framework, HealthRoute, PortFact } from '../types.js';
import { moduleName, type PythonSource } from './scan.js';

const IMPORT_FRAMEWORK: Array<[RegExp, Framework]> = [
  [/^\s*(?:from|import)\s+fastapi\b/m, 'fastapi'],
  [/^\s*(?:from|import)\s+starlette\b/m, 'starlette'],
  [/^\s*(?:from|import)\s+flask\b/m, 'flask'],
  [/^\s*(?:from|import)\s+django\b/m, 'django'],
  [/^\s*(?:from|import)\s+aiohttp\b/m, 'aiohttp'],
  [/^\s*(?:from|import)\s+(?:mcp|fastmcp)\b/m, 'mcp'],
  [/^\s*(?:from|import)\s+celery\b/m, 'celery'],
];

/** `app = FastAPI(`, `application = get_wsgi_application()`, `mcp = FastMCP(`… */
const APP_CONSTRUCTORS: Array<[RegExp, Framework]> = [
  [/^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:fastapi\.)?FastAPI\(/m, 'fastapi'],
  [/^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:flask\.)?Flask\(/m, 'flask'],
  [/^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:starlette\.applications\.)?Starlette\(/m, 'starlette'],
  [/^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:web\.)?Application\(/m, 'aiohttp'],
  [/^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*get_(?:w|a)sgi_application\(/m, 'django'],
  [/^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*FastMCP\(/m, 'mcp'],
  [/^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:celery\.)?Celery\(/m, 'celery'],
];

export interface AppObject {
  framework: Framework;
  /** `module:attr` */
  reference: string;
  file: string;
  line: number;
}

export interface CodeFacts {
  imports: Map<Framework, Evidence[]>;
  apps: AppObject[];
  healthRoutes: HealthRoute[];
  ports: PortFact[];
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (text.charCodeAt(index) === 10) line++;
  return line;
}

function lineText(text: string, line: number): string {
  return (text.split('\n')[line - 1] ?? '').trim();
}

const HEALTH_WORDS =
  /(^|\/)(health|healthz|healthcheck|health-check|health_check|livez|readyz|ready|readiness|liveness|live|ping|heartbeat|status)\/?$/i;

/**
 * Route registrations whose path looks like a health probe: FastAPI/Starlette/Flask/aiohttp
 * decorators and calls, Starlette `Route(...)`, Django `path(...)`/`re_path(...)`, FastMCP custom routes.
 */
const ROUTE_PATTERNS: RegExp[] = [
  /@\s*[\w.]+\.(?:get|head|route|api_route|custom_route|websocket)\(\s*[rf]?(['"])([^'"]+)\1/g,
  /\.(?:add_api_route|add_route|add_get|add_url_rule|add_head)\(\s*[rf]?(['"])([^'"]+)\1/g,
  /\b(?:Route|Mount|web\.get|web\.head)\(\s*[rf]?(['"])([^'"]+)\1/g,
  /\b(?:path|re_path|url)\(\s*[rf]?(['"])([^'"]*)\1/g,
];

function normalizeRoute(raw: string): string {
  // Django regex routes (`^health/$`) and bare paths (`health/`) become `/health/`-style URLs.
  let route = raw.replace(/^\^/, '').replace(/\$$/, '');
  if (!route.startsWith('/')) route = `/${route}`;
  return route;
}

const PORT_VALUE = String.raw`(?:int\(\s*)?(?:os\.(?:environ\.get|getenv)\(\s*['"]\w+['"]\s*,\s*)?['"]?(\d{2,5})\b`;
const PORT_PATTERNS: RegExp[] = [
  // uvicorn.run(app, port=8080) / app.run(port=5000) / web.run_app(app, port=8080) / FastMCP("x", port=8051):
  // only inside server calls, so a database `port=5432` is not taken for the server's.
  new RegExp(
    String.raw`(?:\.run|run_app|FastMCP|serve|uvicorn\.Config|Server)\([^()]{0,300}?(?:\([^()]*\)[^()]{0,200}?)*\bport\s*=\s*` +
      PORT_VALUE,
    'g',
  ),
  // mcp.settings.port = 8051 / PORT = 8080
  new RegExp(String.raw`^\s*(?:[\w.]*settings\.port|PORT)\s*=\s*` + PORT_VALUE, 'gm'),
];

/** Framework imports, app objects, health routes and ports found in the code (tests excluded except for imports). */
export function scanCode(sources: PythonSource[]): CodeFacts {
  const facts: CodeFacts = { imports: new Map(), apps: [], healthRoutes: [], ports: [] };
  for (const source of sources) {
    const { text, path } = source;
    for (const [pattern, framework] of IMPORT_FRAMEWORK) {
      const match = pattern.exec(text);
      if (!match || source.isTest) continue;
      const line = lineOf(text, match.index + (match[0].length - match[0].trimStart().length));
      const list = facts.imports.get(framework) ?? [];
      list.push({ file: path, line, text: lineText(text, line) });
      facts.imports.set(framework, list);
    }
    if (source.isTest) continue;
    for (const [pattern, framework] of APP_CONSTRUCTORS) {
      const match = pattern.exec(text);
      if (!match) continue;
      facts.apps.push({
        framework,
        reference: `${moduleName(path)}:${match[1]}`,
        file: path,
        line: lineOf(text, match.index),
      });
    }
    for (const pattern of ROUTE_PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        const route = normalizeRoute(match[2] ?? '');
        if (!HEALTH_WORDS.test(route)) continue;
        facts.healthRoutes.push({ path: route, file: path, line: lineOf(text, match.index ?? 0) });
      }
    }
    for (const pattern of PORT_PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        const port = Number(match[1]);
        if (port >= 80 && port < 65536)
          facts.ports.push({ port, origin: 'code', file: path, line: lineOf(text, match.index ?? 0) });
      }
    }
  }
  return facts;
}

const HEALTH_PREFERENCE = [
  'health',
  'healthz',
  'healthcheck',
  'health-check',
  'health_check',
  'livez',
  'live',
  'liveness',
  'readyz',
  'ready',
  'readiness',
  'ping',
  'heartbeat',
  'status',
];

/** The route a HEALTHCHECK should probe: `/health` beats `/healthz` beats `/ping`…; shorter paths first. */
export function preferredHealth(routes: HealthRoute[]): string | null {
  const rank = (route: string): number => {
    const last = route.replace(/\/$/, '').split('/').pop()?.toLowerCase() ?? '';
    const index = HEALTH_PREFERENCE.indexOf(last);
    return index < 0 ? HEALTH_PREFERENCE.length : index;
  };
  const sorted = [...routes].sort((a, b) => rank(a.path) - rank(b.path) || a.path.length - b.path.length);
  return sorted[0]?.path ?? null;
}
