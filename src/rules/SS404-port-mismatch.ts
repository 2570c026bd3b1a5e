import { defineRule } from './define.js';
import { bindPort, exposedPorts, probedPort } from './lib/runtime-ports.js';

function list(ports: number[]): string {
  return ports.join(', ');
}

export const rule = defineRule({
  code: 'SS404',
  name: 'port-mismatch',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: "EXPOSE, the server's bind port and the HEALTHCHECK URL disagree.",
    whatItDoes:
      "Reads the port the server binds (`--port`, `--bind host:port`, `-b`, waitress's `--listen`, uWSGI's `--http`, `runserver host:port`, or the server's default — 8000, 5000 for `flask run`, 8080 for waitress, 5555 for Flower — when no option, variable or config file can change it), the EXPOSEd ports and the local URL the HEALTHCHECK probes, and reports when they disagree.",
    why: 'A health check that probes a port nobody listens on fails forever, so the container is marked unhealthy (and restarted in a loop by orchestrators). A wrong EXPOSE sends `docker run -P`, Compose and PaaS routers to a closed port.',
    example: {
      bad: 'EXPOSE 8080\nHEALTHCHECK CMD curl -f http://localhost:8080/health\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]',
      good: 'EXPOSE 8000\nHEALTHCHECK CMD curl -f http://localhost:8000/health\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]',
    },
    fixSafety: 'No fix: which of the three is right depends on how the image is deployed.',
  },
  check({ dockerfile, project, report }) {
    const exposed = exposedPorts(dockerfile);
    const probe = probedPort(dockerfile);
    const exposeKnown = exposed.complete && exposed.ports.length > 0;
    // Without a readable EXPOSE or a probe there is nothing to compare the server's port with.
    if (!exposeKnown && !probe) return;
    const bind = bindPort(dockerfile, project);

    if (bind && exposeKnown && !exposed.ports.includes(bind.port)) {
      const expose = exposed.instructions[exposed.instructions.length - 1]!;
      report({
        range: bind.fromDefault ? (expose.argsRange ?? expose.range) : bind.word.range,
        message: bind.fromDefault
          ? `EXPOSE lists ${list(exposed.ports)} but ${bind.program} listens on its default port ${bind.port}: pass the port to the server or EXPOSE ${bind.port}.`
          : `The server binds port ${bind.port} but EXPOSE lists ${list(exposed.ports)}: make them the same port.`,
      });
    }
    if (!probe) return;
    if (bind && probe.port !== bind.port) {
      report({
        range: probe.range,
        message: `HEALTHCHECK probes port ${probe.port} but the server binds ${bind.port}${bind.fromDefault ? ` (${bind.program}'s default)` : ''}: probe ${bind.port} or the check never passes.`,
      });
    } else if (!bind && exposeKnown && !exposed.ports.includes(probe.port)) {
      report({
        range: probe.range,
        message: `HEALTHCHECK probes port ${probe.port} but EXPOSE lists ${list(exposed.ports)}: probe the port the server listens on.`,
      });
    }
  },
});
