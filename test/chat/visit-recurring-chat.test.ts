// A recurring visit registered in chat: "每周二上午10点…共4次" and "every Tuesday at 10am for 4 weeks" make one draft
// card showing the rule in words, each date and the estimate per visit and in all; Submit registers one request with
// a visit per occurrence. Without a count or an end the default is taken and the card says so.
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
  const r = await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '上海总部 1号', rules: [], deskIds: ['e_sunli'] });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
});
afterAll(() => t.close());

const latestSeries = async () =>
  rowsOf<{ series_id: string | null; occurrence: number; starts_at: string; estimate_minor: number; request_id: string }>(
    await t.database.db.execute(sql`SELECT series_id, occurrence, starts_at, estimate_minor, request_id FROM visits WHERE org_id = 'demo' AND request_id = (SELECT request_id FROM visits WHERE org_id = 'demo' ORDER BY created_at DESC, occurrence LIMIT 1) ORDER BY occurrence`),
  );

describe('a recurring visit in chat', () => {
  it('zh: 每周二上午10点…共4次 shows the series on the draft and the approver’s card and registers four visits', async () => {
    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say('每周二上午10点ABC科技王强来访，需要午餐，共4次');
    expect(tail(await zhang.page())).toContain('王强的手机号是多少');
    await zhang.say('跳过');
    const page = await zhang.page();
    const card = lastCard(page);
    expect(card).toContain('首次来访');
    expect(card).toContain('11月24日 10:00–12:00');
    expect(card).toContain('每周二，共4次');
    expect(card).toContain('11月24日、12月1日、12月8日、12月15日');
    // Two at the table (the visitor and the host) at ¥200 a head: ¥400 a visit, ¥1,600 for the four.
    expect(card).toContain('预计（每次） · 餐饮');
    expect(card).toContain('400.00');
    expect(card).toContain('预计合计（4次）');
    expect(card).toContain('1,600.00');
    await zhang.click('submit', button(page, 'submit'));
    expect(await zhang.page()).toContain('已提交');
    const rows = await latestSeries();
    expect(rows.map((r) => [r.occurrence, new Date(r.starts_at).toISOString(), Number(r.estimate_minor)])).toEqual([
      [1, '2026-11-24T02:00:00.000Z', 40_000],
      [2, '2026-12-01T02:00:00.000Z', 40_000],
      [3, '2026-12-08T02:00:00.000Z', 40_000],
      [4, '2026-12-15T02:00:00.000Z', 40_000],
    ]);
    expect(new Set(rows.map((r) => r.series_id)).size).toBe(1);
    expect(rows[0]!.series_id).toBeTruthy();
    const [request] = rowsOf<{ amount_minor: number }>(await t.database.db.execute(sql`SELECT amount_minor FROM requests WHERE org_id = 'demo' AND id = ${rows[0]!.request_id}`));
    expect(Number(request!.amount_minor)).toBe(160_000);

    await drainOutbox(t);
    const approval = lastCard(await (await consoleAs(t, 'e_wangqiang')).page());
    expect(approval).toContain('每周二，共4次');
    expect(approval).toContain('11月24日、12月1日、12月8日、12月15日');
    expect(approval).toContain('预计合计（4次）');
    expect(() => button(approval, 'approve')).not.toThrow();
  });

  it('en: “every Tuesday at 10am for 4 weeks” registers a weekly series of four', async () => {
    const david = await consoleAs(t, 'e_david');
    await david.say("ABC's Wang Qiang visits every Tuesday at 10am for 4 weeks");
    expect(tail(await david.page())).toContain("What is Wang Qiang's mobile number?");
    await david.say('skip');
    const page = await david.page();
    const card = lastCard(page);
    expect(card).toContain('First visit');
    expect(card).toContain('weekly on Tue, 4 times');
    expect(card).toContain('Nov 24, Dec 1, Dec 8, Dec 15');
    await david.click('submit', button(page, 'submit'));
    const rows = await latestSeries();
    expect(rows.map((r) => new Date(r.starts_at).toISOString())).toEqual(['2026-11-24T02:00:00.000Z', '2026-12-01T02:00:00.000Z', '2026-12-08T02:00:00.000Z', '2026-12-15T02:00:00.000Z']);
  });

  it('without a count or an end, takes four and says so on the card; more than 26 is refused politely', async () => {
    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say('每天下午两点XYZ公司李雷来访');
    await zhang.say('跳过');
    const card = lastCard(await zhang.page());
    expect(card).toContain('每天，共4次');
    expect(card).toContain('按默认次数登记');
    expect(card).toContain('11月18日、11月19日、11月20日、11月21日');
    await zhang.say('每周三下午三点XYZ公司韩梅梅来访，共30次');
    await zhang.say('跳过');
    expect(tail(await zhang.page())).toContain('26');
  });
});
