// The outbox dispatcher: claims due messages (SKIP LOCKED + lease), delivers them outside any transaction, retries with backoff.
import { actingVia } from '../../db/acting.js';
import type { Db } from '../../db/database.js';
import { claimDue, markDeferred, markDelivered, markFailed, type ClaimedMessage, type TopicFilter } from '../../db/repos/outbox.js';
import { RateLimited } from '../../bots/chat/rate-limit.js';
import type { Clock } from '../../domain/shared/index.js';
import type { Logger } from '../log.js';
import { backoffMs } from './backoff.js';
import type { Metrics } from '../observability/metrics.js';
import { inDeliverySpans } from '../observability/tracing.js';

/** Delivers one message; throwing means "try again later" (`RateLimited`: after its time, without spending an attempt). */
export type OutboxHandler = (msg: ClaimedMessage) => Promise<void>;

/** Per message of a batch that did not go through: its error (the others count as delivered). */
export type BatchFailures = ReadonlyMap<number, unknown>;

/**
 * Handles every claimed message of its topic in one go (e.g. a fan-out that needs one query for the whole batch).
 * Throwing retries them all, so it must be idempotent per message; returning failures retries only those.
 */
export interface OutboxBatchHandler {
  batch(msgs: ClaimedMessage[]): Promise<void | BatchFailures>;
}

export type OutboxHandlers = ReadonlyMap<string, OutboxHandler | OutboxBatchHandler>;

export interface DispatcherOptions {
  batch: number;
  maxAttempts: number;
  concurrency: number;
  leaseMs?: number;
  baseDelayMs?: number;
  /** Due times and leases are judged by this clock (the service's `Clock`); default: the system time. */
  clock?: Clock;
  /** The topics this pass claims (a lane); default all. */
  topics?: TopicFilter;
  /** Counts deliveries and failures by topic (the instance's metrics, when METRICS_TOKEN is set). */
  metrics?: Metrics | undefined;
  /** Names this instance on its leases, so it can hand back what it holds when it stops (`releaseLeases`). */
  leaseOwner?: string;
}

export interface DispatchReport {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
  /** Rate-limited: put back for the platform's retry-after, attempts not spent. */
  deferred: number;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * Claims and delivers one batch. Handlers are looked up by topic; an unknown topic goes straight to dead-letter.
 * One pool of `concurrency` slots serves every topic: batch handlers (each a topic's share of the claim) run in it
 * beside the single-message deliveries, so a slow topic does not hold up the others' lanes.
 */
export async function dispatchOnce(db: Db, handlers: OutboxHandlers, opts: DispatcherOptions, log: Logger): Promise<DispatchReport> {
  const clock = opts.clock ?? systemClock;
  const msgs = await claimDue(db, opts.batch, opts.leaseMs ?? 60_000, clock.now(), opts.topics, opts.leaseOwner);
  const report: DispatchReport = { claimed: msgs.length, delivered: 0, failed: 0, dead: 0, deferred: 0 };
  if (msgs.length === 0) return report;
  const metrics = opts.metrics;

  // Delivered ids are marked in small groups as they complete: one statement per MARK_EVERY deliveries, yet a slow
  // receiver never keeps more than a few delivered rows waiting for their mark. Rate-limited ones likewise. A group is
  // marked at the end of the turn in which it filled, so deliveries that finish together (handlers with nothing to
  // wait for, such as a host's notice with chat off, or a batch's share) take one statement, not one per ten.
  const MARK_EVERY = 10;
  let unmarked: number[] = [];
  let marking: Promise<void> | undefined;
  const flush = async () => {
    const ids = unmarked;
    unmarked = [];
    await markDelivered(db, ids, clock.now());
  };
  const delivered = async (ids: number[]) => {
    report.delivered += ids.length;
    unmarked.push(...ids);
    if (unmarked.length < MARK_EVERY || marking) return;
    marking = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      marking = undefined;
      return flush();
    });
    await marking;
  };
  const deferredBy = new Map<number, number[]>();
  const fail = async (msg: ClaimedMessage, e: unknown) => {
    if (e instanceof RateLimited) {
      // Grouped by retry time (rounded up to 100 ms) so one statement defers many; "next pass" (0) stays due now.
      const now = clock.now().getTime();
      const at = e.retryAfterMs <= 0 ? now : Math.ceil((now + e.retryAfterMs) / 100) * 100;
      deferredBy.set(at, [...(deferredBy.get(at) ?? []), msg.id]);
      report.deferred++;
      metrics?.outboxFailures.inc({ topic: msg.topic, outcome: 'deferred' });
      return;
    }
    const dead = e instanceof NoHandler || e instanceof PermanentFailure || msg.attempts >= opts.maxAttempts;
    metrics?.outboxFailures.inc({ topic: msg.topic, outcome: dead ? 'dead' : 'retry' });
    const reason = e instanceof Error ? e.message : String(e);
    await markFailed(db, msg.id, reason, new Date(clock.now().getTime() + backoffMs(msg.attempts, opts.baseDelayMs)), dead);
    if (dead) {
      report.dead++;
      log.warn('outbox message dead-lettered', { id: msg.id, topic: msg.topic, attempts: msg.attempts, reason });
    } else report.failed++;
  };

