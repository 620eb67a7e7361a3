// A loopback fake of Tencent Cloud SMS SendSms (API 2021-01-11). It recomputes the TC3-HMAC-SHA256 signature from the
// headers and the raw body it received, with its own code (not the adapter's), and refuses like API 3.0 does:
// AuthFailure.SignatureFailure, AuthFailure.SignatureExpire (more than 5 minutes off), AuthFailure.SecretIdNotFound.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { HttpFake, type FakeReply, type FakeRequest } from './http-fake.js';

export interface AcceptedTencentSms {
  phoneNumber: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  templateParamSet: string[];
  sessionContext?: string;
  serialNo: string;
}

export interface FakeTencentSmsOptions {
  /** SecretId → SecretKey. */
  keys: Record<string, string>;
  /** SmsSdkAppIds this account owns. */
  sdkAppIds: string[];
  /** The fake's clock in ms (default Date.now). */
  now?: () => number;
}

const AUTH = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** What Tencent would compute for this request with this key: the signed headers are taken from the request as received. */
export function recomputeTc3Signature(req: Pick<FakeRequest, 'method' | 'headers' | 'rawBytes' | 'path'>, o: { secretKey: string; date: string; service: string; signedHeaders: string[]; timestamp: string }): string {
  const header = (name: string) => String(req.headers[name] ?? '').trim().toLowerCase();
  const canonicalHeaders = o.signedHeaders.map((h) => `${h}:${header(h)}\n`).join('');
  const hashedPayload = createHash('sha256').update(req.rawBytes).digest('hex');
  const canonicalRequest = `${req.method}\n${req.path}\n\n${canonicalHeaders}\n${o.signedHeaders.join(';')}\n${hashedPayload}`;
  const stringToSign = `TC3-HMAC-SHA256\n${o.timestamp}\n${o.date}/${o.service}/tc3_request\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  let key: Buffer = Buffer.from(`TC3${o.secretKey}`);
  for (const part of [o.date, o.service, 'tc3_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

export class FakeTencentSms extends HttpFake {
  readonly messages: AcceptedTencentSms[] = [];
  /** E.164 numbers Tencent calls incorrect (InvalidParameterValue.IncorrectPhoneNumber, per number). */
  readonly invalidNumbers = new Set<string>();
  private throttles = 0;
  private readonly now: () => number;

  constructor(private readonly o: FakeTencentSmsOptions) {
    super();
    this.now = o.now ?? Date.now;
    this.route('SendSms', 'POST', '/', (req) => this.sendSms(req));
  }

  /** The next `times` well-signed sends answer LimitExceeded.PhoneNumberThirtySecondLimit for their number. */
  throttleNext(times = 1): void {
    this.throttles += times;
  }

  private error(code: string, message: string): FakeReply {
    // API 3.0 answers errors with HTTP 200 and Response.Error.
    return { status: 200, body: { Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() } } };
  }

  private sendSms(req: FakeRequest): FakeReply {
    const m = AUTH.exec(String(req.headers.authorization ?? ''));
    if (!m) return this.error('AuthFailure.InvalidAuthorization', 'Authorization header is malformed.');
    const [, secretId, date, service, signedHeadersRaw, signature] = m as unknown as [string, string, string, string, string, string];
    const signedHeaders = signedHeadersRaw.split(';');
    if (!signedHeaders.includes('content-type') || !signedHeaders.includes('host')) return this.error('AuthFailure.InvalidAuthorization', 'content-type and host must be signed.');
    if (req.headers['x-tc-action'] !== 'SendSms') return this.error('InvalidAction', 'The action does not exist.');
    if (req.headers['x-tc-version'] !== '2021-01-11') return this.error('NoSuchVersion', 'The API version does not exist.');
    const timestamp = String(req.headers['x-tc-timestamp'] ?? '');
    if (!/^\d+$/.test(timestamp)) return this.error('MissingParameter', 'X-TC-Timestamp is missing.');
    if (Math.abs(this.now() / 1000 - Number(timestamp)) > 300) return this.error('AuthFailure.SignatureExpire', 'Signature expired. Timestamp and server time are more than 5 minutes apart.');
    const secretKey = this.o.keys[secretId];
    if (secretKey === undefined) return this.error('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
    if (service !== 'sms' || date !== new Date(Number(timestamp) * 1000).toISOString().slice(0, 10)) return this.error('AuthFailure.SignatureFailure', 'The credential scope does not match the request.');
    const expected = Buffer.from(recomputeTc3Signature(req, { secretKey, date, service, signedHeaders, timestamp }));
    if (!timingSafeEqual(expected, Buffer.from(signature))) return this.error('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');

    const body = req.body as { PhoneNumberSet?: unknown; SmsSdkAppId?: unknown; SignName?: unknown; TemplateId?: unknown; TemplateParamSet?: unknown; SessionContext?: unknown } | undefined;
    if (!body || !Array.isArray(body.PhoneNumberSet) || typeof body.TemplateId !== 'string' || typeof body.SmsSdkAppId !== 'string') return this.error('MissingParameter', 'PhoneNumberSet, SmsSdkAppId and TemplateId are required.');
    if (!this.o.sdkAppIds.includes(body.SmsSdkAppId)) return this.error('UnauthorizedOperation.SmsSdkAppIdVerifyFail', 'SmsSdkAppId verify fail.');
    const params = Array.isArray(body.TemplateParamSet) ? body.TemplateParamSet.map(String) : [];
    const statuses = (body.PhoneNumberSet as unknown[]).map((n) => {
      const phoneNumber = String(n);
      const serialNo = `2640:${randomBytes(8).toString('hex')}`;
      const base = { SerialNo: '', PhoneNumber: phoneNumber, Fee: 0, SessionContext: typeof body.SessionContext === 'string' ? body.SessionContext : '', IsoCode: phoneNumber.startsWith('+86') ? 'CN' : 'DEF' };
      if (this.throttles > 0) {
        this.throttles--;
        return { ...base, Code: 'LimitExceeded.PhoneNumberThirtySecondLimit', Message: 'the number of sms messages sent from a single mobile number within 30 seconds exceeds the upper limit' };
      }
      if (this.invalidNumbers.has(phoneNumber)) return { ...base, Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: `incorrect phone number ${phoneNumber}` };
      this.messages.push({ phoneNumber, sdkAppId: String(body.SmsSdkAppId), signName: String(body.SignName ?? ''), templateId: String(body.TemplateId), templateParamSet: params, ...(typeof body.SessionContext === 'string' ? { sessionContext: body.SessionContext } : {}), serialNo });
      return { ...base, SerialNo: serialNo, Fee: 1, Code: 'Ok', Message: 'send success' };
    });
    return { status: 200, body: { Response: { SendStatusSet: statuses, RequestId: randomUUID() } } };
  }
}
