// Receipts sent to the DingTalk robot over Stream: picture and file messages acknowledged at once, fetched later by
// the outbox with the downloadCode (robot/messageFiles/download, then the URL it answers, through the URL guard).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIdentities } from '../../db/repos/org.js';
import { enqueue } from '../../db/repos/outbox.js';
import { startDingTalkStream } from '../../src/channels/dingtalk-stream.js';
import { TOPIC_CHAT_RECEIPT } from '../../src/chat/receipt-chat.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { outboxHandlers } from '../../src/services.js';
import type { DingTalkStreamClient } from '../../bots/dingtalk/stream-client.js';
import { DingTalkFake } from '../fakes/dingtalk.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';
import { docxBytes, einvoiceXml, jpegBytes, receiptState, tempReceiptStore } from '../helpers/receipts.js';

let t: TestApp;
let fake: DingTalkFake;
let stream: DingTalkStreamClient;
let seq = 0;

beforeAll(async () => {
  fake = new DingTalkFake();
  const { url } = await fake.start();
  const host = new URL(url).host;
  const env = { DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret, DINGTALK_CARD_TEMPLATE_ID: 'tpl.spend', DINGTALK_API_URL: url, DINGTALK_OAPI_URL: url, CHAT_RATE_LIMITS: 'off', CHAT_FILES_ALLOW_HOSTS: host, RECEIPT_MAX_BYTES: '8192' };
  t = await testApp(env, { parser: ruleParser, receipts: tempReceiptStore() });
  await linkIdentities(t.database.db, 'demo', [{ orgId: 'demo', platform: 'dingtalk', kind: 'user_id', externalId: 'staff_zw', employeeId: 'e_zhangwei' }]);
  stream = startDingTalkStream({ ...t.deps, parser: ruleParser, orgId: 'demo' }, { clientId: fake.clientId, clientSecret: fake.clientSecret, apiUrl: url, mode: 'stream' }, { autoReconnect: false });
  await fake.gateway.waitForConnection();
});
afterAll(async () => {
  stream.disconnect();
  await t.close();
  await fake.stop();
});

const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
};
/** A picture or file message from Zhang Wei whose bytes the fake serves for its downloadCode. */
async function send(kind: 'picture' | 'file', bytes: Uint8Array | undefined, o: { name?: string; msgId?: string; code?: string } = {}) {
  seq += 1;
  const code = o.code ?? `dl_${seq}`;
  if (bytes) fake.addFile(code, bytes);
  const content = kind === 'picture' ? { downloadCode: code, pictureDownloadCode: `pic_${code}` } : { downloadCode: code, fileName: o.name ?? 'invoice.xml', spaceId: '1', fileId: `f${seq}` };
  const { ack } = await fake.pushRobotMessage({ senderStaffId: 'staff_zw', text: '', msgtype: kind, content, ...(o.msgId ? { msgId: o.msgId } : {}) });
  expect(ack.code).toBe(200);
}
const texts = () => fake.robotMessages.filter((m) => m.route === 'robot.oToMessages.batchSend').map((m) => (JSON.parse(String(m.body.msgParam)) as { content: string }).content);
const lastCard = () => [...fake.cards.values()].filter((c) => c.openSpaceId === 'dtv1.card//IM_ROBOT.staff_zw').at(-1)!;
const downloads = () => fake.callsTo('robot.messageFiles.download').length;
const state = () => receiptState(t.database.db, 'demo', 'e_zhangwei');

