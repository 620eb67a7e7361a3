// Idempotency keys mean "the same request again": a key (or a clientRef) reused for a different request is refused,
// as Stripe does, rather than silently answered with the first request's result.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../db/canonical-json.js';
import { domainError, type DomainError } from '../../domain/shared/index.js';

/** sha256 of the canonical JSON of what a request asks (key order and whitespace do not matter). */
export function requestHashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** The refusal for a key reused with a different request. */
export function idempotencyMismatch(key: string, what = 'Idempotency-Key'): DomainError {
  return domainError('IDEMPOTENCY.MISMATCH', `${what} ${key} was already used for a different request; send a new key for a new request`, { key });
}
