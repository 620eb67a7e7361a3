// Feishu inbound verification against the official node-sdk vector and requests built the way Feishu builds them.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptFeishu, feishuSignature, verifyFeishuRequest } from '../../bots/feishu/feishu.verify.js';
import { encryptFeishu, signedFeishuRequest } from '../fakes/sign.js';

// larksuite/node-sdk adaptor/services/__tests__/challenge.ts
const SDK_KEY = 'mazhe.nerd';
const SDK_CIPHERTEXT =
  'tT1xP+ovuc0T3b/rnZX3ax76exqAn0ANQ6/U45GcciC0mgNBc8JtvqOJGNAPMKpgRs2dVU1NYk9VDeqS8T4SYtU0hzNU54aS84WnxvZ3VFfDcy/RyABlNqlUiGyLDzFI0yxdCMT4KR/YEQXlt6nZi50KwRlZ+A75r645KesZuLMljezYyY8VeeXEVjPw35+e';
const SDK_PLAINTEXT = '{"challenge":"5634b122-c042-4634-bc7f-b07a3c3e77ad","token":"iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6","type":"url_verification"}';
const SDK_TOKEN = 'iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6';

const NOW = new Date('2024-05-01T08:00:00Z');
const TS = Math.floor(NOW.getTime() / 1000);
const ENCRYPT_KEY = 'test-encrypt-key';
const TOKEN = 'test-verification-token';

const v2Event = (eventType = 'im.message.receive_v1') => ({
  schema: '2.0',
  header: { event_id: 'ev_123', event_type: eventType, app_id: 'cli_x', tenant_key: 'tk', create_time: String(NOW.getTime()) },
  event: { message: { message_id: 'om_1', chat_type: 'p2p', message_type: 'text', content: '{"text":"hi"}' }, sender: { sender_id: { open_id: 'ou_1' } } },
});

describe('decryptFeishu and feishuSignature', () => {
  it('decrypts the node-sdk challenge vector with the key mazhe.nerd', () => {
    expect(decryptFeishu(SDK_KEY, SDK_CIPHERTEXT)).toBe(SDK_PLAINTEXT);
  });

  it('round-trips what Feishu encrypts', () => {
    const text = JSON.stringify({ hello: '飞书', n: 1 });
    expect(decryptFeishu(ENCRYPT_KEY, encryptFeishu(ENCRYPT_KEY, text))).toBe(text);
  });

  it('throws on a wrong key or a damaged cipher text', () => {
    expect(() => decryptFeishu('wrong-key', encryptFeishu(ENCRYPT_KEY, 'x'.repeat(40), Buffer.alloc(16, 7)))).toThrow();
    expect(() => decryptFeishu(SDK_KEY, 'bm90IGEgY2lwaGVy')).toThrow();
  });

  it('signs as plain SHA-256 hex of timestamp + nonce + key + raw body', () => {
    const body = '{"encrypt":"abc"}';
    const independent = createHash('sha256').update(`1700000000nonce42${ENCRYPT_KEY}${body}`).digest('hex');
    expect(feishuSignature('1700000000', 'nonce42', ENCRYPT_KEY, body)).toBe(independent);
  });
});

