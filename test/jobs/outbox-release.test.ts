// Handing leases back: an instance that stops releases the outbox messages it claimed and did not deliver, so another
// dispatcher takes them at once instead of after the lease; it never touches another instance's claims or finished rows.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { claimDue, enqueue, markDelivered, markFailed, releaseLeases } from '../../db/repos/outbox.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

const HOUR = 3_600_000;
const now = new Date('2026-12-07T10:00:00Z');
let database: TestDatabase;

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

const row = async (id: number) =>
  rowsOf<{ status: string; attempts: number; locked_until: unknown; lease_owner: string | null }>(await database.db.execute(sql`SELECT status, attempts, locked_until, lease_owner FROM outbox WHERE id = ${id}`))[0]!;

describe('releaseLeases', () => {
  it('makes what an instance holds claimable at once, and leaves other instances’ claims and finished rows alone', async () => {
    const db = database.db;
    await enqueue(db, ['a', 'b', 'c', 'd', 'e'].map((k) => ({ orgId: 'o1', topic: 'test.release', key: `rel-${k}`, payload: { k } })));
    const mine = await claimDue(db, 4, HOUR, now, { only: ['test.release'] }, 'instance-A');
    expect(mine).toHaveLength(4);
    const theirs = await claimDue(db, 10, HOUR, now, { only: ['test.release'] }, 'instance-B');
    expect(theirs).toHaveLength(1);
    expect((await row(mine[0]!.id)).lease_owner).toBe('instance-A');
    // A delivered one and a failed one (retry scheduled) are no longer held.
    await markDelivered(db, [mine[0]!.id], now);
    await markFailed(db, mine[1]!.id, 'boom', new Date(now.getTime() + HOUR), false);
    // Held for an hour: nobody else can take them now.
    expect(await claimDue(db, 10, HOUR, now, { only: ['test.release'] }, 'instance-C')).toEqual([]);

    expect(await releaseLeases(db, 'instance-A')).toBe(2);
    for (const m of mine.slice(2)) expect(await row(m.id)).toMatchObject({ status: 'pending', attempts: 0, locked_until: null, lease_owner: null });
    expect(await row(mine[0]!.id)).toMatchObject({ status: 'delivered' });
    expect(await row(mine[1]!.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await row(theirs[0]!.id)).lease_owner).toBe('instance-B');

    // Another dispatcher takes the released ones at once, with the same clock time (not after the lease).
    const taken = await claimDue(db, 10, HOUR, now, { only: ['test.release'] }, 'instance-C');
    expect(taken.map((m) => m.id)).toEqual(mine.slice(2).map((m) => m.id));
    expect(taken.every((m) => m.attempts === 1)).toBe(true);
    expect(await releaseLeases(db, 'instance-A')).toBe(0);
  });

  it('is what the dispatcher names its claims with', async () => {
    const db = database.db;
    await enqueue(db, [{ orgId: 'o1', topic: 'test.owner', key: 'owner-1', payload: {} }]);
    let held: number | undefined;
    const handlers = new Map([['test.owner', async (m: { id: number }) => void (held = (await row(m.id)).lease_owner === 'instance-D' ? m.id : undefined)]]);
    const report = await dispatchOnce(db, handlers, { batch: 10, maxAttempts: 3, concurrency: 1, clock: { now: () => now }, topics: { only: ['test.owner'] }, leaseOwner: 'instance-D' }, silentLogger);
    expect(report.delivered).toBe(1);
    expect(held).toBeDefined();
  });
});
