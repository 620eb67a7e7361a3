// Writes of one transaction run one after another without the caller waiting for each: a write is prepared (its
// statement's document built) when it is queued and sent when the one before it has finished, so while the database
// inserts one chunk's rows the process builds the next document instead of waiting (a statement import is
// PostgreSQL's time plus ours; queued, much of ours hides behind it). The connection never has two statements in
// flight (node-postgres deprecates queueing on a client), and the order of the writes is the order they were queued.
import type { PreparedWrite } from '../../db/database.js';

/** Where a use case queues writes whose answer it does not need; `drain` waits for them all. */
export interface WriteQueue {
  add(write: PreparedWrite): void;
  /** Waits for every write queued so far; the first that failed is thrown (those after it are not run). */
  drain(): Promise<void>;
}

/** A queue for one transaction. Nothing queued is lost: `drain` waits for each write or reports the failure. */
export function writeQueue(): WriteQueue {
  let tail: Promise<void> = Promise.resolve();
  return {
    add(write) {
      tail = tail.then(write);
      // Observed at once, so a failure waits for `drain` instead of being reported as unhandled.
      tail.catch(() => undefined);
    },
    async drain() {
      const last = tail;
      try {
        await last;
      } finally {
        // After a failure the transaction is lost anyway; the next writes start from a settled tail.
        if (tail === last) tail = Promise.resolve();
      }
    },
  };
}

/** Queues `write` (the caller goes on), or without a queue runs it now: `await send(queue, enqueueWrite(tx, …))`. */
export async function send(queue: WriteQueue | undefined, write: PreparedWrite): Promise<void> {
  if (queue) queue.add(write);
  else await write();
}

/**
 * Runs `fn` with a queue and waits for what it queued. When a queued write failed, that failure is the error (a read
 * after it fails only because the transaction is already aborted).
 */
export async function withWriteQueue<T>(fn: (queue: WriteQueue) => Promise<T>): Promise<T> {
  const queue = writeQueue();
  let result: T;
  try {
    result = await fn(queue);
  } catch (e) {
    await queue.drain();
    throw e;
  }
  await queue.drain();
  return result;
}
