// Writes of one transaction sent without waiting for each answer: the connection runs statements in the order they
// are sent, so while the database inserts one chunk's audit rows the process builds the next document instead of
// waiting (a statement import is PostgreSQL's time plus ours; queued, much of ours hides behind it).

/** Where a use case sends writes whose answer it does not need; `drain` waits for them all. */
export interface WriteQueue {
  add(write: Promise<unknown>): void;
  /** Waits for every write sent so far; the first that failed (in the order sent) is thrown. */
  drain(): Promise<void>;
}

/** A queue for one transaction. Nothing sent through it is lost: each write is awaited by `drain`. */
export function writeQueue(): WriteQueue {
  let pending: Promise<unknown>[] = [];
  return {
    add(write) {
      // Observed at once, so a failure waits for `drain` instead of being reported as unhandled.
      write.catch(() => undefined);
      pending.push(write);
    },
    async drain() {
      const sent = pending;
      pending = [];
      const failed = (await Promise.allSettled(sent)).find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

/**
 * Sends `write` through `queue` (not waited for: the caller goes on) or, without a queue, returns it to be awaited:
 * `await send(queue, appendAudits(…))`. Only single statements go through a queue: they reach the connection in the
 * order they are called, which is the order they run in.
 */
export function send(queue: WriteQueue | undefined, write: Promise<unknown>): Promise<unknown> | undefined {
  if (!queue) return write;
  queue.add(write);
  return undefined;
}

/**
 * Runs `fn` with a queue and waits for what it sent. When something fails, the first failed write is the error (a
 * statement after it fails only because the transaction is already aborted).
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
