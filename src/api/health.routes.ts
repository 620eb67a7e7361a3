// Health for load balancers and orchestrators. /health: the database's round trip (unchanged, for people and old
// probes). /health/live: the process answers (no database call: a database outage must not get instances restarted).
// /health/ready: send traffic here? (src/usecases/health.ts decides). Not in the OpenAPI document, as /health never
// was: they serve infrastructure, not integrations, and are not organisation-scoped.
import type { Context, Hono } from 'hono';
import { databaseLatency, readinessCheck } from '../usecases/health.js';
import type { AppDeps, AppEnv } from './context.js';

/** How long a caller should wait before asking again while the instance is not ready. */
const RETRY_AFTER_S = 5;

export function registerHealth(app: Hono<AppEnv>, deps: Pick<AppDeps, 'db' | 'log' | 'shuttingDown'>): void {
  app.get('/health', async (c) => {
    try {
      return c.json({ status: 'ok', database: 'ok', latencyMs: await databaseLatency(deps.db) });
    } catch {
      c.header('Retry-After', String(RETRY_AFTER_S));
      return c.json({ status: 'degraded', database: 'unreachable' }, 503);
    }
  });

  app.get('/health/live', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ live: true });
  });

  const readiness = readinessCheck(deps);
  app.get('/health/ready', async (c: Context) => {
    const r = await readiness();
    c.header('Cache-Control', 'no-store');
    if (r.ready) return c.json({ ready: true });
    c.header('Retry-After', String(RETRY_AFTER_S));
    return c.json({ ready: false, reason: r.reason }, 503);
  });
}
