// Receipts sent in Feishu: signed image/file events in, acknowledged at once, the file fetched later by the outbox
// through the real Lark SDK (im.messageResource.get) from the fake Open API, read, attached, and confirmed on the card.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIdentities } from '../../db/repos/org.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { outboxHandlers } from '../../src/services.js';
import { FeishuOpenApiFake } from '../fakes/feishu-open-api.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';
import { signedFeishuRequest } from '../fakes/sign.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';
import { einvoiceXml, jpegBytes, ofdBytes, receiptState, tempReceiptStore } from '../helpers/receipts.js';

const ENCRYPT_KEY = 'test-encrypt-key';
const TOKEN = 'test-verification-token';
let t: TestApp;
let fake: FeishuOpenApiFake;
let ai: FakeOpenAi;
let seq = 0;

beforeAll(async () => {
  fake = new FeishuOpenApiFake({ appId: 'cli_test', appSecret: 'secret' });
  const { url } = await fake.start();
  ai = await startFakeOpenAi();
  t = await testApp(
    { FEISHU_APP_ID: 'cli_test', FEISHU_APP_SECRET: 'secret', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN, FEISHU_DOMAIN: url, CHAT_RATE_LIMITS: 'off', RECEIPT_MAX_BYTES: '8192', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: ai.baseURL },
    { parser: ruleParser, receipts: tempReceiptStore() },
  );
  await linkIdentities(t.database.db, 'demo', [{ orgId: 'demo', platform: 'feishu', kind: 'open_id', externalId: 'ou_zhangwei', employeeId: 'e_zhangwei' }]);
});
afterAll(async () => {
  await t.close();
  await fake.stop();
  await ai.close();
});

const post = async (body: Record<string, unknown>) => {
  const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, body, timestamp: Math.floor(t.clock.now().getTime() / 1000) });
  const r = await t.app.request('/feishu/events', { method: 'POST', headers, body: rawBody });
  return { status: r.status, body: (await r.json()) as any };
};
/** A message with a file (`file`) or a photo (`image`) from Zhang Wei; the fake serves its bytes. */
function sendFile(kind: 'image' | 'file', bytes: Uint8Array | undefined, o: { name?: string; eventId?: string; messageId?: string } = {}) {
  seq += 1;
  const messageId = o.messageId ?? `om_file_${seq}`;
  const key = kind === 'image' ? `img_v2_${seq}` : `file_v3_${seq}`;
  if (bytes) fake.addResource(messageId, key, bytes, { type: kind });
  const content = kind === 'image' ? { image_key: key } : { file_key: key, file_name: o.name ?? 'invoice.xml' };
  return post({
    schema: '2.0',
    header: { event_id: o.eventId ?? `ev_f${seq}`, event_type: 'im.message.receive_v1', app_id: 'cli_test', tenant_key: 't1', create_time: String(t.clock.now().getTime()) },
    event: { sender: { sender_id: { open_id: 'ou_zhangwei' }, sender_type: 'user' }, message: { message_id: messageId, chat_id: 'oc_zw', chat_type: 'p2p', message_type: kind, content: JSON.stringify(content) } },
  });
}
const click = (value: string, messageId: string) =>
  post({ schema: '2.0', header: { event_id: `ev_c${++seq}`, event_type: 'card.action.trigger', app_id: 'cli_test', tenant_key: 't1', create_time: String(t.clock.now().getTime()) }, event: { operator: { open_id: 'ou_zhangwei' }, action: { tag: 'button', value: { t: value } }, context: { open_message_id: messageId, open_chat_id: 'oc_zw' } } });
