// Races between concurrent transactions. PGlite runs one transaction at a time, so these need PostgreSQL.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/db.js';
import { waitFor } from '../helpers/wait-for.js';
import { expense, testApp, type TestApp } from '../helpers/app.js';

describe.skipIf(!onPostgres)('races between concurrent requests (PostgreSQL lane: PGlite serialises transactions)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  it('a duplicated approve without a stepKey never approves the next step in the loser’s retry', async () => {
    // ¥6,000: manager step then head step, and the Sales manager is also the Sales head.
    const s = (await t.call('POST', '/api/v1/requests', expense({ amount: { minor: 600_000, currency: 'CNY' } }))).body;
    // Hold the instance row so all three approvals read the same version before any can write.
    const blocker = new pg.Client({ connectionString: t.database.url });
    // Watches from outside any transaction: inside one, pg_stat_activity is a snapshot taken at its first read.
    const watcher = new pg.Client({ connectionString: t.database.url });
    await Promise.all([blocker.connect(), watcher.connect()]);
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM approval_instances WHERE id = $1 FOR UPDATE', [s.approvalId]);
    const clicks = Promise.all([0, 1, 2].map(() => t.call('POST', `/api/v1/approvals/${s.approvalId}/actions`, { actorId: 'e_wangqiang', action: 'approve' })));
    try {
      // All three have read the instance and wait on the held row lock (or queue behind the one that does).
      await waitFor(
        async () => {
          const waiting = await watcher.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          return waiting.rows[0]!.n === 3;
        },
        { what: 'three approvals blocked on the held approval instance' },
      );
    } finally {
      // Released whatever happened, so a failure above cannot leave the app's transactions hanging.
      await blocker.query('COMMIT');
      await Promise.all([blocker.end(), watcher.end()]);
    }
    const results = await clicks;
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(['APPROVAL.STALE_STEP', 'APPROVAL.STALE_STEP']);
    const got = await t.call('GET', `/api/v1/requests/${s.request.id}`);
    expect(got.body.approval.progress.stepKey).toBe('head');
    expect(got.body.approval.history.filter((h: any) => h.action === 'approve')).toHaveLength(1);
  });

  it('the same clientRef submitted concurrently creates one request and replays it to the others', async () => {
    const results = await Promise.all([0, 1, 2].map(() => t.call('POST', '/api/v1/requests', expense({ clientRef: 'oa-race-1' }))));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.body.request.id)).size).toBe(1);
    expect(results.filter((r) => r.body.replayed)).toHaveLength(2);
  });
});
