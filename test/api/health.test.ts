// Liveness and readiness: /health/live answers while the process is up without touching the database; /health/ready is
// 200 only when the database answers and has every committed migration, and 503 with a reason during an outage, on an
// unmigrated database and once shutdown has begun. /health keeps its old answers.
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { randomIds } from '../../src/runtime.js';
import { createSecretBox } from '../../src/secrets.js';
import { testApp, testClock, type TestApp } from '../helpers/app.js';
import { onPostgres } from '../helpers/db.js';
import { waitFor } from '../helpers/wait-for.js';

const appOver = (db: Parameters<typeof createApp>[0]['db'], shuttingDown?: () => boolean) =>
  createApp({ db, clock: testClock(), ids: randomIds, config: loadConfig({ DATA_DIR: 'memory://' }), box: createSecretBox([randomBytes(32)]), log: silentLogger, ...(shuttingDown ? { shuttingDown } : {}) });

const get = async (app: ReturnType<typeof createApp>, path: string) => {
  const r = await app.request(path);
  return { status: r.status, body: (await r.json()) as Record<string, unknown>, headers: r.headers };
};

describe('on a migrated database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  it('is live and ready, and /health answers as before', async () => {
    expect(await get(t.app, '/health/live')).toMatchObject({ status: 200, body: { live: true } });
    expect(await get(t.app, '/health/ready')).toMatchObject({ status: 200, body: { ready: true } });
    expect(await get(t.app, '/health')).toMatchObject({ status: 200, body: { status: 'ok', database: 'ok' } });
  });

  it('is not ready from the moment shutdown begins, and still live', async () => {
    let shutting = false;
    const app = appOver(t.database.db, () => shutting);
    expect((await get(app, '/health/ready')).status).toBe(200);
    shutting = true;
    const ready = await get(app, '/health/ready');
    expect(ready).toMatchObject({ status: 503, body: { ready: false, reason: 'shutting down' } });
    expect(ready.headers.get('retry-after')).toBe('5');
    expect((await get(app, '/health/live')).status).toBe(200);
  });
});

describe('on a database without the migrations', () => {
  it('is live but not ready, and says how many migrations are applied', async () => {
    const bare = await openDatabase({ dataDir: 'memory://', migrate: false });
    try {
      const app = appOver(bare.db);
      expect((await get(app, '/health/live')).status).toBe(200);
      const ready = await get(app, '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ ready: false, reason: expect.stringMatching(/^database not migrated \(0 of \d+ migrations applied\)$/) });
      // /health asks only whether the database answers, as before.
      expect((await get(app, '/health')).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});

describe('while the database is away', () => {
  it('is live without asking the database, and not ready', async () => {
    // A PostgreSQL URL where nothing listens: every query fails to connect, as in an outage.
    const away = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', migrate: false, poolSize: 1 });
    let queries = 0;
    const counted = new Proxy(away.db, { get: (target, p, r) => (p === 'execute' ? (...a: unknown[]) => (queries++, (target.execute as (...x: unknown[]) => unknown)(...a)) : Reflect.get(target, p, r)) });
    try {
      const app = appOver(counted);
      expect(await get(app, '/health/live')).toMatchObject({ status: 200, body: { live: true } });
      expect(queries).toBe(0);
      expect(await get(app, '/health/ready')).toMatchObject({ status: 503, body: { ready: false, reason: 'database unreachable' } });
      expect(queries).toBeGreaterThan(0);
      expect(await get(app, '/health')).toMatchObject({ status: 503, body: { status: 'degraded', database: 'unreachable' } });
    } finally {
      await away.close();
    }
  });
});

/**
 * A TCP relay in front of PostgreSQL that can be cut and restored on the same port: an outage the service did not
 * cause and cannot tell apart from a real one (connections reset, new ones refused).
 */
async function relayTo(target: URL): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
          sockets.add(a);
          a.on('error', () => b.destroy());
          a.on('close', () => (sockets.delete(a), b.destroy()));
          a.pipe(b);
        }
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const cut = async () => {
    const s = server;
    server = undefined;
    for (const sock of sockets) sock.destroy();
    if (s) await new Promise((r) => s.close(r));
  };
  await listen();
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), cut, restore: listen, close: cut };
}

describe.skipIf(!onPostgres)('a PostgreSQL outage and its end (PostgreSQL: PGlite is in the process, it cannot go away)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  it('is ready, not ready while PostgreSQL cannot be reached, and ready again when it can', async () => {
    const relay = await relayTo(new URL(t.database.url!));
    const viaRelay = await openDatabase({ url: relay.url, migrate: false, poolSize: 2 });
    try {
      const app = appOver(viaRelay.db);
      expect(await get(app, '/health/ready')).toMatchObject({ status: 200, body: { ready: true } });
      await relay.cut();
      // The pool's idle connections were reset and new ones are refused: the next probe says so.
      const down = await waitFor(async () => {
        const r = await get(app, '/health/ready');
        return r.status === 503 ? r : undefined;
      }, { what: 'readiness to fail while PostgreSQL is cut off' });
      expect(down.body).toEqual({ ready: false, reason: 'database unreachable' });
      expect((await get(app, '/health/live')).status).toBe(200);
      await relay.restore();
      await waitFor(async () => (await get(app, '/health/ready')).status === 200, { what: 'readiness to come back with PostgreSQL' });
      expect(await get(app, '/health/ready')).toMatchObject({ status: 200, body: { ready: true } });
    } finally {
      await relay.close();
      await viaRelay.close();
    }
  });
});
