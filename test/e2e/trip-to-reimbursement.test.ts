// The whole travel and expense lifecycle on one database (run on PGlite and PostgreSQL): a trip asked for in chat is
// approved on the card, booked with the (fake) supplier through the real HTTP adapter, its orders complete and become
// expense lines, an advance is offset, the reimbursement is approved and the budget ledger shows freeze → consume,
// while a cancelled trip releases its freeze.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/usecases/budgets.js';
import type { FakeSupplier } from '../fakes/travel-supplier.js';
import { travelWorld, type TravelWorld } from '../helpers/travel.js';
import type { TestApp } from '../helpers/app.js';
import { button, consoleAs, drainOutbox } from '../helpers/console.js';

let t: TestApp;
let supplier: FakeSupplier;
let world: TravelWorld;
beforeAll(async () => {
  world = await travelWorld();
  ({ t, supplier } = world);
});
afterAll(() => world.close());

const drain = () => drainOutbox(t);

const as = (employeeId: string) => consoleAs(t, employeeId);


/** Approves every pending step of a request through the REST API, as whoever is assigned. */
async function approveAll(requestId: string) {
  for (let i = 0; i < 4; i++) {
    const r = await t.call('GET', `/api/v1/requests/${requestId}`);
    if (r.body.approval.status !== 'pending') return r.body;
    const step = r.body.approval.progress;
    const actorId = step.pending[0];
    const acted = await t.call('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId, action: 'approve' });
    expect(acted.status, JSON.stringify(acted.body)).toBe(200);
  }
  return (await t.call('GET', `/api/v1/requests/${requestId}`)).body;
}

const travelBudget = async () => {
  const r = await t.call('GET', '/api/v1/budgets?departmentId=d_sales&category=travel&periodKey=2026-11');
  return r.body.budgets[0];
};

// One journey told in steps: each step continues from the state the previous one left (tripId, the orders, the
// advance), so the steps keep their order even when the suite is shuffled.
describe('trip → booking → expenses → advance → reimbursement', { shuffle: false }, () => {
  let tripId = '';

  it('a trip asked for in chat is approved on the card: the estimate is frozen and booking starts', async () => {
    const zhang = await as('e_zhangwei');
    await zhang.say('下周二去上海出差，周四回，高铁');
    const draft = await zhang.page();
    expect(draft).toContain('上海');
    await zhang.click('submit', button(draft, 'submit'));
    await drain();
    const list = await t.call('GET', '/api/v1/requests?type=trip&submitterId=e_zhangwei');
    tripId = list.body.requests[0].id;
    expect(list.body.requests[0].amount.minor).toBeGreaterThan(0); // the policy estimate: hotel cap × nights + per diem

    const before = await travelBudget();
    const wang = await as('e_wangqiang');
    await wang.click('approve', button(await wang.page(), 'approve'));
    const after = await travelBudget();
    expect(after.frozen.minor - before.frozen.minor).toBe(list.body.requests[0].amount.minor);

    await drain(); // travel.book → search + book with the supplier, then the itinerary card
    const trip = await t.call('GET', `/api/v1/trips/${tripId}`);
    expect(trip.status).toBe(200);
    expect(trip.body.phase).toBe('booked');
    expect(trip.body.orders.map((o: { kind: string }) => o.kind).sort()).toEqual(['hotel', 'train', 'train']);
    expect(supplier.orders()).toHaveLength(3);
    expect(supplier.statusPushes.some((p) => p.tripRef === tripId && p.status === 'approved')).toBe(true);
    const itinerary = await zhang.page();
    expect(itinerary).toMatch(/行程|Itinerary/);
    expect(itinerary).toContain('公司统一结算');
  });

  let advanceId = '';
  it('an advance against the trip is approved and outstanding', async () => {
    const r = await t.call('POST', '/api/v1/advances', { submitterId: 'e_zhangwei', amount: { minor: 50_000, currency: 'CNY' }, purpose: '上海出差备用金', applicationId: tripId });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    advanceId = r.body.request.id;
    await approveAll(advanceId);
    const advances = await t.call('GET', '/api/v1/advances?employeeId=e_zhangwei');
    expect(advances.body.advances.find((a: { id: string }) => a.id === advanceId).outstanding.minor).toBe(50_000);
  });

  it('completed orders become expense lines of the trip without typing', async () => {
    t.clock.set('2026-11-27T02:00:00.000Z'); // the trip (24th–26th) is over
    for (const o of supplier.orders()) {
      expect(await supplier.issue(o.orderId)).toBe(200);
      expect(await supplier.complete(o.orderId)).toBe(200);
    }
    await drain();
    const lines = await t.call('GET', `/api/v1/expense-lines?employeeId=e_zhangwei&applicationId=${tripId}`);
    expect(lines.body.lines).toHaveLength(3);
    expect(lines.body.lines.every((l: { status: string; paidBy: string }) => l.status === 'open' && l.paidBy === 'company')).toBe(true);
    const total = supplier.orders().reduce((s, o) => s + o.amount.minor, 0);
    expect(lines.body.lines.reduce((s: number, l: { amount: { minor: number } }) => s + l.amount.minor, 0)).toBe(total);
    // A repeated callback changes nothing.
    expect(await supplier.complete(supplier.orders()[0]!.orderId)).toBe(200);
    expect((await t.call('GET', `/api/v1/expense-lines?employeeId=e_zhangwei&applicationId=${tripId}`)).body.lines).toHaveLength(3);
    const trip = await t.call('GET', `/api/v1/trips/${tripId}`);
    expect(trip.body.phase).toBe('travelled');
  });

  it('the reimbursement offsets the advance, consumes the frozen budget and leaves a payable', async () => {
    const taxi = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'transport', amount: { minor: 8_800, currency: 'CNY' }, date: '2026-11-24', merchant: '滴滴出行', applicationId: tripId, paidBy: 'personal' });
    expect(taxi.status, JSON.stringify(taxi.body)).toBe(201);
    const perDiem = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'per_diem', amount: { minor: 54_000, currency: 'CNY' }, date: '2026-11-26', description: '出差补助 3 天', applicationId: tripId, paidBy: 'personal' });
    expect(perDiem.status).toBe(201);
    const lines = (await t.call('GET', `/api/v1/expense-lines?employeeId=e_zhangwei&applicationId=${tripId}`)).body.lines as { id: string; amount: { minor: number } }[];
    const total = lines.reduce((s, l) => s + l.amount.minor, 0);
    const budgetBefore = await travelBudget();

    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: lines.map((l) => l.id), applicationIds: [tripId] });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    const decided = await approveAll(claim.body.request.id);
    expect(decided.request.status).toBe('approved');
    await drain();

    // Advance offset first: ¥628 personal − ¥500 advance = ¥128 payable.
    const advances = await t.call('GET', '/api/v1/advances?employeeId=e_zhangwei');
    expect(advances.body.advances.find((a: { id: string }) => a.id === advanceId).outstanding.minor).toBe(0);
    const payables = await t.call('GET', '/api/v1/payables?status=open');
    const payable = payables.body.payables.find((p: { sourceId: string }) => p.sourceId === claim.body.request.id);
    expect(payable.amount).toEqual({ minor: 62_800 - 50_000, currency: 'CNY' });

    // Budget: the trip's freeze is converted into consumption; nothing stays frozen for it.
    const budgetAfter = await travelBudget();
    expect(budgetAfter.consumed.minor - budgetBefore.consumed.minor).toBe(total);
    expect(budgetAfter.frozen.minor).toBe(0);
    const ledger = await checkLedger(t.database.db, 'demo', budgetAfter.id);
    expect(ledger.ok && ledger.value.balanced).toBe(true);
    const detail = await t.call('GET', `/api/v1/budgets/${budgetAfter.id}`);
    expect(detail.body.balanced).toBe(true);
    const kinds = (detail.body.ledger as { kind: string; ref: { id: string } }[]).filter((e) => e.ref.id === tripId).map((e) => e.kind);
    expect(kinds[0]).toBe('freeze');
    expect(kinds).toContain('consume');
    expect(supplier.statusPushes.some((p) => p.tripRef === tripId && p.status === 'completed')).toBe(true);
  });

  it('a second trip cancelled after approval releases its whole freeze and cancels its orders', async () => {
    const zhang = await as('e_zhangwei');
    await zhang.say('12月8日去广州出差，12月10日回，飞机');
    await zhang.click('submit', button(await zhang.page(), 'submit'));
    await drain();
    const second = (await t.call('GET', '/api/v1/requests?type=trip&submitterId=e_zhangwei')).body.requests[0];
    expect(second.id).not.toBe(tripId);
    await approveAll(second.id);
    await drain();
    const december = async () => (await t.call('GET', '/api/v1/budgets?departmentId=d_sales&category=travel&periodKey=2026-12')).body.budgets[0];
    // A trip is budgeted in the month it starts.
    // Approval froze the estimate; once booked, the booked fares and the per diem are what stays frozen.
    const booked = (await t.call('GET', `/api/v1/trips/${second.id}`)).body;
    expect(booked.details.frozen.minor).toBeGreaterThanOrEqual(second.amount.minor);
    expect((await december()).frozen.minor).toBe(booked.details.frozen.minor);
    const cancel = await t.call('POST', `/api/v1/trips/${second.id}/cancel`, { actorId: 'e_zhangwei', reason: '客户改期' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    await drain();
    const budget = await december();
    expect(budget.frozen.minor).toBe(0);
    const ledger = await checkLedger(t.database.db, 'demo', budget.id);
    expect(ledger.ok && ledger.value.balanced).toBe(true);
    const orders = supplier.orders().filter((o) => o.tripRef === second.id);
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.status === 'cancelled')).toBe(true);
  });
});
