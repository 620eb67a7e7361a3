// The visit registration form on the web console and on DingTalk. The console shows an HTML form (checkboxes for the
// resources); a refused one comes back with what was typed and why (answered on the spot, kept nowhere); a good one
// registers the visit through registerVisit and the approver's card follows; English speakers are answered in
// English. DingTalk cards take no input: the form card gives the sentence to send instead.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { linkIdentities } from '../../db/repos/org.js';
import { startDingTalkStream } from '../../src/channels/dingtalk-stream.js';
import type { DingTalkStreamClient } from '../../bots/dingtalk/stream-client.js';
import { DingTalkFake } from '../fakes/dingtalk.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { cookiesOf, csrfOf, drainOutbox, LOOPBACK } from '../helpers/console.js';
import { ruleParser } from '../helpers/parser.js';

let t: TestApp;
beforeAll(async () => {
  // 2026-11-18 10:00 in Shanghai.
  t = await testApp({}, { parser: ruleParser });
  for (const [id, name] of [['hq', '上海总部'], ['bj', '北京分公司']] as const) {
    expect((await t.call('PUT', `/api/v1/sites/${id}`, { actorId: 'e_sunli', name, address: `${name} 1号`, rules: [], deskIds: ['e_sunli'] })).status).toBe(200);
  }
});
afterAll(() => t.close());

