import { stringify } from 'yaml';
import type { Plan } from './types.js';

/** A compose service with the guide's resource limits, init, the health check and the ports. */
export function composeText(plan: Plan, serviceName: string, dockerfile = 'Dockerfile'): string {
  const service: Record<string, unknown> = {
    build: { context: '.', dockerfile },
    init: true,
    ports: plan.expose.map((port) => `${port}:${port}`),
    deploy: {
      resources: {
        limits: { cpus: '2.0', memory: '2G' },
        reservations: { cpus: '1.0', memory: '1G' },
      },
    },
  };
  if (plan.healthcheck) {
    const probe = plan.healthcheck.url
      ? `import urllib.request; urllib.request.urlopen('${plan.healthcheck.url}', timeout=4)`
      : `import socket; socket.create_connection(('127.0.0.1', ${plan.healthcheck.port}), timeout=4).close()`;
    service.healthcheck = {
      test: ['CMD', 'python', '-c', probe],
      interval: '30s',
      timeout: '5s',
      start_period: '30s',
      retries: 3,
    };
  }
  if (plan.dockerCliImage) {
    // The CLI in the image talks to the host's engine through its socket (the guide's strategy 3, option A).
    service.volumes = ['/var/run/docker.sock:/var/run/docker.sock'];
  }
  return `# Written by shipshape optimize --compose\n${stringify({ services: { [serviceName]: service } })}`;
}
