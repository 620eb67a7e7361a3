// Recurring visits: one registration and one approval for a series, stored as one visit per occurrence. Approved, each
// occurrence is frozen in its own month's hospitality budget and its visitors get their own invitations (each code
// bound to its own window, so the gate admits it only on its day); rejected, every occurrence closes. A rule that
// would make more than 26 occurrences is refused naming the field, and stores nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import type { SmsMessage } from '../../../domain/reception/index.js';
import { employeeActor } from '../../../src/usecases/authorise.js';
import { registerVisit } from '../../../src/usecases/reception/visits.js';
import { drainOutbox } from '../../helpers/bank.js';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
const sent: SmsMessage[] = [];
beforeAll(async () => {
  t = await testApp({ PUBLIC_URL: 'https://spend.example.com' });
  (t.deps as { sms?: unknown }).sms = { sender: { provider: 'console', send: async (m: SmsMessage) => (sent.push(m), { kind: 'sent' as const, messageId: `m${sent.length}` }) }, templateParams: () => undefined };
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '上海市浦东新区世纪大道100号', deskIds: ['e_sunli'] })).status).toBe(200);
});
afterAll(() => t.close());

/** Every Tuesday 10:00–12:00 Beijing from 2026-11-24, four times: one in November, three in December. */
const series = (over: Record<string, unknown> = {}) => ({
  hostId: 'e_zhangwei',
  siteId: 'hq',
  visitors: [
    { name: '王强', company: 'ABC科技', mobile: '+8613800138000' },
    { name: '李娜', company: 'ABC科技', mobile: '+8613900139000' },
  ],
  purpose: '驻场联调',
  start: '2026-11-24T10:00:00+08:00',
  end: '2026-11-24T12:00:00+08:00',
  estimate: { meal: 60_000 },
  recurrence: { frequency: 'weekly', weekdays: ['tue'], count: 4 },
  ...over,
});

const register = (body: Record<string, unknown>) => registerVisit(t.deps as Parameters<typeof registerVisit>[0], 'demo', employeeActor('e_zhangwei'), body);

