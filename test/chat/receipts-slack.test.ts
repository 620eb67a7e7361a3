// Receipts shared with the bot in Slack (message events with subtype file_share): acknowledged at once, fetched later
// by the outbox from url_private_download with the bot token (only on the configured Slack file host), read, attached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIdentities } from '../../db/repos/org.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { outboxHandlers } from '../../src/services.js';
import type { SlackSharedFile } from '../fakes/slack-files.js';
import { SlackWebApiFake } from '../fakes/slack-web-api.js';
import { signedSlackRequest } from '../fakes/sign.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';
import { einvoiceXml, jpegBytes, receiptState, tempReceiptStore } from '../helpers/receipts.js';

const SECRET = 'slack-signing-secret';
let t: TestApp;
let fake: SlackWebApiFake;
let seq = 0;

beforeAll(async () => {
  fake = new SlackWebApiFake();
  await fake.start();
  const host = new URL(fake.url).host;
  t = await testApp(
    { SLACK_BOT_TOKEN: 'xoxb-fake-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, CHAT_RATE_LIMITS: 'off', SLACK_FILE_HOSTS: host, CHAT_FILES_ALLOW_HOSTS: host, RECEIPT_MAX_BYTES: '8192' },
    { parser: ruleParser, receipts: tempReceiptStore() },
  );
  await linkIdentities(t.database.db, 'demo', [{ orgId: 'demo', platform: 'slack', kind: 'slack_user', externalId: 'UZHANG', employeeId: 'e_zhangwei' }]);
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

const send = async (rawBody: string) => {
  const headers = signedSlackRequest({ signingSecret: SECRET, rawBody, timestamp: Math.floor(t.clock.now().getTime() / 1000) });
  const r = await t.app.request('/slack/events', { method: 'POST', headers, body: rawBody });
  return { status: r.status };
};
/** Zhang Wei shares a file with the bot in their DM, with an English caption. */
const share = (file: SlackSharedFile, eventId = `Ev${++seq}`) =>
  send(JSON.stringify({ token: 't', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: 1, event: { type: 'message', subtype: 'file_share', channel_type: 'im', channel: 'DZHANG', user: 'UZHANG', text: 'here is my receipt', files: [file], ts: `${++seq}.0001` } }));
const clickOn = (actionId: string, value: string) =>
  send(`payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'UZHANG' }, team: { id: 'T1' }, api_app_id: 'A1', trigger_id: `trig${++seq}`, container: { type: 'message', channel_id: 'DZHANG', message_ts: '1' }, actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: `${++seq}.5` }] }))}`);
const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
};
const texts = () => fake.messagesIn('DZHANG').filter((m) => !Array.isArray(m.blocks)).map((m) => m.text ?? '');
const lastCard = () => fake.messagesIn('DZHANG').filter((m) => Array.isArray(m.blocks)).at(-1)!;
const buttonOf = (m: { blocks: unknown }, actionId: string) => {
  for (const b of m.blocks as any[]) for (const el of b.elements ?? []) if (el.action_id === actionId) return el.value as string;
  return undefined;
};
const downloads = () => fake.calls.filter((c) => c.route === 'file_download').length;
const state = () => receiptState(t.database.db, 'demo', 'e_zhangwei');

describe('receipts shared with the bot in Slack', () => {
  it('fetches the file with the bot token, in English when written to in English, and confirms the new draft line in one click', async () => {
    // An e-invoice of no open line: a new draft line to confirm.
    const calls = fake.calls.length;
    expect((await share(fake.files.share('invoice.xml', einvoiceXml({ number: '26312000000300000001', total: 5_500, day: '2026-11-12' }), 'application/xml'))).status).toBe(200);
    expect(fake.calls.length).toBe(calls);
    await drain();
    expect(texts()).toContain('Got it, reading your receipt…');
    const fetched = fake.calls.filter((c) => c.route === 'file_download');
    expect(fetched).toHaveLength(1);
    expect(fetched[0]!.headers.authorization).toBe('Bearer xoxb-fake-token');
    const card = lastCard();
    expect(JSON.stringify(card.blocks)).toContain('a new draft expense was made from it');
    let s = await state();
    expect(s.lines).toMatchObject([{ status: 'draft', amount_minor: 5_500, date: '2026-11-12', invoice_id: expect.any(String), source: 'chat' }]);

    await clickOn('confirm', buttonOf(card, 'confirm')!);
    await drain();
    s = await state();
    expect(s.lines[0]!.status).toBe('open');
    expect(JSON.stringify(lastCard().blocks)).not.toContain('"action_id":"confirm"');
  });

  it('refuses a file whose declared size is too large without downloading it, and one of a type we do not read', async () => {
    const before = downloads();
    await share(fake.files.share('scan.jpg', jpegBytes(), 'image/jpeg', { size: 50_000 }));
    await share(fake.files.share('claims.zip', new Uint8Array([0x50, 0x4b, 3, 4]), 'application/zip'));
    await drain();
    expect(downloads()).toBe(before);
    expect(texts()).toEqual(expect.arrayContaining([expect.stringMatching(/too large \(49 KB\): receipts may be at most 8 KB/), expect.stringContaining("can't read this kind of file (claims.zip)")]));
  });

  it('refuses a duplicate invoice naming the first claim', async () => {
    const first = (await state()).lines[0]!;
    await share(fake.files.share('again.xml', einvoiceXml({ number: '26312000000300000001', total: 5_500, day: '2026-11-12' }), 'application/xml'));
    await drain();
    expect(texts().at(-1)).toMatch(new RegExp(`This invoice \\(no. 26312000000300000001\\) was already claimed by 张伟 on \\d{4}-\\d{2}-\\d{2} \\(expense ${first.id}\\)`));
    expect((await state()).lines).toHaveLength(1);
  });

  it('never sends the bot token to a host that is not a Slack file host', async () => {
    const file = fake.files.share('elsewhere.jpg', jpegBytes(), 'image/jpeg');
    const before = fake.calls.length;
    await share({ ...file, url_private_download: 'https://attacker.example/steal.jpg' });
    await drain();
    expect(fake.calls.slice(before).some((c) => c.route === 'file_download')).toBe(false);
    expect((await state()).chat.find((c) => c.source_key.endsWith(file.id))).toMatchObject({ status: 'refused', line_id: null });
    expect(texts().at(-1)).toBe("I couldn't fetch that file; please send it again.");
  });

  it('handles a redelivered event (Slack retries with the same event id) once', async () => {
    const before = await state();
    const acks = () => texts().filter((x) => x === 'Got it, reading your receipt…').length;
    const acked = acks();
    const file = fake.files.share('lunch.jpg', jpegBytes(), 'image/jpeg');
    await share(file, 'EvRetried');
    await share(file, 'EvRetried');
    await drain();
    const after = await state();
    expect(after.chat).toHaveLength(before.chat.length + 1);
    expect(acks()).toBe(acked + 1);
    // Without a model the photo is kept unread; one card says so.
    expect(JSON.stringify(lastCard().blocks)).toContain('could not read this receipt');
  });
});
