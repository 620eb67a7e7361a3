// The SmsSender over Tencent Cloud SMS `SendSms` (API 2021-01-11, sms.tencentcloudapi.com): a JSON POST signed with
// TC3-HMAC-SHA256 (tencent-signature.ts). Field names as in tencentcloud-sdk-nodejs
// src/services/sms/v20210111/sms_models.ts: SendSmsRequest {PhoneNumberSet, SmsSdkAppId, TemplateId, SignName,
// TemplateParamSet, SessionContext}; SendSmsResponse {SendStatusSet[{SerialNo, PhoneNumber, Code, Message…}]}.
import type { SmsMessage, SmsRefusalReason, SmsResult, SmsSender } from '../../../domain/reception/sms.port.js';
import { maskDigitRuns, maskMobile } from '../../../domain/reception/mobile-number.js';
import { silentLogger } from '../../log.js';
import type { SmsDeps } from './sms-deps.js';
import { retryAfterMs, smsExchange, type SmsHttpAnswer } from './sms-http.js';
import { prepareSms, type SmsTemplates } from './templates.js';
import { tc3Authorization } from './tencent-signature.js';

export const TENCENT_SMS_ENDPOINT = 'https://sms.tencentcloudapi.com/';
export const TENCENT_SMS_VERSION = '2021-01-11';
/** Exactly this string is signed and sent; the docs warn that a charset added after signing fails the check. */
const CONTENT_TYPE = 'application/json; charset=utf-8';

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  /** The SMS application id (SmsSdkAppId, e.g. 1400006666) from the SMS console. */
  sdkAppId: string;
  /** The approved signature (签名); required for mainland numbers. */
  signName: string;
  /** Template ids with their variables in `{1}`, `{2}`… order. */
  templates: SmsTemplates;
  /** X-TC-Region; default ap-guangzhou. */
  region?: string;
  /** Default the public endpoint; tests point it at a loopback fake (allow-listed in the policy). */
  endpoint?: string;
  /** Default 10 s. */
  timeoutMs?: number;
}

type Verdict = { kind: 'refused'; reason: SmsRefusalReason } | { kind: 'retryable' };
const refused = (reason: SmsRefusalReason): Verdict => ({ kind: 'refused', reason });
const retry: Verdict = { kind: 'retryable' };

/** SendSms and common API 3.0 error codes by what they mean for us (SendSms API page, "错误码" section). */
const TENCENT_CODES: Readonly<Record<string, Verdict>> = {
  'InvalidParameterValue.IncorrectPhoneNumber': refused('invalid_number'),
  'FailedOperation.PhoneNumberInBlacklist': refused('invalid_number'),
  'FailedOperation.PhoneNumberParseFail': refused('invalid_number'),
  'FailedOperation.SignatureIncorrectOrUnapproved': refused('template'),
  'FailedOperation.TemplateIncorrectOrUnapproved': refused('template'),
  'FailedOperation.TemplateUnapprovedOrNotExist': refused('template'),
  'FailedOperation.TemplateParamSetNotMatchApprovedTemplate': refused('template'),
  'FailedOperation.ContainSensitiveWord': refused('template'),
  'InvalidParameterValue.TemplateParameterFormatError': refused('template'),
  'InvalidParameterValue.TemplateParameterLengthLimit': refused('template'),
  'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter': refused('template'),
  'LimitExceeded.PhoneNumberCountLimit': refused('refused'),
  // A request more than 5 minutes from Tencent's clock: ours is off, and every retry would fail alike until fixed.
  'AuthFailure.SignatureExpire': refused('auth'),
  // The package ran dry: topping it up within the outbox's retry window still delivers the invitation.
  'FailedOperation.InsufficientBalanceInSmsPackage': retry,
  'FailedOperation.MarketingSendTimeConstraint': retry,
};

function verdictOf(code: string): Verdict {
  const known = TENCENT_CODES[code];
  if (known) return known;
  if (code.startsWith('AuthFailure') || code.startsWith('UnauthorizedOperation')) return refused('auth');
  if (code.startsWith('LimitExceeded') || code.startsWith('RequestLimitExceeded') || code.startsWith('InternalError') || code === 'ResourceUnavailable') return retry;
  return refused('refused');
}

