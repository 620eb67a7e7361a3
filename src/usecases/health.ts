// What the health routes answer, decided here so the routes only map it: whether the database answers (/health) and
// whether this instance should be sent traffic (/health/ready): database answering in time, every committed
// migration applied, not shutting down.
import type { Db } from '../../db/database.js';
import { appliedMigrations, committedMigrations } from '../../db/migration-state.js';
import { ping } from '../../db/repos/jobs.js';
import { isDatabaseUnavailable } from '../../db/unavailable.js';
import type { Logger } from '../log.js';

/** A readiness check that waits longer than this for the database says not ready: probes have timeouts of their own. */
export const READY_TIMEOUT_MS = 2_000;

export type Readiness = { ready: true } | { ready: false; reason: string };

/** One round trip; resolves with its latency, rejects when the database does not answer. */
export async function databaseLatency(db: Db): Promise<number> {
  const started = Date.now();
  await ping(db);
  return Date.now() - started;
}

/**
 * A readiness check for one app: migrations are never taken back while a process runs, so once they are seen complete
 * a round trip is all it asks.
 */
export function readinessCheck(deps: { db: Db; log: Logger; shuttingDown?: () => boolean }): () => Promise<Readiness> {
  let migrated = false;
  const ask = async (): Promise<Readiness> => {
    if (migrated) return ping(deps.db).then(() => ({ ready: true }));
    const state = await appliedMigrations(deps.db, committedMigrations);
    if (!state.upToDate) return { ready: false, reason: `database not migrated (${state.count} of ${committedMigrations.length} migrations applied)` };
    migrated = true;
    return { ready: true };
  };
  return async () => {
    if (deps.shuttingDown?.()) return { ready: false, reason: 'shutting down' };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<Readiness>((resolve) => (timer = setTimeout(() => resolve({ ready: false, reason: `database did not answer within ${READY_TIMEOUT_MS} ms` }), READY_TIMEOUT_MS)));
    const check = ask();
    check.catch(() => undefined); // when late, its failure is not awaited
    try {
      const outcome = await Promise.race([check, late]);
      // Shutdown may have begun while the database answered.
      return outcome.ready && deps.shuttingDown?.() ? { ready: false, reason: 'shutting down' } : outcome;
    } catch (e) {
      if (isDatabaseUnavailable(e)) return { ready: false, reason: 'database unreachable' };
      deps.log.warn('readiness check failed', { error: e });
      return { ready: false, reason: 'database check failed' };
    } finally {
      clearTimeout(timer);
    }
  };
}
