// A closed-loop load: each client connection sends the next pre-built request as soon as its previous one is answered.
// A warm-up, then a fixed window; latency is recorded per request into a preallocated array, and each answer is checked.
import type { RawHttpConnection } from './raw-http.js';
import { summarise, type LatencySummary } from './stats.js';

/** One pre-built request: everything costly (signing, encrypting, serialising) is done before the clock starts. */
export interface PrebuiltRequest {
  path: string;
  body: Buffer;
  /** Extra header lines, each ending in CRLF. */
  head?: string;
}

export interface ClosedLoopOptions {
  clients: RawHttpConnection[];
  requests: readonly PrebuiltRequest[];
  warmupMs: number;
  measureMs: number;
  /** Whether an answer is a success (status and body); anything else counts as an error. */
  isOk(status: number, body: string): boolean;
  /** Called once when the timed window opens (e.g. to start a CPU meter). */
  onWindowStart?(): void;
  /** Marks answers with a property the caller times (e.g. the clicked card carried in the answer); see `marked`. */
  mark?(status: number, body: string): boolean;
}

export interface ClosedLoopResult {
  /** Requests whose start fell inside the window. */
  measured: number;
  /** Of those, the successful ones. */
  measuredOk: number;
  /** From the window's start to the last measured answer. */
  windowMs: number;
  latencyMs: LatencySummary;
  /** Requests sent, warm-up included (a prefix of `requests`). */
  attempted: number;
  ok: number;
  errors: number;
  errorSamples: { status: number; body: string }[];
  /** The requests ran out before the window ended. */
  exhausted: boolean;
  /** True per attempted request that succeeded. */
  succeeded: Uint8Array;
  /** When each attempted request was sent (epoch ms), to time what it caused later (e.g. a card patched). */
  sentAt: Float64Array;
  /** When each attempted request was answered (epoch ms). */
  answeredAt: Float64Array;
  /** True per attempted request whose answer `mark` marked. */
  marked: Uint8Array;
}

/** Runs the load until the window closes or the requests run out. Never throws for a failed request. */
export async function runClosedLoop(o: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const reqs = o.requests;
  const latencies = new Float64Array(reqs.length);
  const sentAt = new Float64Array(reqs.length);
  const succeeded = new Uint8Array(reqs.length);
  const answeredAt = new Float64Array(reqs.length);
  const marked = new Uint8Array(reqs.length);
  const errorSamples: { status: number; body: string }[] = [];
  let measured = 0;
  let measuredOk = 0;
  let next = 0;
  let ok = 0;
  let errors = 0;
  let exhausted = false;
  let lastEnd = 0;

  const start = performance.now();
  const measureStart = start + o.warmupMs;
  const measureEnd = measureStart + o.measureMs;
  const atWindowStart = setTimeout(() => o.onWindowStart?.(), o.warmupMs);

  const loop = async (client: RawHttpConnection) => {
    for (;;) {
      if (performance.now() >= measureEnd) return;
      const i = next++;
      if (i >= reqs.length) {
        exhausted = true;
        return;
      }
      const r = reqs[i]!;
      const t0 = performance.now();
      sentAt[i] = Date.now(); // the same clock as the fake API's call times (performance.timeOrigin drifts from it)
      let status = 0;
      let body = '';
      try {
        const reply = await client.post(r.path, r.body, r.head);
        status = reply.status;
        body = reply.body;
      } catch (e) {
        body = `network error: ${(e as Error).message}`;
      }
      const t1 = performance.now();
      answeredAt[i] = Date.now();
      if (o.mark?.(status, body)) marked[i] = 1;
      const good = o.isOk(status, body);
      if (good) {
        ok++;
        succeeded[i] = 1;
      } else {
        errors++;
        if (errorSamples.length < 5) errorSamples.push({ status, body: body.slice(0, 300) });
      }
      if (t0 >= measureStart) {
        latencies[measured++] = t1 - t0;
        if (good) measuredOk++;
        if (t1 > lastEnd) lastEnd = t1;
      }
    }
  };
  await Promise.all(o.clients.map(loop));
  clearTimeout(atWindowStart);
  return {
    measured,
    measuredOk,
    windowMs: Math.max(1, lastEnd - measureStart),
    latencyMs: summarise(latencies, measured),
    attempted: Math.min(next, reqs.length),
    ok,
    errors,
    errorSamples,
    exhausted,
    succeeded,
    sentAt,
    answeredAt,
    marked,
  };
}
