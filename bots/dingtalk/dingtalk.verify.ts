// DingTalk HTTP-mode robot callbacks: checks the `timestamp` and `sign` headers against the app secret. Pure: no I/O.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ok, type Result } from '../../domain/shared/result.js';
import { readHeader, type InboundHeaders } from '../chat/headers.js';
import { verifyFail, type VerifyError } from '../chat/verify-error.js';

export type { InboundHeaders };

export type DingTalkVerifyErrorCode = 'AUTH.BAD_SIGNATURE' | 'AUTH.STALE' | 'REQUEST.MALFORMED';
export type DingTalkVerifyError = VerifyError<DingTalkVerifyErrorCode>;

const fail = (code: DingTalkVerifyErrorCode, message: string) => verifyFail(code, message);


/** The `sign` DingTalk sends: base64(HMAC-SHA256(key = appSecret, message = timestamp + "\n" + appSecret)), timestamp in milliseconds. */
export function dingtalkSign(timestamp: string | number, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`, 'utf8').digest('base64');
}

export interface DingTalkVerifyInput {
  readonly appSecret: string;
  readonly headers: InboundHeaders;
  readonly now: Date;
  /** DingTalk's documented window is one hour either way. */
  readonly maxSkewMs?: number;
}

/**
 * Verifies the `timestamp` and `sign` headers of an HTTP-mode robot callback. The body is not signed by DingTalk,
 * so callers must still validate it and dedupe by `msgId`. Returns the request time in milliseconds.
 */
export function verifyDingTalkRequest(input: DingTalkVerifyInput): Result<{ readonly timestamp: number }, DingTalkVerifyError> {
  const timestamp = readHeader(input.headers, 'timestamp');
  const sign = readHeader(input.headers, 'sign');
  if (timestamp === undefined || sign === undefined || sign === '') return fail('AUTH.BAD_SIGNATURE', 'timestamp or sign header is missing');
  if (!/^\d{1,15}$/.test(timestamp)) return fail('REQUEST.MALFORMED', 'timestamp header is not a number of milliseconds');

  const expected = Buffer.from(dingtalkSign(timestamp, input.appSecret), 'base64');
  // Some proxies URL-encode the header; accept both spellings of the same bytes.
  const given = Buffer.from(sign.includes('%') ? safeDecode(sign) : sign, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail('AUTH.BAD_SIGNATURE', 'sign does not match');

  const ts = Number(timestamp);
  if (Math.abs(input.now.getTime() - ts) > (input.maxSkewMs ?? 3_600_000)) return fail('AUTH.STALE', 'timestamp is more than an hour away from now');
  return ok({ timestamp: ts });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
