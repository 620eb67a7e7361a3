// Prometheus metrics of one app instance: a registry of its own (never prom-client's global one), so tests that build
// several apps, and the workers' thread beside the request thread, each count their own.
import { BroadcastChannel, threadId } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { Db } from '../../db/database.js';
import { outboxBacklog } from '../../db/repos/outbox.js';

/** The approval outcomes counted: what an action did to the approval. */
export type ApprovalOutcome = 'approved' | 'step_approved' | 'rejected' | 'returned' | 'withdrawn' | 'resubmitted';

export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly outboxDeliveries: Counter<'topic'>;
  readonly outboxFailures: Counter<'topic' | 'outcome'>;
  readonly approvals: Counter<'outcome'>;
  readonly budgetRefusals: Counter<'where'>;
  readonly bankFiles: Counter<'event'>;
  readonly statementsImported: Counter;
  readonly statementLines: Counter<'result'>;
  /** The text exposition (Prometheus 0.0.4) and its content type. */
  render(): Promise<{ body: string; contentType: string }>;
}

export interface MetricsOptions {
  /** With a database, the outbox backlog is read on each scrape and, on a PostgreSQL pool, the pool's use reported. */
  db?: Db;
  /** Process metrics (CPU, memory, event-loop delay, GC): on by default; off in the workers' thread (same process). */
  processMetrics?: boolean;
  /**
   * Adds the counters the workers' thread of this process publishes (`publishToRequestThread`) to what /metrics shows:
   * its outbox deliveries, approvals decided by jobs, bank files. On for the server's metrics, off in tests.
   */
  threads?: boolean;
}

/** The process-wide channel on which the workers' thread publishes its metrics to the request thread. */
const CHANNEL = 'spendbot:metrics';
/** How often the workers' thread publishes; /metrics shows its counters at most this late. */
export const THREAD_PUBLISH_MS = 2000;
type Snapshot = MetricObjectWithValues<MetricValue<string>>[];

interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
const poolOf = (db: Db | undefined): PoolLike | undefined => {
  const c = (db as { $client?: unknown } | undefined)?.$client;
  return typeof c === 'object' && c !== null && 'totalCount' in c && 'idleCount' in c && 'waitingCount' in c ? (c as PoolLike) : undefined;
};

/** Latency buckets in seconds: an approval answers in a few milliseconds; a slow page or export in seconds. */
const HTTP_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The process's own figures, read when scraped and never in between: CPU seconds, resident memory, heap, and the event
 * loop's utilisation since the last scrape. prom-client's default collectors were measured costing several per cent
 * of approval throughput (a GC observer and an event-loop delay monitor run all the time); these cost nothing between
 * scrapes.
 */
function processGauges(registers: Registry[]): void {
  let cpuSeen = 0;
  new Counter({
    name: 'process_cpu_seconds_total',
    help: 'User and system CPU time spent by the process, in seconds.',
    registers,
    collect() {
      const { user, system } = process.cpuUsage();
      const total = (user + system) / 1e6;
      if (total > cpuSeen) this.inc(total - cpuSeen);
      cpuSeen = Math.max(cpuSeen, total);
    },
  });
  new Gauge({ name: 'process_resident_memory_bytes', help: 'Resident memory of the process, in bytes.', registers, collect() { this.set(process.memoryUsage.rss()); } });
  new Gauge({ name: 'nodejs_heap_used_bytes', help: 'V8 heap in use, in bytes.', registers, collect() { this.set(process.memoryUsage().heapUsed); } });
  let elu = performance.eventLoopUtilization();
  new Gauge({
    name: 'nodejs_eventloop_utilization',
    help: 'Share of time the event loop was busy since the previous scrape (0 to 1).',
    registers,
    collect() {
      const now = performance.eventLoopUtilization();
      this.set(performance.eventLoopUtilization(now, elu).utilization);
      elu = now;
    },
  });
}

