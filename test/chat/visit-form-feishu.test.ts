// The visit registration form on Feishu, end to end: signed events in, the real Lark SDK out to the fake Open API.
// "来访登记" answers with a card form; a bad mobile is refused naming the field, the card coming back with what was
// typed; a good form registers the visit through registerVisit (the approver gets the approval card) and the form
// closes; the same signed form submitted again registers nothing more; a time already past is refused; and a form
// signed for one organisation, submitted from another organisation's tenant, changes nothing in either.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { createOrganisation, linkIdentities, upsertDepartments, upsertEmployees } from '../../db/repos/org.js';
import { registerTenant } from '../../db/repos/tenants.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { outboxHandlers } from '../../src/services.js';
import { FeishuOpenApiFake } from '../fakes/feishu-open-api.js';
import { signedFeishuRequest } from '../fakes/sign.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';
import { fingerprint } from '../helpers/two-orgs.js';

const ENCRYPT_KEY = 'test-encrypt-key';
const TOKEN = 'test-verification-token';
let t: TestApp;
let fake: FeishuOpenApiFake;
let seq = 0;

beforeAll(async () => {
  fake = new FeishuOpenApiFake({ appId: 'cli_test', appSecret: 'secret' });
  const { url } = await fake.start();
  // 2026-11-18 10:00 in Shanghai.
  t = await testApp({ FEISHU_APP_ID: 'cli_test', FEISHU_APP_SECRET: 'secret', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN, FEISHU_DOMAIN: url }, { parser: ruleParser });
  const db = t.database.db;
  // A second organisation on the same deployment, its own tenant; the same open id there is someone else.
  await createOrganisation(db, { id: 'acme', name: 'Acme', timeZone: 'Europe/London', defaultCurrency: 'GBP' });
  await upsertDepartments(db, [{ id: 'd_acme', orgId: 'acme', name: 'Acme HQ', parentId: null, headId: null }], t.clock.now());
  await upsertEmployees(db, [{ id: 'e_bob', orgId: 'acme', name: 'Bob', departmentId: 'd_acme', managerId: null, roles: ['employee'], grade: 1, locale: 'en', active: true }], t.clock.now());
  expect((await registerTenant(db, 'demo', 'feishu', 't1')).ok).toBe(true);
  expect((await registerTenant(db, 'acme', 'feishu', 'tk_b')).ok).toBe(true);
  await linkIdentities(db, 'demo', [
    { platform: 'feishu', tenant: 't1', kind: 'open_id', externalId: 'ou_zhangwei', employeeId: 'e_zhangwei' },
    { platform: 'feishu', tenant: 't1', kind: 'open_id', externalId: 'ou_wangqiang', employeeId: 'e_wangqiang' },
  ]);
  await linkIdentities(db, 'acme', [{ platform: 'feishu', tenant: 'tk_b', kind: 'open_id', externalId: 'ou_zhangwei', employeeId: 'e_bob' }]);
  for (const [id, name] of [['hq', '上海总部'], ['bj', '北京分公司']] as const) {
    expect((await t.call('PUT', `/api/v1/sites/${id}`, { actorId: 'e_sunli', name, address: `${name} 1号`, rules: [], deskIds: ['e_sunli'] })).status).toBe(200);
  }
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

const post = async (body: Record<string, unknown>) => {
  const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, body, timestamp: Math.floor(t.clock.now().getTime() / 1000) });
  const r = await t.app.request('/feishu/events', { method: 'POST', headers, body: rawBody });
  return { status: r.status, body: (await r.json()) as any };
};
const header = (eventType: string, tenant: string) => ({ event_id: `ev_${++seq}`, event_type: eventType, app_id: 'cli_test', tenant_key: tenant, create_time: String(t.clock.now().getTime()) });
const message = (openId: string, text: string) =>
  post({ schema: '2.0', header: header('im.message.receive_v1', 't1'), event: { sender: { sender_id: { open_id: openId }, sender_type: 'user' }, message: { message_id: `om_${seq}`, chat_id: `oc_${openId}`, chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text }) } } });
/** The form submitted as Feishu sends it: the values in `form_value` (a multi-select's as a list, a date with its zone). */
const submit = (openId: string, value: string, form: Record<string, unknown>, tenant = 't1') =>
  post({ schema: '2.0', header: header('card.action.trigger', tenant), event: { operator: { open_id: openId, tenant_key: tenant }, action: { tag: 'button', name: 'btn_submit', value: { t: value, a: 'submit' }, form_value: form }, context: { open_message_id: 'om_x', open_chat_id: 'oc_x' } } });
