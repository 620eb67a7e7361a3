// An approved single expense becomes a claimable expense line in the approval's own statement, on every path that
// approves it (a REST decision, a click on a card, the timeouts job's escalation, approval at submission): the line
// is there the moment the decision answers, before any outbox work runs; a retry makes no second line; each
// organisation sees only its own.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertApprovedExpenseLine } from '../../db/repos/approval-outcome.js';
import { auditTrail } from '../../db/repos/audit.js';
import { auditLog, expenseLines } from '../../db/schema/index.js';
import { SYSTEM_ACTOR } from '../../domain/approval/index.js';
import { LINE_CATEGORIES } from '../../domain/expense/index.js';
import { runApprovalTimeouts } from '../../src/jobs/approval-timeouts.js';
import { silentLogger } from '../../src/log.js';
import { randomIds } from '../../src/runtime.js';
import { expense, testApp, type TestApp } from '../helpers/app.js';
import { button, consoleAs, drainOutbox } from '../helpers/console.js';
import { ruleParser } from '../helpers/parser.js';
import { addOrganisation } from '../helpers/two-orgs.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({}, { parser: ruleParser });
});
afterAll(() => t.close());

/** The lines made from request `requestId` in `orgId`. */
const linesOf = (orgId: string, requestId: string) =>
  t.database.db
    .select()
    .from(expenseLines)
    .where(and(eq(expenseLines.orgId, orgId), eq(expenseLines.source, 'request'), eq(expenseLines.sourceRef, requestId)));

/** The `expense_line.created` audit rows of line `lineId`. */
const createdAudits = async (orgId: string, lineId: string) => (await auditTrail(t.database.db, orgId, 'expense_line', lineId)).filter((a) => a.action === 'expense_line.created');

/** An expense flow whose only step applies to amounts no one asks for: an expense is approved at submission. */
const autoApproveFlow = { name: 'Small expenses', subjectTypes: ['expense'], priority: 100, steps: [{ key: 'cfo', name: 'CFO', mode: 'any', approvers: [{ kind: 'role', role: 'admin' }], condition: { field: 'amount', op: 'gte', minor: 900_000_000, currency: 'CNY' } }] };

