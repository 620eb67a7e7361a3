// Asking for an advance (借款) with a visit in chat: the sentence carries it to the draft card (with the hospitality
// budget available and what the host owes) and Submit registers it; one above the estimate is answered politely in
// the user's language, asked again, and the answer (with or without 借款, or none) replaces it, the estimate untouched.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { button, consoleAs, drainOutbox, lastCard, tail } from '../helpers/console.js';
import { ruleParser } from '../helpers/parser.js';

let t: TestApp;
beforeAll(async () => {
  // 2026-11-18 10:00 in Shanghai; one site, so no question about it.
  t = await testApp({}, { parser: ruleParser });
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '上海总部 1号', rules: [], deskIds: ['e_sunli'] })).status).toBe(200);
});
afterAll(() => t.close());

/** The newest visit request of `hostId`: its amount and what its details say of the advance. */
const newest = async (hostId: string) =>
  rowsOf<{ id: string; amount_minor: number; details: { visit: { advance?: unknown; estimate: unknown } } }>(
    await t.database.db.execute(sql`SELECT id, amount_minor, details FROM requests WHERE org_id = 'demo' AND type = 'visit' AND submitter_id = ${hostId} ORDER BY created_at DESC LIMIT 1`),
  )[0];

describe('an advance asked for with a visit in chat', () => {
  it('zh: one above the estimate is asked again; "借款500元" replaces it, and the card and the registration carry it', async () => {
    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say('明天下午两点ABC科技王强等2人来访，需要会议室和午餐，借款2000元');
    expect(tail(await zhang.page())).toContain('王强的手机号是多少');
    await zhang.say('跳过');
    // Three at the table at ¥200 a head: ¥600 estimated, so ¥2,000 is too much.
    expect(tail(await zhang.page())).toContain('借款 ¥2,000.00 超出本次接待的预计费用 ¥600.00');
    await zhang.say('借款500元');
    const page = await zhang.page();
    const card = lastCard(page);
    expect(card).toContain('申请借款');
    expect(card).toContain('¥500.00');
    expect(card).toContain('部门接待预算可用');
    expect(card).toContain('接待人未结借款');
    expect(card).toContain('预计 · 餐饮');
    expect(card).toContain('¥600.00');
    await zhang.click('submit', button(page, 'submit'));
    expect(await zhang.page()).toContain('已提交');
    const r = await newest('e_zhangwei');
    expect(r).toMatchObject({ amount_minor: 60_000, details: { visit: { advance: { minor: 50_000, currency: 'CNY' }, estimate: { meal: 60_000 } } } });

    // The approver sees the advance on their card too.
    await drainOutbox(t);
    const wang = await consoleAs(t, 'e_wangqiang');
    const approval = lastCard(await wang.page());
    expect(approval).toContain('申请借款');
    expect(approval).toContain('¥500.00');
  });

  it('zh: a bare amount answers the question as the advance, leaving the estimate as given', async () => {
    const li = await consoleAs(t, 'e_lina');
    await li.say('明天上午十点华为李明来访，手机13900139000，预计招待费800元，借款1000元');
    expect(tail(await li.page())).toContain('借款 ¥1,000.00 超出本次接待的预计费用 ¥800.00');
    await li.say('300');
    const page = await li.page();
    expect(lastCard(page)).toContain('¥300.00');
    await li.click('submit', button(page, 'submit'));
    expect(await newest('e_lina')).toMatchObject({ amount_minor: 80_000, details: { visit: { advance: { minor: 30_000, currency: 'CNY' }, estimate: { visit: 80_000 } } } });
  });

  it('en: the advance reaches the card in English; "no advance" drops one that was too much', async () => {
    const david = await consoleAs(t, 'e_david');
    await david.say('Wang Qiang from ABC Tech visiting tomorrow 2pm, need a meeting room and lunch, budget 2000 yuan, advance 1000 CNY');
    await david.say('skip');
    let page = await david.page();
    let card = lastCard(page);
    expect(card).toContain('Advance requested');
    expect(card).toContain('1,000.00');
    expect(card).toContain('Hospitality budget available');
    expect(card).toContain('Host’s outstanding advances');
    await david.click('submit', button(page, 'submit'));
    expect(await newest('e_david')).toMatchObject({ amount_minor: 200_000, details: { visit: { advance: { minor: 100_000, currency: 'CNY' } } } });

    await david.say('Sarah Lee from Globex visiting tomorrow 10am, lunch, advance 5000 CNY');
    await david.say('skip');
    expect(tail(await david.page())).toContain('The advance of CNY 5,000.00 is more than the visit\'s estimate');
    await david.say('no advance');
    page = await david.page();
    card = lastCard(page);
    expect(card).toContain('Sarah Lee');
    expect(card).not.toContain('Advance requested');
  });
});
