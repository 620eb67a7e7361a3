// What observability costs the REST approval path: the same closed loop as the approvals benchmark, run against a
// service with metrics and tracing off (baseline), with metrics on (METRICS_TOKEN) and no exporter, and with metrics
// on and traces exported to a loopback OTLP receiver. The variants alternate over several rounds so that the machine's
// drift spreads over all of them; each round gets a fresh stock of pending approvals. After each metrics run the
// service's /metrics is scraped and checked against what the run did.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Database } from '../db/database.js';
import { runApprovalVariant, type ApprovalVariantResult } from './approvals.bench.js';
import type { Service, ServiceOptions } from './lib/service.js';
import { createApprovalStock, settle } from './lib/setup.js';
import { startOtlpReceiver } from '../test/fakes/otlp-receiver.js';

export type ObservabilityVariant = 'baseline' | 'metrics' | 'metrics+traces';

export interface ObservabilityRun {
  variant: ObservabilityVariant;
  round: number;
  approvalsPerSec: number;
  /** CPU the service used per approval answered in the window (less sensitive than throughput to a busy machine). */
  serviceCpuMsPerApproval: number | null;
  p99Ms: number;
  ok: number;
  errors: number;
  approvedInDb: number;
  /** From /metrics after the run (metrics variants): approvals counted approved, outbox deliveries counted. */
  scraped?: { approved: number; deliveries: number; requests: number; backlogSeries: number };
  /** Traces variant: spans the receiver got during the run, per approval answered. */
  spansPerApproval?: number;
  problems: string[];
}

export interface ObservabilityResult {
  rounds: number;
  runs: ObservabilityRun[];
  /** Median approvals/s per variant over the rounds. */
  median: Record<ObservabilityVariant, number>;
  /** Median CPU milliseconds of the service per approval, per variant. */
  cpuMsPerApproval: Record<ObservabilityVariant, number | null>;
  /** 1 − variant ÷ baseline of the median throughputs (positive: slower than the baseline). */
  cost: { metrics: number; metricsAndTraces: number };
  /** variant ÷ baseline − 1 of the median CPU per approval (positive: more CPU than the baseline). */
  cpuCost: { metrics: number | null; metricsAndTraces: number | null };
  correct: boolean;
}

export interface ObservabilityOptions {
  database: Database;
  apiKey: string;
  dbName: string;
  service: Omit<ServiceOptions, 'label'>;
  clients: number;
  warmupMs: number;
  measureMs: number;
  stock: number;
  stockReal: number;
  rounds: number;
  /** Which variants to run (default all three); the baseline is always run. */
  variants?: readonly ObservabilityVariant[];
  log(msg: string): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function get(url: URL, path: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: url.hostname, port: url.port, path, headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
  });
}

/** Sum of the samples of `name` whose label text contains each of `has`. */
function sum(text: string, name: string, has: string[] = []): number {
  let n = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (has.every((h) => line.includes(h))) n += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return n;
}

