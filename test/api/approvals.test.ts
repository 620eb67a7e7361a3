import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expense, testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const submit = async (over: Record<string, unknown> = {}) => {
  const r = await t.call('POST', '/api/v1/requests', expense(over));
  expect(r.status).toBe(201);
  return r.body as { request: { id: string }; approvalId: string; violations: any[]; budget?: any };
};
const act = (id: string, body: Record<string, unknown>, headers?: Record<string, string>) => t.call('POST', `/api/v1/approvals/${id}/actions`, body, headers);

describe('approving through the REST API', () => {
  it('routes a small expense to the line manager, who approves it, and the request shows the whole history', async () => {
    const s = await submit();
    // Other tests in this file spend from the same budget first or not: only this request's own ¥45 is checked.
    expect(s.budget).toMatchObject({ overBudget: false });
    expect(s.budget.availableBeforeMinor - s.budget.availableAfterMinor).toBe(4_500);
    const pending = await t.call('GET', '/api/v1/approvals/pending?approverId=e_wangqiang');
    expect(pending.body.approvals.map((a: any) => a.id)).toContain(s.approvalId);

    const r = await act(s.approvalId, { actorId: 'e_wangqiang', action: 'approve', stepKey: 'manager' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'approved', decidedBy: 'e_wangqiang', replayed: false });

    const got = await t.call('GET', `/api/v1/requests/${s.request.id}`);
    expect(got.body.request.status).toBe('approved');
    expect(got.body.approval.history.map((h: any) => [h.action, h.by])).toEqual([
      ['submit', 'e_zhangwei'],
      ['approve', 'e_wangqiang'],
    ]);
    expect(got.body.audit.map((a: any) => a.action)).toEqual(['request.submit', 'approval.approve']);
  });

  it('adds the department head above ¥5,000 and finance when over budget', async () => {
    const s = await submit({ amount: { minor: 600_000, currency: 'CNY' }, category: 'transport', title: '包车 Coach hire' });
    expect(s.budget.overBudget).toBe(true);
    const got = await t.call('GET', `/api/v1/requests/${s.request.id}`);
    expect(got.body.approval.steps.map((x: any) => x.key)).toEqual(['manager', 'head', 'finance']);
    expect(got.body.approval.steps[2].assignees.sort()).toEqual(['e_sarah', 'e_zhaomin']);
  });

  it('refuses an approver who is not assigned, and nobody approves their own request', async () => {
    const s = await submit();
    const stranger = await act(s.approvalId, { actorId: 'e_huangtao', action: 'approve' });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('APPROVAL.NOT_ASSIGNEE');
    const self = await act(s.approvalId, { actorId: 'e_zhangwei', action: 'approve' });
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('APPROVAL.SELF_APPROVAL');

    // A manager's own request skips him: it goes to his manager.
    const own = await submit({ submitterId: 'e_wangqiang' });
    const got = await t.call('GET', `/api/v1/requests/${own.request.id}`);
    expect(got.body.approval.steps[0].assignees).toEqual(['e_chenjing']);
  });

  it('needs a reason to reject, and tells the submitter side the outcome', async () => {
    const s = await submit();
    const noReason = await act(s.approvalId, { actorId: 'e_wangqiang', action: 'reject' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.code).toBe('APPROVAL.COMMENT_REQUIRED');
    const r = await act(s.approvalId, { actorId: 'e_wangqiang', action: 'reject', comment: '请附发票 Please attach the invoice' });
    expect(r.body.status).toBe('rejected');
    const got = await t.call('GET', `/api/v1/requests/${s.request.id}`);
    expect(got.body.request.status).toBe('rejected');
  });

  it('answers a second click on a decided approval with who decided and when, changing nothing', async () => {
    const s = await submit();
    await act(s.approvalId, { actorId: 'e_wangqiang', action: 'approve' });
    const again = await act(s.approvalId, { actorId: 'e_wangqiang', action: 'approve' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'APPROVAL.NOT_PENDING', details: { status: 'approved', decidedBy: 'e_wangqiang' } });
    const got = await t.call('GET', `/api/v1/requests/${s.request.id}`);
    expect(got.body.approval.history.filter((h: any) => h.action === 'approve')).toHaveLength(1);
  });

  it('returns the first answer to a retry with the same Idempotency-Key', async () => {
    const s = await submit();
    const first = await act(s.approvalId, { actorId: 'e_wangqiang', action: 'approve' }, { 'idempotency-key': `k-${s.approvalId}` });
    const retry = await act(s.approvalId, { actorId: 'e_wangqiang', action: 'approve' }, { 'idempotency-key': `k-${s.approvalId}` });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ...first.body, replayed: true });
  });

  it('lets exactly one of two concurrent finance approvers decide an any-step', async () => {
    const s = await submit({ amount: { minor: 2_500_000, currency: 'CNY' }, category: 'travel', title: '团队出差 Team trip' });
    await act(s.approvalId, { actorId: 'e_wangqiang', action: 'approve', stepKey: 'manager' });
    await act(s.approvalId, { actorId: 'e_wangqiang', action: 'approve', stepKey: 'head' }).then((r) => {
      // The head of Sales is also the manager; the engine may hand the step to the next head up instead.
      if (r.status !== 200) return act(s.approvalId, { actorId: 'e_chenjing', action: 'approve', stepKey: 'head' });
      return r;
    });
    const [a, b] = await Promise.all([
      act(s.approvalId, { actorId: 'e_zhaomin', action: 'approve', stepKey: 'finance' }),
      act(s.approvalId, { actorId: 'e_sarah', action: 'approve', stepKey: 'finance' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const got = await t.call('GET', `/api/v1/requests/${s.request.id}`);
    expect(got.body.request.status).toBe('approved');
    expect(got.body.approval.history.filter((h: any) => h.action === 'approve' && h.step === 'finance')).toHaveLength(1);
  });

  it('refuses a click from an old card once the approval moved to the next step', async () => {
    const s = await submit({ amount: { minor: 600_000, currency: 'CNY' }, category: 'travel' });
    await act(s.approvalId, { actorId: 'e_wangqiang', action: 'approve', stepKey: 'manager' });
    const stale = await act(s.approvalId, { actorId: 'e_wangqiang', action: 'approve', stepKey: 'manager' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('APPROVAL.STALE_STEP');
  });

  it('lets the submitter withdraw, and nobody else', async () => {
    const s = await submit();
    const other = await act(s.approvalId, { actorId: 'e_wangqiang', action: 'withdraw' });
    expect(other.body.error.code).toBe('APPROVAL.NOT_SUBMITTER');
    const r = await act(s.approvalId, { actorId: 'e_zhangwei', action: 'withdraw' });
    expect(r.body.status).toBe('withdrawn');
  });

  it('blocks an expense dated in the future with the policy reason, and saves nothing', async () => {
    const before = await t.call('GET', '/api/v1/requests?limit=200');
    const r = await t.call('POST', '/api/v1/requests', expense({ details: { date: '2026-12-30', hasInvoice: true } }));
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('POLICY.BLOCKED');
    expect(r.body.error.message).toMatch(/2026-12-30/);
    const after = await t.call('GET', '/api/v1/requests?limit=200');
    expect(after.body.requests.length).toBe(before.body.requests.length);
  });

  it('shows warnings such as a meal over the per-person cap', async () => {
    const s = await submit({ category: 'meal', amount: { minor: 90_000, currency: 'CNY' }, details: { date: '2026-11-17', hasInvoice: true, attendees: 2 } });
    expect(s.violations.map((v) => v.code)).toContain('POLICY.AMOUNT_OVER_CAP');
  });

  it('returns the first request when an OA system resubmits the same clientRef', async () => {
    const a = await submit({ clientRef: 'oa-123' });
    const b = await t.call('POST', '/api/v1/requests', expense({ clientRef: 'oa-123' }));
    expect(b.body.replayed).toBe(true);
    expect(b.body.request.id).toBe(a.request.id);
  });

  it('sends a step to the delegate while the approver is out of office, and records on whose behalf', async () => {
    // Its own app: the delegation cannot be ended, and it would send the other tests' steps to e_lina.
    const own = await testApp();
    try {
      const d = await own.call('POST', '/api/v1/delegations', { delegatorId: 'e_wangqiang', delegateId: 'e_lina', startsAt: '2026-11-17T00:00:00Z', endsAt: '2026-11-25T00:00:00Z' });
      expect(d.status).toBe(201);
      const s = await own.call('POST', '/api/v1/requests', expense());
      expect(s.status).toBe(201);
      const r = await own.call('POST', `/api/v1/approvals/${s.body.approvalId}/actions`, { actorId: 'e_lina', action: 'approve' });
      expect(r.body.status).toBe('approved');
      const got = await own.call('GET', `/api/v1/requests/${s.body.request.id}`);
      expect(got.body.approval.history[1]).toMatchObject({ action: 'approve', by: 'e_lina', onBehalfOf: 'e_wangqiang' });
      const bad = await own.call('POST', '/api/v1/delegations', { delegatorId: 'e_lina', delegateId: 'e_lina', startsAt: '2026-11-17T00:00:00Z', endsAt: '2026-11-25T00:00:00Z' });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION.INVALID']);
    } finally {
      await own.close();
    }
  });
});
