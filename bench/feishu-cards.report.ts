// Targets, log lines, correctness checks, summary rows and JSON for the Feishu card-click variants and the parser.
import type { FeishuRun, FeishuVariantResult } from './feishu-cards.bench.js';
import { round } from './lib/stats.js';

/**
 * Issue targets: with the Open API answering at once, ≥ 40% of pgbench's TPS, p99 < 100 ms, and the outbox drained
 * within 10 s of the load stopping; with a 2 s API, p99 < 300 ms.
 */
export const FEISHU_TARGETS = { ratio: 0.4, p99Ms: 100, slowApiP99Ms: 300, drainSeconds: 10 } as const;
/** The rule-based parser on one core. */
export const PARSER_TARGET_PER_SEC = 5_000;

export interface ParserResult {
  utterancesPerSec: number;
  utterances: number;
  seconds: number;
}

/** One progress line per variant, like the approvals variant's. */
export function logFeishuVariant(r: FeishuVariantResult, log: (msg: string) => void): void {
  const l = r.latencyMs;
  const api = Object.entries(r.feishuApi.answered)
    .map(([route, n]) => `${route} ${n}`)
    .join(', ');
  log(
    `  ${r.approvalsPerSec.toFixed(0)} approvals/s over ${r.windowSeconds.toFixed(1)} s; p50 ${l.p50.toFixed(1)} p95 ${l.p95.toFixed(1)} p99 ${l.p99.toFixed(1)} max ${l.max.toFixed(1)} ms; ` +
      `${r.errors} errors; ${r.approvedInDb}/${r.ok} approved in db (${r.approvedOnce} by exactly one decision); ` +
      `outbox backlog ${r.outboxBacklogAtEnd} (${r.outboxDrainSeconds === null ? `not drained; ${r.outboxDiscarded} set aside` : `drained in ${r.outboxDrainSeconds.toFixed(1)} s`}); ` +
      `${r.perApproval.commits} commits, ${r.perApproval.tuplesInserted} inserts, ${r.perApproval.tuplesUpdated} updates per approval`,
  );
  log(`  fake Open API answered: ${api || 'nothing'}${r.feishuApi.failed ? `; ${r.feishuApi.failed} failed` : ''}; ${r.deliveriesPerSec.toFixed(0)} deliveries/s from the first click to the drain's end`);
  const p = r.clickToPatchedMs;
  log(`  click → approver's card updated: p50 ${p.p50.toFixed(0)} p99 ${p.p99.toFixed(0)} max ${p.max.toFixed(0)} ms over ${p.count} cards (${p.inAnswer} by the click's answer, the rest by a patch); ${p.unpatched} successful clicks never updated`);
  if (r.cpu)
    log(
      `  cores during the window: service ${r.cpu.service.toFixed(2)}, postgres ${r.cpu.postgres.toFixed(2)}, load generator + fake API ${r.cpu.loadGenerator.toFixed(2)}, other ${r.cpu.other.toFixed(2)}, idle ${r.cpu.idle.toFixed(2)} (of ${r.cpu.cores})`,
    );
  if (r.exhausted) log(`  WARNING: the stock of ${r.stock} pending approvals ran out; raise --stock`);
  for (const s of r.errorSamples) log(`  error sample: HTTP ${s.status} ${s.body}`);
}

/** Correctness failures (exit code 1): every click answered 200 with a success toast, each approved exactly once. */
export function feishuCorrectness(run: FeishuRun): string[] {
  const out: string[] = [];
  for (const r of [run.fast, run.slowApi]) {
    if (!r) continue;
    if (r.errors > 0) out.push(`${r.label}: ${r.errors} card clicks did not answer 200 with a success toast`);
    if (r.approvedInDb !== r.ok) out.push(`${r.label}: ${r.ok} clicks answered success but ${r.approvedInDb} approvals are approved in the database`);
    if (r.approvedOnce !== r.approvedInDb) out.push(`${r.label}: ${r.approvedInDb - r.approvedOnce} approvals carry more than one decision`);
    if (r.successNotApproved > 0) out.push(`${r.label}: ${r.successNotApproved} clicks answered success for an approval that is not approved`);
    if (r.measured === 0) out.push(`${r.label}: no card click was measured`);
  }
  return out;
}

const ratioOf = (r: FeishuVariantResult | undefined, baseline: number | null) => (r && baseline ? r.approvalsPerSec / baseline : null);

/** Pass/fail per target; null where it cannot be judged (no pgbench baseline, variant not run). */
export function feishuPass(run: FeishuRun, baseline: number | null) {
  const ratio = ratioOf(run.fast, baseline);
  const ratioPass = ratio === null ? null : ratio >= FEISHU_TARGETS.ratio;
  const p99Pass = run.fast ? run.fast.latencyMs.p99 < FEISHU_TARGETS.p99Ms : null;
  const slowP99Pass = run.slowApi ? run.slowApi.latencyMs.p99 < FEISHU_TARGETS.slowApiP99Ms : null;
  // Drained in time, and every successful click's card patched (a drain that skipped cards would not count).
  const drainPass = run.fast ? run.fast.outboxDrainSeconds !== null && run.fast.outboxDrainSeconds <= FEISHU_TARGETS.drainSeconds && run.fast.clickToPatchedMs.unpatched === 0 : null;
  const judged = [ratioPass, p99Pass, slowP99Pass, drainPass].filter((x): x is boolean => x !== null);
  return { ratio: ratioPass, p99: p99Pass, slowApiP99: slowP99Pass, drain: drainPass, all: judged.length === 4 ? judged.every(Boolean) : null };
}