describe('receipts sent to the DingTalk robot', () => {
  it('keeps a photo it cannot read (no model configured) and says so, making no line', async () => {
    const calls = fake.calls.length;
    await send('picture', jpegBytes());
    expect(fake.calls.length).toBe(calls); // nothing on the callback path
    await drain();
    expect(texts()).toContain('收到，正在读取…');
    expect(fake.callsTo('files.download')).toHaveLength(1);
    const card = lastCard();
    expect(JSON.stringify(card.params)).toContain('未能识别票据内容');
    expect(card.params.btn_confirm_value).toBe('');
    const s = await state();
    expect(s.chat).toMatchObject([{ status: 'read', read_by: 'none', line_id: null }]);
    expect(s.lines).toHaveLength(0);
  });

  it('attaches an e-invoice XML to the matching open line, and refuses the same invoice again naming the first claim', async () => {
    const open = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'meal', amount: { minor: 25_600, currency: 'CNY' }, date: '2026-11-14' });
    // Another open line of another amount stays as it is.
    await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'meal', amount: { minor: 25_700, currency: 'CNY' }, date: '2026-11-14' });
    await send('file', einvoiceXml({ number: '26312000000200000001', total: 25_600, day: '2026-11-14', seller: '北京全聚德' }));
    await drain();
    let s = await state();
    expect(s.lines.find((l) => l.id === open.body.id)!.invoice_id).not.toBeNull();
    expect(s.receipts.map((r) => r.line_id)).toEqual([open.body.id]);
    expect(JSON.stringify(lastCard().params)).toContain('北京全聚德');

    await send('file', einvoiceXml({ number: '26312000000200000001', total: 25_600, day: '2026-11-14', seller: '北京全聚德' }), { name: 'copy.xml' });
    await drain();
    expect(texts().at(-1)).toMatch(/已经报过了：张伟于 \d{4}-\d{2}-\d{2} 登记在费用 /);
    expect(texts().at(-1)).toContain(open.body.id);
    s = await state();
    expect(s.receipts).toHaveLength(1);
    expect(s.lines).toHaveLength(2);
  });

  it('refuses a file too large and a .docx (by its name before fetching, by its bytes when the name says nothing)', async () => {
    await send('picture', jpegBytes(20_000));
    await drain();
    expect(texts().at(-1)).toMatch(/文件太大/);
    const before = downloads();
    await send('file', docxBytes(), { name: '说明.docx' });
    await drain();
    expect(downloads()).toBe(before);
    expect(texts().at(-1)).toContain('暂时读不了这种文件（说明.docx）');
    await send('file', docxBytes(), { name: 'scan' });
    await drain();
    expect(downloads()).toBe(before + 1);
    expect(texts().at(-1)).toContain('暂时读不了这种文件（scan）');
    const s = await state();
    expect(s.chat.filter((c) => c.status === 'refused')).toHaveLength(4); // the duplicate, too large, two unsupported
  });

  it('never fetches a download URL that points at an internal address', async () => {
    const saved = fake.downloadUrl;
    fake.downloadUrl = () => 'https://10.0.0.7/files/secret';
    const before = await state();
    const fetched = fake.callsTo('files.download').length;
    await send('picture', jpegBytes());
    await drain();
    fake.downloadUrl = saved;
    const after = await state();
    expect(fake.callsTo('files.download')).toHaveLength(fetched);
    expect(after.chat).toHaveLength(before.chat.length + 1);
    expect(after.chat.at(-1)).toMatchObject({ status: 'refused', refusal: { details: { reason: 'fetch' } } });
    expect(texts().at(-1)).toBe('没能取到这个文件，请重新发送一次。');
    expect(after.receipts).toEqual(before.receipts);
  });

  it('handles a redelivered robot message and a retried outbox message once', async () => {
    const before = await state();
    const xml = einvoiceXml({ number: '26312000000200000002', total: 4_200, day: '2026-11-17' });
    await send('file', xml, { msgId: 'msg_redelivered', code: 'dl_same' });
    await send('file', xml, { msgId: 'msg_redelivered', code: 'dl_same' });
    await drain();
    const fetched = downloads();
    const payload = { platform: 'dingtalk', employeeId: 'e_zhangwei', address: 'user:staff_zw', lang: 'zh', sourceKey: 'dingtalk:msg_redelivered:dl_same', attachment: { fileKey: 'dl_same', messageId: 'msg_redelivered', kind: 'file', name: 'invoice.xml' } };
    await enqueue(t.database.db, [{ orgId: 'demo', topic: TOPIC_CHAT_RECEIPT, key: 'retry-of-the-same', payload }]);
    await drain();
    expect(downloads()).toBe(fetched);
    const after = await state();
    expect(after.lines).toHaveLength(before.lines.length + 1);
    expect(after.receipts).toHaveLength(before.receipts.length + 1);
    expect(after.chat.filter((c) => c.source_key === 'dingtalk:msg_redelivered:dl_same')).toHaveLength(1);
  });
});
