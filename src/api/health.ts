// Health for load balancers and orchestrators. /health: the database's round trip (unchanged, for people and old
// probes). /health/live: the process answers (no database call: a database outage must not get instances restarted).
// /health/ready: send traffic here? Only when the database answers, has every committed migration, and the instance
// is not shutting down.
import type { Context, Hono } from 'hono';
import { appliedMigrations, committedMigrations } from '../../db/migration-state.js';
import { ping } from '../../db/repos/jobs.js';
import { isDatabaseUnavailable } from '../../db/unavailable.js';
import type { AppDeps, AppEnv } from './context.js';

/** A readiness probe that waits longer than this for the database answers 503: probes have timeouts of their own. */
export const READY_TIMEOUT_MS = 2_000;
/** How long a caller should wait before asking again while the database is away. */
const RETRY_AFTER_S = 5;

export function registerHealth(app: Hono<AppEnv>, deps: Pick<AppDeps, 'db' | 'log' | 'shuttingDown'>): void {
  app.get('/health', async (c) => {
    const started = Date.now();
    try {
      await ping(deps.db);
      return c.json({ status: 'ok', database: 'ok', latencyMs: Date.now() - started });
    } catch {
      c.header('Retry-After', String(RETRY_AFTER_S));
      return c.json({ status: 'degraded', database: 'unreachable' }, 503);
    }
  });

  app.get('/health/live', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ live: true });
  });

  // Migrations are never taken back while a process runs: once seen complete, a round trip is all readiness needs.
  let migrated = false;
  const notReady = (c: Context, reason: string) => {
    c.header('Cache-Control', 'no-store');
    c.header('Retry-After', String(RETRY_AFTER_S));
    return c.json({ ready: false, reason }, 503);
  };
  app.get('/health/ready', async (c) => {
    if (deps.shuttingDown?.()) return notReady(c, 'shutting down');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), READY_TIMEOUT_MS)));
    const check = (async () => {
      if (migrated) return ping(deps.db).then(() => 'ready' as const);
      const state = await appliedMigrations(deps.db, committedMigrations);
      if (!state.upToDate) return `database not migrated (${state.count} of ${committedMigrations.length} migrations applied)`;
      migrated = true;
      return 'ready' as const;
    })();
    check.catch(() => undefined); // when late, its failure is not awaited
    try {
      const outcome = await Promise.race([check, late]);
      if (outcome === 'late') return notReady(c, `database did not answer within ${READY_TIMEOUT_MS} ms`);
      if (outcome !== 'ready') return notReady(c, outcome);
    } catch (e) {
      if (isDatabaseUnavailable(e)) return notReady(c, 'database unreachable');
      deps.log.warn('readiness check failed', { error: e });
      return notReady(c, 'database check failed');
    } finally {
      clearTimeout(timer);
    }
    if (deps.shuttingDown?.()) return notReady(c, 'shutting down'); // began while the database answered
    c.header('Cache-Control', 'no-store');
    return c.json({ ready: true });
  });
}