/** A browser session as one employee; form posts as the browser sends them (checkboxes repeat their name). */
async function browser(employeeId: string) {
  const cookie = cookiesOf(await t.app.request(`/console?as=${employeeId}`, {}, LOOPBACK));
  const page = async () => (await t.app.request('/console', { headers: { cookie } }, LOOPBACK)).text();
  const post = async (path: string, form: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: csrfOf(await page()) });
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    const r = await t.app.request(path, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() }, LOOPBACK);
    return { status: r.status, html: await r.text() };
  };
  return { page, say: (text: string) => post('/console/messages', { text }), post };
}
/** The signed value of the newest visit form on a page. */
const formValue = (html: string): string => {
  const forms = [...html.matchAll(/<article[^>]*data-kind="visit_form"[\s\S]*?<\/article>/g)].map((m) => m[0]);
  const v = /name="value" value="([^"]+)"/.exec(forms.at(-1) ?? '');
  if (!v) throw new Error('no visit form on the page');
  return v[1]!;
};
const count = async () => rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM visits WHERE org_id = 'demo'`))[0]!.n;
const fields = { visitors: '王强\n李娜', company: 'ABC科技', title: '', mobile: '', idNumber: '', level: 'standard', purpose: '商务洽谈', date: '2026-11-19', startTime: '14:00', endTime: '16:00', site: 'bj', companions: '', resources: ['meeting_room', 'meal'], estimate: '' };

describe('the visit form on the console', () => {
  it('shows the form, answers a refused one with what was typed and why, and registers a good one', async () => {
    const zw = await browser('e_zhangwei');
    await zw.say('访客登记');
    let page = await zw.page();
    for (const s of ['来访登记', 'name="visitors"', '<select name="site" required>', 'type="checkbox" name="resources"']) expect(page).toContain(s);
    const value = formValue(page);

    const refused = await zw.post('/console/action', { action: 'submit', value, ...fields, mobile: '12345', endTime: '13:00' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('「手机号」****2345 不是能接收短信的手机号');
    expect(refused.html).toContain('其他已填写的内容都还在');
    // Nothing typed is lost: the names, the site chosen, the boxes ticked…
    expect(refused.html).toContain('王强\n李娜</textarea>');
    expect(refused.html).toContain('<option value="bj" selected>');
    expect(refused.html).toContain('value="meal" checked');
    expect(refused.html).toContain('value="12345"');
    // …and nothing of it is kept.
    expect(await zw.page()).not.toContain('value="12345"');
    expect(await count()).toBe(0);

    const late = await zw.post('/console/action', { action: 'submit', value, ...fields, endTime: '13:00' });
    expect(late.html).toContain('「结束时间」结束时间要晚于开始时间。');

    // A visitor on the watchlist: registerVisit refuses the visit, the form says so on the visitors' field.
    expect((await t.call('POST', '/api/v1/watchlist', { actorId: 'e_sunli', name: '赵六', reason: '冒用邀请' })).status).toBe(201);
    const watched = await zw.post('/console/action', { action: 'submit', value, ...fields, visitors: '王强、赵六' });
    expect(watched.status).toBe(422);
    expect(watched.html).toContain('「来访人姓名」该访客在访客黑名单上，不能登记或入场');
    expect(watched.html).toContain('王强、赵六</textarea>');
    expect(await count()).toBe(0);

    expect((await zw.post('/console/action', { action: 'submit', value, ...fields })).status).toBe(303);
    expect(await count()).toBe(1);
    const [visit] = rowsOf<{ site_id: string; resources: string[]; estimate: Record<string, number> }>(await t.database.db.execute(sql`SELECT site_id, resources, estimate FROM visits WHERE org_id = 'demo'`));
    // Meals for three (two visitors and the host) at the standard ¥200 a head.
    expect(visit).toEqual({ site_id: 'bj', resources: ['meeting_room', 'meal'], estimate: { meal: 60_000 } });
    await drainOutbox(t);
    page = await zw.page();
    expect(page).toMatch(/已提交来访申请 \S+，等待审批。/);
    expect(page).toContain('已提交审批');

    // The same form again (the browser's back button): nothing more is registered.
    expect((await zw.post('/console/action', { action: 'submit', value, ...fields })).status).toBe(303);
    expect(await zw.page()).toContain('已经提交过');
    expect(await count()).toBe(1);

    const wang = await browser('e_wangqiang');
    const card = (await wang.page()).split('<article').at(-1)!;
    for (const s of ['王强', '李娜', 'ABC科技', '北京分公司', '会议室、用餐', '商务洽谈']) expect(card).toContain(s);
  });

  it('answers in English, and offers the form when a visit sentence says too little', async () => {
    const david = await browser('e_david');
    await david.say('register a visitor');
    let page = await david.page();
    expect(page).toContain('Fill in the visit form; it goes for approval once submitted:');
    expect(page).toContain('Register a visit');
    const refused = await david.post('/console/action', { action: 'submit', value: formValue(page), ...fields, date: '2026-11-18', startTime: '09:00', endTime: '10:00' });
    expect(refused.html).toContain('Start time: that time (Nov 18, 09:00) has already passed; give a time ahead.');

    await david.say('a visitor is coming');
    page = await david.page();
    expect(page).toContain('What is the visitor&#39;s name?');
    expect(page).toContain('Or fill in the visit form below.');
  });
});

describe('the visit form on DingTalk', () => {
  let fake: DingTalkFake;
  let dt: TestApp;
  let stream: DingTalkStreamClient;
  beforeAll(async () => {
    fake = new DingTalkFake();
    const { url } = await fake.start();
    dt = await testApp({ DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret, DINGTALK_CARD_TEMPLATE_ID: 'tpl.spend', DINGTALK_API_URL: url, DINGTALK_OAPI_URL: url, DINGTALK_MODE: 'http' }, { parser: ruleParser });
    await linkIdentities(dt.database.db, 'demo', [{ orgId: 'demo', platform: 'dingtalk', kind: 'user_id', externalId: 'staff_zw', employeeId: 'e_zhangwei' }]);
    expect((await dt.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '世纪大道100号', rules: [], deskIds: ['e_sunli'] })).status).toBe(200);
    stream = startDingTalkStream({ ...dt.deps, parser: ruleParser, orgId: 'demo', autoLink: true }, { clientId: fake.clientId, clientSecret: fake.clientSecret, apiUrl: url, mode: 'stream' }, { autoReconnect: false });
    await fake.gateway.waitForConnection();
  });
  afterAll(async () => {
    stream.disconnect();
    await dt.close();
    await fake.stop();
  });

  it('answers "来访登记" with the sentence to send, since its cards take no input', async () => {
    await fake.pushRobotMessage({ senderStaffId: 'staff_zw', text: '来访登记' });
    await drainOutbox(dt);
    const card = [...fake.cards.values()].filter((c) => JSON.stringify(c.params).includes('visit_form')).at(-1);
    expect(card).toBeDefined();
    expect(String(card!.params.markdown)).toContain('请直接发一句话登记来访');
    expect(String(card!.params.markdown)).toContain('明天下午两点ABC科技王强等2人来访，需要会议室和午餐');
    expect(card!.params.has_buttons).toBe('false');
  });
});
