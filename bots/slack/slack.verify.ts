// Slack request signing (v0): checks X-Slack-Signature over the raw body and the request age. Pure: no I/O.
// Re-implemented on node:crypto rather than importing Bolt's verifySlackRequest, which would pull Bolt (express, axios) into the
// Workers bundle; the conformance test checks both agree on Slack's published vector.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ok, type Result } from '../../domain/shared/result.js';
import { readHeader, type InboundHeaders } from '../chat/headers.js';
import { verifyFail, type VerifyError } from '../chat/verify-error.js';

export type { InboundHeaders };

export type SlackVerifyErrorCode = 'AUTH.BAD_SIGNATURE' | 'AUTH.STALE' | 'REQUEST.MALFORMED';
export type SlackVerifyError = VerifyError<SlackVerifyErrorCode>;

const fail = (code: SlackVerifyErrorCode, message: string) => verifyFail(code, message);


/** `X-Slack-Signature`: "v0=" + hex(HMAC-SHA256(signingSecret, "v0:" + timestamp + ":" + rawBody)), timestamp in seconds. */
export function slackSignature(signingSecret: string, timestamp: string | number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`, 'utf8').digest('hex')}`;
}

export interface SlackVerifyInput {
  readonly signingSecret: string;
  readonly headers: InboundHeaders;
  /** The body exactly as received (form-encoded or JSON). */
  readonly rawBody: string;
  readonly now: Date;
  /** Slack asks for five minutes; unlike Bolt we also refuse timestamps that far in the future. */
  readonly maxSkewSeconds?: number;
}

export interface SlackVerified {
  readonly timestamp: number;
  /** `X-Slack-Retry-Num` of an Events API retry, if any. */
  readonly retryNum?: number;
  /** `X-Slack-Retry-Reason` of an Events API retry, if any. */
  readonly retryReason?: string;
}

/** Verifies one inbound Slack request (events, interactivity, slash commands, URL verification). */
export function verifySlackRequest(input: SlackVerifyInput): Result<SlackVerified, SlackVerifyError> {
  const timestamp = readHeader(input.headers, 'x-slack-request-timestamp');
  const signature = readHeader(input.headers, 'x-slack-signature');
  if (timestamp === undefined || signature === undefined) return fail('AUTH.BAD_SIGNATURE', 'signature headers are missing');
  if (!/^\d{1,12}$/.test(timestamp)) return fail('REQUEST.MALFORMED', 'X-Slack-Request-Timestamp is not a number of seconds');
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return fail('AUTH.BAD_SIGNATURE', 'unknown signature version or format');

  const expected = Buffer.from(slackSignature(input.signingSecret, timestamp, input.rawBody).slice(3), 'hex');
  const given = Buffer.from(signature.slice(3), 'hex');
  if (!timingSafeEqual(given, expected)) return fail('AUTH.BAD_SIGNATURE', 'X-Slack-Signature does not match');

  const ts = Number(timestamp);
  if (Math.abs(input.now.getTime() / 1000 - ts) > (input.maxSkewSeconds ?? 300)) return fail('AUTH.STALE', 'request timestamp is outside the allowed window');

  const retryNum = readHeader(input.headers, 'x-slack-retry-num');
  const retryReason = readHeader(input.headers, 'x-slack-retry-reason');
  return ok({
    timestamp: ts,
    ...(retryNum !== undefined && /^\d+$/.test(retryNum) ? { retryNum: Number(retryNum) } : {}),
    ...(retryReason !== undefined ? { retryReason } : {}),
  });
}
