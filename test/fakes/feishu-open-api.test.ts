// Conformance: the real @larksuiteoapi/node-sdk Client against the loopback Feishu Open API fake.
import * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeishuOpenApiFake } from './feishu-open-api.js';

// The SDK logs each failed request at error level; the failures below are on purpose.
const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

const card = (title: string) => JSON.stringify({ schema: '2.0', header: { title: { tag: 'plain_text', content: title } }, body: { elements: [] } });

describe('Feishu Open API fake with the Lark Node SDK', () => {
  let fake: FeishuOpenApiFake;
  let client: lark.Client;

  beforeEach(async () => {
    fake = new FeishuOpenApiFake({
      appId: 'cli_conformance',
      appSecret: 'conformance-secret',
      users: [{ openId: 'ou_alice', userId: 'alice01', unionId: 'on_alice', email: 'alice@example.com', mobile: '+8613800000001' }],
    });
    const { url } = await fake.start();
    // disableTokenCache is not set: the SDK fetches and caches a tenant token exactly as in production.
    client = new lark.Client({ appId: fake.appId, appSecret: fake.appSecret, domain: url, logger: quiet });
  });

  afterEach(async () => {
    await fake.stop();
  });

  it('sends an interactive card once for two sends with the same uuid, then patches it', async () => {
    const send = () =>
      client.im.v1.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: 'ou_alice', msg_type: 'interactive', content: card('Trip to Berlin'), uuid: 'apr-1-step-1' },
      });
    const first = await send();
    const second = await send();
    expect(first.code).toBe(0);
    expect(first.data?.message_id).toMatch(/^om_/);
    expect(second.data?.message_id).toBe(first.data?.message_id);
    expect(fake.messages.size).toBe(1);

    const patched = await client.im.v1.message.patch({ path: { message_id: first.data!.message_id! }, data: { content: card('Approved') } });
    expect(patched.code).toBe(0);
    const stored = fake.messages.get(first.data!.message_id!)!;
    expect(JSON.parse(stored.content).header.title.content).toBe('Approved');
    expect(stored.history).toHaveLength(2);

    const creates = fake.callsTo('im.message.create');
    expect(creates).toHaveLength(2);
    expect(creates[0]!.query.receive_id_type).toBe('open_id');
    expect(creates[0]!.headers.authorization).toBe(`Bearer ${fake.currentToken}`);
    expect(creates[0]!.body).toMatchObject({ receive_id: 'ou_alice', msg_type: 'interactive', uuid: 'apr-1-step-1' });
  });

  it('replies in the chat of the original message', async () => {
    const sent = await client.im.v1.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: 'oc_team', msg_type: 'text', content: JSON.stringify({ text: 'hi' }) } });
    const reply = await client.im.v1.message.reply({ path: { message_id: sent.data!.message_id! }, data: { msg_type: 'text', content: JSON.stringify({ text: 'done' }) } });
    expect(reply.data?.parent_id).toBe(sent.data?.message_id);
    expect(reply.data?.chat_id).toBe('oc_team');
  });

  it('looks up users by email and mobile for auto-linking', async () => {
    const res = await client.contact.v3.user.batchGetId({
      params: { user_id_type: 'open_id' },
      data: { emails: ['alice@example.com', 'nobody@example.com'], mobiles: ['13800000001'] },
    });
    expect(res.data?.user_list).toEqual([
      expect.objectContaining({ email: 'alice@example.com', user_id: 'ou_alice' }),
      { email: 'nobody@example.com' },
      expect.objectContaining({ mobile: '13800000001', user_id: 'ou_alice' }),
    ]);
  });

  it('refuses a revoked token the way Feishu does (HTTP 400, code 99991663)', async () => {
    await client.im.v1.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_alice', msg_type: 'text', content: '{"text":"a"}' } });
    fake.expireTokens();
    await expect(
      client.im.v1.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_alice', msg_type: 'text', content: '{"text":"b"}' } }),
    ).rejects.toMatchObject({ response: { status: 400, data: { code: 99991663 } } });
    expect(fake.messages.size).toBe(1);
  });

  it('answers an injected failure once, then recovers', async () => {
    fake.failNext('im.message.create', { status: 500, body: { code: 1500, msg: 'internal error' } });
    const data = { receive_id: 'ou_alice', msg_type: 'text', content: '{"text":"x"}', uuid: 'u-retry' };
    await expect(client.im.v1.message.create({ params: { receive_id_type: 'open_id' }, data })).rejects.toMatchObject({ response: { status: 500 } });
    const retry = await client.im.v1.message.create({ params: { receive_id_type: 'open_id' }, data });
    expect(retry.code).toBe(0);
    expect(fake.messages.size).toBe(1);
  });

  it('answers slowly when told to', async () => {
    fake.setDelay(150);
    const started = Date.now();
    await client.contact.v3.user.batchGetId({ data: { emails: ['alice@example.com'] } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