function variantJson(r: FeishuVariantResult, baseline: number | null) {
  return {
    apiDelayMs: r.apiDelayMs,
    clients: r.clients,
    approvalsPerSec: round(r.approvalsPerSec, 1),
    ratio: baseline ? round(r.approvalsPerSec / baseline, 3) : null,
    windowSeconds: round(r.windowSeconds, 2),
    measured: r.measured,
    latencyMs: { p50: round(r.latencyMs.p50), p95: round(r.latencyMs.p95), p99: round(r.latencyMs.p99), max: round(r.latencyMs.max), mean: round(r.latencyMs.mean) },
    errors: r.errors,
    errorSamples: r.errorSamples,
    attempted: r.attempted,
    ok: r.ok,
    approvedInDb: r.approvedInDb,
    approvedOnce: r.approvedOnce,
    stock: r.stock,
    stockExhausted: r.exhausted,
    outboxBacklogAtEnd: r.outboxBacklogAtEnd,
    outboxDrainSeconds: r.outboxDrainSeconds === null ? null : round(r.outboxDrainSeconds, 2),
    outboxDiscarded: r.outboxDiscarded,
    clickToPatchedMs: { p50: round(r.clickToPatchedMs.p50), p99: round(r.clickToPatchedMs.p99), max: round(r.clickToPatchedMs.max), count: r.clickToPatchedMs.count, unpatched: r.clickToPatchedMs.unpatched, inAnswer: r.clickToPatchedMs.inAnswer },
    deliveriesPerSec: round(r.deliveriesPerSec, 1),
    feishuApi: r.feishuApi,
    serverSidePerApproval: r.perApproval,
    cpuCores: r.cpu && Object.fromEntries(Object.entries(r.cpu).map(([k, v]) => [k, round(v, 2)])),
  };
}

/** The `feishuCards` section of latest.json. */
export function feishuJson(run: FeishuRun, baseline: number | null) {
  return {
    what: 'signed, encrypted card.action.trigger approvals through POST /feishu/events (verify, decrypt, decide, respond)',
    targets: FEISHU_TARGETS,
    pass: feishuPass(run, baseline),
    immediateApi: run.fast ? variantJson(run.fast, baseline) : null,
    slowApi: run.slowApi ? variantJson(run.slowApi, baseline) : null,
  };
}

export function parserJson(p: ParserResult) {
  return { ...p, target: PARSER_TARGET_PER_SEC, pass: p.utterancesPerSec >= PARSER_TARGET_PER_SEC };
}

/** Rows for the human summary. */
export function summaryRows(run: FeishuRun, parser: ParserResult | undefined, baseline: number | null): [string, string][] {
  const yes = (b: boolean | null) => (b === null ? 'n/a' : b ? 'PASS' : 'FAIL');
  const f = (x: number | null | undefined, d = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  const lat = (r: FeishuVariantResult) => `${f(r.latencyMs.p50)} / ${f(r.latencyMs.p95)} / ${f(r.latencyMs.p99)} / ${f(r.latencyMs.max)}`;
  const pass = feishuPass(run, baseline);
  const rows: [string, string][] = [];
  if (run.fast) {
    const r = run.fast;
    rows.push(
      [`feishu card approvals/s (API at once, ${r.clients} clients)`, f(r.approvalsPerSec, 0)],
      [`feishu ratio ÷ pgbench tps (≥ ${FEISHU_TARGETS.ratio})`, `${f(ratioOf(r, baseline), 3)}  ${yes(pass.ratio)}`],
      ['feishu latency p50 / p95 / p99 / max (ms)', lat(r)],
      [`feishu p99 < ${FEISHU_TARGETS.p99Ms} ms`, yes(pass.p99)],
      ['feishu click → card updated p50 / p99 (ms), never updated', `${f(r.clickToPatchedMs.p50, 0)} / ${f(r.clickToPatchedMs.p99, 0)}, ${r.clickToPatchedMs.unpatched}`],
      ['feishu outbox deliveries/s (first click → drained)', f(r.deliveriesPerSec, 0)],
      [`feishu outbox drain after the load (≤ ${FEISHU_TARGETS.drainSeconds} s)`, `${r.outboxDrainSeconds === null ? 'not drained' : `${f(r.outboxDrainSeconds, 1)} s`}  ${yes(pass.drain)}`],
    );
  }
  if (run.slowApi) {
    const r = run.slowApi;
    rows.push(
      [`feishu, API answering in ${r.apiDelayMs / 1000} s: approvals/s (ratio)`, `${f(r.approvalsPerSec, 0)} (${f(ratioOf(r, baseline), 3)})`],
      ['feishu, slow API: latency p50 / p95 / p99 / max (ms)', lat(r)],
      [`feishu, slow API: p99 < ${FEISHU_TARGETS.slowApiP99Ms} ms`, yes(pass.slowApiP99)],
    );
  }
  if (run.fast || run.slowApi) rows.push(['feishu errors (must be 0)', [run.fast, run.slowApi].filter((r) => r).map((r) => r!.errors).join(' / ')]);
  if (parser) rows.push([`parser utterances/s, 1 core (≥ ${PARSER_TARGET_PER_SEC.toLocaleString('en')})`, `${f(parser.utterancesPerSec, 0)}  ${yes(parser.utterancesPerSec >= PARSER_TARGET_PER_SEC)}`]);
  return rows;
}
