// Approval throughput: 16 keep-alive clients POST "approve" through the REST API, each taking the next pending approval.
// Timed by the shared closed loop (bench/lib/closed-loop.ts): a warm-up, then a fixed window.
import type { Database } from '../db/database.js';
import { startCpuMeter, type CpuBreakdown, type CpuMeter } from './lib/cpu.js';
import { RawHttpConnection } from './lib/raw-http.js';
import { dbCounters, diffCounters, type DbCounters } from './lib/postgres.js';
import { startService, type Service, type ServiceOptions } from './lib/service.js';
import type { LatencySummary } from './lib/stats.js';
import { runClosedLoop } from './lib/closed-loop.js';
import { APPROVER, countApproved, outboxPending } from './lib/setup.js';

export interface ApprovalVariantOptions {
  label: string;
  instances: number;
  clients: number;
  warmupMs: number;
  measureMs: number;
  approvalIds: string[];
  apiKey: string;
  database: Database;
  dbName: string;
  service: Omit<ServiceOptions, 'label'>;
  /** Called once the outbox has drained, before the services stop (e.g. to scrape their /metrics). */
  beforeStop?(services: readonly Service[]): Promise<void>;
  /** Instrumented service (query counter + CPU profile): resets the query counters when the timed phase starts. */
  profile?: { queryLogFor(label: string): string; nodeFlags(label: string): string[] };
  log(msg: string): void;
}

export interface ApprovalVariantResult {
  label: string;
  instances: number;
  clients: number;
  warmupSeconds: number;
  windowSeconds: number;
  /** Approvals answered 200 whose request started inside the timed window. */
  measured: number;
  approvalsPerSec: number;
  latencyMs: LatencySummary;
  /** All requests, warm-up included. */
  attempted: number;
  ok: number;
  errors: number;
  errorSamples: { status: number; body: string }[];
  /** The stock of pending approvals ran out before the window ended (throughput then covers a shorter window). */
  exhausted: boolean;
  stock: number;
  /** Rows really approved in the database for the attempted ids (must equal `ok`). */
  approvedInDb: number;
  outboxBacklogAtEnd: number;
  outboxDrainSeconds: number | null;
  /** Server-side deltas (pg_stat_database) over warm-up + window + drain, per approval answered 200. */
  perApproval: { commits: number; rollbacks: number; tuplesInserted: number; tuplesUpdated: number; tuplesFetched: number; walBytes: number };
  counters: DbCounters;
  /** Average cores used during the timed window, by consumer. */
  cpu: CpuBreakdown | null;
  services: { label: string; pid: number; logFile: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runApprovalVariant(o: ApprovalVariantOptions): Promise<ApprovalVariantResult> {
  const services: Service[] = [];
  try {
    for (let k = 0; k < o.instances; k++) {
      const label = o.instances === 1 ? o.label : `${o.label}-${k + 1}`;
      services.push(
        await startService({
          ...o.service,
          label,
          nodeFlags: [...(o.service.nodeFlags ?? []), ...(o.profile?.nodeFlags(label) ?? [])],
          env: { ...o.service.env, ...(o.profile ? { BENCH_QUERY_LOG: o.profile.queryLogFor(label) } : {}) },
        }),
      );
    }
    const info = services.map((s) => ({ label: s.label, pid: s.pid, logFile: s.logFile }));
    // One connection per client, spread over the instances.
    const clients = Array.from({ length: o.clients }, (_, k) => new RawHttpConnection(services[k % services.length]!.url, o.apiKey));
    await Promise.all(clients.map((c) => c.connect()));
    const before = await dbCounters(o.service.databaseUrl, o.dbName);

    const ids = o.approvalIds;
    const body = Buffer.from(JSON.stringify({ actorId: APPROVER, action: 'approve' }));
    let profileReset = false;
    let meter: CpuMeter | undefined;
    const run = await runClosedLoop({
      clients,
      requests: ids.map((id) => ({ path: `/api/v1/approvals/${id}/actions`, body })),
      warmupMs: o.warmupMs,
      measureMs: o.measureMs,
      isOk: (status) => status === 200,
      onWindowStart() {
        meter = startCpuMeter();
        if (!o.profile) return;
        for (const s of services) process.kill(s.pid, 'SIGUSR2');
        profileReset = true;
      },
    });
    const cpu = meter ? meter.stop(info.map((s) => s.pid)) : null;
    if (o.profile && !profileReset) o.log('  (warning: the run ended before the profile counters were reset)');
    const { measured, measuredOk, windowMs, attempted, ok, errors, errorSamples, exhausted } = run;

    // Did the dispatcher keep up? Then let it finish, so server-side counters include the events' delivery.
    const backlog = await outboxPending(o.database);
    const drainStart = performance.now();
    let drained: number | null = null;
    for (let waited = 0; waited < 60_000; waited += 100) {
      if ((await outboxPending(o.database)) === 0) {
        drained = (performance.now() - drainStart) / 1000;
        break;
      }
      await sleep(100);
    }
    await o.beforeStop?.(services);
    for (const c of clients) c.close();
    for (const s of services) await s.stop();
    services.length = 0;
    await sleep(300);
    const counters = diffCounters(before, await dbCounters(o.service.databaseUrl, o.dbName));
    const approvedInDb = await countApproved(o.database, ids.slice(0, attempted));
    const per = (x: number) => (ok > 0 ? Math.round((x / ok) * 100) / 100 : NaN);

    return {
      label: o.label,
      instances: o.instances,
      clients: o.clients,
      warmupSeconds: o.warmupMs / 1000,
      windowSeconds: windowMs / 1000,
      measured,
      approvalsPerSec: measuredOk / (windowMs / 1000),
      latencyMs: run.latencyMs,
      attempted,
      ok,
      errors,
      errorSamples,
      exhausted,
      stock: ids.length,
      approvedInDb,
      outboxBacklogAtEnd: backlog,
      outboxDrainSeconds: drained,
      perApproval: {
        commits: per(counters.xactCommit),
        rollbacks: per(counters.xactRollback),
        tuplesInserted: per(counters.tupInserted),
        tuplesUpdated: per(counters.tupUpdated),
        tuplesFetched: per(counters.tupFetched),
        walBytes: per(counters.walBytes),
      },
      counters,
      cpu,
      services: info,
    };
  } finally {
    for (const s of services) await s.stop().catch(() => undefined);
  }
}
