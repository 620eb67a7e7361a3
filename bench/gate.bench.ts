// Gate check-ins through the HTTP endpoint (POST /api/v1/sites/{id}/check-ins) on PostgreSQL: a stock of approved
// visitors is registered through the real use cases (untimed), their invitation codes signed with the service's key,
// then each code is scanned once by a closed loop of clients against the running service; throughput and latency
// are reported beside pgbench's TPS of the same run. Then 100 concurrent scans of one code must check in exactly one.
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/database.js';
import { siteTag } from '../domain/reception/index.js';
import { randomIds, systemClock } from '../src/runtime.js';
import { createSecretBox } from '../src/secrets.js';
import { actOnApproval } from '../src/usecases/act-on-approval.js';
import { employeeActor } from '../src/usecases/authorise.js';
import { signInvitation } from '../src/usecases/reception/invitation-token.js';
import { putSite } from '../src/usecases/reception/sites.js';
import { registerVisit } from '../src/usecases/reception/visits.js';
import { runClosedLoop } from './lib/closed-loop.js';
import { startCpuMeter, type CpuBreakdown, type CpuMeter } from './lib/cpu.js';
import { RawHttpConnection } from './lib/raw-http.js';
import { startService, type ServiceOptions } from './lib/service.js';
import type { LatencySummary } from './lib/stats.js';

const ORG = 'demo';
const GUARD = 'e_zhoujun';
const PER_VISIT = 50;

export interface GateBenchOptions {
  database: Database;
  apiKey: string;
  service: Omit<ServiceOptions, 'label'>;
  /** Visitors in stock (each scanned once). */
  visitors: number;
  clients: number;
  warmupMs: number;
  measureMs: number;
  log(msg: string): void;
}

export interface GateBenchResult {
  visitors: number;
  clients: number;
  windowSeconds: number;
  measured: number;
  checkInsPerSec: number;
  latencyMs: LatencySummary;
  errors: number;
  errorSamples: { status: number; body: string }[];
  exhausted: boolean;
  /** Where the machine's CPU went during the window (cores), and CPU milliseconds per scan in the window (service, PostgreSQL, this load generator). */
  cpu: CpuBreakdown | null;
  cpuMsPerCheckIn: { service: number; postgres: number; loadGenerator: number } | null;
  /** Rows with a check-in for the codes answered 200 (must equal the 200s). */
  checkedInDb: number;
  ok: number;
  sameCode: { concurrency: number; checkedIn: number; alreadyCheckedIn: number; other: number; correct: boolean };
  correct: boolean;
  problems: string[];
}

/** Registers and approves `n` visitors (visits of 50) at site `gate`, open now; returns their invitation codes. */
async function stock(database: Database, encryptionKey: string, n: number, log: (m: string) => void): Promise<string[]> {
  const deps = { db: database.db, clock: systemClock, ids: randomIds, box: createSecretBox([Buffer.from(encryptionKey, 'base64')]) };
  const site = await putSite(deps, ORG, employeeActor('e_sunli'), 'gate', { name: 'Bench gate', address: 'Bench road 1' });
  if (!site.ok) throw new Error(`site: ${site.error.message}`);
  const now = Date.now();
  const visits = Math.ceil(n / PER_VISIT);
  for (let v = 0; v < visits; v++) {
    const count = Math.min(PER_VISIT, n - v * PER_VISIT);
    const r = await registerVisit(deps, ORG, employeeActor('e_zhangwei'), {
      hostId: 'e_zhangwei',
      siteId: 'gate',
      visitors: Array.from({ length: count }, (_, i) => ({ name: `访客${v}-${i}`, company: `Bench Co ${v % 37}` })),
      purpose: 'bench',
      start: new Date(now - 3_600_000).toISOString(),
      end: new Date(now + 6 * 3_600_000).toISOString(),
    });
    if (!r.ok) throw new Error(`visit: ${r.error.message}`);
    const pending = rowsOf<{ approval_id: string; assignees: string[] }>(await database.db.execute(sql`SELECT r.approval_id, a.assignees FROM requests r JOIN approval_instances a ON a.org_id = r.org_id AND a.id = r.approval_id WHERE r.org_id = ${ORG} AND r.id = ${r.value.submitted.request.id}`))[0]!;
    const decided = await actOnApproval(deps, ORG, pending.approval_id, pending.assignees[0]!, { type: 'approve' });
    if (!decided.ok) throw new Error(`approve: ${decided.error.message}`);
    if ((v + 1) % 50 === 0) log(`  ${(v + 1) * PER_VISIT} visitors approved`);
  }
  const rows = rowsOf<{ invitation_id: string; starts_at: Date; ends_at: Date }>(
    await database.db.execute(sql`SELECT vr.invitation_id, vs.starts_at, vs.ends_at FROM visitors vr JOIN visits vs ON vs.org_id = vr.org_id AND vs.id = vr.visit_id WHERE vr.org_id = ${ORG} AND vs.site_id = 'gate' AND vr.invitation_id IS NOT NULL ORDER BY vr.id`),
  );
  return rows.map((x) => {
    const code = signInvitation(deps.box, { invitationId: x.invitation_id, site: siteTag('gate'), notBefore: new Date(x.starts_at), notAfter: new Date(x.ends_at) });
    if (!code.ok) throw new Error(code.error.message);
    return code.value;
  });
}

