// Scheduled job: purges delivered outbox rows and processed inbound ids older than RETENTION_DAYS, and payout
// accounts typed in chat that were never confirmed once their half hour is over, and visitors' personal data
// VISITOR_RETENTION_DAYS after their visit, in small batches.
import type { Db } from '../../db/database.js';
import { purgeExpiredPayeeDrafts } from '../../db/repos/payee-drafts.js';
import { purgeDeliveredOutbox, purgeProcessedEvents } from '../../db/repos/retention.js';
import { purgeVisitorData } from '../../db/repos/reception-gate.js';
import type { Logger } from '../log.js';
import type { Job } from './scheduler.js';

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  days: number;
  /** Days after a visit its visitors' personal data are kept (VISITOR_RETENTION_DAYS; default 90). */
  visitorDays?: number;
  /** Rows per DELETE: small enough that each statement is over in milliseconds. */
  batch?: number;
  /** Pause between batches, so the dispatcher and commands get the database between our statements. */
  pauseMs?: number;
  /** Upper bound of batches per table per run; the rest waits for the next run instead of one long purge. */
  maxBatches?: number;
}

export interface RetentionResult {
  outbox: number;
  processedEvents: number;
  /** Unconfirmed accounts typed in chat, wiped once expired (whatever RETENTION_DAYS says). */
  payeeDrafts: number;
  /** Visitors whose personal data went, VISITOR_RETENTION_DAYS after their visit. */
  visitors: number;
}

/** Deletes batch after batch until a batch comes back short (or maxBatches), pausing between them. */
async function drain(step: () => Promise<number>, batch: number, pauseMs: number, maxBatches: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await step();
    total += n;
    if (n < batch) break;
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
  return total;
}

/** Purges everything older than `days` before `now`, and pending payee accounts expired by `now`. Returns how many rows of each kind went. */
export async function runRetention(db: Db, now: Date, opts: RetentionOptions): Promise<RetentionResult> {
  const batch = opts.batch ?? 1000;
  const pauseMs = opts.pauseMs ?? 50;
  const maxBatches = opts.maxBatches ?? 500;
  const before = new Date(now.getTime() - opts.days * DAY_MS);
  const outbox = await drain(() => purgeDeliveredOutbox(db, before, batch), batch, pauseMs, maxBatches);
  const processedEvents = await drain(() => purgeProcessedEvents(db, before, batch), batch, pauseMs, maxBatches);
  const payeeDrafts = await drain(() => purgeExpiredPayeeDrafts(db, now, batch), batch, pauseMs, maxBatches);
  const visitorsBefore = new Date(now.getTime() - (opts.visitorDays ?? 90) * DAY_MS);
  const visitors = await drain(() => purgeVisitorData(db, visitorsBefore, batch, now), batch, pauseMs, maxBatches);
  return { outbox, processedEvents, payeeDrafts, visitors };
}

/**
 * Hourly; the scheduler's advisory lock and `job_runs` row make one instance run each tick, and a run is bounded by
 * maxBatches so it ends well within the hour.
 */
export function retentionJob(deps: { db: Db; log: Logger; config: { RETENTION_DAYS: number; VISITOR_RETENTION_DAYS?: number } }): Job {
  return {
    name: 'retention',
    everyMs: 3_600_000,
    async run(now) {
      const r = await runRetention(deps.db, now, { days: deps.config.RETENTION_DAYS, ...(deps.config.VISITOR_RETENTION_DAYS ? { visitorDays: deps.config.VISITOR_RETENTION_DAYS } : {}) });
      if (r.outbox + r.processedEvents + r.payeeDrafts + r.visitors > 0) deps.log.info('retention purged old rows', { ...r, days: deps.config.RETENTION_DAYS });
      return r;
    },
  };
}
