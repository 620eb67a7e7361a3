// Work started after a platform callback was answered, that cannot wait for the outbox (Slack's trigger_id for opening
// a modal is valid for 3 s). Each task is bounded by a timeout, its failure is logged, and the set of running tasks can
// be awaited (tests, shutdown).
import type { Logger } from './log.js';

const running = new Set<Promise<void>>();

/** Runs `fn` without awaiting it; it is abandoned (not cancelled) after `timeoutMs`. */
export function runInBackground(log: Logger, what: string, timeoutMs: number, fn: () => Promise<unknown>): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  const task: Promise<void> = Promise.race([Promise.resolve().then(fn), timeout])
    .then(() => undefined)
    .catch((e: unknown) => log.warn(`${what} failed`, { error: e }))
    .finally(() => {
      clearTimeout(timer);
      running.delete(task);
    });
  running.add(task);
}

/** Resolves when every background task started so far (and any they started) has finished. */
export async function backgroundIdle(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}
