// End to end on PostgreSQL: a generated camt.053 of 100,000 payments (recon-scenario: batches, returns, fees, noise)
// imported through the real use case (importStatement: parse + match + persist) against 100,000 submitted payments,
// beside the parse alone of the same file and pgbench on the same server. Both measured in a child process (bundled,
// so peak RSS is the import's own). Targets from the issue: import ≤ 3 × parse-only, peak RSS < 256 MB.
// Run alone: `npm run bench -- --only reconcile` (with `--skip-reconcile-e2e` to leave it out, `--profile` to profile it).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { build } from 'esbuild';
import { rowsOf } from '../db/database.js';
import { generateScenario, type Scenario } from '../test/fakes/bank/recon-scenario.js';
import { seedScenarioPayments } from '../test/helpers/statement-scenario.js';
import { formatProfile, summariseProfile } from './lib/cpuprofile.js';
import { runPgbench, type PgbenchResult } from './lib/pgbench.js';
import { createBenchDatabase, dbCounters, diffCounters, type DbCounters } from './lib/postgres.js';
import { ORG, prepare } from './lib/setup.js';
import type { ImportMeasurement } from './lib/statement-import-child.js';

export const E2E_RATIO_LIMIT = 3;
export const E2E_RSS_LIMIT_MB = 256;
const ACCOUNT = 'dac_bench_e2e';

export interface ReconcileE2eResult {
  payments: number;
  entries: number;
  megabytes: number;
  /** Parse-only runs (the first is a warm-up of the page cache; the figure is the fastest). */
  parse: ImportMeasurement[];
  parseMs: number;
  import: ImportMeasurement;
  ratio: number | null;
  pgbench: PgbenchResult | null;
  /** What PostgreSQL counted for the import's database (commits, rows inserted and updated, WAL bytes). */
  server: DbCounters;
  check: { plantedMatches: number; settledOnce: number; settledTwice: number; wrong: number; missing: Record<string, number>; lines: number; linesStored: number; byState: Record<string, number>; problems: string[] };
  profile?: { cpu: string; queries: { total: number; shapes: { sql: string; count: number; ms: number }[] } };
  pass: { ratio: boolean; rss: boolean; correct: boolean };
}

/** Bundles the child so it runs plain JavaScript (tsx alone adds about 35 MB of RSS). */
async function bundleChild(dir: string): Promise<string> {
  const out = path.join(dir, 'statement-import-child.mjs');
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'statement-import-child.ts');
  // Only the PostgreSQL driver is used; PGlite (loaded lazily by db/open.ts) and pg-native stay out.
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'error', external: ['@electric-sql/pglite', '@electric-sql/pglite/*', 'drizzle-orm/pglite', 'drizzle-orm/pglite/*', 'pg-native'], banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
  return out;
}

function runChild(script: string, args: string[], nodeFlags: string[] = [], env: Record<string, string> = {}): Promise<ImportMeasurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as ImportMeasurement);
      } catch {
        reject(new Error(`import child exited ${code} without a result: ${out.slice(0, 500)}`));
      }
    });
  });
}

