import type { Dockerfile, Instruction } from '../dockerfile/model.js';
import { lastSegment } from '../dockerfile/queries.js';
import { servesHttp } from '../project/server/programs.js';
import { defineRule } from './define.js';
import { commandsOf } from './lib/commands.js';
import { defaultServer, effectiveLaunch } from './lib/runtime-launch.js';
import { bindPort, exposedPorts, isNonHttpPort } from './lib/runtime-ports.js';
import { baseImageOf } from './lib/size-images.js';
import { shippedInstructions, shippedLineage } from './lib/stages.js';

/** Bases that carry a Python interpreter. */
const PYTHON_BASES = /python|conda|mamba|jupyter|notebook|pytorch|tensorflow|airflow|superset|odoo|^uv$/;

/**
 * Whether the image has Python for a probe: a Python base, a Python server, or a step that runs
 * python/pip. A Node or nginx image gets a probe with the tools such images carry instead.
 */
function hasPython(dockerfile: Dockerfile, instructions: readonly Instruction[], server: boolean): boolean {
  if (server) return true;
  const root = shippedLineage(dockerfile)[0];
  const image = root ? baseImageOf(dockerfile, root) : null;
  if (!image || PYTHON_BASES.test(image.name)) return true;
  return instructions.some((i) =>
    commandsOf(i).some((c) => /^(python|pip)\d?(\.\d+)?$/.test(lastSegment(c.name))),
  );
}

export const rule = defineRule({
  code: 'SS403',
  name: 'healthcheck-missing',
  severity: 'info',
  fixable: false,
  sources: ['trivy:DS026', 'checkov:CKV_DOCKER_2'],
  docs: {
    summary: 'A server image has no HEALTHCHECK.',
    whatItDoes:
      'Reports the stage that ships when it EXPOSEs a port or starts a web server (uvicorn, gunicorn, `fastapi run`, Django…) and neither it nor its parent stages declare `HEALTHCHECK` (`HEALTHCHECK NONE` counts as a decision). On a port that does not speak HTTP (25, 5432, 6379…) and no known web server, it suggests a connection probe rather than an HTTP one; on an image without Python (a Node or nginx stage), a probe with curl or wget rather than Python.',
    why: 'Without a health check Docker (and Compose, Swarm, many PaaS) only knows the process is alive, not that it answers: a deadlocked or half-started server keeps receiving traffic and is never restarted.',
    example: {
      bad: 'EXPOSE 8000\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
      good: 'EXPOSE 8000\nHEALTHCHECK --interval=30s --timeout=3s \\\n  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/health\')"]\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
    },
    fixSafety: 'No fix: the probe needs a URL the app really serves.',
  },
  check({ dockerfile, project, file, report }) {
    const lineage = shippedLineage(dockerfile);
    if (lineage.length === 0) return;
    const instructions = shippedInstructions(dockerfile);
    if (instructions.some((i) => i.keyword === 'HEALTHCHECK')) return;
    const expose = instructions.find((i) => i.keyword === 'EXPOSE');
    // A Celery worker answers no requests: only a program that serves HTTP makes a server image.
    const found = defaultServer(dockerfile);
    const server = found && servesHttp(found.launch.program) ? found : null;
    // The project's server facts describe its main Dockerfile; only trust them for that file.
    const facts = project.dockerfile?.path === file ? project.server : null;
    const projectServer = !!facts?.command && servesHttp(facts.command.program);
    if (!expose && !server && !projectServer) return;
    const { cmd, entrypoint } = effectiveLaunch(dockerfile);
    const anchor = server?.instruction ?? cmd ?? entrypoint ?? expose ?? lineage[lineage.length - 1]!.from;
    const port = facts?.ports[0] ?? bindPort(dockerfile, project)?.port ?? exposedPorts(dockerfile).ports[0];
    const python = hasPython(dockerfile, instructions, found !== null || projectServer);
    // An SMTP relay on 25 or a database proxy on 5432 answers no HTTP: probe the socket instead.
    if (port && isNonHttpPort(port) && !server) {
      const probe = python
        ? `\`HEALTHCHECK CMD python -c "import socket; socket.create_connection(('localhost', ${port}), 3)"\``
        : `\`HEALTHCHECK CMD nc -z localhost ${port}\``;
      report({
        range: anchor.keywordRange,
        message: `This image serves port ${port} but has no HEALTHCHECK: port ${port} does not speak HTTP, so add one that opens a connection to it, e.g. ${probe}, or the server's own check command.`,
      });
      return;
    }
    const target = port ? `http://localhost:${port}${facts?.health ?? '/'}` : "the server's health URL";
    const how = python
      ? "with Python's urllib so no curl is needed"
      : 'with `curl -f` or `wget -q --spider`, whichever the image has';
    report({
      range: anchor.keywordRange,
      message: `This image serves ${port ? `port ${port}` : 'traffic'} but has no HEALTHCHECK: add one that probes ${target}, e.g. ${how}.`,
    });
  },
});
