import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { outbox, processedEvents } from '../../db/schema/index.js';
import { runRetention } from '../../src/jobs/retention.js';
import { loadConfig } from '../../src/config.js';
import { scheduledJobs } from '../../src/services.js';
import { tick } from '../../src/jobs/scheduler.js';
import { silentLogger } from '../../src/log.js';
import { testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const NOW = new Date('2026-11-18T03:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

/** Outbox rows of every status, created and (when delivered) delivered `age` days ago; keys carry `tag`. */
async function outboxRows(tag: string, rows: { status: 'pending' | 'delivered' | 'dead'; age: number }[]) {
  await t.database.db.insert(outbox).values(
    rows.map((r, i) => ({ orgId: 'demo', topic: 'test.retention', payload: {}, key: `${tag}-${i}-${r.status}-${r.age}`, status: r.status, createdAt: daysAgo(r.age), deliveredAt: r.status === 'delivered' ? daysAgo(r.age) : null })),
  );
}
const keysLeft = async (tag: string) =>
  (await t.database.db.select({ key: outbox.key }).from(outbox).where(eq(outbox.topic, 'test.retention'))).map((r) => r.key).filter((k) => k.startsWith(`${tag}-`)).sort();

describe('retention', () => {
  it('purges delivered outbox rows older than the retention and keeps newer, pending and dead ones', async () => {
    await outboxRows('a', [
      { status: 'delivered', age: 31 },
      { status: 'delivered', age: 45 },
      { status: 'delivered', age: 29 },
      { status: 'pending', age: 60 },
      { status: 'dead', age: 60 },
    ]);
    const r = await runRetention(t.database.db, NOW, { days: 30, pauseMs: 0 });
    expect(r.outbox).toBe(2);
    expect(await keysLeft('a')).toEqual(['a-2-delivered-29', 'a-3-pending-60', 'a-4-dead-60']);
  });

  it('purges processed inbound ids older than the retention and keeps recent ones', async () => {
    const ids = ['old-1', 'old-2', 'new-1'];
    await t.database.db.insert(processedEvents).values([
      { source: 'test-retention', eventId: 'old-1', orgId: 'demo', processedAt: daysAgo(40) },
      { source: 'test-retention', eventId: 'old-2', orgId: null, processedAt: daysAgo(31) },
      { source: 'test-retention', eventId: 'new-1', orgId: 'demo', processedAt: daysAgo(2) },
    ]);
    const r = await runRetention(t.database.db, NOW, { days: 30, pauseMs: 0 });
    expect(r.processedEvents).toBe(2);
    const left = await t.database.db.select({ id: processedEvents.eventId }).from(processedEvents).where(inArray(processedEvents.eventId, ids));
    expect(left.map((x) => x.id)).toEqual(['new-1']);
  });

  it('works through more rows than one batch, batch after batch', async () => {
    await outboxRows('b', Array.from({ length: 25 }, () => ({ status: 'delivered' as const, age: 90 })).map((r, i) => ({ ...r, age: 90 + i })));
    const r = await runRetention(t.database.db, NOW, { days: 30, batch: 4, pauseMs: 1 });
    expect(r.outbox).toBe(25);
    expect(await keysLeft('b')).toEqual([]);
  });

  it('stops after maxBatches and leaves the rest for the next run', async () => {
    await outboxRows('c', Array.from({ length: 10 }, (_, i) => ({ status: 'delivered' as const, age: 200 + i })));
    expect((await runRetention(t.database.db, NOW, { days: 30, batch: 3, pauseMs: 0, maxBatches: 2 })).outbox).toBe(6);
    // The oldest went first.
    expect(await keysLeft('c')).toEqual(['c-0-delivered-200', 'c-1-delivered-201', 'c-2-delivered-202', 'c-3-delivered-203']);
    expect((await runRetention(t.database.db, NOW, { days: 30, batch: 3, pauseMs: 0 })).outbox).toBe(4);
  });

  it('honours RETENTION_DAYS through the scheduled job, which runs once per tick', async () => {
    await outboxRows('d', [
      { status: 'delivered', age: 8 },
      { status: 'delivered', age: 6 },
    ]);
    const deps = { ...t.deps, config: loadConfig({ DATA_DIR: 'memory://', RETENTION_DAYS: '7' }), log: silentLogger };
    const jobs = scheduledJobs(deps).filter((j) => j.name === 'retention');
    expect(jobs).toHaveLength(1);
    expect(await tick(t.database.db, jobs, NOW, silentLogger)).toEqual(['retention']);
    expect(await keysLeft('d')).toEqual(['d-1-delivered-6']);
    // A second instance ticking in the same hour does not run it again.
    expect(await tick(t.database.db, jobs, new Date(NOW.getTime() + 60_000), silentLogger)).toEqual([]);
  });
});
