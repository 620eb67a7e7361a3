// `npm run bench`: approval throughput (REST API and signed Feishu card clicks) beside pgbench, budget contention, and
// the request parser, against a fresh PostgreSQL database.
//
//   npm run bench [-- --seconds 10 --warmup 1 --clients 16 --stock 30000 --stock-real 1000 --instances 2 --rounds 5
//                     --pgbench-seconds 10 --parser-seconds 2 --skip-pgbench --skip-contention --skip-feishu
//                     --skip-parser --skip-lifecycle --feed-sizes 10000,50000,100000 --profile --workers false]
//   npm run bench -- --only startup [--startup-runs 5 --startup-root DIR --startup-command "node --import tsx src/server.ts"]
//   npm run bench -- --only release [--release-payments 30 --release-concurrency 100 --release-lease-ms 3000]
//   npm run bench -- --only reconcile [--e2e-payments 100000 --skip-reconcile-e2e --profile]
//   npm run bench -- --only gate [--gate-visitors 20000 --clients 16 --seconds 10 --pgbench-seconds 10]
//   npm run bench -- --only observability [--obs-rounds 2 --obs-variants metrics,metrics+traces --seconds 10 --pgbench-seconds 10]
//
// `--only gate` (PostgreSQL needed) scans approved visitors' invitation codes through POST /api/v1/sites/{id}/check-ins
// beside pgbench in the same run (target ≥ 0.5 × pgbench TPS, p99 reported), then 100 concurrent scans of one code
// (exactly one check-in); it writes bench/results/gate-latest.json. The full run includes it unless `--skip-gate`.
// `--only observability` (PostgreSQL needed) runs the REST approvals with metrics and tracing off, with metrics on
// (METRICS_TOKEN, no exporter) and with traces exported to a loopback OTLP receiver, alternating over --obs-rounds, beside
// pgbench (target: metrics on costs < 5 % of the baseline's approvals/s); it writes bench/results/observability-latest.json.
// The full run includes it unless `--skip-observability`.
// `--only startup` times `npm start` (bench/startup.bench.ts) and needs no PostgreSQL; it writes
// bench/results/startup-latest.json. `--startup-root`/`--startup-command` time another checkout or command (a baseline).
// `--only release` (PostgreSQL needed) releases payment runs against the service and the fake bank: 100 concurrent
// approvals of one run must send one file, and a service killed mid-submission must resume it under the same MsgId;
// it writes bench/results/release-latest.json. The full run includes it unless `--skip-release`.
// `--only reconcile` measures matching without a database, then (when PostgreSQL is reachable) the end-to-end import
// of a 100,000-payment camt.053 (bench/reconcile-e2e.bench.ts) beside parse-only and pgbench; with `--profile` the
// import child is CPU-profiled and its round trips counted. The full run includes the latter unless `--skip-reconcile-e2e`.
//
// PostgreSQL: BENCH_DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); a fresh
// database bench_<time> is created there and dropped at the end. Writes bench/results/latest.json (profile runs:
// bench/results/profile-latest.json). Exit 0 when the run is correct (even if a performance target is missed),
// 1 when a correctness check fails, 2 when the environment is unusable (PostgreSQL unreachable, setup failed).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Database } from '../db/database.js';
import { sealAudit, verifyAuditChain } from '../db/repos/audit.js';
import { runApprovalVariant, type ApprovalVariantResult } from './approvals.bench.js';
import { runObservabilityBench, type ObservabilityResult, type ObservabilityVariant } from './observability.bench.js';
import { runBudgetContention, type ContentionResult } from './budget-contention.bench.js';
import { prepareFeishuStock, runFeishuCards, type FeishuRun } from './feishu-cards.bench.js';
import { feishuCorrectness, feishuJson, parserJson, summaryRows, type ParserResult } from './feishu-cards.report.js';
import { runParserBench } from './nlu.bench.js';
import { runBankBench, type BankBenchResult } from './bank.bench.js';
import { runReconcileBench } from './reconcile.bench.js';
import { E2E_RATIO_LIMIT, E2E_RSS_LIMIT_MB, runReconcileE2eBench, type ReconcileE2eResult } from './reconcile-e2e.bench.js';
import { releaseRows, runReleaseBench, type ReleaseResult } from './release.bench.js';
import { runGateBench, type GateBenchResult } from './gate.bench.js';
import { runStartupBench, startupRows } from './startup.bench.js';
import { runFeedSize, runReimbursementContention, type FeedSize, type ReimbursementContention } from './lifecycle.bench.js';
import { startCpuMeter, type CpuBreakdown } from './lib/cpu.js';
import { formatProfile, summariseProfile, type ProfileSummary } from './lib/cpuprofile.js';
import { runPgbench, type PgbenchResult } from './lib/pgbench.js';
import { checkServer, createBenchDatabase, redactUrl, serverUrl, type BenchDatabase } from './lib/postgres.js';
import { stopAllServices, type ServiceOptions } from './lib/service.js';
import { createApprovalStock, ORG, prepare, settle } from './lib/setup.js';
import { round } from './lib/stats.js';

const TARGET_RATIO = 0.5;
/** Metrics on (exporter off) may cost at most this share of the REST approvals' throughput. */
const OBS_TARGET_COST = 0.05;
/** Gate check-ins/s ÷ pgbench TPS of the same run. */
const GATE_TARGET_RATIO = 0.5;
const TARGET_P99_MS = 50;
/** The Feishu variants' slow fake Open API answers after this long. */
const SLOW_API_MS = 2_000;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(repoRoot, 'bench', 'results');

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '10' },
    warmup: { type: 'string', default: process.env.BENCH_WARMUP_SECONDS ?? '1' },
    clients: { type: 'string', default: '16' },
    stock: { type: 'string', default: process.env.BENCH_STOCK ?? '30000' },
    'stock-real': { type: 'string', default: '1000' },
    instances: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '5' },
    'pgbench-seconds': { type: 'string', default: '10' },
    'skip-pgbench': { type: 'boolean', default: false },
    'skip-contention': { type: 'boolean', default: false },
    'skip-feishu': { type: 'boolean', default: false },
    'skip-parser': { type: 'boolean', default: false },
    /** Bank files: camt.053 parse beside xmllint and iso20022.js, pain.001 build + XSD validation. */
    'skip-bank': { type: 'boolean', default: false },
    'bank-entries': { type: 'string', default: '100000' },
    'parser-seconds': { type: 'string', default: '2' },
    'skip-lifecycle': { type: 'boolean', default: false },
    /** Payment runs released to the fake bank: concurrent approvals, and a kill -9 mid-submission. */
    'skip-release': { type: 'boolean', default: false },
    'release-payments': { type: 'string', default: '30' },
    'release-concurrency': { type: 'string', default: '100' },
    'release-lease-ms': { type: 'string', default: '3000' },
    /** The end-to-end statement import on PostgreSQL: parse + match + persist of 100,000 payments. */
    'skip-reconcile-e2e': { type: 'boolean', default: false },
    'e2e-payments': { type: 'string', default: '100000' },
    /** Gate check-ins through the HTTP endpoint, and 100 scans of one code. */
    'skip-gate': { type: 'boolean', default: false },
    'gate-visitors': { type: 'string', default: '20000' },
    /** REST approvals with metrics and traces off / metrics on / traces exported (bench/observability.bench.ts). */
    'skip-observability': { type: 'boolean', default: false },
    'obs-rounds': { type: 'string', default: '2' },
    /** Comma-separated: metrics, metrics+traces (the baseline always runs). */
    'obs-variants': { type: 'string', default: 'metrics,metrics+traces' },
    /** Card-feed sizes (transactions = open lines), comma-separated. */
    'feed-sizes': { type: 'string', default: '10000,50000,100000' },
    profile: { type: 'boolean', default: process.env.BENCH_PROFILE === '1' },
    /** Diagnostic: `--workers false` runs the service without the outbox dispatcher (API-only cost). */
    workers: { type: 'string', default: 'true' },
    /** Runs one benchmark alone: `startup`, `bank` or `release`. */
    only: { type: 'string' },
    'startup-runs': { type: 'string', default: '5' },
    'startup-root': { type: 'string' },
    'startup-command': { type: 'string' },
  },
});
const num = (k: keyof typeof args) => {
  const v = Number(args[k]);
  if (!Number.isFinite(v) || v < 0) {
    process.stderr.write(`--${k}: not a number: ${String(args[k])}\n`);
    process.exit(2);
  }
  return v;
};
const opt = {
  seconds: num('seconds'),
  warmup: num('warmup'),
  clients: num('clients'),
  stock: num('stock'),
  stockReal: num('stock-real'),
  instances: num('instances'),
  rounds: num('rounds'),
  pgbenchSeconds: num('pgbench-seconds'),
  skipPgbench: args['skip-pgbench'],
  skipContention: args['skip-contention'],
  skipFeishu: args['skip-feishu'],
  skipParser: args['skip-parser'],
  skipBank: args['skip-bank'],
  bankEntries: num('bank-entries'),
  parserSeconds: num('parser-seconds'),
  skipLifecycle: args['skip-lifecycle'],
  skipRelease: args['skip-release'],
  skipReconcileE2e: args['skip-reconcile-e2e'],
  e2ePayments: num('e2e-payments'),
  feedSizes: String(args['feed-sizes']).split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0),
  profile: args.profile,
  workers: args.workers !== 'false',
};

