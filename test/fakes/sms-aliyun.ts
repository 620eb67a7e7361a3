// A loopback fake of Aliyun SMS SendSms (dysmsapi 2017-05-25). It recomputes the RPC v1 signature from the query it
// received, with its own percent-encoder (not the adapter's), and refuses like Aliyun: SignatureDoesNotMatch, a reused
// SignatureNonce (SignatureNonceUsed), a Timestamp more than 15 minutes off (InvalidTimeStamp.Expired).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpFake, type FakeReply, type FakeRequest } from './http-fake.js';

export interface AcceptedAliyunSms {
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
  outId?: string;
  bizId: string;
}

export interface FakeAliyunSmsOptions {
  /** AccessKeyId → AccessKeySecret. */
  keys: Record<string, string>;
  /** The fake's clock in ms (default Date.now). */
  now?: () => number;
}

/** Only A–Z a–z 0–9 - _ . ~ stay literal; every other UTF-8 byte becomes %XY (upper-case hex). */
function encodeBytes(text: string): string {
  let out = '';
  for (const b of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** What Aliyun would compute for this query (Signature excluded) with this secret. */
export function recomputeAliyunSignature(query: Readonly<Record<string, string>>, secret: string, method = 'GET'): string {
  const canonical = Object.entries(query)
    .filter(([k]) => k !== 'Signature')
    .map(([k, v]) => [encodeBytes(k), encodeBytes(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const stringToSign = `${method}&${encodeBytes('/')}&${encodeBytes(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

const REQUIRED = ['AccessKeyId', 'Action', 'Format', 'PhoneNumbers', 'SignName', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'TemplateCode', 'Timestamp', 'Version', 'Signature'];

export class FakeAliyunSms extends HttpFake {
  readonly messages: AcceptedAliyunSms[] = [];
  /** Numbers (as sent: national for +86) that Aliyun calls illegal (isv.MOBILE_NUMBER_ILLEGAL). */
  readonly invalidNumbers = new Set<string>();
  private readonly nonces = new Set<string>();
  private throttles = 0;
  private readonly now: () => number;

  constructor(private readonly o: FakeAliyunSmsOptions) {
    super();
    this.now = o.now ?? Date.now;
    this.route('SendSms', 'GET', '/', (req) => this.sendSms(req));
  }

  /** The next `times` well-signed sends answer isv.BUSINESS_LIMIT_CONTROL (the per-number flow control). */
  throttleNext(times = 1): void {
    this.throttles += times;
  }

  private reply(status: number, code: string, message: string, extra: Record<string, unknown> = {}): FakeReply {
    return { status, body: { RequestId: randomBytes(8).toString('hex').toUpperCase(), Code: code, Message: message, ...extra } };
  }

  private sendSms(req: FakeRequest): FakeReply {
    const q = req.query;
    const missing = REQUIRED.find((k) => q[k] === undefined);
    if (missing) return this.reply(400, `MissingParameter`, `${missing} is mandatory for this action.`);
    if (q.Action !== 'SendSms') return this.reply(400, 'InvalidParameter', 'Specified action is not valid.');
    if (q.Version !== '2017-05-25') return this.reply(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    if (q.SignatureMethod !== 'HMAC-SHA1' || q.SignatureVersion !== '1.0') return this.reply(400, 'InvalidParameter', 'Specified signature method is not valid.');
    const secret = this.o.keys[q.AccessKeyId!];
    if (secret === undefined) return this.reply(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    const expected = Buffer.from(recomputeAliyunSignature(q, secret));
    const given = Buffer.from(q.Signature!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return this.reply(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    }
    const at = Date.parse(q.Timestamp!);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(q.Timestamp!) || Math.abs(this.now() - at) > 15 * 60_000) {
      return this.reply(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    // Checked after the signature, as a forged request must not burn a genuine caller's nonce.
    if (this.nonces.has(q.SignatureNonce!)) return this.reply(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    this.nonces.add(q.SignatureNonce!);

    if (this.throttles > 0) {
      this.throttles--;
      return this.reply(200, 'isv.BUSINESS_LIMIT_CONTROL', '触发分钟级流控Permits:1');
    }
    if (this.invalidNumbers.has(q.PhoneNumbers!) || !/^\d{6,15}$/.test(q.PhoneNumbers!)) return this.reply(200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
    let templateParam: Record<string, string> = {};
    try {
      templateParam = q.TemplateParam === undefined ? {} : (JSON.parse(q.TemplateParam) as Record<string, string>);
    } catch {
      return this.reply(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    }
    const bizId = `${Date.now()}^${randomBytes(6).toString('hex')}`;
    this.messages.push({ phoneNumbers: q.PhoneNumbers!, signName: q.SignName!, templateCode: q.TemplateCode!, templateParam, ...(q.OutId === undefined ? {} : { outId: q.OutId }), bizId });
    return this.reply(200, 'OK', 'OK', { BizId: bizId });
  }
}