async function decide(requestId: string, action: 'approve' | 'reject') {
  for (let i = 0; i < 4; i++) {
    const r = await t.call('GET', `/api/v1/requests/${requestId}`);
    if (r.body.approval.status !== 'pending') return r.body;
    const res = await t.call('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId: r.body.approval.progress.pending[0], action, ...(action === 'reject' ? { comment: '改期' } : {}) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return (await t.call('GET', `/api/v1/requests/${requestId}`)).body;
}

type Budget = { departmentId: string; category: string; period: { key: string }; frozen: { minor: number } };
async function frozenByMonth(): Promise<Record<string, number>> {
  const b = (await t.call('GET', '/api/v1/budgets')).body as { budgets: Budget[] };
  return Object.fromEntries(b.budgets.filter((x) => x.departmentId === 'd_sales' && x.category === 'hospitality').map((x) => [x.period.key, x.frozen.minor]));
}

const visitsOf = async (requestId: string) =>
  rowsOf<{ id: string; status: string; occurrence: number; series_id: string | null; starts_at: Date | string; estimate_minor: number }>(
    await t.database.db.execute(sql`SELECT id, status, occurrence, series_id, starts_at, estimate_minor FROM visits WHERE org_id = 'demo' AND request_id = ${requestId} ORDER BY occurrence`),
  );

describe('a recurring visit', () => {
  it('is one request for the series: N visits sharing a series id, the amount the per-occurrence estimate times N', async () => {
    const r = await register(series({ clientRef: 'series-shape' }));
    expect(r.ok, JSON.stringify(!r.ok && r.error)).toBe(true);
    if (!r.ok) return;
    const { visit, series: s, submitted } = r.value;
    expect(submitted.request).toMatchObject({ type: 'visit', amountMinor: 240_000, currency: 'CNY' });
    expect(s).toMatchObject({ recurrence: { frequency: 'weekly', weekdays: ['tue'], count: 4 }, estimatePerOccurrence: { minor: 60_000, currency: 'CNY' }, estimateTotal: { minor: 240_000, currency: 'CNY' } });
    expect(s!.visits.map((x) => x.start)).toEqual(['2026-11-24T02:00:00.000Z', '2026-12-01T02:00:00.000Z', '2026-12-08T02:00:00.000Z', '2026-12-15T02:00:00.000Z']);
    expect(visit).toMatchObject({ id: s!.visits[0]!.id, seriesId: s!.id, occurrence: 1, estimateTotal: { minor: 60_000 } });
    const rows = await visitsOf(submitted.request.id);
    expect(rows.map((x) => [x.occurrence, x.status, x.series_id, Number(x.estimate_minor)])).toEqual([1, 2, 3, 4].map((n) => [n, 'pending', s!.id, 60_000]));
    // Each occurrence has its own copy of the visitors.
    const people = rowsOf<{ visit_id: string; n: number }>(await t.database.db.execute(sql`SELECT visit_id, count(*)::int AS n FROM visitors WHERE org_id = 'demo' AND visit_id IN (SELECT id FROM visits WHERE request_id = ${submitted.request.id}) GROUP BY visit_id`));
    expect(people.map((p) => p.n)).toEqual([2, 2, 2, 2]);
    // The approver's request carries the rule and the dates.
    expect((submitted.request.details as { visit: { series: unknown } }).visit.series).toMatchObject({ perOccurrenceMinor: 60_000, occurrences: expect.arrayContaining([expect.objectContaining({ start: '2026-12-15T02:00:00.000Z' })]) });
    // The same client reference again is the same series.
    const again = await register(series({ clientRef: 'series-shape' }));
    expect(again.ok && [again.value.submitted.replayed, again.value.series?.id, again.value.visit.id]).toEqual([true, s!.id, visit.id]);
  });

  it('approved: each occurrence is frozen in its own month, and every visitor of every occurrence gets an invitation', async () => {
    const before = await frozenByMonth();
    const r = await register(series({ clientRef: 'series-approve' }));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const requestId = r.value.submitted.request.id;
    expect((await decide(requestId, 'approve')).approval.status).toBe('approved');
    expect((await visitsOf(requestId)).map((x) => x.status)).toEqual(['approved', 'approved', 'approved', 'approved']);
    const after = await frozenByMonth();
    expect([after['2026-11']! - before['2026-11']!, after['2026-12']! - before['2026-12']!]).toEqual([60_000, 180_000]);
    const ids = rowsOf<{ visit_id: string; invitation_id: string }>(await t.database.db.execute(sql`SELECT visit_id, invitation_id FROM visitors WHERE visit_id IN (SELECT id FROM visits WHERE request_id = ${requestId})`));
    expect(ids).toHaveLength(8);
    expect(new Set(ids.map((x) => x.invitation_id)).size).toBe(8);
    const texts = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM outbox WHERE topic = 'reception.sms' AND payload->>'visitorId' IN (SELECT id FROM visitors WHERE visit_id IN (SELECT id FROM visits WHERE request_id = ${requestId}))`));
    expect(texts[0]!.n).toBe(8);
    // The staff's schedule card once for the series (each occurrence is reminded before it starts).
    const cards = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(DISTINCT payload->>'visitId')::int AS n FROM outbox WHERE topic = 'chat.visit' AND payload->>'visitId' IN (SELECT id FROM visits WHERE request_id = ${requestId})`));
    expect(cards[0]!.n).toBe(1);
  });

  it('each occurrence’s code opens the gate on its own day only; the booking number shows the occurrence of the day', async () => {
    const r = await register(series({ clientRef: 'series-gate', visitors: [{ name: '赵雷', company: 'XYZ', mobile: '+8613700137000' }] }));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    await decide(r.value.submitted.request.id, 'approve');
    await drainOutbox(t);
    const links = sent.filter((m) => m.to.endsWith('7000') && m.template === 'visit_invitation').map((m) => m.params.link!);
    expect(links).toHaveLength(4);
    expect(new Set(links).size).toBe(4);
    const scan = (link: string) => t.call('POST', '/api/v1/sites/hq/check-ins', { actorId: 'e_zhoujun', code: link });
    const byVisit = new Map<string, string>();
    t.clock.set('2026-11-24T02:10:00Z'); // the first Tuesday, 10:10 Beijing
    for (const link of links) {
      const res = await scan(link);
      if (res.status === 200) byVisit.set('first', res.body.visitor.visitId);
      else expect(res.body.error.code).toBe('GATE.NOT_YET');
    }
    expect(byVisit.get('first')).toBe(r.value.series!.visits[0]!.id);
    t.clock.set('2026-12-01T02:05:00Z'); // the second
    const booking = await t.call('POST', '/api/v1/sites/hq/check-ins', { actorId: 'e_zhoujun', code: r.value.submitted.request.number });
    expect(booking.body.kind).toBe('booking');
    expect(booking.body.visitors.map((x: { visitId: string }) => x.visitId)).toEqual([r.value.series!.visits[1]!.id]);
    const admitted = [];
    for (const link of links) if ((await scan(link)).status === 200) admitted.push(link);
    expect(admitted).toHaveLength(1);
    t.clock.set('2026-11-18T02:00:00Z');
  });

  it('rejected: every occurrence closes and nothing is frozen', async () => {
    const before = await frozenByMonth();
    const r = await register(series({ clientRef: 'series-reject' }));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect((await decide(r.value.submitted.request.id, 'reject')).approval.status).toBe('rejected');
    expect((await visitsOf(r.value.submitted.request.id)).map((x) => x.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(await frozenByMonth()).toEqual(before);
  });

  it('refuses more than 26 occurrences, or a rule without a bound, naming the field, and stores nothing', async () => {
    const count = async () => rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM visits WHERE org_id = 'demo'`))[0]!.n;
    const n = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ frequency: 'weekly', count: 27 }, 'recurrence.count'],
      [{ frequency: 'daily', until: '2027-06-30' }, 'recurrence.until'],
      [{ frequency: 'weekly' }, 'recurrence'],
      [{ frequency: 'monthly', count: 3 }, 'recurrence.frequency'],
    ];
    for (const [recurrence, field] of cases) {
      const r = await register(series({ recurrence }));
      expect(!r.ok && [r.error.code, r.error.details?.field], JSON.stringify(recurrence)).toEqual(['VALIDATION.INVALID', field]);
    }
    const ok26 = await register(series({ recurrence: { frequency: 'weekly', count: 26 }, estimate: {}, clientRef: 'series-26' }));
    expect(ok26.ok && ok26.value.series?.visits).toHaveLength(26);
    expect(await count()).toBe(n + 26);
  });

  it('is claimed whole: one occurrence alone is refused (the series’ freezes are released together), the series by its request settles every occurrence', async () => {
    const r = await register(series({ clientRef: 'series-claim' }));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const requestId = r.value.submitted.request.id;
    await decide(requestId, 'approve');
    const [first, second] = await visitsOf(requestId);
    const meal = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'meal', amount: { minor: 50_000, currency: 'CNY' }, date: '2026-11-18', merchant: '外滩餐厅' });
    expect(meal.status).toBe(201);
    const one = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [meal.body.id], visitIds: [first!.id] });
    expect([one.status, one.body.error.code, one.body.error.details.visitId]).toEqual([422, 'REIMBURSEMENT.INVALID', second!.id]);
    const whole = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [meal.body.id], applicationIds: [requestId] });
    expect(whole.status, JSON.stringify(whole.body)).toBe(201);
    const links = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM visit_claims WHERE reimbursement_id = ${whole.body.request?.id ?? whole.body.id}`));
    expect(links[0]!.n).toBe(4);
  });
});
