// Polls for a state instead of sleeping for it: a test that waits a fixed time passes on an idle machine and fails on a
// busy one, while a poll with a deadline waits exactly as long as it must and says what never happened.
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  /** What is awaited, in words, for the error on timeout ("the reply in DZHANG", "three blocked approvals"). */
  what: string;
  /** Gives up after this long; generous by default because a busy machine is slow, not wrong. */
  timeoutMs?: number;
  /** Pause between two checks. */
  intervalMs?: number;
}

/** Default deadline: well inside vitest's test timeout, far beyond anything an idle machine needs. */
export const WAIT_FOR_TIMEOUT_MS = 20_000;

const show = (value: unknown): string => {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

/**
 * Calls `check` until it returns a truthy value and resolves with that value. A check that throws counts as "not yet"
 * (an assertion can be the check). After `timeoutMs` it rejects naming `what`, the number of checks and the last
 * answer or error, so a failure says what never happened rather than that some later assertion saw stale state.
 */
export async function waitFor<T>(check: () => T | Promise<T>, opts: WaitForOptions): Promise<NonNullable<T>> {
  const timeoutMs = opts.timeoutMs ?? WAIT_FOR_TIMEOUT_MS;
  const intervalMs = opts.intervalMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  let checks = 0;
  let last: { value: unknown } | { error: unknown } = { value: undefined };
  for (;;) {
    checks++;
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = { value };
    } catch (error) {
      last = { error };
    }
    // Checked after the attempt, so a slow check still gets at least one go even with a tiny timeout.
    if (Date.now() >= deadline) {
      const seen = 'error' in last ? `last check threw ${show(last.error)}` : `last check returned ${show(last.value)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what} (${checks} checks; ${seen})`);
    }
    await sleep(intervalMs);
  }
}
