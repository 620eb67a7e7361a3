// The SmsSender over Aliyun SMS `SendSms` (dysmsapi, API version 2017-05-25): a GET with every parameter in the
// query, signed with the RPC signature v1 (aliyun-signature.ts). Request fields as in the SendSms API reference and
// @alicloud/dysmsapi20170525: PhoneNumbers, SignName, TemplateCode, TemplateParam (a JSON object), OutId.
import { randomUUID } from 'node:crypto';
import type { SmsMessage, SmsResult, SmsSender } from '../../../domain/reception/sms.port.js';
import { maskDigitRuns, maskMobile } from '../../../domain/reception/mobile-number.js';
import { silentLogger } from '../../log.js';
import { aliyunCanonicalQuery, aliyunPercentEncode, aliyunSignature } from './aliyun-signature.js';
import { retryAfterMs, smsExchange, type SmsHttpAnswer } from './sms-http.js';
import type { SmsDeps } from './sms-deps.js';
import { prepareSms, type SmsTemplates } from './templates.js';

export const ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com/';

export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature (签名) printed in front of every text, e.g. 【某某公司】 without the brackets. */
  signName: string;
  templates: SmsTemplates;
  /** Default cn-hangzhou, the region dysmsapi answers for. */
  regionId?: string;
  /** Default the public endpoint; tests point it at a loopback fake (allow-listed in the policy). */
  endpoint?: string;
  /** Default 10 s. */
  timeoutMs?: number;
}

type Verdict = { kind: 'refused'; reason: 'invalid_number' | 'template' | 'auth' | 'refused' } | { kind: 'retryable' };

/**
 * Aliyun answer codes by what they mean for us (SMS error code list, help.aliyun.com "错误码"; common RPC errors).
 * Unknown `isv.` codes are refusals of our request; `isp.` codes are the provider's own trouble and retried.
 */
const ALIYUN_CODES: Readonly<Record<string, Verdict>> = {
  'isv.MOBILE_NUMBER_ILLEGAL': { kind: 'refused', reason: 'invalid_number' },
  'isv.MOBILE_COUNT_OVER_LIMIT': { kind: 'refused', reason: 'invalid_number' },
  'isv.BLACK_KEY_CONTROL_LIMIT': { kind: 'refused', reason: 'refused' },
  'isv.SMS_TEMPLATE_ILLEGAL': { kind: 'refused', reason: 'template' },
  'isv.SMS_SIGNATURE_ILLEGAL': { kind: 'refused', reason: 'template' },
  'isv.SMS_SIGN_ILLEGAL': { kind: 'refused', reason: 'template' },
  'isv.TEMPLATE_MISSING_PARAMETERS': { kind: 'refused', reason: 'template' },
  'isv.TEMPLATE_PARAMS_ILLEGAL': { kind: 'refused', reason: 'template' },
  'isv.PARAM_LENGTH_LIMIT': { kind: 'refused', reason: 'template' },
  'isv.INVALID_JSON_PARAM': { kind: 'refused', reason: 'template' },
  SignatureDoesNotMatch: { kind: 'refused', reason: 'auth' },
  IncompleteSignature: { kind: 'refused', reason: 'auth' },
  'InvalidAccessKeyId.NotFound': { kind: 'refused', reason: 'auth' },
  'InvalidAccessKeyId.Inactive': { kind: 'refused', reason: 'auth' },
  'isv.ACCOUNT_NOT_EXISTS': { kind: 'refused', reason: 'auth' },
  'isv.ACCOUNT_ABNORMAL': { kind: 'refused', reason: 'auth' },
  'isp.RAM_PERMISSION_DENY': { kind: 'refused', reason: 'auth' },
  // Our clock is off by more than Aliyun tolerates: every retry would fail the same way until an operator fixes it.
  'InvalidTimeStamp.Expired': { kind: 'refused', reason: 'auth' },
  'isv.BUSINESS_LIMIT_CONTROL': { kind: 'retryable' },
  'isv.DAY_LIMIT_CONTROL': { kind: 'retryable' },
  Throttling: { kind: 'retryable' },
  'Throttling.User': { kind: 'retryable' },
  // A retry signs with a fresh nonce, so a nonce clash (or our own replay) heals by itself.
  SignatureNonceUsed: { kind: 'retryable' },
  // The account ran dry: topping it up within the outbox's retry window still delivers the invitation.
  'isv.AMOUNT_NOT_ENOUGH': { kind: 'retryable' },
};

