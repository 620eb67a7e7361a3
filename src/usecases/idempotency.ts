// Idempotency keys mean "the same request again": a key (or a clientRef) reused for a different request is refused,
// as Stripe does, rather than silently answered with the first request's result.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../db/canonical-json.js';
import type { Executor } from '../../db/database.js';
import { rememberRequest } from '../../db/repos/processed.js';
import { domainError, err, ok, type DomainError, type Result } from '../../domain/shared/index.js';

/** sha256 of the canonical JSON of what a request asks (key order and whitespace do not matter). */
export function requestHashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** The refusal for a key reused with a different request. */
export function idempotencyMismatch(key: string, what = 'Idempotency-Key'): DomainError {
  return domainError('IDEMPOTENCY.MISMATCH', `${what} ${key} was already used for a different request; send a new key for a new request`, { key });
}

/**
 * Records, in the caller's transaction, what the organisation's `clientRef` in `scope` asks for; refuses it when the
 * same reference was first used for a different request (422 IDEMPOTENCY.MISMATCH). References recorded before hashes
 * were kept pass, and the caller replays its first answer as before.
 */
export async function checkClientRef(tx: Executor, orgId: string, scope: string, clientRef: string, asked: unknown): Promise<Result<void>> {
  const hash = requestHashOf(asked);
  const seen = await rememberRequest(tx, orgId, scope, clientRef, hash);
  if (!seen.first && seen.requestHash && seen.requestHash !== hash) return err(idempotencyMismatch(clientRef, 'clientRef'));
  return ok(undefined);
}