describe('an approved expense becomes an expense line in the approval transaction', () => {
  it('on a REST decision: one open line with the request facts, audited; a retry with the same key makes no second line', async () => {
    const s = await t.call('POST', '/api/v1/requests', expense({ title: '出租车 Taxi', details: { date: '2026-11-16', hasInvoice: true, expense: { merchant: '滴滴出行' } } }));
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    const requestId = s.body.request.id as string;
    expect(await linesOf('demo', requestId)).toEqual([]); // pending: no line yet

    const act = () => t.call('POST', `/api/v1/approvals/${s.body.approvalId}/actions`, { actorId: 'e_wangqiang', action: 'approve' }, { 'idempotency-key': 'approve-taxi-1' });
    const r = await act();
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('approved');
    const [line, ...more] = await linesOf('demo', requestId);
    expect(more).toEqual([]);
    expect(line).toMatchObject({ employeeId: 'e_zhangwei', departmentId: 'd_sales', category: 'transport', amountMinor: 4500, currency: 'CNY', date: '2026-11-16', merchant: '滴滴出行', description: '出租车 Taxi', paidBy: 'personal', status: 'open' });
    const audits = await createdAudits('demo', line!.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: 'e_wangqiang', after: { requestId, amountMinor: 4500, currency: 'CNY' } });

    const again = await act();
    expect(again.body.replayed).toBe(true);
    expect(await linesOf('demo', requestId)).toHaveLength(1);
    // The line written again for the same request (a redelivered decision, a retried submission): found, not made twice.
    expect(await insertApprovedExpenseLine(t.database.db, 'demo', { id: randomIds.next('exl'), requestId, categories: LINE_CATEGORIES }, 'e_wangqiang', t.clock.now())).toBe(false);
    expect(await linesOf('demo', requestId)).toHaveLength(1);
    expect(await createdAudits('demo', line!.id)).toHaveLength(1);
  });

  it('on a click on the approver card: the line exists when the click answers, before the outbox runs', async () => {
    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say('打车去机场 45元 昨天');
    await zhang.click('submit', button(await zhang.page(), 'submit'));
    const submitted = await t.call('GET', '/api/v1/requests?submitterId=e_zhangwei&status=pending');
    const mine = (submitted.body.requests as { id: string; amount: { minor: number } | null; approvalId: string }[]).find((q) => q.amount?.minor === 4500);
    expect(mine, JSON.stringify(submitted.body)).toBeTruthy();
    expect(await linesOf('demo', mine!.id)).toEqual([]);
    await drainOutbox(t); // sends the approver's card; the fan-out makes no line
    expect(await linesOf('demo', mine!.id)).toEqual([]);
    const wang = await consoleAs(t, 'e_wangqiang');
    await wang.click('approve', button(await wang.page(), 'approve'));
    const [line, ...more] = await linesOf('demo', mine!.id);
    expect(more).toEqual([]);
    // "昨天" was asked for on 2026-11-18 Beijing time: the request says 2026-11-17.
    expect(line).toMatchObject({ employeeId: 'e_zhangwei', amountMinor: 4500, currency: 'CNY', status: 'open', date: '2026-11-17' });
    expect(await createdAudits('demo', line!.id)).toHaveLength(1);
  });

  it('after the timeouts job escalated the step: the escalated-to manager approves and the line is made; the job itself makes none', async () => {
    const s = await t.call('POST', '/api/v1/requests', expense({ submitterId: 'e_lina', amount: { minor: 6_600, currency: 'CNY' } }));
    const submittedAt = t.clock.now().getTime();
    const deps = { db: t.database.db, ids: randomIds, log: silentLogger };
    expect(await runApprovalTimeouts(deps, new Date(submittedAt + 25 * 3_600_000))).toBeGreaterThan(0);
    expect(await runApprovalTimeouts(deps, new Date(submittedAt + 49 * 3_600_000))).toBeGreaterThan(0);
    expect(await linesOf('demo', s.body.request.id)).toEqual([]); // escalated, still pending
    const r = await t.call('POST', `/api/v1/approvals/${s.body.approvalId}/actions`, { actorId: 'e_chenjing', action: 'approve' });
    expect(r.body.status).toBe('approved');
    const lines = await linesOf('demo', s.body.request.id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ employeeId: 'e_lina', amountMinor: 6_600 });
    expect(await createdAudits('demo', lines[0]!.id)).toHaveLength(1);
  });

  it('at submission when no step applies: the line is made by the submission itself, dated by the organisation calendar; resubmitting the same clientRef makes no second line', async () => {
    const o = await addOrganisation(t);
    expect((await o.call('PUT', '/api/v1/flows/small', autoApproveFlow)).status).toBe(200);
    // 20:30 UTC on 18 November is 04:30 on 19 November in Shanghai.
    t.clock.set('2026-11-18T20:30:00.000Z');
    const body = { type: 'expense', submitterId: o.employee, title: 'Parking', amount: { minor: 2_000, currency: 'CNY' }, category: 'transport', clientRef: 'parking-1' };
    const s = await o.call('POST', '/api/v1/requests', body);
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect(s.body.request.status).toBe('approved');
    const [line, ...more] = await linesOf(o.orgId, s.body.request.id);
    expect(more).toEqual([]);
    expect(line).toMatchObject({ employeeId: o.employee, departmentId: 'd_acme', amountMinor: 2_000, date: '2026-11-19', description: 'Parking', status: 'open' });
    const audits = await createdAudits(o.orgId, line!.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorId).toBe(SYSTEM_ACTOR);

    const again = await o.call('POST', '/api/v1/requests', body);
    expect(again.body.replayed).toBe(true);
    expect(await linesOf(o.orgId, s.body.request.id)).toHaveLength(1);
  });

  it('keeps organisations apart: each organisation lists and reads only its own lines', async () => {
    const a = await addOrganisation(t);
    const b = await addOrganisation(t);
    for (const o of [a, b]) expect((await o.call('PUT', '/api/v1/flows/small', autoApproveFlow)).status).toBe(200);
    const sa = await a.call('POST', '/api/v1/requests', { type: 'expense', submitterId: a.employee, title: 'Lunch A', amount: { minor: 3_000, currency: 'CNY' }, category: 'meal' });
    const sb = await b.call('POST', '/api/v1/requests', { type: 'expense', submitterId: b.employee, title: 'Lunch B', amount: { minor: 3_100, currency: 'CNY' }, category: 'meal' });
    const [la] = await linesOf(a.orgId, sa.body.request.id);
    const [lb] = await linesOf(b.orgId, sb.body.request.id);
    expect(la?.orgId).toBe(a.orgId);
    expect(lb?.orgId).toBe(b.orgId);
    expect(await linesOf(b.orgId, sa.body.request.id)).toEqual([]);
    expect(await linesOf(a.orgId, sb.body.request.id)).toEqual([]);
    expect((await a.call('GET', `/api/v1/expense-lines/${lb!.id}`)).status).toBe(404);
    expect((await b.call('GET', `/api/v1/expense-lines/${la!.id}`)).status).toBe(404);
    const listed = await a.call('GET', `/api/v1/expense-lines?employeeId=${a.employee}`);
    expect(listed.body.lines.map((l: { id: string }) => l.id)).toEqual([la!.id]);
    // The audit row of each line lives in its own organisation only.
    const foreign = await t.database.db.select().from(auditLog).where(and(eq(auditLog.orgId, b.orgId), eq(auditLog.subjectId, la!.id)));
    expect(foreign).toEqual([]);
    // The rows the approval statement wrote seal into each organisation's hash chain like any other.
    for (const o of [a, b]) expect((await o.call('GET', '/api/v1/audit/verify')).body).toMatchObject({ ok: true, unsealed: 0 });
  });
});
