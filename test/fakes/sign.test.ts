// The test signers agree with the platforms' own SDKs: Lark's EventDispatcher and Bolt's verifySlackRequest accept what they build.
import * as lark from '@larksuiteoapi/node-sdk';
import { verifySlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { signedFeishuRequest, signedSlackRequest } from './sign.js';

const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

/** What the SDK's framework adaptors hand to `invoke`: the parsed body with the headers on its prototype (so JSON.stringify skips them). */
const asSdkRequest = (headers: Record<string, string>, rawBody: string) => Object.assign(Object.create({ headers }) as object, JSON.parse(rawBody) as object);

describe('signedFeishuRequest', () => {
  const body = {
    schema: '2.0',
    header: { event_id: 'ev_1', event_type: 'im.message.receive_v1', app_id: 'cli_x', tenant_key: 'tk', create_time: '1700000000000' },
    event: { message: { message_id: 'om_1', content: '{"text":"hi"}' } },
  };

  it('builds an encrypted, signed event that the Lark SDK EventDispatcher accepts and decrypts', async () => {
    const received: unknown[] = [];
    const dispatcher = new lark.EventDispatcher({ encryptKey: 'enc-key', verificationToken: 'v-token', logger: quiet }).register({
      'im.message.receive_v1': async (data) => {
        received.push(data);
        return 'handled';
      },
    });
    const { headers, rawBody } = signedFeishuRequest({ encryptKey: 'enc-key', verificationToken: 'v-token', body });
    expect(Object.keys(JSON.parse(rawBody))).toEqual(['encrypt']);
    await expect(dispatcher.invoke(asSdkRequest(headers, rawBody))).resolves.toBe('handled');
    expect(received[0]).toMatchObject({ event_id: 'ev_1', token: 'v-token', message: { message_id: 'om_1' } });
  });

  it('is refused by the SDK when signed with another key', async () => {
    const dispatcher = new lark.EventDispatcher({ encryptKey: 'enc-key', logger: quiet }).register({ 'im.message.receive_v1': async () => 'handled' });
    const { headers, rawBody } = signedFeishuRequest({ encryptKey: 'enc-key', body });
    const forged = { ...headers, 'x-lark-signature': signedFeishuRequest({ encryptKey: 'other', body, timestamp: headers['x-lark-request-timestamp'], nonce: headers['x-lark-request-nonce'] }).headers['x-lark-signature']! };
    await expect(dispatcher.invoke(asSdkRequest(forged, rawBody))).resolves.toBeUndefined();
  });
});

describe('signedSlackRequest', () => {
  it('builds headers Bolt accepts', () => {
    const rawBody = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [] }))}`;
    const headers = signedSlackRequest({ signingSecret: 's3cret', rawBody });
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(() =>
      verifySlackRequest({ signingSecret: 's3cret', body: rawBody, headers: { 'x-slack-signature': headers['x-slack-signature']!, 'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']) } }),
    ).not.toThrow();
  });
});
