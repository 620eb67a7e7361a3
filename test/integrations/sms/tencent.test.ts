// The Tencent Cloud SMS adapter against the loopback fake that recomputes TC3-HMAC-SHA256: delivery with the right
// template id and ordered parameters, auth refusals, expiry, throttling, bad numbers, tampered requests, masked logs.
import { afterEach, describe, expect, it } from 'vitest';
import type { SmsMessage } from '../../../domain/reception/sms.port.js';
import { createTencentSmsSender, type TencentSmsConfig } from '../../../src/integrations/sms/tencent.js';
import { tc3Authorization, tc3CanonicalRequest, tc3Date, tc3Signature, tc3StringToSign } from '../../../src/integrations/sms/tencent-signature.js';
import { FakeTencentSms } from '../../fakes/sms-tencent.js';
import { recordingLogger } from './recording-logger.js';

const KEY = { id: 'AKID-test-secret-id', secret: 'tencent-secret-key-for-tests' };
const APP = '1400006666';
const TEMPLATES: TencentSmsConfig['templates'] = {
  // Template text: "{1}您好，您预约了{2}的来访，请凭链接入园：{3}" — the order is the template's, not the caller's.
  visit_invitation: { id: '1234567', params: ['name', 'time', 'link'] },
  visit_reminder: { id: '1234568', params: ['name', 'time'] },
};
const MOBILE = '+8613800138000';
const invitation: SmsMessage = { to: MOBILE, template: 'visit_invitation', params: { link: 'https://visit.example/v/0f3a', time: '12月8日 14:00', name: '王小明' }, ref: 'visit-42' };

let fake: FakeTencentSms | undefined;
let fakeClock = Date.now();
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function start(): Promise<FakeTencentSms> {
  fakeClock = Date.now();
  fake = new FakeTencentSms({ keys: { [KEY.id]: KEY.secret }, sdkAppIds: [APP], now: () => fakeClock });
  await fake.start();
  return fake;
}

/** The adapter pointed at the fake, with the fake's loopback host:port allow-listed the way the webhook tests do it. */
function sender(f: FakeTencentSms, o: { config?: Partial<TencentSmsConfig>; lines?: string[]; now?: () => number; allow?: boolean } = {}) {
  return createTencentSmsSender(
    { secretId: KEY.id, secretKey: KEY.secret, sdkAppId: APP, signName: '访客中心', templates: TEMPLATES, endpoint: `${f.url}/`, ...o.config },
    { policy: { allowHosts: o.allow === false ? [] : [new URL(f.url).host] }, logger: recordingLogger(o.lines ?? []), now: o.now ?? (() => fakeClock) },
  );
}