const SendSmsAnswer = (x: unknown) =>
  x as {
    Response?: {
      Error?: { Code?: unknown; Message?: unknown };
      SendStatusSet?: { SerialNo?: unknown; Code?: unknown; Message?: unknown }[];
    };
  };

/** Reads Tencent's answer to one SendSms for one number. Exported for tests of the mapping alone. */
export function tencentOutcome(answer: SmsHttpAnswer, now: number): SmsResult {
  if (answer.kind === 'failed') {
    return answer.permanent ? { kind: 'refused', reason: 'refused', code: 'URL.REFUSED', detail: answer.reason } : { kind: 'retryable', code: 'NETWORK', detail: answer.reason };
  }
  let parsed: ReturnType<typeof SendSmsAnswer> = {};
  try {
    parsed = SendSmsAnswer(JSON.parse(answer.body));
  } catch {
    // A gateway's error page; judged by the status below.
  }
  const r = parsed.Response;
  // API 3.0 answers HTTP 200 with Response.Error for request errors, and one SendStatus per number otherwise.
  const status = r?.Error ?? r?.SendStatusSet?.[0];
  const code = typeof status?.Code === 'string' ? status.Code : `HTTP ${answer.status}`;
  const detail = maskDigitRuns(typeof status?.Message === 'string' ? status.Message : `HTTP ${answer.status}`).slice(0, 200);
  const serial = r?.SendStatusSet?.[0]?.SerialNo;
  if (!r?.Error && code === 'Ok' && typeof serial === 'string') return { kind: 'sent', messageId: serial };
  const verdict = status ? verdictOf(code) : answer.status >= 500 || answer.status === 429 ? retry : refused('refused');
  if (verdict.kind === 'refused') return { kind: 'refused', reason: verdict.reason, code, detail };
  const after = retryAfterMs(answer.headers, now);
  return after === undefined ? { kind: 'retryable', code, detail } : { kind: 'retryable', code, detail, retryAfterMs: after };
}

/** An SmsSender for Tencent Cloud SMS. */
export function createTencentSmsSender(config: TencentSmsConfig, deps: SmsDeps): SmsSender {
  const log = deps.logger ?? silentLogger;
  const now = deps.now ?? Date.now;
  return {
    provider: 'tencent',
    async send(msg: SmsMessage): Promise<SmsResult> {
      const prepared = prepareSms(msg, config.templates);
      if (!prepared.ok) {
        log.warn('sms refused before sending', { provider: 'tencent', to: maskMobile(msg.to), template: msg.template, detail: prepared.error.detail });
        return prepared.error;
      }
      const p = prepared.value;
      const endpoint = config.endpoint ?? TENCENT_SMS_ENDPOINT;
      let host: string;
      try {
        host = new URL(endpoint).host;
      } catch {
        return { kind: 'refused', reason: 'refused', code: 'URL.REFUSED', detail: 'refused: invalid URL' };
      }
      const payload = JSON.stringify({
        PhoneNumberSet: [p.to],
        SmsSdkAppId: config.sdkAppId,
        SignName: config.signName,
        TemplateId: p.templateId,
        TemplateParamSet: p.values,
        ...(msg.ref === undefined ? {} : { SessionContext: msg.ref }),
      });
      const timestamp = Math.floor(now() / 1000);
      const headers = {
        authorization: tc3Authorization({ secretId: config.secretId, secretKey: config.secretKey, service: 'sms', host, contentType: CONTENT_TYPE, payload, timestamp }),
        'content-type': CONTENT_TYPE,
        host,
        'x-tc-action': 'SendSms',
        'x-tc-timestamp': String(timestamp),
        'x-tc-version': TENCENT_SMS_VERSION,
        'x-tc-region': config.region ?? 'ap-guangzhou',
      };
      const answer = await smsExchange({ method: 'POST', url: endpoint, headers, body: payload, timeoutMs: config.timeoutMs ?? 10_000 }, deps.policy);
      const result = tencentOutcome(answer, now());
      log.info('sms send', { provider: 'tencent', to: maskMobile(p.to), template: msg.template, ref: msg.ref, outcome: result.kind, code: result.kind === 'sent' ? 'Ok' : result.code });
      return result;
    },
  };
}
