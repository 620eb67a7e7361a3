// Registering a visit in chat (the web console, through the one inbound entry every channel uses): a Chinese and an
// English sentence, the questions for what is missing (which site, the visitor's mobile), the draft card, Submit
// through registerVisit, the approver's card with the visit's fields and only the chosen types; bad input answered
// politely in the user's language with nothing stored.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { button, consoleAs, drainOutbox, lastCard, tail } from '../helpers/console.js';
import { ruleParser } from '../helpers/parser.js';

let t: TestApp;
beforeAll(async () => {
  // 2026-11-18 10:00 in Shanghai (a Wednesday).
  t = await testApp({}, { parser: ruleParser });
  for (const [id, name, desk] of [['hq', '上海总部', 'e_sunli'], ['bj', '北京分公司', 'e_zhoujun']] as const) {
    const r = await t.call('PUT', `/api/v1/sites/${id}`, { actorId: 'e_sunli', name, address: `${name} 1号`, rules: [], deskIds: [desk] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
});
afterAll(() => t.close());

const count = async (table: 'visits' | 'visitors' | 'requests') => rowsOf<{ n: number }>(await t.database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE org_id = 'demo'`)))[0]!.n;

describe('registering a visit in chat', () => {
  it('asks for the site and the mobile, shows the visit on the draft card, and registers it through registerVisit', async () => {
    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say('明天下午两点ABC科技王强等2人来访，需要会议室和午餐');
    let page = await zhang.page();
    expect(tail(page)).toContain('在哪个地点接待');
    expect(tail(page)).toContain('1. 北京分公司');
    expect(tail(page)).toContain('2. 上海总部');
    await zhang.say('2');
    page = await zhang.page();
    expect(tail(page)).toContain('王强的手机号是多少');
    await zhang.say('13800138000');
    page = await zhang.page();
    const card = lastCard(page);
    expect(card).toContain('王强（ABC科技 · ****8000）');
    expect(card).toContain('王强的同行人1');
    expect(card).toContain('11月19日 14:00–16:00');
    expect(card).toContain('上海总部');
    expect(card).toContain('会议室、用餐');
    // Three at the table (two visitors and the host) at the standard ¥200 a head: ¥600, estimated from the standards.
    expect(card).toContain('预计 · 餐饮');
    expect(card).toContain('600.00');
    expect(card).toContain('按接待标准');
    expect(card).not.toContain('预计 · 住宿');
    // The number is never kept in the clear: not in the draft, not in the conversation.
    const stored = JSON.stringify(rowsOf(await t.database.db.execute(sql`SELECT draft FROM chat_drafts WHERE org_id = 'demo'`)));
    expect(stored).not.toContain('13800138000');

    const visitsBefore = await count('visits');
    await zhang.click('submit', button(page, 'submit'));
    expect(await zhang.page()).toContain('已提交');
    expect(await count('visits')).toBe(visitsBefore + 1);
    const [visit] = rowsOf<{ id: string; site_id: string; status: string; estimate_minor: number; resources: string[]; starts_at: string }>(
      await t.database.db.execute(sql`SELECT id, site_id, status, estimate_minor, resources, starts_at FROM visits WHERE org_id = 'demo' ORDER BY created_at DESC LIMIT 1`),
    );
    expect(visit).toMatchObject({ site_id: 'hq', status: 'pending', estimate_minor: 60_000, resources: ['meeting_room', 'meal'] });
    expect(new Date(visit!.starts_at).toISOString()).toBe('2026-11-19T06:00:00.000Z');
    const people = rowsOf<{ name: string; mobile_last4: string | null; mobile_enc: string | null }>(await t.database.db.execute(sql`SELECT name, mobile_last4, mobile_enc FROM visitors WHERE org_id = 'demo' AND visit_id = ${visit!.id} ORDER BY id`));
    expect(people.map((p) => [p.name, p.mobile_last4])).toEqual([['王强', '8000'], ['王强的同行人1', null]]);
    expect(people[0]!.mobile_enc).not.toContain('13800138000');

    // The approver's card: the visit's fields, only the chosen type's estimate, and the hospitality budget line.
    await drainOutbox(t);
    const wang = await consoleAs(t, 'e_wangqiang');
    const approval = lastCard(await wang.page());
    expect(approval).toContain('来访登记');
    expect(approval).toContain('王强（ABC科技 · ****8000）');
    expect(approval).toContain('接待级别');
    expect(approval).toContain('普通');
    expect(approval).toContain('11月19日 14:00–16:00');
    expect(approval).toContain('上海总部');
    expect(approval).toContain('预计 · 餐饮');
    for (const other of ['预计 · 住宿', '预计 · 酒水', '预计 · 交通', '预计 · 礼品']) expect(approval).not.toContain(other);
    expect(approval).not.toContain('13800138000');
    expect(() => button(approval, 'approve')).not.toThrow();
  });

  it('registers an English sentence: three visitors, the mobile skipped, an English card, and warns of an amount over the standard', async () => {
    const david = await consoleAs(t, 'e_david');
    await david.say('Wang Qiang and 2 colleagues from ABC Tech visiting tomorrow 2pm, need a meeting room and lunch, budget 2000 yuan');
    expect(tail(await david.page())).toContain('Which site will receive them?');
    await david.say('Beijing');
    // Not a site name: asked again, politely, with the list.
    expect(tail(await david.page())).toContain('I could not find that site.');
    await david.say('1');
    expect(tail(await david.page())).toContain("What is Wang Qiang's mobile number?");
    await david.say('skip');
    const page = await david.page();
    const card = lastCard(page);
    expect(card).toContain('Guest 2 of Wang Qiang');
    expect(card).toContain('Nov 19, 14:00–16:00');
    expect(card).toContain('Meeting room, Meals');
    expect(card).toContain('Estimate · Meals');
    expect(card).toContain('As given by the requester');
    // Four at the table at ¥200: ¥800 allowed, ¥2,000 asked.
    expect(card).toMatch(/over the reception standard/);
    await david.say('reason: the client is our largest account');
    await david.click('submit', button(await david.page(), 'submit'));
    expect(await david.page()).toMatch(/Submitted|submitted/);
    const [visit] = rowsOf<{ id: string; site_id: string; estimate: Record<string, number> }>(await t.database.db.execute(sql`SELECT id, site_id, estimate FROM visits WHERE org_id = 'demo' AND host_id = 'e_david'`));
    expect(visit).toMatchObject({ site_id: 'bj', estimate: { meal: 200_000 } });
    const names = rowsOf<{ name: string; mobile_enc: string | null }>(await t.database.db.execute(sql`SELECT name, mobile_enc FROM visitors WHERE visit_id = ${visit!.id} ORDER BY id`));
    expect(names).toEqual([{ name: 'Wang Qiang', mobile_enc: null }, { name: 'Guest 1 of Wang Qiang', mobile_enc: null }, { name: 'Guest 2 of Wang Qiang', mobile_enc: null }]);
  });

  it('answers a time already past and an invalid mobile politely, in the user\'s language, and stores nothing', async () => {
    const before = await Promise.all([count('visits'), count('visitors'), count('requests')]);
    const li = await consoleAs(t, 'e_lina');
    await li.say('今天上午8点华为李明来访');
    expect(tail(await li.page())).toContain('已经过去了');
    await li.say('明天下午三点华为李明来访，手机12345678901');
    let page = await li.page();
    expect(tail(page)).toContain('手机号码 ****8901 不正确');
    expect(page).not.toContain('12345678901');
    // The right number then goes on.
    await li.say('13900139000');
    expect(tail(await li.page())).toContain('在哪个地点接待');

    const david = await consoleAs(t, 'e_david');
    await david.say('Sarah Lee from Globex visiting today at 9am');
    expect(tail(await david.page())).toContain('has already passed');
    await david.say('Sarah Lee from Globex visiting tomorrow 10am, mobile +86 123 4567 8901');
    page = await david.page();
    expect(tail(page)).toContain('The mobile number ****8901 is not valid');
    expect(await Promise.all([count('visits'), count('visitors'), count('requests')])).toEqual(before);
  });

  it('keeps a number typed before the other answers only encrypted, and uses it once the questions are answered', async () => {
    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say('华为李明来访，手机 139-0013-9001');
    expect(tail(await zhang.page())).toContain('哪天来访');
    const conversations = async () => JSON.stringify(rowsOf(await t.database.db.execute(sql`SELECT state FROM conversations WHERE org_id = 'demo'`)));
    expect(await conversations()).not.toMatch(/13900139001|139-0013-9001/);
    await zhang.say('后天上午十点');
    expect(tail(await zhang.page())).toContain('在哪个地点接待');
    expect(await conversations()).not.toMatch(/13900139001|139-0013-9001/);
    await zhang.say('上海总部');
    // No question about the mobile: the one typed first is on the card, masked.
    expect(lastCard(await zhang.page())).toContain('李明（华为 · ****9001）');
  });
});