if (args.only !== undefined && !['startup', 'bank', 'release', 'reconcile', 'gate', 'observability'].includes(args.only)) {
  process.stderr.write(`--only: unknown benchmark ${args.only} (known: startup, bank, release, reconcile, gate, observability)\n`);
  process.exit(2);
}
if (args.only === 'startup') process.exit(await onlyStartup());
if (args.only === 'bank') process.exit(await onlyBank());
if (args.only === 'release') process.exit(await onlyRelease());
if (args.only === 'reconcile') process.exit(await onlyReconcile());
if (args.only === 'gate') process.exit(await onlyGate());
if (args.only === 'observability') process.exit(await onlyObservability());

/** The release benchmark on the prepared database (the service is started with the bank settings it needs). */
function releaseBench(database: Database, apiKey: string, service: Omit<ServiceOptions, 'label'>, log: (msg: string) => void): Promise<ReleaseResult> {
  return runReleaseBench({
    database,
    apiKey,
    // The outbox must run: it is what sends the file (a `--workers false` diagnostic run does not apply here).
    service: { ...service, workers: true },
    concurrency: num('release-concurrency'),
    payments: Math.max(1, num('release-payments')),
    leaseMs: Math.max(1000, num('release-lease-ms')),
    log,
  });
}

/**
 * Runs `bench` on a fresh database with the demo organisation (and the options of a service over it), then stops the
 * services, closes and drops the database whatever happened. 2 when PostgreSQL is unusable or the bench throws.
 */
async function onFreshDatabase(
  bench: (o: { say: (msg: string) => void; server: string; prepared: Awaited<ReturnType<typeof prepare>>; service: Omit<ServiceOptions, 'label'> }) => Promise<number>,
): Promise<number> {
  const started = Date.now();
  const say = (msg: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);
  mkdirSync(resultsDir, { recursive: true });
  const server = serverUrl();
  let db: BenchDatabase;
  try {
    say(`PostgreSQL ${await checkServer(server)} at ${redactUrl(server)}`);
    db = await createBenchDatabase(server);
  } catch (e) {
    process.stderr.write(`\nbench: ${(e as Error).message}\n`);
    return 2;
  }
  let prepared: Awaited<ReturnType<typeof prepare>> | undefined;
  try {
    prepared = await prepare(db.url);
    const service = { repoRoot, databaseUrl: db.url, encryptionKey: randomBytes(32).toString('base64'), logDir: path.join(resultsDir, 'logs'), poolSize: 10 };
    return await bench({ say, server, prepared, service });
  } catch (e) {
    process.stderr.write(`\nbench failed: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  } finally {
    await stopAllServices().catch(() => undefined);
    await prepared?.database.close().catch(() => undefined);
    // BENCH_KEEP_DATABASE=1 leaves it for inspection (EXPLAIN on the data the bench ran on).
    if (process.env.BENCH_KEEP_DATABASE === '1') say(`kept database ${db.name}`);
    else
      await db.drop().then(
        () => say(`dropped database ${db.name}`),
        (e) => say(`could not drop database ${db.name}: ${(e as Error).message}`),
      );
  }
}

/** `--only release`: a fresh database, the demo organisation, the release benchmark; writes bench/results/release-latest.json. */
async function onlyRelease(): Promise<number> {
  return onFreshDatabase(async ({ say, prepared, service }) => {
    const r = await releaseBench(prepared.database, prepared.apiKey, service, say);
    writeFileSync(path.join(resultsDir, 'release-latest.json'), `${JSON.stringify({ at: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, release: r }, null, 2)}\n`);
    const rows = releaseRows(r);
    const w = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\n${'='.repeat(w + 40)}\n`);
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
    process.stdout.write(`${'correctness'.padEnd(w)}  ${r.correct ? 'PASS' : 'FAIL'}\n${'='.repeat(w + 40)}\n`);
    const problems = [...r.concurrent.problems, ...r.killRestart.problems];
    if (problems.length) process.stdout.write(`\nCORRECTNESS FAILURES:\n${problems.map((c) => `  - ${c}`).join('\n')}\n`);
    process.stdout.write('wrote bench/results/release-latest.json\n');
    return r.correct ? 0 : 1;
  });
}

/** The gate benchmark on the prepared database. */
function gateBench(database: Database, apiKey: string, service: Omit<ServiceOptions, 'label'>, log: (msg: string) => void): Promise<GateBenchResult> {
  return runGateBench({ database, apiKey, service, visitors: Math.max(100, num('gate-visitors')), clients: opt.clients, warmupMs: opt.warmup * 1000, measureMs: opt.seconds * 1000, log });
}


