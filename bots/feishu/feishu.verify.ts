// Feishu/Lark inbound verification: decrypts, checks the signature, the clock and the verification token, and classifies the envelope. Pure: no I/O.
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import { ok, type Result } from '../../domain/shared/result.js';
import { readHeader, type InboundHeaders } from '../chat/headers.js';
import { verifyFail, type VerifyError } from '../chat/verify-error.js';

export type { InboundHeaders };

export type FeishuVerifyErrorCode = 'AUTH.BAD_SIGNATURE' | 'AUTH.STALE' | 'AUTH.BAD_TOKEN' | 'REQUEST.MALFORMED';
export type FeishuVerifyError = VerifyError<FeishuVerifyErrorCode>;

const fail = (code: FeishuVerifyErrorCode, message: string) => verifyFail(code, message);


export interface FeishuHeaderV2 {
  readonly event_id: string;
  readonly event_type: string;
  readonly app_id?: string;
  readonly tenant_key?: string;
  readonly create_time?: string;
  readonly token?: string;
}

/** What a verified request turned out to be. `payload` is the decrypted JSON as sent. */
export type FeishuEnvelope =
  | { readonly kind: 'url_verification'; readonly challenge: string; readonly payload: Record<string, unknown> }
  | { readonly kind: 'event_v2'; readonly eventId: string; readonly eventType: string; readonly header: FeishuHeaderV2; readonly event: Record<string, unknown>; readonly payload: Record<string, unknown> }
  | { readonly kind: 'event_v1'; readonly eventId: string; readonly eventType: string; readonly event: Record<string, unknown>; readonly payload: Record<string, unknown> }
  | { readonly kind: 'card_action_v1'; readonly payload: Record<string, unknown> };

export interface FeishuVerifyInput {
  readonly encryptKey?: string;
  readonly verificationToken?: string;
  readonly headers: InboundHeaders;
  /** The body exactly as received: signatures cover these bytes, not a re-serialisation. */
  readonly rawBody: string;
  readonly now: Date;
  /** Feishu documents no replay window; we allow five minutes either way. */
  readonly maxSkewSeconds?: number;
}

export interface FeishuVerified {
  readonly envelope: FeishuEnvelope;
  readonly encrypted: boolean;
  /** The request carried a signature that verified. */
  readonly signed: boolean;
}

/** The AES key of the last Encrypt Key seen: an app has one (two while it is rotated), and every event needs it. */
let lastKey: { encryptKey: string; key: Buffer } | undefined;
function aesKeyOf(encryptKey: string): Buffer {
  if (lastKey?.encryptKey !== encryptKey) lastKey = { encryptKey, key: createHash('sha256').update(encryptKey, 'utf8').digest() };
  return lastKey.key;
}

/** Decrypts an `encrypt` field: AES-256-CBC, key = SHA-256(encryptKey), IV = the first 16 bytes, PKCS#7. Throws on a wrong key or a damaged cipher text. */
export function decryptFeishu(encryptKey: string, encrypt: string): string {
  const key = aesKeyOf(encryptKey);
  const buf = Buffer.from(encrypt, 'base64');
  if (buf.length < 32 || buf.length % 16 !== 0) throw new Error('Feishu cipher text has the wrong length');
  const decipher = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
  return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
}

/** The `X-Lark-Signature` of a request: lowercase hex SHA-256 (plain hash, not HMAC) of timestamp + nonce + encryptKey + raw body. */
export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + rawBody, 'utf8').digest('hex');
}

/** The signature of a legacy (v1) card callback: lowercase hex SHA-1 of timestamp + nonce + verificationToken + raw body. */
export function feishuLegacyCardSignature(timestamp: string, nonce: string, verificationToken: string, rawBody: string): string {
  return createHash('sha1').update(timestamp + nonce + verificationToken + rawBody, 'utf8').digest('hex');
}

/** Constant-time string equality (hashing first so lengths never leak). */
function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * A hex digest sent in a header against the one computed: constant time over the computed digest's length, which is
 * public (64 characters for SHA-256, 40 for SHA-1); anything of another length is refused without comparing.
 */
function digestEqual(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given.toLowerCase(), 'latin1'), Buffer.from(expected, 'latin1'));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v !== '';

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

interface SignatureHeaders {
  timestamp: string;
  nonce: string;
  signature: string;
}

function signatureHeaders(headers: InboundHeaders): SignatureHeaders | undefined {
  const timestamp = readHeader(headers, 'x-lark-request-timestamp');
  const nonce = readHeader(headers, 'x-lark-request-nonce');
  const signature = readHeader(headers, 'x-lark-signature');
  return timestamp === undefined || nonce === undefined || signature === undefined ? undefined : { timestamp, nonce, signature };
}

function checkClock(timestamp: string, now: Date, maxSkewSeconds: number): Result<void, FeishuVerifyError> {
  if (!/^\d{1,12}$/.test(timestamp)) return fail('REQUEST.MALFORMED', 'X-Lark-Request-Timestamp is not a number of seconds');
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > maxSkewSeconds) return fail('AUTH.STALE', 'request timestamp is outside the allowed window');
  return ok(undefined);
}

/** Compares a token sent in the body with the configured verification token; absent configuration means no check. */
function checkToken(expected: string | undefined, given: unknown): Result<void, FeishuVerifyError> {
  if (expected === undefined || expected === '') return ok(undefined);
  return typeof given === 'string' && safeEqual(given, expected) ? ok(undefined) : fail('AUTH.BAD_TOKEN', 'verification token does not match');
}