describe('verifyFeishuRequest', () => {
  it('accepts the encrypted, unsigned URL verification of the SDK vector and returns the challenge', () => {
    const r = verifyFeishuRequest({ encryptKey: SDK_KEY, verificationToken: SDK_TOKEN, headers: {}, rawBody: JSON.stringify({ encrypt: SDK_CIPHERTEXT }), now: NOW });
    expect(r).toMatchObject({ ok: true, value: { encrypted: true, signed: false, envelope: { kind: 'url_verification', challenge: '5634b122-c042-4634-bc7f-b07a3c3e77ad' } } });
  });

  it('refuses a URL verification with the wrong token (403)', () => {
    const r = verifyFeishuRequest({ encryptKey: SDK_KEY, verificationToken: 'other', headers: {}, rawBody: JSON.stringify({ encrypt: SDK_CIPHERTEXT }), now: NOW });
    expect(r).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_TOKEN', status: 403 } });
  });

  it('accepts a plain URL verification checked by token only', () => {
    const { headers, rawBody } = signedFeishuRequest({ verificationToken: TOKEN, body: { challenge: 'c-1', type: 'url_verification' } });
    const r = verifyFeishuRequest({ verificationToken: TOKEN, headers, rawBody, now: NOW });
    expect(r.ok && r.value.envelope).toMatchObject({ kind: 'url_verification', challenge: 'c-1' });
  });

  it('accepts an encrypted, signed v2 event and exposes its id and type', () => {
    const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, body: v2Event(), timestamp: TS, nonce: 'n1' });
    const r = verifyFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, headers, rawBody, now: NOW });
    expect(r).toMatchObject({ ok: true, value: { encrypted: true, signed: true, envelope: { kind: 'event_v2', eventId: 'ev_123', eventType: 'im.message.receive_v1' } } });
  });

  it('accepts a card.action.trigger callback as a v2 envelope, with fetch Headers', () => {
    const body = { ...v2Event('card.action.trigger'), event: { operator: { open_id: 'ou_1' }, token: 'c-update', action: { value: { act: 'approve' }, tag: 'button' }, context: { open_message_id: 'om_1', open_chat_id: 'oc_1' } } };
    const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, body, timestamp: TS });
    const r = verifyFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, headers: new Headers(headers), rawBody, now: NOW });
    expect(r.ok && r.value.envelope).toMatchObject({ kind: 'event_v2', eventType: 'card.action.trigger', event: { action: { value: { act: 'approve' } } } });
  });

  it('refuses a tampered body with AUTH.BAD_SIGNATURE (401)', () => {
    const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, body: v2Event(), timestamp: TS });
    const tampered = rawBody.replace('"}', 'A"}');
    expect(verifyFeishuRequest({ encryptKey: ENCRYPT_KEY, headers, rawBody: tampered, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_SIGNATURE', status: 401 } });
  });

  it('refuses a re-serialised body: the signature covers the raw bytes', () => {
    const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, body: v2Event(), timestamp: TS, encrypt: false });
    const pretty = JSON.stringify(JSON.parse(rawBody), null, 2);
    expect(verifyFeishuRequest({ encryptKey: ENCRYPT_KEY, headers, rawBody: pretty, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_SIGNATURE' } });
  });

  it('refuses an event without signature headers when an encrypt key is configured', () => {
    const { rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, body: v2Event(), timestamp: TS });
    expect(verifyFeishuRequest({ encryptKey: ENCRYPT_KEY, headers: {}, rawBody, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_SIGNATURE' } });
  });

  it('refuses a timestamp more than five minutes old or ahead with AUTH.STALE (401)', () => {
    for (const ts of [TS - 301, TS + 301]) {
      const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, body: v2Event(), timestamp: ts });
      expect(verifyFeishuRequest({ encryptKey: ENCRYPT_KEY, headers, rawBody, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.STALE', status: 401 } });
    }
    const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, body: v2Event(), timestamp: TS - 299 });
    expect(verifyFeishuRequest({ encryptKey: ENCRYPT_KEY, headers, rawBody, now: NOW }).ok).toBe(true);
  });

  it('refuses a signed body that does not decrypt with REQUEST.MALFORMED (400)', () => {
    const rawBody = JSON.stringify({ encrypt: encryptFeishu('some-other-key', JSON.stringify(v2Event())) });
    const headers = { 'x-lark-request-timestamp': String(TS), 'x-lark-request-nonce': 'n', 'x-lark-signature': feishuSignature(String(TS), 'n', ENCRYPT_KEY, rawBody) };
    expect(verifyFeishuRequest({ encryptKey: ENCRYPT_KEY, headers, rawBody, now: NOW })).toMatchObject({ ok: false, error: { code: 'REQUEST.MALFORMED', status: 400 } });
  });

  it('refuses bodies that are not JSON or not a known envelope with REQUEST.MALFORMED', () => {
    for (const body of ['not json', '[1,2]', '{"schema":"2.0","header":{}}', '{"hello":"world"}']) {
      const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, body, timestamp: TS, encrypt: false });
      expect(verifyFeishuRequest({ encryptKey: ENCRYPT_KEY, headers, rawBody, now: NOW })).toMatchObject({ ok: false, error: { code: 'REQUEST.MALFORMED' } });
    }
  });

  it('refuses a v2 event whose header.token is wrong with AUTH.BAD_TOKEN (403)', () => {
    const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: 'forged', body: v2Event(), timestamp: TS });
    expect(verifyFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, headers, rawBody, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_TOKEN', status: 403 } });
  });

  it('accepts a legacy v1 event by its flat token, and refuses a wrong one', () => {
    const body = { uuid: 'u-1', ts: '1700000000.1', type: 'event_callback', event: { type: 'message', open_id: 'ou_1', text: 'hi' } };
    const good = signedFeishuRequest({ verificationToken: TOKEN, body });
    expect(verifyFeishuRequest({ verificationToken: TOKEN, headers: good.headers, rawBody: good.rawBody, now: NOW })).toMatchObject({ ok: true, value: { envelope: { kind: 'event_v1', eventId: 'u-1', eventType: 'message' } } });
    const bad = signedFeishuRequest({ verificationToken: 'nope', body });
    expect(verifyFeishuRequest({ verificationToken: TOKEN, headers: bad.headers, rawBody: bad.rawBody, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_TOKEN' } });
  });

  it('checks a legacy card callback by its SHA-1 signature, not by its update token', () => {
    const body = { open_id: 'ou_1', user_id: 'u1', open_message_id: 'om_1', open_chat_id: 'oc_1', tenant_key: 'tk', token: 'c-card-update-token', action: { value: { act: 'approve' }, tag: 'button' } };
    const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, body, timestamp: TS });
    expect(verifyFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, headers, rawBody, now: NOW })).toMatchObject({ ok: true, value: { encrypted: false, envelope: { kind: 'card_action_v1' } } });
    expect(verifyFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: 'other', headers, rawBody, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_SIGNATURE' } });
    expect(verifyFeishuRequest({ verificationToken: TOKEN, headers: {}, rawBody, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_SIGNATURE' } });
  });

  it('throws when neither an encrypt key nor a verification token is configured (a configuration bug)', () => {
    expect(() => verifyFeishuRequest({ headers: {}, rawBody: '{}', now: NOW })).toThrow(/encrypt key or a verification token/);
  });
});
