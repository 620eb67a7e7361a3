// Feishu long-connection mode: the SDK's WSClient against a fake that speaks the pbbp2 frames. Messages run the chat,
// card clicks are answered over the same connection, and replies still go out through the Open API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as lark from '@larksuiteoapi/node-sdk';
import { linkIdentities } from '../../db/repos/org.js';
import { startFeishuWs } from '../../src/channels/feishu.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { outboxHandlers } from '../../src/services.js';
import { FeishuLongConnectionFake } from '../fakes/feishu-ws.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';

let t: TestApp;
let fake: FeishuLongConnectionFake;
let ws: lark.WSClient;
let seq = 0;

beforeAll(async () => {
  fake = new FeishuLongConnectionFake({ appId: 'cli_0123456789abcdef', appSecret: 'secret' });
  const { url } = await fake.start();
  t = await testApp({ FEISHU_APP_ID: 'cli_0123456789abcdef', FEISHU_APP_SECRET: 'secret', FEISHU_DOMAIN: url, FEISHU_MODE: 'ws' }, { parser: ruleParser });
  await linkIdentities(t.database.db, 'demo', [{ orgId: 'demo', platform: 'feishu', kind: 'open_id', externalId: 'ou_zw', employeeId: 'e_zhangwei' }]);
  ws = startFeishuWs({ ...t.deps, parser: ruleParser, orgId: 'demo' }, { appId: 'cli_0123456789abcdef', appSecret: 'secret', domain: url });
  await fake.waitForConnection();
});
afterAll(async () => {
  ws.close();
  await t.close();
  await fake.stop();
});

const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
};
const header = (type: string) => ({ event_id: `ws_ev_${++seq}`, event_type: type, app_id: 'cli_0123456789abcdef', tenant_key: 't1', create_time: '1' });

describe('Feishu long-connection mode', () => {
  it('runs a message from the long connection and answers a card click over it', async () => {
    const pushed = await fake.push({ schema: '2.0', header: header('im.message.receive_v1'), event: { sender: { sender_id: { open_id: 'ou_zw' }, sender_type: 'user' }, message: { message_id: 'om_1', chat_id: 'oc_1', chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text: '明天去天津，当天回，高铁' }) } } });
    expect(pushed.code).toBe(200);
    await drain();
    // The draft card, among the replies (the prompt before it, a policy note after it).
    const card = fake.messagesTo('ou_zw').find((m) => m.content.includes('"a":"submit"'))!;
    const submit = /"value":\{"t":"([^"]+)","a":"submit"\}/.exec(card.content)![1]!;
    const answer = await fake.push({ schema: '2.0', header: header('card.action.trigger'), event: { operator: { open_id: 'ou_zw' }, action: { tag: 'button', value: { t: submit } }, context: { open_message_id: card.messageId } } });
    expect(answer).toMatchObject({ code: 200, data: { toast: { type: 'success' } } });
  });
});
