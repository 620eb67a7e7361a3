// The workers' pool: on PostgreSQL, background work has connections of its own, so a request path whose pool is
// exhausted does not stop the outbox, the sealer or the scheduler, and background work cannot exhaust the requests'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freshDatabase, onPostgres, type TestDatabase } from '../helpers/db.js';
import { rowsOf } from '../../db/database.js';
import { CLOSE_GRACE_MS } from '../../db/open.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase({ poolSize: 1 });
});
afterAll(() => t.close());

const backendPid = async (db: TestDatabase['db']) => rowsOf<{ pid: number }>(await db.execute(sql`SELECT pg_backend_pid() AS pid`))[0]!.pid;

describe.skipIf(!onPostgres)('the background pool (PostgreSQL)', () => {
  it('answers while every request connection is held, on a connection of its own', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inside!: (pid: number) => void;
    const requestPid = new Promise<number>((r) => (inside = r));
    // The request pool has one connection: this transaction holds it.
    const holding = t.db.transaction(async (tx) => {
      inside(await backendPid(tx as unknown as TestDatabase['db']));
      await held;
    });
    const busyPid = await requestPid;
    const workerPid = await backendPid(t.background);
    expect(workerPid).not.toBe(busyPid);
    release();
    await holding;
  });
});

describe.skipIf(onPostgres)('the background pool (PGlite)', () => {
  it('is the one embedded connection', () => {
    expect(t.background).toBe(t.db);
  });
});

describe.skipIf(!onPostgres)('closing (PostgreSQL)', () => {
  it('does not wait forever for a client that never comes back', async () => {
    const d = await freshDatabase({ poolSize: 2 });
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    let checkedOut!: () => void;
    const inside = new Promise<void>((r) => (checkedOut = r));
    // A transaction that holds its client and never finishes (as one on a dead connection can).
    const holding = d.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      checkedOut();
      await stuck;
    });
    await inside;
    const started = performance.now();
    await d.close();
    expect(performance.now() - started).toBeLessThan(CLOSE_GRACE_MS + 30_000);
    release();
    await holding.catch(() => undefined);
  });
});