/** Creates the metrics of one app instance. */
export function createMetrics(o: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (o.processMetrics !== false) processGauges(registers);
  const db = o.db;
  if (db) {
    // One query per scrape for both gauges: prom-client collects each metric in turn, the second waits on the first's.
    let pending: Promise<void> | undefined;
    const collect = (): Promise<void> =>
      (pending ??= (async () => {
        try {
          const lines = await outboxBacklog(db);
          backlog.reset();
          oldest.reset();
          for (const l of lines) {
            backlog.set({ topic: l.topic, state: l.state }, l.count);
            oldest.set({ topic: l.topic, state: l.state }, l.oldestAgeSeconds);
          }
        } finally {
          pending = undefined;
        }
      })());
    const backlog = new Gauge({ name: 'spendbot_outbox_backlog', help: 'Undelivered outbox messages of all organisations (counts only), by topic and state: pending, retrying, dead. Read on scrape.', labelNames: ['topic', 'state'], registers, collect });
    const oldest = new Gauge({ name: 'spendbot_outbox_oldest_age_seconds', help: 'Age of the oldest undelivered outbox message of all organisations, by topic and state. Read on scrape.', labelNames: ['topic', 'state'], registers, collect });
  }
  const pool = poolOf(db);
  if (pool) {
    new Gauge({
      name: 'spendbot_db_pool_connections',
      help: 'The request pool of PostgreSQL connections: total open, idle, and callers waiting for one.',
      labelNames: ['state'],
      registers,
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
  const m: Metrics = {
    registry,
    httpRequests: new Counter({ name: 'spendbot_http_requests_total', help: 'HTTP requests answered, by matched route pattern, method and status.', labelNames: ['method', 'route', 'status'], registers }),
    httpDuration: new Histogram({ name: 'spendbot_http_request_duration_seconds', help: 'Time to answer an HTTP request, by matched route pattern and method.', labelNames: ['method', 'route'], buckets: HTTP_BUCKETS, registers }),
    outboxDeliveries: new Counter({ name: 'spendbot_outbox_deliveries_total', help: 'Outbox messages delivered by this instance, by topic.', labelNames: ['topic'], registers }),
    outboxFailures: new Counter({ name: 'spendbot_outbox_failures_total', help: 'Outbox delivery attempts that failed, by topic and outcome (retry, dead, deferred: rate limited).', labelNames: ['topic', 'outcome'], registers }),
    approvals: new Counter({ name: 'spendbot_approvals_total', help: 'Approval actions recorded, by outcome.', labelNames: ['outcome'], registers }),
    budgetRefusals: new Counter({ name: 'spendbot_budget_refusals_total', help: 'Commands refused with BUDGET.EXCEEDED, by where.', labelNames: ['where'], registers }),
    bankFiles: new Counter({ name: 'spendbot_bank_files_total', help: 'Payment files (pain.001) by event: built, sent.', labelNames: ['event'], registers }),
    statementsImported: new Counter({ name: 'spendbot_bank_statements_imported_total', help: 'Bank statements (camt.053/054) imported.', registers }),
    statementLines: new Counter({ name: 'spendbot_reconciliation_lines_total', help: 'Imported statement transactions by result: matched (automatically) or open (left for a person).', labelNames: ['result'], registers }),
    async render() {
      const now = Date.now();
      for (const [id, s] of fromThreads) if (now - s.at > 5 * THREAD_PUBLISH_MS) fromThreads.delete(id); // a thread gone
      if (fromThreads.size === 0) return { body: await registry.metrics(), contentType: registry.contentType };
      const all = AggregatorRegistry.aggregate([await registry.getMetricsAsJSON(), ...[...fromThreads.values()].map((s) => s.metrics)]);
      return { body: await all.metrics(), contentType: registry.contentType };
    },
  };
  const fromThreads = new Map<number, { at: number; metrics: Snapshot }>();
  if (o.threads) {
    const channel = new BroadcastChannel(CHANNEL);
    channel.unref();
    channel.onmessage = (e: unknown) => {
      const d = (e as { data?: { threadId?: number; metrics?: Snapshot } }).data;
      if (d && typeof d.threadId === 'number' && Array.isArray(d.metrics)) fromThreads.set(d.threadId, { at: Date.now(), metrics: d.metrics });
    };
  }
  return m;
}

/**
 * In the workers' thread: publishes its metrics to the request thread's every THREAD_PUBLISH_MS (and once more when
 * stopped), where /metrics adds them up with its own. Returns the stopper.
 */
export function publishToRequestThread(metrics: Metrics): () => Promise<void> {
  const channel = new BroadcastChannel(CHANNEL);
  const publish = async () => channel.postMessage({ threadId, metrics: await metrics.registry.getMetricsAsJSON() });
  const timer = setInterval(() => void publish().catch(() => undefined), THREAD_PUBLISH_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await publish().catch(() => undefined);
    channel.close();
  };
}
