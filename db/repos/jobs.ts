// Scheduled-job bookkeeping: which instance runs a job's tick (advisory lock + last-run row).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../database.js';

/**
 * Claims the job's tick: under a transaction-scoped advisory lock, moves `last_run_at` to now if the job is due.
 * Returns true on the one instance that should run it. @crossOrg Jobs belong to the deployment, not to an organisation.
 */
export async function claimJobTick(db: Db, name: string, everyMs: number, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const got = rowsOf<{ ok: boolean }>(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(hashtext(${'job:' + name})) AS ok`))[0];
    if (!got?.ok) return false;
    const due = new Date(now.getTime() - everyMs + 1);
    const rows = rowsOf(
      await tx.execute(sql`
        INSERT INTO job_runs (name, last_run_at, runs) VALUES (${name}, ${now.toISOString()}::timestamptz, 1)
        ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, runs = job_runs.runs + 1
          WHERE job_runs.last_run_at < ${due.toISOString()}::timestamptz
        RETURNING name`),
    );
    return rows.length > 0;
  });
}

/** One round trip to the database, for health checks. @crossOrg */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