export async function runObservabilityBench(o: ObservabilityOptions): Promise<ObservabilityResult> {
  const token = randomBytes(24).toString('base64url');
  const receiver = await startOtlpReceiver({ keep: false });
  const envOf: Record<ObservabilityVariant, Record<string, string>> = {
    baseline: {},
    metrics: { METRICS_TOKEN: token },
    // Exported every 500 ms with room for 8,192 spans: at these rates the defaults (5 s, 2,048) would drop most spans.
    'metrics+traces': { METRICS_TOKEN: token, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'spendbot-bench', OTEL_BSP_SCHEDULE_DELAY: '500', OTEL_BSP_MAX_QUEUE_SIZE: '8192' },
  };
  const order: ObservabilityVariant[] = (['baseline', 'metrics', 'metrics+traces'] as const).filter((v) => v === 'baseline' || !o.variants || o.variants.includes(v));
  const runs: ObservabilityRun[] = [];
  try {
    for (let round = 1; round <= o.rounds; round++) {
      // Rotate the order each round: no variant always runs first (or last) in a round.
      const rotated = order.map((_, i) => order[(i + round - 1) % order.length]!);
      for (const variant of rotated) {
        const stock = await createApprovalStock(o.database, o.stock, o.stockReal);
        await settle(o.database);
        const problems: string[] = [];
        let scraped: ObservabilityRun['scraped'];
        const spansBefore = receiver.counted;
        const r: ApprovalVariantResult = await runApprovalVariant({
          label: `obs-${variant.replace('+', '-')}-${round}`,
          instances: 1,
          clients: o.clients,
          warmupMs: o.warmupMs,
          measureMs: o.measureMs,
          approvalIds: stock,
          apiKey: o.apiKey,
          database: o.database,
          dbName: o.dbName,
          service: { ...o.service, env: { ...o.service.env, ...envOf[variant] } },
          log: o.log,
          async beforeStop(services: readonly Service[]) {
            const url = services[0]!.url;
            if (variant === 'baseline') {
              const m = await get(url, '/metrics', token);
              if (m.status !== 404) problems.push(`/metrics answered ${m.status} without METRICS_TOKEN (expected 404)`);
              return;
            }
            // The workers' thread publishes its counts every 2 s: wait for the last deliveries to reach /metrics.
            await sleep(2_500);
            const m = await get(url, '/metrics', token);
            if (m.status !== 200) {
              problems.push(`/metrics answered ${m.status}`);
              return;
            }
            scraped = {
              approved: sum(m.body, 'spendbot_approvals_total', ['outcome="approved"']),
              deliveries: sum(m.body, 'spendbot_outbox_deliveries_total'),
              requests: sum(m.body, 'spendbot_http_requests_total', ['route="/api/v1/approvals/:id/actions"', 'status="200"']),
              backlogSeries: m.body.split('\n').filter((l) => l.startsWith('spendbot_outbox_backlog{')).length,
            };
            if ((await get(url, '/metrics', 'wrong-token')).status !== 401) problems.push('/metrics did not refuse a wrong token');
          },
        });
        if (r.errors > 0) problems.push(`${r.errors} error answers`);
        if (r.approvedInDb !== r.ok) problems.push(`${r.approvedInDb} approved in the database for ${r.ok} answers`);
        if (scraped && scraped.approved !== r.ok) problems.push(`/metrics counted ${scraped.approved} approvals, the run had ${r.ok}`);
        if (scraped && scraped.requests !== r.ok) problems.push(`/metrics counted ${scraped.requests} approval requests answered 200, the run had ${r.ok}`);
        if (scraped && scraped.deliveries < r.ok) problems.push(`/metrics counted ${scraped.deliveries} outbox deliveries for ${r.ok} approvals (one event each at least)`);
        let spansPerApproval: number | undefined;
        if (variant === 'metrics+traces') {
          await sleep(1_000); // the last export (every 500 ms) of a service that has stopped
          spansPerApproval = r.ok > 0 ? (receiver.counted - spansBefore) / r.ok : 0;
          if (spansPerApproval < 1) problems.push(`the OTLP receiver got ${spansPerApproval.toFixed(2)} spans per approval`);
        }
        const cpuMs = r.cpu && r.approvalsPerSec > 0 ? (r.cpu.service * 1000) / r.approvalsPerSec : null;
        const run: ObservabilityRun = { variant, round, approvalsPerSec: r.approvalsPerSec, serviceCpuMsPerApproval: cpuMs, p99Ms: r.latencyMs.p99, ok: r.ok, errors: r.errors, approvedInDb: r.approvedInDb, ...(scraped ? { scraped } : {}), ...(spansPerApproval !== undefined ? { spansPerApproval } : {}), problems };
        runs.push(run);
        o.log(
          `  ${variant} (round ${round}): ${r.approvalsPerSec.toFixed(0)} approvals/s, p99 ${r.latencyMs.p99.toFixed(1)} ms, service CPU ${cpuMs?.toFixed(2) ?? 'n/a'} ms/approval` +
            (scraped ? `; /metrics: ${scraped.approved} approved, ${scraped.deliveries} deliveries, ${scraped.backlogSeries} backlog series` : '') +
            (spansPerApproval !== undefined ? `; ${spansPerApproval.toFixed(2)} spans per approval received` : '') +
            (problems.length ? `; PROBLEMS: ${problems.join('; ')}` : ''),
        );
      }
    }
  } finally {
    await receiver.close();
  }
  const medianOf = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const of = (v: ObservabilityVariant) => runs.filter((r) => r.variant === v);
  const tput = (v: ObservabilityVariant) => medianOf(of(v).map((r) => r.approvalsPerSec));
  const cpu = (v: ObservabilityVariant) => {
    const xs = of(v).flatMap((r) => (r.serviceCpuMsPerApproval === null ? [] : [r.serviceCpuMsPerApproval]));
    return xs.length ? medianOf(xs) : null;
  };
  const median = { baseline: tput('baseline'), metrics: tput('metrics'), 'metrics+traces': tput('metrics+traces') };
  const cpuMsPerApproval = { baseline: cpu('baseline'), metrics: cpu('metrics'), 'metrics+traces': cpu('metrics+traces') };
  const rel = (x: number | null) => (x !== null && cpuMsPerApproval.baseline ? x / cpuMsPerApproval.baseline - 1 : null);
  return {
    rounds: o.rounds,
    runs,
    median,
    cpuMsPerApproval,
    cost: { metrics: 1 - median.metrics / median.baseline, metricsAndTraces: 1 - median['metrics+traces'] / median.baseline },
    cpuCost: { metrics: rel(cpuMsPerApproval.metrics), metricsAndTraces: rel(cpuMsPerApproval['metrics+traces']) },
    correct: runs.every((r) => r.problems.length === 0),
  };
}