const codeOf = (body: string) => {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};

export async function runGateBench(o: GateBenchOptions): Promise<GateBenchResult> {
  o.log(`gate: registering and approving ${o.visitors} visitors (untimed)`);
  const codes = await stock(o.database, o.service.encryptionKey, o.visitors + 1, o.log);
  const same = codes.pop()!;
  // BENCH_GATE_PROFILE=DIR: the service writes a CPU profile there (bench/lib/cpuprofile.ts reads it).
  const prof = process.env.BENCH_GATE_PROFILE;
  // With it, the round trips to PostgreSQL by statement are written to DIR/queries.json (bench/lib/query-counter.ts).
  if (prof) process.env.BENCH_QUERY_LOG = `${prof}/queries.json`;
  // As many pooled connections as scanning clients, as pgbench has one connection per client: the check-in's
  // commit waits for the WAL flush, and a smaller pool would queue scans behind it rather than measure the gate.
  const service = await startService({ ...o.service, poolSize: o.clients, label: 'gate', ...(prof ? { nodeFlags: [...(o.service.nodeFlags ?? []), '--cpu-prof', `--cpu-prof-dir=${prof}`, '--import', 'tsx', '--import', './bench/lib/query-counter.ts'] } : {}) });
  const problems: string[] = [];
  try {
    const clients = Array.from({ length: o.clients }, () => new RawHttpConnection(service.url, o.apiKey));
    await Promise.all(clients.map((c) => c.connect()));
    o.log(`gate: ${o.clients} clients scanning for ${o.measureMs / 1000} s`);
    let meter: CpuMeter | undefined;
    const run = await runClosedLoop({
      clients,
      requests: codes.map((code) => ({ path: '/api/v1/sites/gate/check-ins', body: Buffer.from(JSON.stringify({ actorId: GUARD, code })) })),
      warmupMs: o.warmupMs,
      measureMs: o.measureMs,
      isOk: (status, body) => status === 200 && body.includes('"checked_in"'),
      onWindowStart() {
        meter = startCpuMeter();
        // Profiled: the round-trip counts start with the window (the 100 scans of one code below add to them).
        if (prof) process.kill(service.pid, 'SIGUSR2');
      },
    });
    const cpu = meter ? meter.stop([service.pid]) : null;
    const perCheckIn = (cores: number) => Math.round(((cores * cpu!.seconds * 1000) / Math.max(1, run.measured)) * 100) / 100;
    const cpuMsPerCheckIn = cpu ? { service: perCheckIn(cpu.service), postgres: perCheckIn(cpu.postgres), loadGenerator: perCheckIn(cpu.loadGenerator) } : null;
    for (const c of clients) c.close();
    const checkedInDb = rowsOf<{ n: number }>(await o.database.db.execute(sql`SELECT count(*)::int AS n FROM visitors vr JOIN visits vs ON vs.org_id = vr.org_id AND vs.id = vr.visit_id WHERE vr.org_id = ${ORG} AND vs.site_id = 'gate' AND vr.checked_in_at IS NOT NULL`))[0]!.n;
    if (checkedInDb !== run.ok) problems.push(`${checkedInDb} visitors checked in in the database, ${run.ok} answered 200`);
    if (run.errors > 0) problems.push(`${run.errors} scans answered other than 200 checked_in (first: ${JSON.stringify(run.errorSamples[0])})`);

    // 100 guards scanning one code at the same moment.
    const burst = Array.from({ length: 100 }, () => new RawHttpConnection(service.url, o.apiKey));
    await Promise.all(burst.map((c) => c.connect()));
    const body = Buffer.from(JSON.stringify({ actorId: GUARD, code: same }));
    const replies = await Promise.all(burst.map((c) => c.post('/api/v1/sites/gate/check-ins', body).catch((e: Error) => ({ status: 0, body: e.message }))));
    for (const c of burst) c.close();
    const sameCode = {
      concurrency: 100,
      checkedIn: replies.filter((r) => r.status === 200).length,
      alreadyCheckedIn: replies.filter((r) => r.status === 409 && codeOf(r.body) === 'GATE.ALREADY_CHECKED_IN').length,
      other: 0,
      correct: false,
    };
    sameCode.other = 100 - sameCode.checkedIn - sameCode.alreadyCheckedIn;
    sameCode.correct = sameCode.checkedIn === 1 && sameCode.alreadyCheckedIn === 99;
    if (!sameCode.correct) problems.push(`100 scans of one code: ${sameCode.checkedIn} checked in, ${sameCode.alreadyCheckedIn} refused as already in, ${sameCode.other} other`);
    return {
      visitors: o.visitors,
      clients: o.clients,
      windowSeconds: run.windowMs / 1000,
      measured: run.measuredOk,
      checkInsPerSec: run.measuredOk / (run.windowMs / 1000),
      latencyMs: run.latencyMs,
      errors: run.errors,
      errorSamples: run.errorSamples.slice(0, 5),
      exhausted: run.exhausted,
      cpu,
      cpuMsPerCheckIn,
      checkedInDb,
      ok: run.ok,
      sameCode,
      correct: problems.length === 0,
      problems,
    };
  } finally {
    await service.stop();
  }
}