/** After the import: each planted match settled exactly once (one `payment.settled` audit row, one voucher), on its line. */
async function verify(db: Awaited<ReturnType<typeof prepare>>['database']['db'], s: Scenario, lines: number): Promise<ReconcileE2eResult['check']> {
  const problems: string[] = [];
  const settledAudit = new Map(rowsOf<{ id: string; n: number }>(await db.execute(sql`SELECT subject_id AS id, count(*)::int AS n FROM audit_log WHERE org_id = ${ORG} AND action = 'payment.settled' GROUP BY subject_id`)).map((r) => [r.id, r.n]));
  const vouchers = new Map(rowsOf<{ id: string; n: number }>(await db.execute(sql`SELECT source_id AS id, count(*)::int AS n FROM vouchers WHERE org_id = ${ORG} AND kind = 'payment_settled' GROUP BY source_id`)).map((r) => [r.id, r.n]));
  const status = new Map(rowsOf<{ id: string; status: string }>(await db.execute(sql`SELECT id, status FROM payments WHERE org_id = ${ORG}`)).map((r) => [r.id, r.status]));
  const matchedOn = new Map<string, string[]>();
  for (const r of rowsOf<{ ref: string; id: string }>(await db.execute(sql`SELECT l.ref, unnest(l.payment_ids) AS id FROM bank_statement_lines l WHERE l.org_id = ${ORG} AND l.state = 'matched'`))) matchedOn.set(r.id, [...(matchedOn.get(r.id) ?? []), r.ref]);
  const byState = Object.fromEntries(rowsOf<{ state: string; n: number }>(await db.execute(sql`SELECT state, count(*)::int AS n FROM bank_statement_lines WHERE org_id = ${ORG} GROUP BY state ORDER BY state`)).map((r) => [r.state, r.n]));
  const linesStored = Object.values(byState).reduce((a, b) => a + b, 0);
  let settledOnce = 0;
  let settledTwice = 0;
  let wrong = 0;
  const missing: Record<string, number> = {};
  for (const p of s.payments) {
    const want = s.truth.get(p.id);
    const audits = settledAudit.get(p.id) ?? 0;
    const on = matchedOn.get(p.id) ?? [];
    if (audits > 1 || (vouchers.get(p.id) ?? 0) > 1 || on.length > 1) settledTwice++;
    if (want === undefined) {
      if (audits > 0 || on.length > 0) wrong++;
      continue;
    }
    const ok = audits === 1 && vouchers.get(p.id) === 1 && on.length === 1 && on[0] === want && ['settled', 'returned'].includes(status.get(p.id) ?? '');
    if (ok) settledOnce++;
    else if (on.length > 0 && on[0] !== want) wrong++;
    else {
      const kind = s.kinds.get(p.id) ?? '?';
      missing[kind] = (missing[kind] ?? 0) + 1;
    }
  }
  if (wrong) problems.push(`${wrong} payments settled on the wrong line (or not planted at all)`);
  if (settledTwice) problems.push(`${settledTwice} payments settled more than once`);
  const missed = Object.entries(missing).filter(([k]) => k !== 'remittance');
  if (missed.length) problems.push(`planted matches not settled: ${missed.map(([k, n]) => `${n} ${k}`).join(', ')}`);
  if (linesStored !== lines) problems.push(`${linesStored} statement lines stored, the file has ${lines}`);
  return { plantedMatches: s.truth.size, settledOnce, settledTwice, wrong, missing, lines, linesStored, byState, problems };
}

export interface ReconcileE2eOptions {
  serverUrl: string;
  repoRoot: string;
  payments?: number;
  pgbench?: { seconds: number; clients: number } | null;
  /** Profile the import child (`--cpu-prof`) and count its round trips by statement shape, into this directory. */
  profileDir?: string;
  log: (m: string) => void;
}

