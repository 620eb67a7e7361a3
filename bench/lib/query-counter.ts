// Preloaded into the service in profile mode (`node --import tsx --import ./bench/lib/query-counter.ts scripts/start.mjs`):
// counts every round trip to PostgreSQL by statement shape, with the time spent waiting for each, and the time spent
// waiting for a pooled connection. SIGUSR2 resets the counters; they are written to BENCH_QUERY_LOG when the process exits.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import pg from 'pg';

interface Shape {
  count: number;
  ms: number;
}

let shapes = new Map<string, Shape>();
let total = 0;
let poolWaits = 0;
let poolWaitMs = 0;
let since = Date.now();

const shapeOf = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 140);

function record(text: string, ms: number) {
  const key = shapeOf(text);
  const s = shapes.get(key) ?? { count: 0, ms: 0 };
  s.count++;
  s.ms += ms;
  shapes.set(key, s);
  total++;
}

type AnyFn = (...args: unknown[]) => unknown;
const clientProto = pg.Client.prototype as unknown as { query: AnyFn };
const originalQuery = clientProto.query;
clientProto.query = function (this: unknown, ...args: unknown[]) {
  const first = args[0] as string | { text?: string } | undefined;
  const text = typeof first === 'string' ? first : (first?.text ?? '?');
  const t0 = performance.now();
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    args[args.length - 1] = (...cbArgs: unknown[]) => {
      record(text, performance.now() - t0);
      return (last as AnyFn)(...cbArgs);
    };
    return originalQuery.apply(this, args);
  }
  const r = originalQuery.apply(this, args);
  if (r && typeof (r as Promise<unknown>).then === 'function')
    (r as Promise<unknown>).then(
      () => record(text, performance.now() - t0),
      () => record(text, performance.now() - t0),
    );
  else record(text, 0);
  return r;
};

const poolProto = pg.Pool.prototype as unknown as { connect: AnyFn };
const originalConnect = poolProto.connect;
poolProto.connect = function (this: unknown, ...args: unknown[]) {
  const t0 = performance.now();
  const done = () => {
    poolWaits++;
    poolWaitMs += performance.now() - t0;
  };
  const cb = args[0];
  if (typeof cb === 'function')
    return originalConnect.call(this, (...cbArgs: unknown[]) => {
      done();
      return (cb as AnyFn)(...cbArgs);
    });
  const r = originalConnect.apply(this, args) as Promise<unknown>;
  r.then(done, done);
  return r;
};

// The workers' thread (src/jobs/background-host.ts) loads this too: signals reach only the main thread, so its
// counts cover the whole run, and it writes them beside the main thread's (`….workers.json`).
if (isMainThread) process.on('SIGUSR2', () => {
  shapes = new Map();
  total = 0;
  poolWaits = 0;
  poolWaitMs = 0;
  since = Date.now();
});

function writeCounts() {
  const file = isMainThread ? process.env.BENCH_QUERY_LOG : process.env.BENCH_QUERY_LOG?.replace(/(\.json)?$/, '.workers.json');
  if (!file) return;
  const rows = [...shapes.entries()].map(([sql, s]) => ({ sql, count: s.count, ms: Math.round(s.ms) })).sort((a, b) => b.count - a.count);
  writeFileSync(file, JSON.stringify({ pid: process.pid, windowMs: Date.now() - since, total, poolWaits, poolWaitMs: Math.round(poolWaitMs), shapes: rows }, null, 2));
}

process.on('exit', writeCounts);
// The host ends the workers' thread with terminate(), which runs no 'exit' handler there: that thread writes as it goes.
if (!isMainThread) setInterval(writeCounts, 1000).unref();
