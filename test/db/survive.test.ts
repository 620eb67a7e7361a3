// Surviving the database: a dropped connection or a terminated backend never kills the process, a request while the
// database is away answers 503 with Retry-After (not 500), /health says degraded, and retried submissions lose nothing.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.js';
import { isDatabaseUnavailable } from '../../db/unavailable.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { randomIds } from '../../src/runtime.js';
import { createSecretBox } from '../../src/secrets.js';
import { expense, testApp, testClock, type TestApp } from '../helpers/app.js';
import { onPostgres } from '../helpers/db.js';
import { waitFor } from '../helpers/wait-for.js';

describe('isDatabaseUnavailable', () => {
  it('knows a database that is away from a query that is wrong', () => {
    const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    for (const e of [
      pgError('ECONNREFUSED'),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      // drizzle wraps the driver's error as its cause
      Object.assign(new Error('Failed query: select 1'), { cause: pgError('ECONNRESET') }),
    ])
      expect(isDatabaseUnavailable(e), String((e as Error).message)).toBe(true);
    for (const e of [pgError('23505', 'duplicate key value'), pgError('42601', 'syntax error'), new Error('boom'), undefined, 'ECONNREFUSED'])
      expect(isDatabaseUnavailable(e)).toBe(false);
  });
});

describe('while the database is away', () => {
  it('answers 503 with Retry-After on the API and degraded on /health, and the process goes on', async () => {
    // A PostgreSQL URL where nothing listens: every query fails to connect, as in an outage.
    const away = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', migrate: false, poolSize: 2 });
    const app = createApp({ db: away.db, clock: testClock(), ids: randomIds, config: loadConfig({ DATA_DIR: 'memory://' }), box: createSecretBox([randomBytes(32)]), log: silentLogger });
    try {
      const r = await app.request('/api/v1/requests', { headers: { authorization: 'Bearer sk_key_whatever' } });
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('5');
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('SERVICE.UNAVAILABLE');
      const health = await app.request('/health');
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'degraded', database: 'unreachable' });
    } finally {
      await away.close();
    }
  });
});

describe.skipIf(!onPostgres)('terminated backends under load (PostgreSQL: PGlite has no backends to terminate)', () => {
  let t: TestApp;
  let admin: pg.Client;
  beforeAll(async () => {
    t = await testApp();
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await t.close();
  });

  it('a backend terminated while its client is checked out between statements fails that transaction only, and the service goes on', async () => {
    const gone = (pid: number) =>
      waitFor(async () => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0, {
        what: `terminated backend ${pid} to leave pg_stat_activity`,
        intervalMs: 5,
      });
    // Inside a transaction the pool has handed the client out, so pg-pool's idle listener is not on it: the broken
    // connection's 'error' event must find ours, or the process dies of an unhandled error.
    const failed = await t.database.db
      .transaction(async (tx) => {
        const [row] = rowsOf<{ pid: number }>(await tx.execute(sql`SELECT pg_backend_pid() AS pid`));
        await admin.query('SELECT pg_terminate_backend($1)', [row!.pid]);
        await gone(row!.pid);
        await tx.execute(sql`SELECT 1`);
      })
      .then(() => undefined, (e: unknown) => e);
    expect(isDatabaseUnavailable(failed)).toBe(true);
    expect((await t.app.request('/health')).status).toBe(200);
    expect((await t.call('POST', '/api/v1/requests', expense({ clientRef: 'after-terminate' }))).status).toBe(201);
  });

  it('20 rounds of pg_terminate_backend while submissions run: nothing crashes, every answer is 2xx or 503, and retries lose nothing', async () => {
    const database = new URL(t.database.url!).pathname.slice(1);
    const keys: string[] = [];
    const unavailable: string[] = [];
    for (let round = 0; round < 20; round++) {
      const batch = Array.from({ length: 5 }, (_, i) => `survive-${round}-${i}`);
      keys.push(...batch);
      const calls = batch.map((key) => t.call('POST', '/api/v1/requests', expense({ clientRef: key }), { 'idempotency-key': key }).then((r) => ({ key, status: r.status })));
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
      for (const { key, status } of await Promise.all(calls)) {
        expect([201, 503], `${key}: ${status}`).toContain(status);
        if (status === 503) unavailable.push(key);
      }
    }
    // What answered 503 is sent again with the same key, as a client honouring Retry-After would.
    for (const key of unavailable) {
      let status = 0;
      for (let attempt = 0; attempt < 10 && status !== 201; attempt++) status = (await t.call('POST', '/api/v1/requests', expense({ clientRef: key }), { 'idempotency-key': key })).status;
      expect(status, key).toBe(201);
    }
    const stored = await Promise.all(keys.map((key) => t.call('POST', '/api/v1/requests', expense({ clientRef: key }), { 'idempotency-key': key })));
    // Each key replays its one request: 100 keys, 100 distinct requests, none made twice.
    expect(new Set(stored.map((r) => r.body.request.id)).size).toBe(100);
    expect(stored.every((r) => r.status === 201 && r.body.replayed === true)).toBe(true);
  }, 120_000);
});
