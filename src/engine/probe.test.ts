import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeHttp, probeTcp } from './probe.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port that was free a moment ago, so connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('probeHttp', () => {
  it('is ok for a 200 and not for a 503, with the status either way', async () => {
    const port = await listen(
      createHttpServer((request, response) => {
        response.statusCode = request.url === '/health' ? 200 : 503;
        response.end('x');
      }),
    );
    expect(await probeHttp(`http://127.0.0.1:${port}/health`)).toMatchObject({ ok: true, status: 200 });
    expect(await probeHttp(`http://127.0.0.1:${port}/down`)).toMatchObject({
      ok: false,
      status: 503,
      error: 'HTTP 503',
    });
  });

  it('names a refused connection and a timeout', async () => {
    expect(await probeHttp(`http://127.0.0.1:${await closedPort()}/`)).toMatchObject({
      ok: false,
      error: 'ECONNREFUSED',
    });
    const port = await listen(createHttpServer(() => {})); // never answers
    const result = await probeHttp(`http://127.0.0.1:${port}/`, 200);
    expect(result).toMatchObject({ ok: false, error: 'timed out' });
  });
});

describe('probeTcp', () => {
  it('is ok when the peer keeps the connection open', async () => {
    const port = await listen(createServer(() => {}));
    expect(await probeTcp('127.0.0.1', port, { settleMs: 50 })).toMatchObject({ ok: true });
  });

  it('is not ok when the peer accepts and closes at once, as docker-proxy does with no listener behind it', async () => {
    const port = await listen(createServer((socket) => socket.end()));
    expect(await probeTcp('127.0.0.1', port, { settleMs: 200 })).toMatchObject({
      ok: false,
      error: 'connection closed by peer',
    });
  });

  it('is not ok when nothing listens', async () => {
    expect(await probeTcp('127.0.0.1', await closedPort())).toMatchObject({
      ok: false,
      error: 'ECONNREFUSED',
    });
  });
});