/** Summary rows of the gate benchmark beside pgbench's TPS. */
function gateRows(g: GateBenchResult, tps: number | null): [string, string][] {
  const ratio = tps ? g.checkInsPerSec / tps : null;
  return [
    [`gate check-ins/s (${g.clients} clients, HTTP, PostgreSQL)`, g.checkInsPerSec.toFixed(0)],
    [`gate ratio check-ins/s ÷ pgbench tps (≥ ${GATE_TARGET_RATIO})`, `${ratio === null ? 'n/a' : ratio.toFixed(3)}  ${ratio === null ? 'n/a' : ratio >= GATE_TARGET_RATIO ? 'PASS' : 'FAIL'}`],
    ['gate latency p50 / p95 / p99 / max (ms)', `${g.latencyMs.p50.toFixed(1)} / ${g.latencyMs.p95.toFixed(1)} / ${g.latencyMs.p99.toFixed(1)} / ${g.latencyMs.max.toFixed(1)}`],
    ['gate CPU ms per check-in: service / PostgreSQL / load generator', g.cpuMsPerCheckIn ? `${g.cpuMsPerCheckIn.service.toFixed(2)} / ${g.cpuMsPerCheckIn.postgres.toFixed(2)} / ${g.cpuMsPerCheckIn.loadGenerator.toFixed(2)}` : 'n/a'],
    ['gate: 100 concurrent scans of one code → check-ins', `${g.sameCode.checkedIn} in, ${g.sameCode.alreadyCheckedIn} already in, ${g.sameCode.other} other  ${g.sameCode.correct ? 'PASS' : 'FAIL'}`],
  ];
}

/** The observability benchmark on the prepared database. */
function observabilityBench(database: Database, apiKey: string, dbName: string, service: Omit<ServiceOptions, 'label'>, log: (msg: string) => void): Promise<ObservabilityResult> {
  log(`observability: REST approvals with metrics and traces off / metrics on / traces exported, ${num('obs-rounds')} rounds of ${opt.warmup} s + ${opt.seconds} s each`);
  return runObservabilityBench({ database, apiKey, dbName, service, clients: opt.clients, warmupMs: opt.warmup * 1000, measureMs: opt.seconds * 1000, stock: opt.stock, stockReal: Math.min(opt.stockReal, 200), rounds: Math.max(1, num('obs-rounds')), variants: String(args['obs-variants']).split(',').map((v) => v.trim()) as ObservabilityVariant[], log });
}

/** Summary rows of the observability benchmark beside pgbench's TPS. */
function observabilityRows(o: ObservabilityResult, tps: number | null): [string, string][] {
  const r = (x: number) => (tps ? ` (÷ pgbench ${(x / tps).toFixed(3)})` : '');
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const ms = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)} ms CPU/approval`);
  const pctOrNa = (x: number | null) => (x === null ? 'n/a' : pct(x));
  return [
    [`observability: approvals/s, metrics and traces off (median of ${o.rounds})`, `${o.median.baseline.toFixed(0)}${r(o.median.baseline)}, ${ms(o.cpuMsPerApproval.baseline)}`],
    ['observability: approvals/s, metrics on, no exporter', `${o.median.metrics.toFixed(0)}${r(o.median.metrics)}, ${ms(o.cpuMsPerApproval.metrics)}`],
    ['observability: approvals/s, metrics on, traces to a local OTLP receiver', Number.isNaN(o.median['metrics+traces']) ? 'not run' : `${o.median['metrics+traces'].toFixed(0)}${r(o.median['metrics+traces'])}, ${ms(o.cpuMsPerApproval['metrics+traces'])}`],
    [`observability: cost of metrics, exporter off (< ${OBS_TARGET_COST * 100} %): throughput / CPU`, `${pct(o.cost.metrics)} / ${pctOrNa(o.cpuCost.metrics)}  ${o.cost.metrics < OBS_TARGET_COST ? 'PASS' : 'FAIL'}`],
    ['observability: cost of metrics + exported traces: throughput / CPU', Number.isNaN(o.cost.metricsAndTraces) ? 'not run' : `${pct(o.cost.metricsAndTraces)} / ${pctOrNa(o.cpuCost.metricsAndTraces)}`],
    ['observability: /metrics and spans checked against each run', o.correct ? 'PASS' : 'FAIL'],
  ];
}

/** `--only observability`: pgbench, the observability variants, pgbench again; writes bench/results/observability-latest.json. */
async function onlyObservability(): Promise<number> {
  return onFreshDatabase(async ({ say, server, prepared, service }) => {
    say(`pgbench (before): TPC-B, ${opt.clients} clients, ${opt.pgbenchSeconds} s`);
    const before = opt.skipPgbench ? undefined : await runPgbench(repoRoot, server, opt.pgbenchSeconds, opt.clients);
    const dbName = new URL(service.databaseUrl).pathname.slice(1);
    const o = await observabilityBench(prepared.database, prepared.apiKey, dbName, { ...service, poolSize: 20 }, say);
    say('pgbench (after)');
    const after = opt.skipPgbench ? undefined : await runPgbench(repoRoot, server, opt.pgbenchSeconds, opt.clients);
    const tpsList = [before?.tps, after?.tps].filter((x): x is number => typeof x === 'number');
    const tps = tpsList.length ? tpsList.reduce((a, b) => a + b, 0) / tpsList.length : null;
    writeFileSync(
      path.join(resultsDir, 'observability-latest.json'),
      `${JSON.stringify({ at: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, pgbench: { before: before ?? null, after: after ?? null, mean: tps }, observability: o, target: { metricsCostBelow: OBS_TARGET_COST }, pass: o.cost.metrics < OBS_TARGET_COST }, null, 2)}\n`,
    );
    const rows: [string, string][] = [['pgbench TPC-B tps (before / after / mean)', `${before?.tps?.toFixed(0) ?? before?.error ?? 'skipped'} / ${after?.tps?.toFixed(0) ?? after?.error ?? 'skipped'} / ${tps?.toFixed(0) ?? 'n/a'}`], ...observabilityRows(o, tps)];
    const w = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\n${'='.repeat(w + 40)}\n`);
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
    process.stdout.write(`${'='.repeat(w + 40)}\n`);
    const problems = o.runs.flatMap((x) => x.problems.map((p) => `${x.variant} round ${x.round}: ${p}`));
    if (problems.length) process.stdout.write(`\nCORRECTNESS FAILURES:\n${problems.map((c) => `  - ${c}`).join('\n')}\n`);
    process.stdout.write('wrote bench/results/observability-latest.json\n');
    return o.correct ? 0 : 1;
  });
}

