// One transaction per command: expected failures roll it back and come back as values; version conflicts retry.
import type { Db, Tx } from '../../db/database.js';
import { err, type DomainError, type Result } from '../../domain/shared/index.js';

/** Thrown inside a transaction when an optimistic `version` check found the row changed; the command is retried. */
export class VersionConflict extends Error {
  constructor(what: string) {
    super(`${what} changed concurrently`);
  }
}

class Rollback extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

const RETRYABLE_PG = new Set(['40001', '40P01']); // serialization failure, deadlock

/**
 * Runs `fn` in one transaction. A failed Result rolls the transaction back and is returned; a VersionConflict or a
 * serialization failure reruns `fn` on fresh data (so the domain decides again, e.g. "already approved by X").
 */
export async function command<T>(db: Db, fn: (tx: Tx) => Promise<Result<T>>, retries = 5): Promise<Result<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const r = await fn(tx);
        if (!r.ok) throw new Rollback(r.error);
        return r;
      });
    } catch (e) {
      if (e instanceof Rollback) return err(e.error);
      if ((e instanceof VersionConflict || isRetryable(e)) && attempt < retries) continue;
      throw e;
    }
  }
}

/** A serialization failure or deadlock: the database rolled the work back and running it again can succeed. */
export function isRetryable(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;
  return code !== undefined && RETRYABLE_PG.has(code);
}