/** Creates its own database, seeds it, measures parse-only and the import, checks what the import stored, and drops it. */
export async function runReconcileE2eBench(o: ReconcileE2eOptions): Promise<ReconcileE2eResult> {
  const n = o.payments ?? 100_000;
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-reconcile-e2e-'));
  const bench = await createBenchDatabase(o.serverUrl);
  let prepared: Awaited<ReturnType<typeof prepare>> | undefined;
  try {
    o.log(`  database ${bench.name}: seeding ${n} submitted payments and writing their camt.053`);
    const started = Date.now();
    prepared = await prepare(bench.url);
    const s = generateScenario({ payments: n, seed: 11 });
    const file = path.join(dir, 'statement.xml');
    writeFileSync(file, s.xml);
    const megabytes = Buffer.byteLength(s.xml) / 1e6;
    await seedScenarioPayments(prepared.database.db, ORG, ACCOUNT, s);
    await prepared.database.db.execute(sql`VACUUM ANALYZE`);
    const script = await bundleChild(dir);
    o.log(`  seeded in ${((Date.now() - started) / 1000).toFixed(1)} s; file ${megabytes.toFixed(1)} MB`);

    const pgbench = o.pgbench ? await runPgbench(o.repoRoot, o.serverUrl, o.pgbench.seconds, o.pgbench.clients) : null;
    if (pgbench) o.log(`  pgbench TPC-B ${o.pgbench!.clients} clients ${o.pgbench!.seconds} s: ${pgbench.tps !== null ? `${pgbench.tps.toFixed(0)} tps` : `FAILED: ${pgbench.error}`}`);

    const parse: ImportMeasurement[] = [];
    for (let k = 0; k < 3; k++) parse.push(await runChild(script, ['parse', file]));
    const parseMs = Math.min(...parse.map((p) => p.ms));
    o.log(`  parse only (streaming reader, child): ${parse.map((p) => `${p.ms} ms`).join(', ')}; peak RSS ${Math.max(...parse.map((p) => p.peakRssMb))} MB; ${parse[0]!.entries} entries`);

    const before = await dbCounters(o.serverUrl, bench.name);
    const profiling = o.profileDir !== undefined;
    if (profiling) {
      // A fresh directory: the summary reads the profile this run writes, not an earlier one.
      rmSync(o.profileDir!, { recursive: true, force: true });
      mkdirSync(o.profileDir!, { recursive: true });
    }
    const queryLog = profiling ? path.join(o.profileDir!, 'import.queries.json') : undefined;
    const imported = await runChild(
      script,
      ['import', file, bench.url, ORG, ACCOUNT],
      profiling ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [],
      queryLog ? { BENCH_QUERY_LOG: queryLog } : {},
    );
    // pg_stat_database is flushed by backends at most once a second.
    await new Promise((r) => setTimeout(r, 1_100));
    const server = diffCounters(before, await dbCounters(o.serverUrl, bench.name));
    if (imported.error) o.log(`  import FAILED: ${imported.error}`);
    const ratio = imported.error ? null : imported.ms / parseMs;
    o.log(`  parse + match + persist (importStatement, child): ${imported.ms} ms (× ${ratio?.toFixed(1) ?? 'n/a'} the parse), peak RSS ${imported.peakRssMb} MB; ${JSON.stringify(imported.result ?? {})}`);
    o.log(`  server: ${server.xactCommit} commits, ${server.tupInserted} rows inserted, ${server.tupUpdated} updated, ${(server.walBytes / 1e6).toFixed(0)} MB WAL`);

    const lines = countLines(s.xml);
    const check = await verify(prepared.database.db, s, lines);
    if (imported.error) check.problems.unshift(`the import failed: ${imported.error.split('\n')[0]}`);
    o.log(`  check: ${check.settledOnce}/${check.plantedMatches} planted matches settled once, ${check.wrong} wrong, ${check.settledTwice} twice; not settled ${JSON.stringify(check.missing)}; lines ${check.linesStored}/${check.lines} ${JSON.stringify(check.byState)}`);

    let profile: ReconcileE2eResult['profile'];
    if (profiling) {
      const cpu = readdirSync(o.profileDir!).filter((f) => f.endsWith('.cpuprofile')).map((f) => summariseProfile(path.join(o.profileDir!, f))).sort((a, b) => b.totalMs - a.totalMs)[0];
      const q = queryLog && existsSync(queryLog) ? (JSON.parse(readFileSync(queryLog, 'utf8')) as { total: number; shapes: { sql: string; count: number; ms: number }[] }) : { total: 0, shapes: [] };
      profile = { cpu: cpu ? formatProfile(cpu) : 'no profile written', queries: { total: q.total, shapes: q.shapes.slice(0, 20) } };
    }
    return {
      payments: n,
      entries: parse[0]!.entries,
      megabytes,
      parse,
      parseMs,
      import: imported,
      ratio,
      pgbench,
      server,
      check,
      ...(profile ? { profile } : {}),
      pass: { ratio: ratio !== null && ratio <= E2E_RATIO_LIMIT, rss: !imported.error && imported.peakRssMb < E2E_RSS_LIMIT_MB, correct: check.problems.length === 0 },
    };
  } finally {
    await prepared?.database.close().catch(() => undefined);
    await bench.drop().catch((e) => o.log(`  could not drop database ${bench.name}: ${(e as Error).message}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Transactions in the file (what statementLines makes of it: one per TxDtls, one for an entry without any). */
function countLines(xml: string): number {
  let n = 0;
  for (const entry of xml.split('<Ntry>').slice(1)) n += Math.max(1, entry.split('<TxDtls>').length - 1);
  return n;
}