  const tasks: (() => Promise<void>)[] = [];
  const batches = new Map<OutboxBatchHandler, ClaimedMessage[]>();
  for (const msg of msgs) {
    const h = handlers.get(msg.topic);
    if (h && typeof h !== 'function') {
      const group = batches.get(h);
      if (group) group.push(msg);
      else batches.set(h, [msg]);
      continue;
    }
    tasks.push(async () => {
      try {
        if (typeof h !== 'function') throw new NoHandler(msg.topic);
        // The delivery's span continues the trace stored with the message (the request that caused it).
        await inDeliverySpans(msg.topic, [msg.traceParent], { 'messaging.message.id': String(msg.id), 'outbox.attempt': msg.attempts }, () => actingVia(`job:outbox:${msg.topic}`, () => h(msg)));
        metrics?.outboxDeliveries.inc({ topic: msg.topic });
        await delivered([msg.id]);
      } catch (e) {
        await fail(msg, e);
      }
    });
  }
  // Batch handlers first in the queue: they are the fan-outs that feed the single deliveries of the next pass.
  const batchTasks = [...batches].map(([h, group]) => async () => {
    let failures: BatchFailures | void;
    try {
      const topic = group[0]!.topic;
      failures = await inDeliverySpans(topic, group.map((m) => m.traceParent), { 'messaging.batch.message_count': group.length }, () => actingVia(`job:outbox:${topic}`, () => h.batch(group)), (f, i) => (f ? f.get(group[i]!.id) : undefined));
    } catch (e) {
      for (const msg of group) await fail(msg, e);
      return;
    }
    const ok: number[] = [];
    for (const msg of group) {
      if (failures?.has(msg.id)) await fail(msg, failures.get(msg.id));
      else {
        ok.push(msg.id);
        metrics?.outboxDeliveries.inc({ topic: msg.topic });
      }
    }
    await delivered(ok);
  });
  const queue = [...batchTasks, ...tasks];
  let next = 0;
  const worker = async () => {
    while (next < queue.length) await queue[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, opts.concurrency), queue.length) }, worker));
  if (unmarked.length > 0) await flush();
  for (const [at, ids] of deferredBy) await markDeferred(db, ids, 'deferred: rate limited, or later in its chat’s order', new Date(at));
  return report;
}

class NoHandler extends Error {
  constructor(topic: string) {
    super(`no handler for topic ${topic}`);
  }
}

/** Thrown by a handler when retrying cannot help (e.g. the webhook was deleted). */
export class PermanentFailure extends Error {}

/**
 * Runs `dispatchOnce` in a loop until stopped; polls sooner while there is work. `kick()` (called after a command
 * enqueued messages) wakes it within `kickDelayMs`: waiting a moment lets one pass take the messages of many
 * commands, instead of one pass per command under load. Each of `lanes` (a list of topics) gets a loop of its own and
 * the other topics share one more: a platform answering slowly holds up its lane's passes, not the fan-outs that feed it.
 */
export function startDispatcher(
  db: Db,
  handlers: OutboxHandlers,
  opts: DispatcherOptions & { pollMs: number; kickDelayMs?: number; lanes?: readonly (readonly string[])[] },
  log: Logger,
): { stop(): Promise<void>; kick(): void } {
  const lanes = (opts.lanes ?? []).filter((l) => l.length > 0);
  const filters: (TopicFilter | undefined)[] = lanes.length === 0 ? [undefined] : [{ except: lanes.flat() }, ...lanes.map((only) => ({ only }))];
  const loops = filters.map((topics) => startLoop(db, handlers, { ...opts, ...(topics ? { topics } : {}) }, log));
  return {
    kick: () => loops.forEach((l) => l.kick()),
    stop: async () => void (await Promise.all(loops.map((l) => l.stop()))),
  };
}

function startLoop(db: Db, handlers: OutboxHandlers, opts: DispatcherOptions & { pollMs: number; kickDelayMs?: number }, log: Logger): { stop(): Promise<void>; kick(): void } {
  let stopped = false;
  let wake: (() => void) | undefined;
  let kickTimer: ReturnType<typeof setTimeout> | undefined;
  // A kick that lands while a pass runs is kept, so the pass after it starts at once instead of after the poll.
  let kicked = false;
  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      let deferred = 0;
      try {
        ({ claimed, deferred } = await dispatchOnce(db, handlers, opts, log));
      } catch (e) {
        if (!stopped) log.error('outbox dispatch failed', { error: e });
      }
      if (kicked) {
        kicked = false;
        continue;
      }
      // A full claim, or messages put back for a later pass: go again at once (what is not due yet is not claimed).
      if (claimed < opts.batch && deferred === 0 && !stopped) {
        await new Promise<void>((res) => {
          const poll = setTimeout(res, opts.pollMs);
          wake = () => {
            clearTimeout(poll);
            res();
          };
        });
        wake = undefined;
      }
    }
  })();
  return {
    kick() {
      if (kickTimer || stopped) return;
      kickTimer = setTimeout(() => {
        kickTimer = undefined;
        if (wake) wake();
        else kicked = true;
      }, opts.kickDelayMs ?? 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(kickTimer);
      wake?.();
      await loop;
    },
  };
}
