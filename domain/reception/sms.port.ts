// The SMS port: how reception texts a visitor. Chinese providers send only templates and signatures they approved
// beforehand, so a message names one of our template keys and its parameters, never free text. Adapters live in
// src/integrations/sms/ (Aliyun, Tencent Cloud, console); each maps our key to its own template code from config.

/** Our template keys; each adapter's config maps them to an approved provider template. */
export const SMS_TEMPLATE_KEYS = ['visit_invitation', 'visit_reminder'] as const;
export type SmsTemplateKey = (typeof SMS_TEMPLATE_KEYS)[number];

/** One text to one mobile. */
export interface SmsMessage {
  /** E.164 mobile number, e.g. +8613800000000 (see `checkMobile`). */
  to: string;
  template: SmsTemplateKey;
  /** Template variables by our names; the adapter sends them in the provider's shape (JSON object, ordered array). */
  params: Readonly<Record<string, string>>;
  /** Our id for this message, echoed by the provider (Aliyun `OutId`, Tencent `SessionContext`) in receipts. */
  ref?: string;
}

/** Why a message can never be sent as it stands; resending it unchanged cannot help. */
export type SmsRefusalReason =
  /** The number is malformed or the provider says it is not a reachable mobile. */
  | 'invalid_number'
  /** The template or signature is unknown, not approved, or its parameters do not fit it. */
  | 'template'
  /** Our credentials or the request signature were refused: an operator must fix the configuration. */
  | 'auth'
  /** Any other refusal the provider made final. */
  | 'refused';

/**
 * What became of one send. `retryable` covers throttling, provider 5xx, timeouts and lost connections: the outbox
 * tries again later (after `retryAfterMs` when the provider said). A lost answer may mean the text did go out; a
 * second invitation is better than none, so it is retryable too. `code` is the provider's (or ours when no call was made);
 * `detail` is safe to store: it never holds the full mobile number.
 */
export type SmsResult =
  | { kind: 'sent'; messageId: string }
  | { kind: 'refused'; reason: SmsRefusalReason; code: string; detail: string }
  | { kind: 'retryable'; code: string; detail: string; retryAfterMs?: number };

/** One SMS provider, as reception sees it. Never throws for provider answers; throws only for bugs. */
export interface SmsSender {
  /** `aliyun`, `tencent` or `console`: stored with each send so an operator knows where to look. */
  readonly provider: string;
  send(msg: SmsMessage): Promise<SmsResult>;
}