const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
};
const texts = () => fake.messagesTo('ou_zhangwei').filter((m) => m.msgType === 'text').map((m) => (JSON.parse(m.content) as { text: string }).text);
const lastCard = () => fake.messagesTo('ou_zhangwei').filter((m) => m.msgType === 'interactive').at(-1)!;
const confirmOn = (m: { content: string }) => /"value":\{"t":"([^"]+)","a":"confirm"\}/.exec(m.content)?.[1];
const downloads = () => fake.callsTo('im.messageResource.get').length;
const state = () => receiptState(t.database.db, 'demo', 'e_zhangwei');

describe('receipts sent in Feishu', () => {
  it('answers the callback without calling Feishu, then reads a photo with the model and confirms its suggestion in one click', async () => {
    ai.script({ kind: 'json', body: { isInvoice: true, kind: 'receipt', number: 'R-20261115', issueDate: '2026-11-15', merchant: '海底捞火锅', currency: 'CNY', amount: '300.00', tax: '18.00', total: '318.00', confidence: 0.9 } });
    const calls = fake.calls.length;
    expect((await sendFile('image', jpegBytes())).status).toBe(200);
    expect(fake.calls.length).toBe(calls); // nothing sent or fetched on the callback's path
    await drain();
    expect(texts()).toContain('收到，正在读取…');
    expect(downloads()).toBe(1);
    expect(fake.callsTo('im.messageResource.get')[0]!.query.type).toBe('image');
    const card = lastCard();
    expect(card.content).toContain('海底捞火锅');
    expect(card.content).toContain('318.00');
    expect(card.content).toContain('18.00');
    expect(card.content).toContain('请核对');
    let s = await state();
    expect(s.lines).toMatchObject([{ status: 'draft', amount_minor: 31_800, date: '2026-11-15', invoice_id: null, source: 'chat' }]);
    expect(s.receipts).toEqual([{ id: expect.any(String), line_id: s.lines[0]!.id }]);

    const value = confirmOn(card)!;
    const answered = await click(value, card.messageId);
    expect(answered.body.toast.type).toBe('success');
    expect(answered.body.toast.content).toContain('已确认');
    s = await state();
    expect(s.lines[0]).toMatchObject({ status: 'open', invoice_id: expect.any(String) });
    expect(s.chat).toMatchObject([{ status: 'confirmed', read_by: 'model' }]);
    // The button once more: nothing changes.
    expect((await click(value, card.messageId)).body.toast.type).toBe('info');
  });

  it('attaches an e-invoice XML to the one open line of the same amount and date, exactly and without the model', async () => {
    const open = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'transport', amount: { minor: 8_800, currency: 'CNY' }, date: '2026-11-16', merchant: '出租车' });
    expect(open.status).toBe(201);
    const modelCalls = ai.requests.length;
    await sendFile('file', einvoiceXml({ number: '26312000000100000001', total: 8_800, day: '2026-11-16' }), { name: '发票.xml' });
    await drain();
    expect(ai.requests.length).toBe(modelCalls);
    const s = await state();
    const line = s.lines.find((l) => l.id === open.body.id)!;
    expect(line.invoice_id).not.toBeNull();
    expect(s.receipts.filter((r) => r.line_id === line.id)).toHaveLength(1);
    expect(s.lines).toHaveLength(2); // no new line
    const card = lastCard();
    expect(card.content).toContain('上海锦江汽车服务有限公司');
    expect(card.content).toContain('已匹配到金额和日期相同的费用');
    expect(confirmOn(card)).toBeUndefined(); // an open line with its invoice: nothing left to confirm
  });

  it('reads an e-invoice sent as OFD (the XML inside it) and attaches it to the matching open line', async () => {
    const open = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'transport', amount: { minor: 6_600, currency: 'CNY' }, date: '2026-11-11', merchant: '出租车' });
    expect(open.status).toBe(201);
    const modelCalls = ai.requests.length;
    await sendFile('file', ofdBytes({ number: '26312000000100000055', total: 6_600, day: '2026-11-11', attachXml: true }), { name: '电子发票.ofd' });
    await drain();
    expect(ai.requests.length).toBe(modelCalls); // read from the file, not by the model
    const line = (await state()).lines.find((l) => l.id === open.body.id)!;
    expect(line.invoice_id).not.toBeNull();
    expect(lastCard().content).toContain('26312000000100000055');
  });

  it('makes a new draft line when two open lines have the invoice’s amount and date (no guess between equals)', async () => {
    for (let i = 0; i < 2; i++) expect((await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'meal', amount: { minor: 7_700, currency: 'CNY' }, date: '2026-11-13' })).status).toBe(201);
    const before = await state();
    await sendFile('file', einvoiceXml({ number: '26312000000100000009', total: 7_700, day: '2026-11-13' }), { name: 'lunch.xml' });
    await drain();
    const after = await state();
    const made = after.lines.filter((l) => !before.lines.some((b) => b.id === l.id));
    expect(made).toMatchObject([{ status: 'draft', amount_minor: 7_700, date: '2026-11-13', invoice_id: expect.any(String), source: 'chat' }]);
    expect(after.lines.filter((l) => l.amount_minor === 7_700 && l.source === 'manual').every((l) => l.invoice_id === null)).toBe(true);
    expect(lastCard().content).toContain('已生成待确认的费用');
  });

  it('refuses a duplicate invoice naming the first claim, and keeps nothing', async () => {
    const before = await state();
    await sendFile('file', einvoiceXml({ number: '26312000000100000001', total: 8_800, day: '2026-11-16' }), { name: 'again.xml' });
    await drain();
    const reply = texts().at(-1)!;
    expect(reply).toContain('这张发票（号码 26312000000100000001）已经报过了');
    expect(reply).toContain('张伟');
    expect(reply).toContain(before.lines[1]!.id);
    const after = await state();
    expect(after.lines).toEqual(before.lines);
    expect(after.receipts).toEqual(before.receipts);
    expect(after.chat.at(-1)).toMatchObject({ status: 'refused', refusal: { code: 'INVOICE.DUPLICATE' } });
  });

  it('refuses a file too large while downloading it, and a type we do not read before downloading', async () => {
    const before = await state();
    await sendFile('image', jpegBytes(20_000));
    await drain();
    expect(texts().at(-1)).toMatch(/文件太大.*票据最大 8 KB/);

    const fetched = downloads();
    await sendFile('file', new Uint8Array([1, 2, 3]), { name: '报销说明.docx' });
    await drain();
    expect(downloads()).toBe(fetched);
    expect(texts().at(-1)).toContain('暂时读不了这种文件（报销说明.docx）');
    expect(texts().at(-1)).toContain('PDF');
    const after = await state();
    expect(after.lines).toEqual(before.lines);
    expect(after.receipts).toEqual(before.receipts);
  });

  it('processes a redelivered event and a retried fetch once', async () => {
    const before = await state();
    const acks = () => texts().filter((x) => x === '收到，正在读取…').length;
    const acked = acks();
    const xml = einvoiceXml({ number: '26312000000100000002', total: 12_300, day: '2026-11-17' });
    await sendFile('file', xml, { eventId: 'ev_redelivered', messageId: 'om_redelivered' });
    seq -= 1; // the same file key again
    await sendFile('file', xml, { eventId: 'ev_redelivered', messageId: 'om_redelivered' });
    await drain();
    const fetched = downloads();
    seq -= 1; // Feishu pushing the same message under a new event id
    await sendFile('file', xml, { eventId: 'ev_redelivered_2', messageId: 'om_redelivered' });
    await drain();
    expect(downloads()).toBe(fetched);
    const after = await state();
    expect(after.lines).toHaveLength(before.lines.length + 1);
    expect(after.receipts).toHaveLength(before.receipts.length + 1);
    expect(acks()).toBe(acked + 1);
    expect(after.chat.filter((c) => c.source_key === 'feishu:om_redelivered:file_v3_' + String(seq))).toHaveLength(1);
  });
});
