// Periodic jobs. Each tick of a job runs on one instance only: an advisory lock plus a last-run row decide who.
import type { Db } from '../../db/database.js';
import { claimJobTick } from '../../db/repos/jobs.js';
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
  return claimJobTick(db, job.name, job.everyMs, now);
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
