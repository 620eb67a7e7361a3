// The Aliyun SMS adapter against the loopback fake that recomputes the RPC v1 signature: delivery with the right
// template and parameters, auth refusals, throttling, bad numbers, replayed and tampered requests, and masked logs.
import { afterEach, describe, expect, it } from 'vitest';
import type { SmsMessage } from '../../../domain/reception/sms.port.js';
import { aliyunCanonicalQuery, aliyunPercentEncode, aliyunSignature, aliyunStringToSign } from '../../../src/integrations/sms/aliyun-signature.js';
import { createAliyunSmsSender, type AliyunSmsConfig } from '../../../src/integrations/sms/aliyun.js';
import { FakeAliyunSms, recomputeAliyunSignature } from '../../fakes/sms-aliyun.js';
import { recordingLogger } from './recording-logger.js';

const KEY = { id: 'LTAI-test-key', secret: 'aliyun-secret-for-tests' };
const TEMPLATES: AliyunSmsConfig['templates'] = {
  visit_invitation: { id: 'SMS_100001', params: ['name', 'time', 'link'] },
  visit_reminder: { id: 'SMS_100002', params: ['name', 'time'] },
};
const MOBILE = '+8613800138000';
const invitation: SmsMessage = { to: MOBILE, template: 'visit_invitation', params: { name: '王小明', time: '12月8日 14:00', link: 'https://visit.example/v/0f3a*(x)!' }, ref: 'visit-42' };

let fake: FakeAliyunSms | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function start(now?: () => number): Promise<FakeAliyunSms> {
  fake = new FakeAliyunSms({ keys: { [KEY.id]: KEY.secret }, ...(now ? { now } : {}) });
  await fake.start();
  return fake;
}

/** The adapter pointed at the fake, with the fake's loopback host:port allow-listed the way the webhook tests do it. */
function sender(f: FakeAliyunSms, o: { config?: Partial<AliyunSmsConfig>; lines?: string[]; now?: () => number; allow?: boolean } = {}) {
  const lines = o.lines ?? [];
  return createAliyunSmsSender(
    { accessKeyId: KEY.id, accessKeySecret: KEY.secret, signName: '访客中心', templates: TEMPLATES, endpoint: `${f.url}/`, ...o.config },
    { policy: { allowHosts: o.allow === false ? [] : [new URL(f.url).host] }, logger: recordingLogger(lines), ...(o.now ? { now: o.now } : {}) },
  );
}

