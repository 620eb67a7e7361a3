// Which credential the current command acts through (`apikey:<id>`, `feishu:<tenant>:<user>`, `console:<session>`,
// `job:<name>`). Each entry (REST middleware, chat channel, console, job runner) sets it once around the work it
// starts, so every audit row written below it names the credential without each use case passing it along, and a new
// entry cannot forget it for some rows but not others. AsyncLocalStorage also runs on Workers (nodejs_compat).
import { AsyncLocalStorage } from 'node:async_hooks';

const store = new AsyncLocalStorage<string>();

/** Runs `fn` with `via` as the acting credential. */
export function actingVia<T>(via: string, fn: () => T): T {
  return store.run(via, fn);
}

/** The credential of the command running now, if an entry set one. */
export function currentVia(): string | undefined {
  return store.getStore();
}
