// The traveller's side in chat when the company has the traveller pay (TRAVEL_PAYMENT=personal): the itinerary card
// follows the orders in place, a completed order arrives as a draft expense to confirm with one click, and a trip the
// budget cannot take is refused at approval with the reason.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeSupplier } from '../fakes/travel-supplier.js';
import { travelWorld, type TravelWorld } from '../helpers/travel.js';
import { testClock, type TestApp } from '../helpers/app.js';
import { button, consoleAs, drainOutbox } from '../helpers/console.js';

let t: TestApp;
let supplier: FakeSupplier;
let world: TravelWorld;
beforeAll(async () => {
  world = await travelWorld({ TRAVEL_PAYMENT: 'personal' });
  ({ t, supplier } = world);
});
afterAll(() => world.close());
// Tests move the shared clock (back from the trip, an earlier day): each starts from the same day whatever ran before.
const START = testClock().now().toISOString();
beforeEach(() => t.clock.set(START));

const drain = () => drainOutbox(t);
const as = (employeeId: string) => consoleAs(t, employeeId);

describe('travel in chat, paid personally', () => {
  // One traveller's story in two steps: the claim gathers the expense the first step confirmed, so they keep their order.
  describe('a booked trip, then its claim', { shuffle: false }, () => {
    it('books, updates the itinerary in place, and asks to confirm the completed order with one click', async () => {
      const earlier = new Set(supplier.orders().map((o) => o.orderId));
      const zhang = await as('e_zhangwei');
      await zhang.say('下周二去上海出差，周四回，高铁');
      await zhang.click('submit', button(await zhang.page(), 'submit'));
      await drain();
      const wang = await as('e_wangqiang');
      await wang.click('approve', button(await wang.page(), 'approve'));
      await drain();
      const itinerary = await zhang.page();
      expect(itinerary).toContain('个人垫付');
      expect(itinerary).toContain('已预订');
      // What the department's travel budget has left after the freeze, beside what this trip holds.
      expect(itinerary).toMatch(/<dt>已冻结预算<\/dt><dd>¥[\d,.]+<\/dd><dt>可用预算<\/dt><dd>¥[\d,.]+<\/dd>/);
      const orders = supplier.orders().filter((o) => !earlier.has(o.orderId));
      expect(orders).toHaveLength(3);

      // A changed fare and a refund show on the same card; the card is one copy, updated in place.
      await supplier.issue(orders[0]!.orderId);
      await supplier.change(orders[0]!.orderId, orders[0]!.amount.minor + 5_000);
      await drain();
      const changed = await zhang.page();
      expect(changed).toContain('已改签');
      expect((changed.match(/data-kind="itinerary"/g) ?? []).length).toBe(1);

      await supplier.complete(orders[0]!.orderId);
      await drain();
      const confirmPage = await zhang.page();
      expect(confirmPage).toContain('请确认这笔费用');
      const drafts = (await t.call('GET', '/api/v1/expense-lines?employeeId=e_zhangwei&status=draft')).body.lines;
      expect(drafts).toHaveLength(1);
      expect(drafts[0].amount.minor).toBe(orders[0]!.amount.minor + 5_000);

      // Someone else cannot answer it; the traveller confirms with one click and the card closes.
      const token = button(confirmPage, 'confirm');
      const li = await as('e_lina');
      await li.click('confirm', token);
      expect(await li.page()).toContain('这张卡片不是发给你的');
      await zhang.click('confirm', token);
      const after = await zhang.page();
      expect(after).toContain('已确认，这笔费用可以报销了');
      expect((await t.call('GET', `/api/v1/expense-lines/${drafts[0].id}`)).body).toMatchObject({ status: 'open', paidBy: 'personal' });
    });

    it('gathers the open expenses into a claim on "报销", shows the payout, and submits it in one click', async () => {
      t.clock.set('2026-11-27T02:00:00.000Z'); // back from the trip
      const zhang = await as('e_zhangwei');
      await zhang.say('报销');
      const page = await zhang.page();
      expect(page).toContain('以下费用可以一起报销');
      expect(page).toContain('报销 1 笔费用');
      // The trip it settles is named by its number, as everywhere else.
      expect(page).toMatch(/<dt>关联申请<\/dt><dd>TR-\d{4} 上海出差<\/dd>/);
      expect(page).toContain('应付员工');
      await zhang.click('submit', button(page, 'submit'));
      await drain();
      const claim = (await t.call('GET', '/api/v1/requests?type=reimbursement&submitterId=e_zhangwei')).body.requests[0];
      expect(claim.status).toBe('pending');
      expect(claim.details.lineIds).toHaveLength(1);
      // The manager's card shows it as a reimbursement with its line count and the trip it settles.
      const wang = await as('e_wangqiang');
      const card = await wang.page();
      expect(card).toContain('报销单');
      expect(card).toContain('费用明细');
      await zhang.say('报销');
      expect(await zhang.page()).toContain('你没有待报销的费用');
    });
  });

  it('lets the traveller justify a policy warning in chat; the approver sees the reason on the card', async () => {
    t.clock.set('2026-11-18T02:00:00.000Z');
    const huang = await as('e_huangtao');
    await huang.say('明天去杭州出差，后天回，高铁');
    const page = await huang.page();
    expect(page).toContain('政策要求提前 3 天申请'); // the late-booking warning on the draft card
    expect(page).toContain('请回复「说明：……」');
    await huang.say('说明：客户把研讨会提前到了周四');
    const justified = await huang.page();
    expect(justified).toContain('已记下说明，审批人会看到。');
    expect(justified).toContain('超标说明');
    await huang.click('submit', button(justified, 'submit'));
    await drain();
    const trip = (await t.call('GET', '/api/v1/requests?type=trip&submitterId=e_huangtao')).body.requests[0];
    expect(trip.details.justification).toBe('客户把研讨会提前到了周四');
    expect(await (await as('e_emily')).page()).toContain('客户把研讨会提前到了周四');
  });

  it('books even when the budget cannot also freeze the fares, and says so on the itinerary', async () => {
    // December's travel budget has room for the estimate (hotel cap + per diem) and ¥1 more, not for the flights.
    const room = 45_000 * 2 + 14_000 * 3 + 100;
    expect((await t.call('POST', '/api/v1/budgets', { departmentId: 'd_sales', category: 'travel', periodKey: '2026-12', amount: { minor: room, currency: 'CNY' }, allowOverrun: false })).status).toBe(200);
    const david = await as('e_david');
    await david.say('12月8日去成都出差，12月10日回，飞机');
    await david.click('submit', button(await david.page(), 'submit'));
    await drain();
    await (await as('e_wangqiang')).click('approve', button(await (await as('e_wangqiang')).page(), 'approve'));
    await drain();
    const trip = (await t.call('GET', '/api/v1/requests?type=trip&submitterId=e_david')).body.requests[0];
    const detail = (await t.call('GET', `/api/v1/trips/${trip.id}`)).body;
    expect(detail.phase).toBe('booked');
    expect(detail.details.budgetShort.neededMinor).toBeGreaterThan(0);
    const budget = (await t.call('GET', '/api/v1/budgets?departmentId=d_sales&category=travel&periodKey=2026-12')).body.budgets[0];
    expect(budget.frozen.minor).toBe(trip.amount.minor); // the estimate stays frozen; nothing was overspent
    expect(await david.page()).toContain('The budget could not freeze the booked cost'); // David reads English
  });

  it('refuses to approve a trip its budget cannot take, saying so, and freezes nothing', async () => {
    // Leave ¥260 of room in November's travel budget.
    const current = (await t.call('GET', '/api/v1/budgets?departmentId=d_sales&category=travel&periodKey=2026-11')).body.budgets[0];
    const resized = await t.call('POST', '/api/v1/budgets', { departmentId: 'd_sales', category: 'travel', periodKey: '2026-11', amount: { minor: current.frozen.minor + current.consumed.minor + 26_000, currency: 'CNY' }, allowOverrun: false });
    expect(resized.status).toBe(200);
    try {
      const lina = await as('e_lina');
      await lina.say('11月23日去深圳出差，11月26日回，飞机');
      await lina.click('submit', button(await lina.page(), 'submit'));
      await drain();
      const wang = await as('e_wangqiang');
      const before = (await t.call('GET', '/api/v1/budgets?departmentId=d_sales&category=travel&periodKey=2026-11')).body.budgets[0];
      await wang.click('approve', button(await wang.page(), 'approve'));
      await drain();
      // Over budget, so the flow added finance's step; finance's approval is the final one and the budget refuses it.
      const zhao = await as('e_zhaomin');
      await zhao.click('approve', button(await zhao.page(), 'approve'));
      expect(await zhao.page()).toMatch(/预算不足，未能批准：需要 ¥2,520\.00，可用 ¥260\.00/);
      const after = (await t.call('GET', '/api/v1/budgets?departmentId=d_sales&category=travel&periodKey=2026-11')).body.budgets[0];
      expect(after.frozen.minor).toBe(before.frozen.minor);
      const trip = (await t.call('GET', '/api/v1/requests?type=trip&submitterId=e_lina')).body.requests[0];
      expect(trip.status).toBe('pending');
    } finally {
      // Give the budget its room back: the other tests' November trips must not meet this squeezed budget.
      const restored = await t.call('POST', '/api/v1/budgets', { departmentId: 'd_sales', category: 'travel', periodKey: '2026-11', amount: current.amount, allowOverrun: current.allowOverrun });
      expect(restored.status).toBe(200);
    }
  });
});
