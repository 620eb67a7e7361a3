import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimTick } from '../../src/jobs/scheduler.js';
import { runApprovalTimeouts } from '../../src/jobs/approval-timeouts.js';
import { silentLogger } from '../../src/log.js';
import { randomIds } from '../../src/runtime.js';
import { expense, testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('scheduled jobs', () => {
  it('runs each tick of a job on one instance only', async () => {
    const now = new Date('2026-11-18T03:00:00Z');
    const job = { name: 'once-per-tick', everyMs: 60_000 };
    const wins = await Promise.all(Array.from({ length: 6 }, () => claimTick(t.database.db, job, now)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await claimTick(t.database.db, job, new Date(now.getTime() + 30_000))).toBe(false);
    expect(await claimTick(t.database.db, job, new Date(now.getTime() + 60_000))).toBe(true);
  });

  it('reminds after the step timeout and escalates to the next manager after 48 hours', async () => {
    const s = await t.call('POST', '/api/v1/requests', expense());
    const deps = { db: t.database.db, ids: randomIds, log: silentLogger };
    const submitted = t.clock.now().getTime();
    expect(await runApprovalTimeouts(deps, new Date(submitted + 23 * 3_600_000))).toBe(0);
    expect(await runApprovalTimeouts(deps, new Date(submitted + 25 * 3_600_000))).toBe(1);
    expect(await runApprovalTimeouts(deps, new Date(submitted + 26 * 3_600_000))).toBe(0);
    expect(await runApprovalTimeouts(deps, new Date(submitted + 49 * 3_600_000))).toBe(1);
    const got = await t.call('GET', `/api/v1/requests/${s.body.request.id}`);
    expect(got.body.approval.history.map((h: any) => h.action)).toEqual(['submit', 'remind', 'escalate']);
    expect(got.body.approval.steps[0].assignees).toEqual(['e_wangqiang', 'e_chenjing']);
    // The escalated-to manager can now approve.
    const r = await t.call('POST', `/api/v1/approvals/${s.body.approvalId}/actions`, { actorId: 'e_chenjing', action: 'approve' });
    expect(r.body.status).toBe('approved');
  });
});