describe('Aliyun signature (RPC v1, HMAC-SHA1)', () => {
  // The worked example of Aliyun's "Signature mechanism" page for RPC APIs (ECS DescribeRegions, secret "testsecret").
  const documented = {
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    Format: 'XML',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    SignatureVersion: '1.0',
    Timestamp: '2016-02-23T12:46:24Z',
    Version: '2014-05-26',
  };

  it('reproduces the documented string to sign and signature of DescribeRegions', () => {
    expect(aliyunStringToSign('GET', documented)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(aliyunSignature('testsecret', 'GET', documented)).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('reproduces the SendSms example of the Aliyun SMS signature page, Chinese SignName included', () => {
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(aliyunSignature('testSecret', 'GET', params)).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('encodes space as %20, * as %2A, keeps ~, and encodes the characters encodeURIComponent leaves alone', () => {
    expect(aliyunPercentEncode("a b*c~d!e'f(g)h+i/j")).toBe('a%20b%2Ac~d%21e%27f%28g%29h%2Bi%2Fj');
    expect(aliyunPercentEncode('派')).toBe('%E6%B4%BE');
  });

  it('sorts parameters by name and leaves the Signature out of the canonical query', () => {
    expect(aliyunCanonicalQuery({ b: '2', Signature: 'x', a: '1', B: '3' })).toBe('B=3&a=1&b=2');
  });

  it('agrees with the fake’s independent computation for awkward values', () => {
    const params = { A: 'x y*z~', Json: '{"k":"值 (1)!"}', Time: '2026-12-07T00:00:00Z' };
    expect(aliyunSignature('s3cret', 'GET', params)).toBe(recomputeAliyunSignature(params, 's3cret'));
  });
});

describe('Aliyun SMS adapter', () => {
  it('delivers an invitation with its template code, JSON parameters, the national number and OutId', async () => {
    const f = await start();
    const result = await sender(f).send(invitation);
    expect(f.messages).toEqual([
      { phoneNumbers: '13800138000', signName: '访客中心', templateCode: 'SMS_100001', templateParam: { name: '王小明', time: '12月8日 14:00', link: 'https://visit.example/v/0f3a*(x)!' }, outId: 'visit-42', bizId: expect.any(String) },
    ]);
    expect(result).toEqual({ kind: 'sent', messageId: f.messages[0]!.bizId });
    expect(f.calls[0]!.query).toMatchObject({ Action: 'SendSms', Version: '2017-05-25', Format: 'JSON', RegionId: 'cn-hangzhou', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0' });
  });

  it('sends international numbers with their country code and no plus sign', async () => {
    const f = await start();
    await sender(f).send({ ...invitation, to: '+85261234567' });
    expect(f.messages[0]!.phoneNumbers).toBe('85261234567');
  });

  it('gives each request a fresh SignatureNonce, so two sends of the same message both arrive', async () => {
    const f = await start();
    const s = sender(f);
    expect((await s.send(invitation)).kind).toBe('sent');
    expect((await s.send(invitation)).kind).toBe('sent');
    expect(new Set(f.calls.map((c) => c.query.SignatureNonce)).size).toBe(2);
  });

  it('is a permanent auth refusal when the secret is wrong', async () => {
    const f = await start();
    const result = await sender(f, { config: { accessKeySecret: 'not-the-secret' } }).send(invitation);
    expect(result).toMatchObject({ kind: 'refused', reason: 'auth', code: 'SignatureDoesNotMatch' });
    expect(f.messages).toEqual([]);
  });

  it('is a permanent auth refusal when the key id is unknown', async () => {
    const f = await start();
    expect(await sender(f, { config: { accessKeyId: 'LTAI-unknown' } }).send(invitation)).toMatchObject({ kind: 'refused', reason: 'auth', code: 'InvalidAccessKeyId.NotFound' });
  });

  it('is a permanent auth refusal when our clock is more than 15 minutes off', async () => {
    const f = await start();
    const result = await sender(f, { now: () => Date.now() - 20 * 60_000 }).send(invitation);
    expect(result).toMatchObject({ kind: 'refused', reason: 'auth', code: 'InvalidTimeStamp.Expired' });
  });

  it('is retryable when Aliyun throttles the number, and the next attempt goes through', async () => {
    const f = await start();
    f.throttleNext();
    const s = sender(f);
    expect(await s.send(invitation)).toMatchObject({ kind: 'retryable', code: 'isv.BUSINESS_LIMIT_CONTROL' });
    expect((await s.send(invitation)).kind).toBe('sent');
    expect(f.messages).toHaveLength(1);
  });

  it('is a permanent refusal when Aliyun calls the number illegal', async () => {
    const f = await start();
    f.invalidNumbers.add('13800138000');
    expect(await sender(f).send(invitation)).toMatchObject({ kind: 'refused', reason: 'invalid_number', code: 'isv.MOBILE_NUMBER_ILLEGAL' });
  });

  it('refuses a malformed number before any call', async () => {
    const f = await start();
    const s = sender(f);
    for (const to of ['13800138000', '+8612800138000', '+86138001380', '+86 138 0013 8000', '']) {
      expect(await s.send({ ...invitation, to })).toMatchObject({ kind: 'refused', reason: 'invalid_number', code: 'VALIDATION.INVALID' });
    }
    expect(f.calls).toHaveLength(0);
  });

  it('refuses an unconfigured template, a missing parameter and an unknown one before any call', async () => {
    const f = await start();
    const s = sender(f, { config: { templates: { visit_invitation: TEMPLATES.visit_invitation! } } });
    expect(await s.send({ to: MOBILE, template: 'visit_reminder', params: { name: 'a', time: 'b' } })).toMatchObject({ kind: 'refused', reason: 'template' });
    expect(await s.send({ ...invitation, params: { name: 'a', time: 'b' } })).toMatchObject({ kind: 'refused', reason: 'template', detail: 'visit_invitation needs link' });
    expect(await s.send({ ...invitation, params: { ...invitation.params, note: 'free text' } })).toMatchObject({ kind: 'refused', reason: 'template', detail: 'visit_invitation has no note' });
    expect(f.calls).toHaveLength(0);
  });

  it('is retryable after Retry-After when the endpoint answers 503', async () => {
    const f = await start();
    f.failNext('SendSms', { status: 503, body: 'upstream unavailable', headers: { 'retry-after': '7' } });
    expect(await sender(f).send(invitation)).toEqual({ kind: 'retryable', code: 'HTTP 503', detail: 'HTTP 503', retryAfterMs: 7000 });
  });

  it('is retryable when the answer does not come within the timeout', async () => {
    const f = await start();
    f.setDelay(2_000);
    expect(await sender(f, { config: { timeoutMs: 100 } }).send(invitation)).toMatchObject({ kind: 'retryable', code: 'NETWORK', detail: 'timeout' });
  });

  it('refuses a loopback endpoint that is not on the allow list, without calling it', async () => {
    const f = await start();
    expect(await sender(f, { allow: false }).send(invitation)).toMatchObject({ kind: 'refused', code: 'URL.REFUSED' });
    expect(f.calls).toHaveLength(0);
  });

  it('never logs the full mobile number, whatever the outcome', async () => {
    const f = await start();
    const lines: string[] = [];
    const s = sender(f, { lines });
    await s.send(invitation);
    f.throttleNext();
    await s.send(invitation);
    f.invalidNumbers.add('13800138000');
    await s.send(invitation);
    await s.send({ ...invitation, to: '+86138001380' });
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).not.toContain('13800138000');
    expect(lines.join('\n')).not.toContain('王小明');
    expect(lines[0]).toContain('+86*******8000');
  });
});

describe('the Aliyun fake', () => {
  /** Replays a recorded query, as an attacker who saw one request on the wire would. */
  const replay = (f: FakeAliyunSms, query: Record<string, string>) => fetch(`${f.url}/?${new URLSearchParams(query).toString()}`).then(async (r) => ({ status: r.status, body: (await r.json()) as { Code: string } }));

  it('refuses the same signed request replayed (SignatureNonceUsed)', async () => {
    const f = await start();
    await sender(f).send(invitation);
    const again = await replay(f, { ...f.calls[0]!.query });
    expect(again).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });
    expect(f.messages).toHaveLength(1);
  });

  it('refuses a request whose parameter was changed after signing (SignatureDoesNotMatch), even with a fresh nonce', async () => {
    const f = await start();
    await sender(f).send(invitation);
    const original = f.calls[0]!.query;
    const tampered = { ...original, TemplateParam: JSON.stringify({ ...JSON.parse(original.TemplateParam!), link: 'https://evil.example/' }), SignatureNonce: 'fresh-nonce' };
    expect(await replay(f, tampered)).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
    const otherNumber = { ...original, PhoneNumbers: '13900139000', SignatureNonce: 'another-fresh-nonce' };
    expect(await replay(f, otherNumber)).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
    expect(f.messages).toHaveLength(1);
  });
});