/** `--only gate`: pgbench, the gate benchmark, pgbench again, on a fresh database; writes bench/results/gate-latest.json. */
async function onlyGate(): Promise<number> {
  return onFreshDatabase(async ({ say, server, prepared, service }) => {
    say(`pgbench (before): TPC-B, ${opt.clients} clients, ${opt.pgbenchSeconds} s`);
    const before = await runPgbench(repoRoot, server, opt.pgbenchSeconds, opt.clients);
    const g = await gateBench(prepared.database, prepared.apiKey, service, say);
    say('pgbench (after)');
    const after = await runPgbench(repoRoot, server, opt.pgbenchSeconds, opt.clients);
    const tpsList = [before.tps, after.tps].filter((x): x is number => x !== null);
    const tps = tpsList.length ? tpsList.reduce((a, b) => a + b, 0) / tpsList.length : null;
    const ratio = tps ? g.checkInsPerSec / tps : null;
    writeFileSync(
      path.join(resultsDir, 'gate-latest.json'),
      `${JSON.stringify({ at: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, pgbench: { before, after, mean: tps }, gate: g, ratio, target: GATE_TARGET_RATIO, pass: ratio === null ? null : ratio >= GATE_TARGET_RATIO }, null, 2)}\n`,
    );
    const rows: [string, string][] = [['pgbench TPC-B tps (before / after / mean)', `${before.tps?.toFixed(0) ?? before.error} / ${after.tps?.toFixed(0) ?? after.error} / ${tps?.toFixed(0) ?? 'n/a'}`], ...gateRows(g, tps)];
    const w = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\n${'='.repeat(w + 40)}\n`);
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
    process.stdout.write(`${'correctness'.padEnd(w)}  ${g.correct ? 'PASS' : 'FAIL'}\n${'='.repeat(w + 40)}\n`);
    if (g.problems.length) process.stdout.write(`\nCORRECTNESS FAILURES:\n${g.problems.map((c) => `  - ${c}`).join('\n')}\n`);
    process.stdout.write('wrote bench/results/gate-latest.json\n');
    return g.correct ? 0 : 1;
  });
}

/** Summary rows of the bank-file benchmark. */
function bankRows(b: BankBenchResult): [string, string][] {
  const yes = (x: boolean | null) => (x === null ? 'n/a' : x ? 'PASS' : 'FAIL');
  const x = 'ms' in b.xmllint ? `${b.xmllint.ms} ms` : b.xmllint.error;
  const p = 'ms' in b.peer ? `${b.peer.ms} ms, ${b.peer.peakRssMb} MB` : b.peer.error;
  return [
    [`camt.053 ${b.generated.entries} entries (${(b.generated.bytes / 1e6).toFixed(1)} MB): ours ms / peak RSS MB`, `${b.ours.ms} / ${b.ours.peakRssMb}  ${b.correct ? 'totals right' : 'TOTALS WRONG'}`],
    ['  xmllint --stream --noout (floor)', x],
    ['  ours ÷ xmllint (≤ 2)', `${b.ratioToXmllint === null ? 'n/a' : b.ratioToXmllint.toFixed(2)}  ${yes(b.pass.xmllint)}`],
    ['  peak RSS < 256 MB', yes(b.pass.rss)],
    ['  iso20022.js whole document (peer); ours faster', `${p}  ${yes(b.pass.peer)}`],
    ['pain.001 10,000 payments: build ms / XSD validation ms / MB', `${Math.round(b.pain001.buildMs)} / ${Math.round(b.pain001.validateMs)} / ${(b.pain001.bytes / 1e6).toFixed(1)}`],
  ];
}

/** `--only bank`: the bank-file benchmark alone (no PostgreSQL); writes bench/results/bank-latest.json. */
async function onlyBank(): Promise<number> {
  const started = Date.now();
  const say = (msg: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);
  mkdirSync(resultsDir, { recursive: true });
  say(`bank files: camt.053 of ${opt.bankEntries} entries, pain.001 of 10,000 payments`);
  const b = await runBankBench({ entries: opt.bankEntries, log: say });
  writeFileSync(path.join(resultsDir, 'bank-latest.json'), `${JSON.stringify({ at: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, bank: b }, null, 2)}\n`);
  const rows = bankRows(b);
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${'='.repeat(w + 30)}\n`);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
  process.stdout.write(`${'='.repeat(w + 30)}\nwrote bench/results/bank-latest.json\n`);
  return b.correct ? 0 : 1;
}

/** `--only reconcile`: matching quality and parse + match time (no PostgreSQL); writes bench/results/reconcile-latest.json. */
async function onlyReconcile(): Promise<number> {
  const started = Date.now();
  const say = (msg: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);
  mkdirSync(resultsDir, { recursive: true });
  say('reconciliation: matching quality on 3 generated statements of 20,000 payments, then parse + match of 100,000');
  const r = await runReconcileBench({ log: say });
  let e2e: ReconcileE2eResult | { skipped: string } | undefined;
  if (!opt.skipReconcileE2e) {
    const server = serverUrl();
    try {
      say(`end to end on PostgreSQL ${await checkServer(server)}: camt.053 of ${opt.e2ePayments} payments, parse + match + persist through importStatement${opt.profile ? ' (PROFILED)' : ''}`);
      e2e = await runReconcileE2eBench({ serverUrl: server, repoRoot, payments: opt.e2ePayments, pgbench: opt.skipPgbench ? null : { seconds: opt.pgbenchSeconds, clients: opt.clients }, ...(opt.profile ? { profileDir: path.join(resultsDir, 'profile', 'reconcile-e2e') } : {}), log: say });
    } catch (e) {
      say(`end to end skipped: ${(e as Error).message.split('\n')[0]}`);
      e2e = { skipped: (e as Error).message };
    }
  }
  writeFileSync(path.join(resultsDir, 'reconcile-latest.json'), `${JSON.stringify({ at: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, reconcile: r, endToEnd: e2e ?? null }, null, 2)}\n`);
  const yes = (b: boolean) => (b ? 'PASS' : 'FAIL');
  const rows: [string, string][] = [
    ['wrong automatic matches (must be 0)', `${r.quality.map((q) => q.wrong).join(' / ')}  ${yes(r.pass.noWrong)}`],
    ['precision / recall of the matchable (recall ≥ 98 %)', `${r.quality.map((q) => `${(q.precision * 100).toFixed(2)} % / ${(q.recall * 100).toFixed(2)} %`).join(', ')}  ${yes(r.pass.recall)}`],
    [`parse / parse + match, ${r.large.payments} payments (ms)`, `${r.large.parseMs.toFixed(0)} / ${r.large.parseAndMatchMs.toFixed(0)} (× ${r.large.ratio.toFixed(2)})`],
  ];
  if (e2e && 'skipped' in e2e) rows.push(['end to end on PostgreSQL', `skipped: ${e2e.skipped.split('\n')[0]}`]);
  else if (e2e) rows.push(...e2eRows(e2e));
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${'='.repeat(w + 40)}\n`);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
  process.stdout.write(`${'='.repeat(w + 40)}\n`);
  if (e2e && !('skipped' in e2e) && e2e.profile) {
    process.stdout.write(`\nimport child: ${e2e.profile.queries.total} round trips\n`);
    for (const q of e2e.profile.queries.shapes.slice(0, 14)) process.stdout.write(`  ${String(q.count).padStart(8)}  ${String(q.ms).padStart(7)} ms  ${q.sql}\n`);
    process.stdout.write(`\n${e2e.profile.cpu}\n`);
  }
  if (e2e && !('skipped' in e2e) && e2e.check.problems.length) process.stdout.write(`\nCORRECTNESS FAILURES:\n${e2e.check.problems.map((c) => `  - end to end: ${c}`).join('\n')}\n`);
  process.stdout.write('wrote bench/results/reconcile-latest.json\n');
  return r.pass.noWrong && !(e2e && !('skipped' in e2e) && !e2e.pass.correct) ? 0 : 1;
}

/** Summary rows of the end-to-end statement import. */
function e2eRows(e: ReconcileE2eResult): [string, string][] {
  const yes = (b: boolean) => (b ? 'PASS' : 'FAIL');
  return [
    [`end to end: camt.053 ${e.entries} entries (${e.megabytes.toFixed(1)} MB) vs ${e.payments} payments, PostgreSQL`, `import ${e.import.ms} ms, parse only ${e.parseMs} ms (runs ${e.parse.map((p) => p.ms).join(', ')})`],
    [`  import ÷ parse only (≤ ${E2E_RATIO_LIMIT})`, `${e.ratio === null ? 'n/a' : e.ratio.toFixed(1)}  ${yes(e.pass.ratio)}`],
    [`  import peak RSS < ${E2E_RSS_LIMIT_MB} MB (parse only)`, `${e.import.peakRssMb} MB (${Math.max(...e.parse.map((p) => p.peakRssMb))} MB)  ${yes(e.pass.rss)}`],
    ['  settled / returned / open lines; rows settled once of planted', `${e.import.result?.settled ?? 'n/a'} / ${e.import.result?.returned ?? 'n/a'} / ${e.import.result?.open ?? 'n/a'}; ${e.check.settledOnce}/${e.check.plantedMatches}  ${yes(e.pass.correct)}`],
    ['  pgbench TPC-B tps (same run)', e.pgbench?.tps != null ? e.pgbench.tps.toFixed(0) : (e.pgbench?.error ?? 'skipped')],
  ];
}

/** `--only startup`: start-up times, summary rows and bench/results/startup-latest.json; 1 when a run misbehaved. */
async function onlyStartup(): Promise<number> {
  const started = Date.now();
  const say = (msg: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);
  mkdirSync(resultsDir, { recursive: true });
  const r = await runStartupBench({
    root: args['startup-root'] ? path.resolve(args['startup-root']) : repoRoot,
    ...(args['startup-command'] ? { command: args['startup-command'].split(' ').filter(Boolean) } : {}),
    runs: Math.max(1, num('startup-runs')),
    logDir: path.join(resultsDir, 'startup-logs'),
    log: say,
  });
  const result = {
    at: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`,
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length, loadAverage: (await import('node:os')).loadavg().map((x) => round(x, 2)) },
    startup: r,
    correct: r.failures.length === 0,
    correctnessFailures: r.failures,
  };
  const outFile = path.join(resultsDir, 'startup-latest.json');
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  const rows = startupRows(r);
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${'='.repeat(w + 40)}\n`);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
  process.stdout.write(`${'correctness'.padEnd(w)}  ${r.failures.length ? 'FAIL' : 'PASS'}\n${'='.repeat(w + 40)}\n`);
  if (r.failures.length) process.stdout.write(`\nCORRECTNESS FAILURES:\n${r.failures.map((c) => `  - ${c}`).join('\n')}\n`);
  process.stdout.write(`\nwrote ${path.relative(repoRoot, outFile)}\n`);
  return r.failures.length ? 1 : 0;
}

// Feishu refuses (and so does the service) request timestamps more than five minutes off; the clicks are signed up front.
if (!opt.skipFeishu && opt.warmup + opt.seconds > 280) {
  process.stderr.write('--warmup + --seconds must stay under 280 for the Feishu variants (signed clicks expire after 5 minutes); or pass --skip-feishu\n');
  process.exit(2);
}

const t0 = Date.now();
const log = (msg: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);

let bench: BenchDatabase | undefined;
let database: Database | undefined;
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAllServices().catch((e) => log(`stopping services failed: ${(e as Error).message}`));
    await database?.close().catch(() => undefined);
    if (bench) {
      await bench.drop().then(
        () => log(`dropped database ${bench!.name}`),
        (e) => log(`could not drop database ${bench!.name}: ${(e as Error).message}`),
      );
    }
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    log(`${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });

interface QueryLog {
  total: number;
  poolWaits: number;
  poolWaitMs: number;
  windowMs: number;
  shapes: { sql: string; count: number; ms: number }[];
}

/** pgbench with the CPU split between PostgreSQL and pgbench's client. */
async function runBaseline(server: string, which: string): Promise<PgbenchResult & { cpu?: CpuBreakdown }> {
  log(`pgbench baseline (${which}): TPC-B, ${opt.clients} clients, ${opt.pgbenchSeconds} s`);
  const meter = startCpuMeter();
  const r = await runPgbench(repoRoot, server, opt.pgbenchSeconds, opt.clients);
  const cpu = meter.stop([]);
  log(`  ${r.tps !== null ? `${r.tps.toFixed(0)} tps, ${r.latencyMs} ms avg; cores: postgres ${cpu.postgres.toFixed(2)}, pgbench ${cpu.loadGenerator.toFixed(2)}, other ${cpu.other.toFixed(2)}, idle ${cpu.idle.toFixed(2)}` : `FAILED: ${r.error}`}`);
  return { ...r, cpu };
}

async function main(): Promise<number> {
  mkdirSync(resultsDir, { recursive: true });
  const server = serverUrl();
  let version: string;
  try {
    version = await checkServer(server);
  } catch (e) {
    process.stderr.write(`\nbench: ${(e as Error).message}\n`);
    return 2;
  }
  log(`PostgreSQL ${version} at ${redactUrl(server)}`);
  bench = await createBenchDatabase(server);
  log(`created database ${bench.name}`);

  // ---- untimed setup -------------------------------------------------------------------------------------------
  const prepared = await prepare(bench.url);
  database = prepared.database;
  const variants = opt.instances > 1 ? [1, opt.instances] : [1];
  const stocks: string[][] = [];
  for (const v of variants) {
    const started = Date.now();
    stocks.push(await createApprovalStock(database, opt.stock, opt.stockReal));
    log(
      `created ${opt.stock} pending approvals for the ${v}-instance run (${Math.min(opt.stock, opt.stockReal)} submitted through the use case, the rest SQL copies) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  // The service's ENCRYPTION_KEY: the Feishu stock's card buttons are signed with it.
  const serviceKey = randomBytes(32).toString('base64');
  // Feishu: one stock for the API answering at once, one for the slow API; their cards recorded as sent to Feishu.
  const feishuStocks: string[][] = [];
  if (!opt.skipFeishu) {
    const started = Date.now();
    for (let k = 0; k < 2; k++) feishuStocks.push(await createApprovalStock(database, opt.stock, opt.stockReal));
    await prepareFeishuStock(database, feishuStocks.flat(), serviceKey);
    log(`created 2 × ${opt.stock} pending approvals with their Feishu cards for the card-click runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  await settle(database);

  const profileDir = path.join(resultsDir, 'profile');
  if (opt.profile) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  const service: Omit<ServiceOptions, 'label'> = {
    repoRoot,
    databaseUrl: bench.url,
    encryptionKey: serviceKey,
    logDir: path.join(resultsDir, 'logs'),
    poolSize: 20,
    workers: opt.workers,
  };
  const profile = opt.profile
    ? {
        queryLogFor: (label: string) => path.join(profileDir, `${label}.queries.json`),
        // One directory per service: tsx's loader thread writes its own profile beside the main thread's.
        nodeFlags: (label: string) => ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, label)}`, '--import', 'tsx', '--import', './bench/lib/query-counter.ts'],
      }
    : undefined;

  // ---- pgbench before --------------------------------------------------------------------------------------------
  const pgbench: { before?: PgbenchResult; after?: PgbenchResult } = {};
  if (!opt.skipPgbench) pgbench.before = await runBaseline(server, 'before');

  // ---- approvals -------------------------------------------------------------------------------------------------
  const approvals: ApprovalVariantResult[] = [];
  const queryLogs: Record<string, QueryLog> = {};
  for (const [k, instances] of variants.entries()) {
    const label = instances === 1 ? 'single' : `x${instances}`;
    log(`approvals: ${instances} instance(s), ${opt.clients} clients, ${opt.warmup} s warm-up + ${opt.seconds} s${opt.profile ? ' (PROFILED)' : ''}`);
    const r = await runApprovalVariant({
      label,
      instances,
      clients: opt.clients,
      warmupMs: opt.warmup * 1000,
      measureMs: opt.seconds * 1000,
      approvalIds: stocks[k]!,
      apiKey: prepared.apiKey,
      database,
      dbName: bench.name,
      service,
      profile,
      log,
    });
    approvals.push(r);
    const l = r.latencyMs;
    log(
      `  ${r.approvalsPerSec.toFixed(0)} approvals/s over ${r.windowSeconds.toFixed(1)} s; p50 ${l.p50.toFixed(1)} p95 ${l.p95.toFixed(1)} p99 ${l.p99.toFixed(1)} max ${l.max.toFixed(1)} ms; ` +
        `${r.errors} errors; ${r.approvedInDb}/${r.ok} approved in db; outbox backlog ${r.outboxBacklogAtEnd} (drained in ${r.outboxDrainSeconds?.toFixed(1) ?? '>60'} s); ` +
        `${r.perApproval.commits} commits, ${r.perApproval.tuplesInserted} inserts, ${r.perApproval.tuplesUpdated} updates per approval`,
    );
    if (r.cpu)
      log(
        `  cores during the window: service ${r.cpu.service.toFixed(2)}, postgres ${r.cpu.postgres.toFixed(2)}, load generator ${r.cpu.loadGenerator.toFixed(2)}, other ${r.cpu.other.toFixed(2)}, idle ${r.cpu.idle.toFixed(2)} (of ${r.cpu.cores})`,
      );
    if (r.exhausted) log(`  WARNING: the stock of ${r.stock} pending approvals ran out; raise --stock`);
    for (const s of r.errorSamples) log(`  error sample: HTTP ${s.status} ${s.body}`);
    if (profile) {
      for (const s of r.services) {
        const f = profile.queryLogFor(s.label);
        if (existsSync(f)) queryLogs[s.label] = JSON.parse(readFileSync(f, 'utf8')) as QueryLog;
      }
    }
  }

  // ---- Feishu card clicks ----------------------------------------------------------------------------------------
  let feishu: FeishuRun = {};
  if (!opt.skipFeishu) {
    feishu = await runFeishuCards({
      stocks: [feishuStocks[0]!, feishuStocks[1]!],
      slowApiMs: SLOW_API_MS,
      drain: opt.workers,
      clients: opt.clients,
      warmupMs: opt.warmup * 1000,
      measureMs: opt.seconds * 1000,
      database,
      dbName: bench.name,
      service,
      profile,
      log,
    });
    for (const r of [feishu.fast, feishu.slowApi]) {
      const f = r && profile?.queryLogFor(r.label);
      if (f && existsSync(f)) queryLogs[r!.label] = JSON.parse(readFileSync(f, 'utf8')) as QueryLog;
    }
  }

  // ---- budget contention -----------------------------------------------------------------------------------------
  let contention: ContentionResult | undefined;
  if (!opt.skipContention) {
    log(`budget contention: ${opt.rounds} rounds of 200 concurrent freezes against room for 100`);
    contention = await runBudgetContention({ rounds: opt.rounds, concurrency: 200, fits: 100, freezeMinor: 1_000, apiKey: prepared.apiKey, service, log });
  }

  // ---- payment runs released to the fake bank (service child process) -------------------------------------------
  let release: ReleaseResult | undefined;
  if (!opt.skipRelease) {
    log(`release: ${num('release-concurrency')} concurrent approvals of one run, then kill -9 mid-submission and restart`);
    release = await releaseBench(database, prepared.apiKey, service, log);
  }

  // ---- observability: metrics and traces on the REST approval path -----------------------------------------------
  let observability: ObservabilityResult | undefined;
  if (!args['skip-observability']) observability = await observabilityBench(database, prepared.apiKey, bench.name, service, log);

  // ---- gate check-ins (service child process) --------------------------------------------------------------------
  let gate: GateBenchResult | undefined;
  if (!args['skip-gate']) {
    log(`gate: check-ins through the HTTP endpoint, ${num('gate-visitors')} visitors`);
    gate = await gateBench(database, prepared.apiKey, service, log);
  }

  // ---- travel & expense lifecycle (in-process, same database) ----------------------------------------------------
  const feeds: FeedSize[] = [];
  let reimbursements: ReimbursementContention | undefined;
  if (!opt.skipLifecycle) {
    for (const [i, n] of opt.feedSizes.entries()) {
      log(`card feed: ${n} transactions (CSV) against ${n} open expense lines`);
      const r = await runFeedSize(database, n, i + 1);
      feeds.push(r);
      log(`  parse ${r.parseMs.toFixed(0)} ms + import/match ${r.importMs.toFixed(0)} ms = ${r.totalMs.toFixed(0)} ms, ${r.rowsPerSec.toFixed(0)} rows/s; matched ${r.matched}/${r.expectedMatches} planted, drafted ${r.drafted}`);
    }
    log('reimbursement contention: 50 concurrent final approvals against one department budget with room for 40');
    reimbursements = await runReimbursementContention(database, 50, 40, 5_000);
    log(`  ${reimbursements.approved} approved, ${reimbursements.refusedBudget} refused BUDGET.EXCEEDED in ${reimbursements.wallMs.toFixed(0)} ms; ledger ${reimbursements.balanced ? 'balanced' : 'NOT balanced'}; consumed ${reimbursements.consumedMinor} (expected ${reimbursements.expectedConsumedMinor})`);
  }

  // ---- pgbench after ---------------------------------------------------------------------------------------------
  if (!opt.skipPgbench) pgbench.after = await runBaseline(server, 'after');

  // ---- bank files (one core, nothing else running) ---------------------------------------------------------------
  let bankFiles: BankBenchResult | undefined;
  if (!opt.skipBank) {
    log(`bank files: camt.053 of ${opt.bankEntries} entries beside xmllint and iso20022.js; pain.001 of 10,000 payments`);
    bankFiles = await runBankBench({ entries: opt.bankEntries, log });
  }

  // ---- statement import end to end (its own database; one connection) ---------------------------------------------
  let reconcileE2e: ReconcileE2eResult | undefined;
  if (!opt.skipReconcileE2e) {
    log(`end to end: camt.053 of ${opt.e2ePayments} payments, parse + match + persist through importStatement`);
    reconcileE2e = await runReconcileE2eBench({ serverUrl: server, repoRoot, payments: opt.e2ePayments, pgbench: opt.skipPgbench ? null : { seconds: opt.pgbenchSeconds, clients: opt.clients }, log });
  }

  // ---- request parser (one core, nothing else running) -----------------------------------------------------------
  let parser: ParserResult | undefined;
  if (!opt.skipParser) {
    log(`request parser: rule-based, ${opt.parserSeconds} s on this thread`);
    parser = { ...(await runParserBench({ seconds: opt.parserSeconds })), seconds: opt.parserSeconds };
    log(`  ${parser.utterancesPerSec} utterances/s (${parser.utterances} parsed)`);
  }

  // ---- integrity of what the run wrote ----------------------------------------------------------------------------
  await sealAudit(database.db, { orgId: ORG });
  const chain = await verifyAuditChain(database.db, ORG);
  log(`audit chain: ${chain.ok ? 'intact' : `BROKEN at ${chain.firstBad?.seq}: ${chain.firstBad?.reason}`} (${chain.rows} rows)`);

  // ---- profile ---------------------------------------------------------------------------------------------------
  let profiles: ProfileSummary[] = [];
  if (opt.profile) {
    // Per service, the busiest thread's profile is the main (event loop) thread.
    profiles = [...approvals.flatMap((a) => a.services), ...[feishu.fast, feishu.slowApi].flatMap((r) => (r ? [r.service] : []))]
      .map((s) => path.join(profileDir, s.label))
      .filter((d) => existsSync(d))
      .map((d) => readdirSync(d).filter((f) => f.endsWith('.cpuprofile')).map((f) => summariseProfile(path.join(d, f))))
      .map((ps) => ps.sort((a, b) => b.totalMs * b.busyShare - a.totalMs * a.busyShare)[0])
      .filter((p): p is ProfileSummary => p !== undefined);
  }

  // ---- report ----------------------------------------------------------------------------------------------------
  const tpsValues = [pgbench.before?.tps, pgbench.after?.tps].filter((x): x is number => typeof x === 'number');
  const baseline = tpsValues.length ? tpsValues.reduce((a, b) => a + b, 0) / tpsValues.length : null;
  const single = approvals[0]!;
  const multi = approvals[1];
  const multiBetter = multi !== undefined && multi.approvalsPerSec > single.approvalsPerSec;
  const ratio = baseline ? single.approvalsPerSec / baseline : null;
  const ratioPass = ratio === null ? null : ratio >= TARGET_RATIO;
  const p99Pass = single.latencyMs.p99 < TARGET_P99_MS;

  const correctness: string[] = [];
  if (bankFiles && !bankFiles.correct) correctness.push('bank files: the streaming reader’s totals differ from the generated statement');
  for (const a of approvals) {
    if (a.errors > 0) correctness.push(`${a.label}: ${a.errors} approval requests did not answer 200`);
    if (a.approvedInDb !== a.ok) correctness.push(`${a.label}: ${a.ok} approvals answered 200 but ${a.approvedInDb} are approved in the database`);
    if (a.measured === 0) correctness.push(`${a.label}: no approval was measured`);
  }
  if (contention && !contention.correct) for (const r of contention.rounds) for (const p of r.problems) correctness.push(`contention round ${r.round}: ${p}`);
  correctness.push(...feishuCorrectness(feishu));
  for (const f of feeds) {
    if (f.matched !== f.expectedMatches) correctness.push(`card feed ${f.transactions}: matched ${f.matched}, planted ${f.expectedMatches}`);
    if (f.errors !== 0) correctness.push(`card feed ${f.transactions}: ${f.errors} row errors`);
  }
  if (reimbursements) {
    const r = reimbursements;
    if (r.approved !== r.fits || r.refusedBudget !== r.concurrency - r.fits) correctness.push(`reimbursement contention: ${r.approved} approved / ${r.refusedBudget} refused, expected ${r.fits} / ${r.concurrency - r.fits}`);
    if (!r.balanced || r.consumedMinor !== r.expectedConsumedMinor) correctness.push(`reimbursement contention: ledger balanced=${r.balanced}, consumed ${r.consumedMinor} ≠ ${r.expectedConsumedMinor}`);
    if (r.payables !== r.approved) correctness.push(`reimbursement contention: ${r.payables} payables for ${r.approved} approvals`);
    if (r.unexpected.length) correctness.push(`reimbursement contention: unexpected answers ${r.unexpected.join('; ')}`);
  }
  if (release) for (const p of [...release.concurrent.problems, ...release.killRestart.problems]) correctness.push(`release: ${p}`);
  if (gate) for (const p of gate.problems) correctness.push(`gate: ${p}`);
  if (observability) for (const x of observability.runs) for (const p of x.problems) correctness.push(`observability ${x.variant} round ${x.round}: ${p}`);
  if (reconcileE2e) for (const p of reconcileE2e.check.problems) correctness.push(`end to end: ${p}`);
  if (!chain.ok) correctness.push(`audit chain broken at ${chain.firstBad?.seq}: ${chain.firstBad?.reason}`);

  const variantJson = (a: ApprovalVariantResult) => ({
    instances: a.instances,
    clients: a.clients,
    approvalsPerSec: round(a.approvalsPerSec, 1),
    windowSeconds: round(a.windowSeconds, 2),
    measured: a.measured,
    latencyMs: { p50: round(a.latencyMs.p50), p95: round(a.latencyMs.p95), p99: round(a.latencyMs.p99), max: round(a.latencyMs.max), mean: round(a.latencyMs.mean) },
    errors: a.errors,
    errorSamples: a.errorSamples,
    attempted: a.attempted,
    ok: a.ok,
    approvedInDb: a.approvedInDb,
    stock: a.stock,
    stockExhausted: a.exhausted,
    outboxBacklogAtEnd: a.outboxBacklogAtEnd,
    outboxDrainSeconds: a.outboxDrainSeconds === null ? null : round(a.outboxDrainSeconds, 2),
    serverSidePerApproval: a.perApproval,
    cpuCores: a.cpu && Object.fromEntries(Object.entries(a.cpu).map(([k, v]) => [k, round(v, 2)])),
  });
  const result = {
    at: new Date().toISOString(),
    profiled: opt.profile,
    workers: opt.workers,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    postgres: { version, server: redactUrl(server), database: bench.name },
    setup: { stockPerVariant: opt.stock, submittedThroughUseCase: Math.min(opt.stock, opt.stockReal), sqlCopies: Math.max(0, opt.stock - opt.stockReal) },
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
    pgbench: {
      clients: opt.clients,
      seconds: opt.pgbenchSeconds,
      before: pgbench.before ?? null,
      after: pgbench.after ?? null,
      tpsBefore: pgbench.before?.tps ?? null,
      tpsAfter: pgbench.after?.tps ?? null,
      tpsMean: baseline === null ? null : round(baseline, 1),
    },
    approvals: {
      headline: 'single instance',
      ...variantJson(single),
      ratio: ratio === null ? null : round(ratio, 3),
      targets: { ratio: TARGET_RATIO, p99Ms: TARGET_P99_MS },
      pass: { ratio: ratioPass, p99: p99Pass, all: ratioPass === null ? null : ratioPass && p99Pass },
      multiInstance: multi
        ? { ...variantJson(multi), ratio: baseline ? round(multi.approvalsPerSec / baseline, 3) : null, betterThanSingle: multiBetter }
        : null,
    },
    feishuCards: opt.skipFeishu ? null : feishuJson(feishu, baseline),
    parser: parser ? parserJson(parser) : null,
    bankFiles: bankFiles ?? null,
    release: release ?? null,
    gate: gate ? { ...gate, ratio: baseline ? round(gate.checkInsPerSec / baseline, 3) : null, target: GATE_TARGET_RATIO } : null,
    observability: observability ? { ...observability, target: { metricsCostBelow: OBS_TARGET_COST }, pass: observability.cost.metrics < OBS_TARGET_COST } : null,
    reconcileEndToEnd: reconcileE2e ?? null,
    budgetContention: contention
      ? {
          concurrency: contention.concurrency,
          fits: contention.fits,
          rounds: contention.rounds.map((r) => ({ ...r, wallMs: round(r.wallMs), decisionsPerSec: round(r.decisionsPerSec, 1) })),
          medianWallMs: round(contention.medianWallMs),
          medianFreezesPerSec: round(contention.medianDecisionsPerSec, 1),
          pass: contention.correct,
        }
      : null,
    cardFeed: feeds.length
      ? {
          sizes: feeds.map((f) => ({ ...f, parseMs: round(f.parseMs), importMs: round(f.importMs), totalMs: round(f.totalMs), rowsPerSec: round(f.rowsPerSec, 0), ratioToPgbenchTps: baseline ? round(f.rowsPerSec / baseline, 2) : null })),
          // Near-linear: time per row at the largest size ÷ time per row at the smallest (1.0 = perfectly linear).
          perRowGrowth: feeds.length > 1 ? round(feeds[feeds.length - 1]!.totalMs / feeds[feeds.length - 1]!.transactions / (feeds[0]!.totalMs / feeds[0]!.transactions), 2) : null,
        }
      : null,
    reimbursementContention: reimbursements ? { ...reimbursements, wallMs: round(reimbursements.wallMs), approvalsPerSec: round(reimbursements.approvalsPerSec, 1) } : null,
    auditChain: chain,
    correct: correctness.length === 0,
    correctnessFailures: correctness,
    profile: opt.profile ? { queryLogs: summariseQueries(queryLogs, approvals, feishu), cpu: profiles } : undefined,
  };
  // Only a standard run (not profiled, workers on) writes latest.json.
  const outFile = path.join(resultsDir, opt.profile ? 'profile-latest.json' : opt.workers ? 'latest.json' : 'no-workers-latest.json');
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);

  // ---- human summary ---------------------------------------------------------------------------------------------
  const yes = (b: boolean | null) => (b === null ? 'n/a' : b ? 'PASS' : 'FAIL');
  const f = (x: number | null | undefined, d = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  const rows: [string, string][] = [
    ['pgbench TPC-B tps (before / after / mean)', `${f(pgbench.before?.tps, 0)} / ${f(pgbench.after?.tps, 0)} / ${f(baseline, 0)}`],
    [`approvals/s (1 instance, ${opt.clients} clients)`, f(single.approvalsPerSec, 0)],
    [`ratio approvals/s ÷ pgbench tps (≥ ${TARGET_RATIO})`, `${f(ratio, 3)}  ${yes(ratioPass)}`],
    ['latency p50 / p95 / p99 / max (ms)', `${f(single.latencyMs.p50)} / ${f(single.latencyMs.p95)} / ${f(single.latencyMs.p99)} / ${f(single.latencyMs.max)}`],
    [`p99 < ${TARGET_P99_MS} ms`, yes(p99Pass)],
    ['errors (must be 0)', `${approvals.map((a) => a.errors).join(' / ')}`],
  ];
  if (multi)
    rows.push([
      `extra: ${multi.instances} instances (${multiBetter ? 'better' : 'not better'} than 1)`,
      `${f(multi.approvalsPerSec, 0)}/s, ratio ${f(baseline ? multi.approvalsPerSec / baseline : null, 3)}, p99 ${f(multi.latencyMs.p99)} ms`,
    ]);
  if (contention)
    rows.push(
      ['budget contention: accepted/refused per round', contention.rounds.filter((r) => r.round > 0).map((r) => `${r.accepted}/${r.refused}`).join(' ')],
      ['budget contention: median wall ms / freezes/s', `${f(contention.medianWallMs)} / ${f(contention.medianDecisionsPerSec, 0)}  ${yes(contention.correct)}`],
    );
  rows.push(...summaryRows(feishu, parser, baseline));
  for (const fd of feeds) rows.push([`card feed ${fd.transactions} txns × ${fd.lines} lines: ms / rows/s / ÷ pgbench`, `${f(fd.totalMs, 0)} / ${f(fd.rowsPerSec, 0)} / ${f(baseline ? fd.rowsPerSec / baseline : null, 2)}`]);
  if (result.cardFeed?.perRowGrowth !== undefined && result.cardFeed.perRowGrowth !== null) rows.push(['card feed: time per row, largest ÷ smallest (1 = linear)', f(result.cardFeed.perRowGrowth, 2)]);
  if (reimbursements)
    rows.push([`reimbursements: ${reimbursements.concurrency} concurrent, room for ${reimbursements.fits}`, `${reimbursements.approved} approved / ${reimbursements.refusedBudget} refused, ${f(reimbursements.wallMs, 0)} ms, ledger ${reimbursements.balanced ? 'balanced' : 'NOT balanced'}`]);
  if (bankFiles) rows.push(...bankRows(bankFiles));
  if (release) rows.push(...releaseRows(release));
  if (gate) rows.push(...gateRows(gate, baseline));
  if (observability) rows.push(...observabilityRows(observability, baseline));
  if (reconcileE2e) rows.push(...e2eRows(reconcileE2e));
  rows.push(['audit chain', chain.ok ? `intact (${chain.rows} rows)` : 'BROKEN'], ['correctness', correctness.length ? 'FAIL' : 'PASS']);
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${'='.repeat(w + 40)}\n${opt.profile ? 'PROFILED RUN — figures are slowed by instrumentation\n' : ''}${opt.workers ? '' : 'DIAGNOSTIC RUN — WORKERS=false (no outbox dispatcher)\n'}`);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
  process.stdout.write(`${'='.repeat(w + 40)}\n`);
  if (multi && !multiBetter) process.stdout.write(`(the ${multi.instances}-instance variant was not faster; the headline is the single instance)\n`);
  if (opt.profile) {
    const q = result.profile!.queryLogs;
    for (const [label, s] of Object.entries(q)) {
      process.stdout.write(`\nqueries per approval, service ${label}: ${s.perApproval} round trips (pool waits ${s.poolWaitMsPerApproval} ms/approval)\n`);
      for (const sh of s.shapes.slice(0, 14)) process.stdout.write(`  ${String(sh.perApproval).padStart(6)}  ${String(sh.avgMs).padStart(6)} ms  ${sh.sql}\n`);
    }
    for (const p of profiles) process.stdout.write(`\n${formatProfile(p)}\n`);
  }
  if (correctness.length) process.stdout.write(`\nCORRECTNESS FAILURES:\n${correctness.map((c) => `  - ${c}`).join('\n')}\n`);
  process.stdout.write(`\nwrote ${path.relative(repoRoot, outFile)}\n`);
  return correctness.length ? 1 : 0;
}

