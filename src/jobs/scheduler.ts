// Periodic jobs. Each tick of a job runs on one instance only: an advisory lock plus a last-run row decide who.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { rowsOf } from '../../db/database.js';
import type { Logger } from '../log.js';

export interface Job {
  name: string;
  everyMs: number;
  run(now: Date): Promise<unknown>;
}

/**
 * Claims the job's tick: under a transaction-scoped advisory lock, moves `last_run_at` to now if the job is due.
 * Returns true on the one instance that should run it.
 */
export async function claimTick(db: Db, job: Pick<Job, 'name' | 'everyMs'>, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const got = rowsOf<{ ok: boolean }>(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(hashtext(${'job:' + job.name})) AS ok`))[0];
    if (!got?.ok) return false;
    const due = new Date(now.getTime() - job.everyMs + 1);
    const rows = rowsOf(
      await tx.execute(sql`
        INSERT INTO job_runs (name, last_run_at, runs) VALUES (${job.name}, ${now.toISOString()}::timestamptz, 1)
        ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, runs = job_runs.runs + 1
          WHERE job_runs.last_run_at < ${due.toISOString()}::timestamptz
        RETURNING name`),
    );
    return rows.length > 0;
  });
}

/** Runs every due job whose tick this instance wins. Returns the names it ran. */
export async function tick(db: Db, jobs: Job[], now: Date, log: Logger): Promise<string[]> {
  const ran: string[] = [];
  for (const job of jobs) {
    try {
      if (!(await claimTick(db, job, now))) continue;
      await job.run(now);
      ran.push(job.name);
    } catch (e) {
      log.error('scheduled job failed', { job: job.name, error: e });
    }
  }
  return ran;
}

export function startScheduler(db: Db, jobs: Job[], tickMs: number, now: () => Date, log: Logger): { stop(): void } {
  const timer = setInterval(() => void tick(db, jobs, now(), log), tickMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