/** A legacy (v1) card callback: flat, unencrypted. Its `token` is the card's update token, not the verification token. */
const isLegacyCard = (p: Record<string, unknown>) => p.type === undefined && p.schema === undefined && isNonEmptyString(p.open_message_id) && isRecord(p.action);

/** Envelope shapes, tried in order; the first whose `match` accepts the payload classifies it. */
const CLASSIFIERS: ReadonlyArray<{
  match: (p: Record<string, unknown>) => boolean;
  build: (p: Record<string, unknown>) => { envelope: FeishuEnvelope; token?: unknown } | undefined;
}> = [
  {
    match: (p) => p.type === 'url_verification',
    build: (p) => (isNonEmptyString(p.challenge) ? { envelope: { kind: 'url_verification', challenge: p.challenge, payload: p }, token: p.token } : undefined),
  },
  {
    match: (p) => p.schema === '2.0',
    build: (p) => {
      const h = p.header;
      if (!isRecord(h) || !isNonEmptyString(h.event_id) || !isNonEmptyString(h.event_type) || !isRecord(p.event)) return undefined;
      const header = h as unknown as FeishuHeaderV2;
      return { envelope: { kind: 'event_v2', eventId: header.event_id, eventType: header.event_type, header, event: p.event, payload: p }, token: h.token };
    },
  },
  {
    match: (p) => p.type === 'event_callback',
    build: (p) => {
      const e = p.event;
      if (!isNonEmptyString(p.uuid) || !isRecord(e) || !isNonEmptyString(e.type)) return undefined;
      return { envelope: { kind: 'event_v1', eventId: p.uuid, eventType: e.type, event: e, payload: p }, token: p.token };
    },
  },
];

/**
 * Verifies one inbound Feishu request (event subscription or card callback) and classifies it.
 *
 * With an Encrypt Key every request except URL verification must carry a valid `X-Lark-Signature` over the raw body and a
 * timestamp within `maxSkewSeconds`; URL verification is accepted unsigned because its decryption already proves the key.
 * The verification token, when configured, must match `header.token` (v2) or the flat `token` (URL verification, v1 events).
 * Legacy card callbacks are checked by their SHA-1 signature with the verification token. Throws if neither secret is configured.
 */
export function verifyFeishuRequest(input: FeishuVerifyInput): Result<FeishuVerified, FeishuVerifyError> {
  const { encryptKey, verificationToken, headers, rawBody, now } = input;
  const maxSkewSeconds = input.maxSkewSeconds ?? 300;
  if (!encryptKey && !verificationToken) throw new Error('verifyFeishuRequest needs an encrypt key or a verification token');

  const outer = parseObject(rawBody);
  if (!outer) return fail('REQUEST.MALFORMED', 'body is not a JSON object');
  const sig = signatureHeaders(headers);

  // Legacy card callbacks are never encrypted and use their own signature scheme, whatever the Encrypt Key (as the SDK's checkIsCardEventValidated).
  if (isLegacyCard(outer)) {
    if (!verificationToken || !sig) return fail('AUTH.BAD_SIGNATURE', 'legacy card callback is not signed');
    if (!digestEqual(sig.signature, feishuLegacyCardSignature(sig.timestamp, sig.nonce, verificationToken, rawBody))) return fail('AUTH.BAD_SIGNATURE', 'X-Lark-Signature does not match');
    const clock = checkClock(sig.timestamp, now, maxSkewSeconds);
    if (!clock.ok) return clock;
    return ok({ envelope: { kind: 'card_action_v1', payload: outer }, encrypted: false, signed: true });
  }

  // The signature covers the raw bytes, so it is checked before anything is decrypted.
  let signed = false;
  if (encryptKey && sig) {
    if (!digestEqual(sig.signature, feishuSignature(sig.timestamp, sig.nonce, encryptKey, rawBody))) return fail('AUTH.BAD_SIGNATURE', 'X-Lark-Signature does not match');
    const clock = checkClock(sig.timestamp, now, maxSkewSeconds);
    if (!clock.ok) return clock;
    signed = true;
  }

  let payload = outer;
  const encrypted = typeof outer.encrypt === 'string';
  if (encrypted) {
    if (!encryptKey) return fail('REQUEST.MALFORMED', 'body is encrypted but no encrypt key is configured');
    let plain: string;
    try {
      plain = decryptFeishu(encryptKey, outer.encrypt as string);
    } catch {
      return fail('REQUEST.MALFORMED', 'body does not decrypt with the encrypt key');
    }
    const inner = parseObject(plain);
    if (!inner) return fail('REQUEST.MALFORMED', 'decrypted body is not a JSON object');
    payload = inner;
  }

  // Card callbacks in the new format arrive as v2 envelopes (`card.action.trigger`).
  const classifier = CLASSIFIERS.find((c) => c.match(payload));
  const built = classifier?.build(payload);
  if (!built) return fail('REQUEST.MALFORMED', 'not a Feishu URL verification, event or card callback');
  const { envelope } = built;
  if (encryptKey && !signed && envelope.kind !== 'url_verification') return fail('AUTH.BAD_SIGNATURE', 'signature headers are missing');

  const token = checkToken(verificationToken, built.token);
  if (!token.ok) return token;
  return ok({ envelope, encrypted, signed });
}
