// The outbox dispatcher: claims due messages (SKIP LOCKED + lease), delivers them outside any transaction, retries with backoff.
import { actingVia } from '../../db/acting.js';
import type { Db } from '../../db/database.js';
import { claimDue, markDelivered, markFailed, type ClaimedMessage } from '../../db/repos/outbox.js';
import type { Logger } from '../log.js';
import { backoffMs } from './backoff.js';

/** Delivers one message; throwing means "try again later". */
export type OutboxHandler = (msg: ClaimedMessage) => Promise<void>;

/**
 * Handles every claimed message of its topic in one go (e.g. a fan-out that needs one query for the whole batch);
 * throwing retries them all, so it must be idempotent per message.
 */
export interface OutboxBatchHandler {
  batch(msgs: ClaimedMessage[]): Promise<void>;
}

export type OutboxHandlers = ReadonlyMap<string, OutboxHandler | OutboxBatchHandler>;

export interface DispatcherOptions {
  batch: number;
  maxAttempts: number;
  concurrency: number;
  leaseMs?: number;
  baseDelayMs?: number;
}

export interface DispatchReport {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
}

/**
 * Claims and delivers one batch. Handlers are looked up by topic; an unknown topic goes straight to dead-letter.
 * A batch handler's messages are marked delivered together, in one statement.
 */
export async function dispatchOnce(db: Db, handlers: OutboxHandlers, opts: DispatcherOptions, log: Logger): Promise<DispatchReport> {
  const msgs = await claimDue(db, opts.batch, opts.leaseMs ?? 60_000);
  const report: DispatchReport = { claimed: msgs.length, delivered: 0, failed: 0, dead: 0 };
  let delivered = 0;
  const fail = async (msg: ClaimedMessage, e: unknown) => {
    const dead = e instanceof NoHandler || e instanceof PermanentFailure || msg.attempts >= opts.maxAttempts;
    const reason = e instanceof Error ? e.message : String(e);
    await markFailed(db, msg.id, reason, backoffMs(msg.attempts, opts.baseDelayMs), dead);
    if (dead) {
      report.dead++;
      log.warn('outbox message dead-lettered', { id: msg.id, topic: msg.topic, attempts: msg.attempts, reason });
    } else report.failed++;
  };

  const single: ClaimedMessage[] = [];
  const batches = new Map<OutboxBatchHandler, ClaimedMessage[]>();
  for (const msg of msgs) {
    const h = handlers.get(msg.topic);
    if (h && typeof h !== 'function') {
      const group = batches.get(h);
      if (group) group.push(msg);
      else batches.set(h, [msg]);
    } else single.push(msg);
  }
  for (const [h, group] of batches) {
    try {
      await actingVia(`job:outbox:${group[0]!.topic}`, () => h.batch(group));
      await markDelivered(db, group.map((m) => m.id));
      delivered += group.length;
    } catch (e) {
      for (const msg of group) await fail(msg, e);
    }
  }

  // One by one with `concurrency` in flight. Delivered ids are marked in small groups as they complete: one statement
  // per MARK_EVERY deliveries, yet a slow receiver never keeps more than a few delivered rows waiting for their mark.
  const MARK_EVERY = 10;
  let unmarked: number[] = [];
  const flush = async () => {
    const ids = unmarked;
    unmarked = [];
    await markDelivered(db, ids);
  };
  let next = 0;
  const worker = async () => {
    while (next < single.length) {
      const msg = single[next++]!;
      const handler = handlers.get(msg.topic);
      try {
        if (typeof handler !== 'function') throw new NoHandler(msg.topic);
        await actingVia(`job:outbox:${msg.topic}`, () => handler(msg));
        unmarked.push(msg.id);
        delivered++;
        if (unmarked.length >= MARK_EVERY) await flush();
      } catch (e) {
        await fail(msg, e);
      }
    }
    if (unmarked.length > 0) await flush();
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, single.length) }, worker));
  report.delivered = delivered;
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
 * commands, instead of one pass per command under load.
 */
export function startDispatcher(
  db: Db,
  handlers: OutboxHandlers,
  opts: DispatcherOptions & { pollMs: number; kickDelayMs?: number },
  log: Logger,
): { stop(): Promise<void>; kick(): void } {
  let stopped = false;
  let wake: (() => void) | undefined;
  let kickTimer: ReturnType<typeof setTimeout> | undefined;
  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      try {
        claimed = (await dispatchOnce(db, handlers, opts, log)).claimed;
      } catch (e) {
        if (!stopped) log.error('outbox dispatch failed', { error: e });
      }
      if (claimed < opts.batch && !stopped) {
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
      if (kickTimer || !wake) return;
      kickTimer = setTimeout(() => {
        kickTimer = undefined;
        wake?.();
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