describe('TC3-HMAC-SHA256 signature', () => {
  // The worked example of Tencent Cloud's "Signature v3" page (CVM DescribeInstances, SecretKey
  // Gu5t9xGARNpq86cd98joQYCN3EXAMPLE, X-TC-Timestamp 1551113065), with its published intermediate hashes.
  const documented = {
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    service: 'cvm',
    host: 'cvm.tencentcloudapi.com',
    contentType: 'application/json; charset=utf-8',
    payload: String.raw`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`,
    timestamp: 1551113065,
  };

  it('reproduces the documented canonical request, string to sign and signature', () => {
    expect(tc3CanonicalRequest(documented)).toBe(
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(tc3StringToSign(documented)).toBe('TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    expect(tc3Signature(documented)).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(tc3Authorization(documented)).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('takes the credential date in UTC: 00:44 in Beijing on the 26th is still the 25th', () => {
    expect(tc3Date(1551113065)).toBe('2019-02-25');
  });
});

describe('Tencent Cloud SMS adapter', () => {
  it('delivers an invitation with its template id, parameters in template order, the E.164 number and SessionContext', async () => {
    const f = await start();
    const result = await sender(f).send(invitation);
    expect(f.messages).toEqual([
      { phoneNumber: MOBILE, sdkAppId: APP, signName: '访客中心', templateId: '1234567', templateParamSet: ['王小明', '12月8日 14:00', 'https://visit.example/v/0f3a'], sessionContext: 'visit-42', serialNo: expect.any(String) },
    ]);
    expect(result).toEqual({ kind: 'sent', messageId: f.messages[0]!.serialNo });
    expect(f.calls[0]!.headers).toMatchObject({ 'x-tc-action': 'SendSms', 'x-tc-version': '2021-01-11', 'x-tc-region': 'ap-guangzhou', 'content-type': 'application/json; charset=utf-8' });
  });

  it('is a permanent auth refusal when the secret key is wrong', async () => {
    const f = await start();
    const result = await sender(f, { config: { secretKey: 'not-the-key' } }).send(invitation);
    expect(result).toMatchObject({ kind: 'refused', reason: 'auth', code: 'AuthFailure.SignatureFailure' });
    expect(f.messages).toEqual([]);
  });

  it('is a permanent auth refusal when the SecretId or the SmsSdkAppId is unknown', async () => {
    const f = await start();
    expect(await sender(f, { config: { secretId: 'AKID-unknown' } }).send(invitation)).toMatchObject({ kind: 'refused', reason: 'auth', code: 'AuthFailure.SecretIdNotFound' });
    expect(await sender(f, { config: { sdkAppId: '1400000000' } }).send(invitation)).toMatchObject({ kind: 'refused', reason: 'auth', code: 'UnauthorizedOperation.SmsSdkAppIdVerifyFail' });
  });

  it('is a permanent auth refusal when our clock is more than 5 minutes off', async () => {
    const f = await start();
    const result = await sender(f, { now: () => fakeClock - 6 * 60_000 }).send(invitation);
    expect(result).toMatchObject({ kind: 'refused', reason: 'auth', code: 'AuthFailure.SignatureExpire' });
  });

  it('is retryable when Tencent throttles the number, and the next attempt goes through', async () => {
    const f = await start();
    f.throttleNext();
    const s = sender(f);
    expect(await s.send(invitation)).toMatchObject({ kind: 'retryable', code: 'LimitExceeded.PhoneNumberThirtySecondLimit' });
    expect((await s.send(invitation)).kind).toBe('sent');
    expect(f.messages).toHaveLength(1);
  });

  it('is a permanent refusal when Tencent calls the number incorrect, and its message is stored masked', async () => {
    const f = await start();
    f.invalidNumbers.add(MOBILE);
    const result = await sender(f).send(invitation);
    expect(result).toMatchObject({ kind: 'refused', reason: 'invalid_number', code: 'InvalidParameterValue.IncorrectPhoneNumber' });
    expect(JSON.stringify(result)).not.toContain('13800138000');
  });

  it('refuses a malformed number before any call', async () => {
    const f = await start();
    const s = sender(f);
    for (const to of ['8613800138000', '+8619912', '+86 13800138000', '+861380013800a']) {
      expect(await s.send({ ...invitation, to })).toMatchObject({ kind: 'refused', reason: 'invalid_number' });
    }
    expect(f.calls).toHaveLength(0);
  });

  it('is retryable after Retry-After when the gateway answers 503', async () => {
    const f = await start();
    f.failNext('SendSms', { status: 503, body: 'busy', headers: { 'retry-after': '30' } });
    expect(await sender(f).send(invitation)).toEqual({ kind: 'retryable', code: 'HTTP 503', detail: 'HTTP 503', retryAfterMs: 30_000 });
  });

  it('is retryable for an InternalError', async () => {
    const f = await start();
    f.failNext('SendSms', { status: 200, body: { Response: { Error: { Code: 'InternalError.Timeout', Message: 'timeout' }, RequestId: 'r' } } });
    expect(await sender(f).send(invitation)).toMatchObject({ kind: 'retryable', code: 'InternalError.Timeout' });
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
    f.invalidNumbers.add(MOBILE);
    await s.send(invitation);
    await s.send({ ...invitation, to: '+86138001380' });
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).not.toContain('13800138000');
    expect(lines.join('\n')).not.toContain('王小明');
    expect(lines[0]).toContain('+86*******8000');
  });
});

describe('the Tencent fake', () => {
  /** Replays a recorded request with its signed headers, as an attacker who saw it on the wire would. */
  async function replay(f: FakeTencentSms, body: string) {
    const h = f.calls[0]!.headers;
    const headers = Object.fromEntries(['authorization', 'content-type', 'x-tc-action', 'x-tc-timestamp', 'x-tc-version', 'x-tc-region'].map((k) => [k, String(h[k])]));
    const r = await fetch(`${f.url}/`, { method: 'POST', headers, body });
    return ((await r.json()) as { Response: { Error?: { Code: string } } }).Response;
  }

  it('refuses a body changed after signing (AuthFailure.SignatureFailure)', async () => {
    const f = await start();
    await sender(f).send(invitation);
    const original = JSON.parse(f.calls[0]!.rawBody) as { TemplateParamSet: string[] };
    const tampered = JSON.stringify({ ...original, TemplateParamSet: [original.TemplateParamSet[0], original.TemplateParamSet[1], 'https://evil.example/'] });
    expect((await replay(f, tampered)).Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect(f.messages).toHaveLength(1);
  });

  it('refuses the same signed request replayed more than 5 minutes later (AuthFailure.SignatureExpire)', async () => {
    const f = await start();
    await sender(f).send(invitation);
    fakeClock += 6 * 60_000;
    expect((await replay(f, f.calls[0]!.rawBody)).Error?.Code).toBe('AuthFailure.SignatureExpire');
  });
});