/** Reads Aliyun's answer to one SendSms. Exported for tests of the mapping alone. */
export function aliyunOutcome(answer: SmsHttpAnswer, now: number): SmsResult {
  if (answer.kind === 'failed') {
    return answer.permanent ? { kind: 'refused', reason: 'refused', code: 'URL.REFUSED', detail: answer.reason } : { kind: 'retryable', code: 'NETWORK', detail: answer.reason };
  }
  let body: { Code?: unknown; Message?: unknown; BizId?: unknown } = {};
  try {
    body = JSON.parse(answer.body) as typeof body;
  } catch {
    // A gateway's HTML error page; judged by the status below.
  }
  const code = typeof body.Code === 'string' ? body.Code : `HTTP ${answer.status}`;
  const detail = maskDigitRuns(typeof body.Message === 'string' ? body.Message : `HTTP ${answer.status}`).slice(0, 200);
  const after = retryAfterMs(answer.headers, now);
  if (code === 'OK' && typeof body.BizId === 'string') return { kind: 'sent', messageId: body.BizId };
  const verdict = ALIYUN_CODES[code] ?? (answer.status >= 500 || answer.status === 429 || code.startsWith('isp.') ? { kind: 'retryable' } : { kind: 'refused', reason: 'refused' });
  if (verdict.kind === 'refused') return { kind: 'refused', reason: verdict.reason, code, detail };
  return after === undefined ? { kind: 'retryable', code, detail } : { kind: 'retryable', code, detail, retryAfterMs: after };
}

/** Aliyun wants mainland numbers without +86 and others with their country code but no "+". */
const aliyunNumber = (e164: string) => (e164.startsWith('+86') ? e164.slice(3) : e164.slice(1));

/** ISO 8601 UTC to the second, as Aliyun's Timestamp parameter requires (no milliseconds). */
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** An SmsSender for Aliyun SMS. */
export function createAliyunSmsSender(config: AliyunSmsConfig, deps: SmsDeps): SmsSender {
  const log = deps.logger ?? silentLogger;
  const now = deps.now ?? Date.now;
  return {
    provider: 'aliyun',
    async send(msg: SmsMessage): Promise<SmsResult> {
      const prepared = prepareSms(msg, config.templates);
      if (!prepared.ok) {
        log.warn('sms refused before sending', { provider: 'aliyun', to: maskMobile(msg.to), template: msg.template, detail: prepared.error.detail });
        return prepared.error;
      }
      const p = prepared.value;
      const params: Record<string, string> = {
        AccessKeyId: config.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: aliyunNumber(p.to),
        RegionId: config.regionId ?? 'cn-hangzhou',
        SignName: config.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: (deps.nonce ?? randomUUID)(),
        SignatureVersion: '1.0',
        TemplateCode: p.templateId,
        TemplateParam: JSON.stringify(Object.fromEntries(p.names.map((n, i) => [n, p.values[i]!]))),
        Timestamp: isoSeconds(now()),
        Version: '2017-05-25',
        ...(msg.ref === undefined ? {} : { OutId: msg.ref }),
      };
      const signature = aliyunSignature(config.accessKeySecret, 'GET', params);
      const base = (config.endpoint ?? ALIYUN_SMS_ENDPOINT).replace(/\?.*$/, '');
      const url = `${base}?${aliyunCanonicalQuery(params)}&Signature=${aliyunPercentEncode(signature)}`;
      const answer = await smsExchange({ method: 'GET', url, headers: { accept: 'application/json' }, timeoutMs: config.timeoutMs ?? 10_000 }, deps.policy);
      const result = aliyunOutcome(answer, now());
      log.info('sms send', { provider: 'aliyun', to: maskMobile(p.to), template: msg.template, ref: msg.ref, outcome: result.kind, code: result.kind === 'sent' ? 'OK' : result.code });
      return result;
    },
  };
}