function summariseQueries(logs: Record<string, QueryLog>, approvals: ApprovalVariantResult[], feishu: FeishuRun) {
  const out: Record<string, { perApproval: number; poolWaitMsPerApproval: number; windowMs: number; shapes: { sql: string; count: number; perApproval: number; avgMs: number }[] }> = {};
  for (const [label, q] of Object.entries(logs)) {
    const variant = approvals.find((a) => a.services.some((s) => s.label === label));
    const clicks = [feishu.fast, feishu.slowApi].find((r) => r?.label === label);
    // Approvals served after the counters were reset (the window), split evenly across instances.
    const served = variant ? variant.measured / variant.instances : (clicks?.measured ?? 0);
    const per = (n: number) => round(n / Math.max(1, served), 2);
    out[label] = {
      perApproval: per(q.total),
      poolWaitMsPerApproval: per(q.poolWaitMs),
      windowMs: q.windowMs,
      shapes: q.shapes.map((s) => ({ sql: s.sql, count: s.count, perApproval: per(s.count), avgMs: round(s.ms / Math.max(1, s.count), 2) })),
    };
  }
  return out;
}

let code = 2;
try {
  code = await main();
} catch (e) {
  process.stderr.write(`\nbench failed: ${(e as Error).stack ?? String(e)}\n`);
  code = 2;
} finally {
  await cleanup();
}
process.exit(code);
