// The request being handled, for whatever runs on its behalf: log lines (src/log.ts) and error bodies (src/api/errors.ts)
// carry its id without it being passed down through use cases and repositories. AsyncLocalStorage follows the awaits,
// timers and callbacks started while handling the request (Workers have it under nodejs_compat).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The header a caller (or a load balancer) names its request with; echoed on the answer. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Printable ASCII, at most 128 characters: anything else (control characters, a megabyte) is not echoed or logged. */
const SANE = /^[\x20-\x7e]{1,128}$/;

/** The caller's id when it is sane, else a new one (a UUID). */
export function requestIdFrom(header: string | undefined): string {
  const value = header?.trim();
  return value && SANE.test(value) ? value : randomUUID();
}

/** Runs `fn` (and everything it starts) as part of the request `requestId`. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** The id of the request being handled, or undefined outside any request (workers, start-up). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
