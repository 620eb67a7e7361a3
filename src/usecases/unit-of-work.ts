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
      const code = (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
      if ((e instanceof VersionConflict || (code && RETRYABLE_PG.has(code))) && attempt < retries) continue;
      throw e;
    }
  }
}
