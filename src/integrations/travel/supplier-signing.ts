// Signatures of the travel-supplier protocol (HTTP/JSON, HMAC-SHA256).
//
// Our requests: X-Supplier-Key: <appKey>, X-Supplier-Timestamp: <unix s>, X-Supplier-Nonce: <hex>,
//   X-Supplier-Signature: v1=<hex hmac(appSecret, "<ts>\n<nonce>\n<METHOD>\n<path?query>\n<sha256 hex of body>")>.
//   The supplier refuses a timestamp more than 5 minutes off and a nonce seen within that window.
// Its callbacks: POST <callback URL>, X-Supplier-Timestamp: <unix s>, X-Supplier-Event-Id: <id>,
//   X-Supplier-Signature: v1=<hex hmac(callbackSecret, "<ts>.<raw body>")>; we refuse the same way.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SupplierCallback } from '../../../domain/travel/index.js';
import { CallbackSchema } from './supplier-schemas.js';

export const WINDOW_SECONDS = 300;

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');
export const bodyHash = (body: string) => createHash('sha256').update(body).digest('hex');

/** The v1 signature of one request to the supplier. */
export function signRequest(secret: string, r: { ts: number; nonce: string; method: string; pathWithQuery: string; body: string }): string {
  return `v1=${hmac(secret, `${r.ts}\n${r.nonce}\n${r.method.toUpperCase()}\n${r.pathWithQuery}\n${bodyHash(r.body)}`)}`;
}

/** Constant-time comparison of two signature strings. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks a request signature (the supplier side; our fake uses it). */
export function verifyRequestSignature(secret: string, r: { ts: number; nonce: string; method: string; pathWithQuery: string; body: string; signature: string }, nowMs: number): boolean {
  if (!Number.isFinite(r.ts) || Math.abs(nowMs / 1000 - r.ts) > WINDOW_SECONDS) return false;
  return sameSignature(signRequest(secret, r), r.signature);
}

/** The v1 signature of a callback body. */
export function signCallback(secret: string, ts: number, rawBody: string): string {
  return `v1=${hmac(secret, `${ts}.${rawBody}`)}`;
}

export type CallbackVerdict =
  | { ok: true; callback: SupplierCallback }
  | { ok: false; status: 400 | 401; code: 'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'TIMESTAMP_EXPIRED' | 'BODY_INVALID'; message: string };

/** Verifies a callback over its raw body (headers lower-cased), then parses it. Nothing is parsed before the signature holds. */
export function verifyCallback(secret: string, headers: Record<string, string | undefined>, rawBody: string, nowMs: number): CallbackVerdict {
  const ts = headers['x-supplier-timestamp'];
  const sig = headers['x-supplier-signature'];
  if (!ts || !sig) return { ok: false, status: 401, code: 'SIGNATURE_MISSING', message: 'X-Supplier-Timestamp and X-Supplier-Signature are required' };
  const t = Number(ts);
  if (!/^\d+$/.test(ts) || Math.abs(nowMs / 1000 - t) > WINDOW_SECONDS) return { ok: false, status: 401, code: 'TIMESTAMP_EXPIRED', message: 'the timestamp is more than 5 minutes off' };
  if (!sameSignature(signCallback(secret, t, rawBody), sig)) return { ok: false, status: 401, code: 'SIGNATURE_INVALID', message: 'the signature does not match the body' };
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, status: 400, code: 'BODY_INVALID', message: 'the body is not JSON' };
  }
  const parsed = CallbackSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { ok: false, status: 400, code: 'BODY_INVALID', message: `${i.path.join('.') || '(body)'}: ${i.message}` };
  }
  return { ok: true, callback: parsed.data as SupplierCallback };
}