const click = (openId: string, value: string) =>
  post({ schema: '2.0', header: header('card.action.trigger', 't1'), event: { operator: { open_id: openId }, action: { tag: 'button', value: { t: value } }, context: { open_message_id: 'om_y', open_chat_id: 'oc_x' } } });
const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
};
/** The newest interactive card to `openId` matching `re`, and its `action` button's signed value. */
function cardTo(openId: string, re: RegExp, action: string): { value: string; messageId: string; content: string } {
  const m = fake.messagesTo(openId).filter((x) => x.msgType === 'interactive' && re.test(x.content)).at(-1);
  if (!m) throw new Error(`no card matching ${re} to ${openId}`);
  for (const x of m.content.matchAll(/"value":\{"t":"([^"]+)","a":"(\w+)"\}/g)) if (x[2] === action) return { value: x[1]!, messageId: m.messageId, content: m.content };
  throw new Error(`no ${action} button on the card to ${openId}`);
}
const count = async (table: 'visits' | 'visitors' | 'requests') => rowsOf<{ n: number }>(await t.database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE org_id = 'demo'`)))[0]!.n;
const filled = (over: Record<string, unknown> = {}) => ({
  visitors: '王强、李娜', company: 'ABC科技', title: '采购总监', mobile: '13800138000', level: 'vip', purpose: '合同洽谈',
  date: '2026-11-19 +0800', startTime: '14:00', endTime: '16:00 +0800', site: 'hq', resources: ['meeting_room', 'meal'], ...over,
});
type El = Record<string, any>;
const formIn = (card: El): El | undefined => (card?.data?.body?.elements as El[] | undefined)?.find((e) => e.tag === 'form');

describe('the visit form on Feishu', () => {
  let form: { value: string; messageId: string; content: string };

  it('answers "来访登记" with a card form of the visit’s fields, the sites to choose from', async () => {
    await message('ou_zhangwei', '来访登记');
    await drain();
    form = cardTo('ou_zhangwei', /"tag":"form"/, 'submit');
    for (const name of ['visitors', 'company', 'title', 'mobile', 'idNumber', 'level', 'purpose', 'date', 'startTime', 'endTime', 'site', 'companions', 'resources', 'estimate']) expect(form.content).toContain(`"name":"${name}"`);
    expect(form.content).toContain('"tag":"date_picker"');
    expect(form.content).toContain('上海总部');
  });

  it('refuses an invalid mobile naming the field, sends the card back with what was typed, and registers nothing', async () => {
    const bad = await submit('ou_zhangwei', form.value, filled({ mobile: '1380013800' }));
    expect(bad.body.toast.type).toBe('warning');
    expect(bad.body.toast.content).toContain('「手机号」');
    expect(bad.body.toast.content).toContain('其他已填写的内容都还在');
    const back = formIn(bad.body.card);
    expect(back).toBeDefined();
    const named = Object.fromEntries(JSON.stringify(back).match(/"name":"\w+"/g)!.map((n) => [n.slice(8, -1), true]));
    expect(named.visitors && named.mobile).toBe(true);
    expect(JSON.stringify(back)).toContain('"default_value":"王强、李娜"');
    expect(JSON.stringify(back)).toContain('"default_value":"1380013800"');
    expect(JSON.stringify(back)).toContain('"initial_date":"2026-11-19"');
    expect(JSON.stringify(back)).toContain('"selected_values":["meeting_room","meal"]');
    expect(JSON.stringify(back)).toContain('「手机号」');
    expect(await count('visits')).toBe(0);

    const badId = await submit('ou_zhangwei', form.value, filled({ idNumber: '110101199003071234' }));
    expect(badId.body.toast.content).toContain('「身份证号」');
    expect(await count('visits')).toBe(0);
  });

  it('registers a good form through registerVisit: the approver gets the approval card and the form closes', async () => {
    const good = await submit('ou_zhangwei', form.value, filled({ idNumber: '11010519491231002X' }));
    expect(good.body.toast.type).toBe('success');
    expect(good.body.toast.content).toMatch(/已提交来访申请 \S+，等待审批/);
    expect(formIn(good.body.card)).toBeUndefined();
    expect(await count('visits')).toBe(1);
    expect(await count('visitors')).toBe(2);
    const [visit] = rowsOf<{ site_id: string; level: string; starts_at: Date | string; resources: string[] }>(await t.database.db.execute(sql`SELECT site_id, level, starts_at, resources FROM visits WHERE org_id = 'demo'`));
    expect(visit).toMatchObject({ site_id: 'hq', level: 'vip', resources: ['meeting_room', 'meal'] });
    // 14:00 in Shanghai, the organisation's zone.
    expect(new Date(visit!.starts_at).toISOString()).toBe('2026-11-19T06:00:00.000Z');
    // The numbers are kept encrypted: neither appears in the clear anywhere in the visitors' rows.
    const stored = JSON.stringify(rowsOf(await t.database.db.execute(sql`SELECT * FROM visitors WHERE org_id = 'demo'`)));
    expect(stored).not.toContain('13800138000');
    expect(stored).not.toContain('11010519491231002X');
    await drain();
    const approval = cardTo('ou_wangqiang', /接待级别/, 'approve').content.replace(/&#42;/g, '*');
    for (const s of ['王强', '李娜', 'ABC科技', '****8000', '贵宾', '上海总部', '会议室、用餐', '合同洽谈']) expect(approval).toContain(s);
    // Every copy of the form now says it was registered, with no inputs left.
    const after = fake.messages.get(form.messageId)!.content;
    expect(after).toContain('已提交审批');
    expect(after).not.toContain('"tag":"form"');
  });

  it('registers nothing more when the same signed form is submitted again', async () => {
    const approvals = fake.messagesTo('ou_wangqiang').filter((m) => m.msgType === 'interactive').length;
    const again = await submit('ou_zhangwei', form.value, filled({ idNumber: '11010519491231002X' }));
    expect(again.body.toast.type).toBe('info');
    expect(again.body.toast.content).toContain('已经提交过');
    const changed = await submit('ou_zhangwei', form.value, filled({ visitors: '赵六' }));
    expect(changed.body.toast.content).toContain('已经提交过');
    await drain();
    expect(await count('visits')).toBe(1);
    expect(await count('requests')).toBe(1);
    expect(fake.messagesTo('ou_wangqiang').filter((m) => m.msgType === 'interactive')).toHaveLength(approvals);
  });

  it('refuses a time already past, and an unknown colleague, naming the field', async () => {
    await message('ou_zhangwei', '登记访客');
    await drain();
    const next = cardTo('ou_zhangwei', /"tag":"form"/, 'submit');
    expect(next.value).not.toBe(form.value);
    const past = await submit('ou_zhangwei', next.value, filled({ date: '2026-11-18', startTime: '09:00', endTime: '11:00' }));
    expect(past.body.toast.content).toContain('「开始时间」来访时间（11月18日 09:00）已经过去了');
    const stranger = await submit('ou_zhangwei', next.value, filled({ companions: '不存在的人' }));
    expect(stranger.body.toast.content).toContain('「陪同人员」没有找到在职同事「不存在的人」');
    expect(await count('visits')).toBe(1);
  });

  it('does nothing with a form of this organisation submitted from the other organisation’s tenant', async () => {
    await message('ou_zhangwei', '来访登记');
    await drain();
    const mine = cardTo('ou_zhangwei', /"tag":"form"/, 'submit');
    const before = { demo: await fingerprint(t.database.db, 'demo'), acme: await fingerprint(t.database.db, 'acme') };
    const r = await submit('ou_zhangwei', mine.value, filled({ date: '2026-11-20 +0800' }), 'tk_b');
    expect(r.status).toBe(200);
    expect(r.body.toast.type).toBe('error');
    expect(r.body.card).toBeUndefined();
    expect({ demo: await fingerprint(t.database.db, 'demo'), acme: await fingerprint(t.database.db, 'acme') }).toEqual(before);
  });

  it('offers the form beside the first question when a visit sentence says too little', async () => {
    await message('ou_zhangwei', '有客户来访');
    await drain();
    const said = fake.messagesTo('ou_zhangwei').slice(-3);
    expect(said[0]!.content).toContain('来访人叫什么名字');
    expect(said[1]!.content).toContain('也可以直接填写下面的来访登记表');
    expect(said[2]!.content).toContain('"name":"visit_form"');
    // A button that is not the form's (someone else's, or forged) is still refused.
    expect((await click('ou_wangqiang', cardTo('ou_zhangwei', /"tag":"form"/, 'submit').value)).body.toast.content).toContain('这张卡片不是发给你的');
  });
});
