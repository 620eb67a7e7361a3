// Request signing of the HTTP bank API (HMAC-SHA256), shared by our adapter (signing) and the fake bank (verifying).
//
// Canonical string: "<METHOD>\n<PATH>\n<TIMESTAMP>\n<NONCE>\n<hex sha256 of the body>", PATH with its query string,
// TIMESTAMP in unix seconds. Headers: X-Bank-Key-Id, X-Bank-Timestamp, X-Bank-Nonce, X-Bank-Signature (base64).
// The bank refuses a timestamp more than 5 minutes off and a nonce it has seen within that window.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from the bank's clock. */
export const BANK_SIGNATURE_WINDOW_SECONDS = 300;

/** The header names, lower-cased as node:http presents them. */
export const BANK_HEADERS = {
  keyId: 'x-bank-key-id',
  timestamp: 'x-bank-timestamp',
  nonce: 'x-bank-nonce',
  signature: 'x-bank-signature',
} as const;

export interface BankRequestToSign {
  keyId: string;
  secret: string;
  method: string;
  /** The path and query string as sent, e.g. `/v1/files?cursor=12`. */
  path: string;
  /** Unix seconds. */
  timestamp: number;
  nonce: string;
  /** The exact body bytes sent ('' for none). */
  body: string | Uint8Array;
}

/** The string the HMAC is computed over. */
export function canonicalBankRequest(r: Pick<BankRequestToSign, 'method' | 'path' | 'timestamp' | 'nonce' | 'body'>): string {
  const bodyHash = createHash('sha256').update(r.body).digest('hex');
  return `${r.method.toUpperCase()}\n${r.path}\n${r.timestamp}\n${r.nonce}\n${bodyHash}`;
}

/** The four signature headers of one request. Pure: the caller supplies the time and the nonce. */
export function signBankRequest(r: BankRequestToSign): Record<string, string> {
  const signature = createHmac('sha256', r.secret).update(canonicalBankRequest(r)).digest('base64');
  return {
    [BANK_HEADERS.keyId]: r.keyId,
    [BANK_HEADERS.timestamp]: String(r.timestamp),
    [BANK_HEADERS.nonce]: r.nonce,
    [BANK_HEADERS.signature]: signature,
  };
}

export type BankSignatureRefusal = 'MISSING_HEADERS' | 'UNKNOWN_KEY' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE' | 'NONCE_REUSED';

/** What the bank side needs to check a request: its keys, its clock and its memory of recent nonces. */
export interface BankSignatureCheck {
  secretOf: (keyId: string) => string | undefined;
  nowMs: number;
  /** True when this nonce was already used within the window (the caller records it once the request passes). */
  nonceSeen: (keyId: string, nonce: string) => boolean;
}

/**
 * Checks the signature headers of one request (headers lower-cased). Returns the refusal, or null when the request
 * holds. The signature is checked before the nonce so that a forged request cannot burn a real client's nonce.
 */
export function checkBankRequest(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  req: { method: string; path: string; body: string | Uint8Array },
  check: BankSignatureCheck,
): BankSignatureRefusal | null {
  const one = (name: string) => {
    const v = headers[name];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const keyId = one(BANK_HEADERS.keyId);
  const ts = one(BANK_HEADERS.timestamp);
  const nonce = one(BANK_HEADERS.nonce);
  const signature = one(BANK_HEADERS.signature);
  if (!keyId || !ts || !nonce || !signature) return 'MISSING_HEADERS';
  const secret = check.secretOf(keyId);
  if (secret === undefined) return 'UNKNOWN_KEY';
  const timestamp = Number(ts);
  if (!/^\d{1,12}$/.test(ts) || Math.abs(check.nowMs / 1000 - timestamp) > BANK_SIGNATURE_WINDOW_SECONDS) return 'STALE_TIMESTAMP';
  const expected = Buffer.from(signBankRequest({ keyId, secret, method: req.method, path: req.path, timestamp, nonce, body: req.body })[BANK_HEADERS.signature]!);
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'BAD_SIGNATURE';
  if (check.nonceSeen(keyId, nonce)) return 'NONCE_REUSED';
  return null;
}
