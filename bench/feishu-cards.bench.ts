// Feishu card clicks end to end: keep-alive clients (16 in `npm run bench`) POST signed, encrypted `card.action.trigger` events to
// /feishu/events (verify → decrypt → decide → respond), each approving the next pending approval. The service's outbox
// then patches the approver's card and tells the submitter through the real Lark SDK, against a loopback fake of the
// Open API that answers at once or after a delay: a slow platform must not slow the callback answer.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { linkIdentities } from '../db/repos/org.js';
import { randomIds } from '../src/runtime.js';
import { refreshApprovalCards } from '../src/chat/approval-cards.js';
import { createSecretBox } from '../src/secrets.js';
import { FeishuOpenApiFake } from '../test/fakes/feishu-open-api.js';
import { runClosedLoop } from './lib/closed-loop.js';
import { startCpuMeter, type CpuBreakdown, type CpuMeter } from './lib/cpu.js';
import { APP_ID, APP_SECRET, APPROVER_OPEN_ID, buildClicks, carriesCard, isSuccess, messageIdOf, SUBMITTER_OPEN_ID, sweepCalls, type FeishuCallTally } from './lib/feishu-clicks.js';
import { dbCounters, diffCounters } from './lib/postgres.js';
import { RawHttpConnection } from './lib/raw-http.js';
import { startService, type Service, type ServiceOptions } from './lib/service.js';
import { APPROVER, countApproved, ORG, outboxPending, SUBMITTER } from './lib/setup.js';
import { summarise, type LatencySummary } from './lib/stats.js';
import { logFeishuVariant } from './feishu-cards.report.js';

/**
 * Untimed setup for a stock of pending approvals: links the approver's and the submitter's Feishu open ids, and
 * records the approver's copy of every approval card as sent to Feishu and shown there, drawn by the service's own
 * refresh (with buttons signed by `serviceKey`), so each approval updates that card (and sends the submitter a notice)
 * as it would in production.
 */
export async function prepareFeishuStock(database: Database, approvalIds: string[], serviceKey: string): Promise<void> {
  await linkIdentities(database.db, ORG, [
    { orgId: ORG, platform: 'feishu', kind: 'open_id', externalId: APPROVER_OPEN_ID, employeeId: APPROVER },
    { orgId: ORG, platform: 'feishu', kind: 'open_id', externalId: SUBMITTER_OPEN_ID, employeeId: SUBMITTER },
  ]);
  // The copies with their Feishu message ids; the refresh below draws their views.
  await database.db.execute(sql`
    INSERT INTO chat_cards (org_id, card_key, channel, recipient_id, address, message_id, locale, view, version, updated_at)
    SELECT ${ORG}, 'approval:' || g.id, 'feishu', ${APPROVER}, ${`open_id:${APPROVER_OPEN_ID}`}, 'om_' || g.id, 'zh', '{"kind":"placeholder"}'::jsonb, 1, now()
      FROM unnest(${sql.param(approvalIds)}::text[]) AS g(id)
    ON CONFLICT DO NOTHING`);
  const deps = { db: database.db, ids: randomIds, box: createSecretBox([Buffer.from(serviceKey, 'base64')]), clock: { now: () => new Date() }, channels: new Set(['feishu'] as const), console: false };
  for (let k = 0; k < approvalIds.length; k += 2000) {
    const batch = approvalIds.slice(k, k + 2000);
    await refreshApprovalCards(
      deps,
      batch.map((id) => ({ orgId: ORG, key: `bench-stock:${id}`, payload: { approvalId: id, events: ['approval.submitted'] } })),
    );
  }
  // Shown on Feishu: what the refresh queued to send is set aside.
  await database.db.execute(sql`UPDATE chat_cards SET delivered_version = version WHERE org_id = ${ORG} AND card_key LIKE 'approval:%'`);
  await discardBacklog(database);
}

export interface FeishuVariantOptions {
  label: string;
  /** How long the fake Open API waits before answering each call (0 = at once). */
  apiDelayMs: number;
  clients: number;
  warmupMs: number;
  measureMs: number;
  approvalIds: string[];
  database: Database;
  dbName: string;
  service: Omit<ServiceOptions, 'label'>;
  /** After the window, how long to wait for the outbox to drain (0: report the backlog and stop). */
  drainWaitMs: number;
  /** Instrumented service, as in the approvals variant: counters reset (SIGUSR2) when the window opens. */
  profile?: { queryLogFor(label: string): string; nodeFlags(label: string): string[] };
  log(msg: string): void;
}

export interface FeishuVariantResult {
  label: string;
  apiDelayMs: number;
  clients: number;
  windowSeconds: number;
  measured: number;
  approvalsPerSec: number;
  latencyMs: LatencySummary;
  attempted: number;
  /** Answered 200 with a success toast. */
  ok: number;
  errors: number;
  errorSamples: { status: number; body: string }[];
  exhausted: boolean;
  stock: number;
  /** Attempted approvals approved in the database, and of those, approved by exactly one decision. */
  approvedInDb: number;
  approvedOnce: number;
  /** Approvals that answered success but are not approved in the database. */
  successNotApproved: number;
  outboxBacklogAtEnd: number;
  /** From the end of the load to an empty outbox (null: not drained within the wait). */
  outboxDrainSeconds: number | null;
  /**
   * From each successful click being sent to the approver's card copy updated for the last time: by the click's answer
   * carrying it (`inAnswer` counts those) or by a patch (the fake Open API's clock), over the successful clicks whose
   * copy was updated; `unpatched` counts those never updated.
   */
  clickToPatchedMs: LatencySummary & { unpatched: number; inAnswer: number };
  /** Messages the fake Open API answered (create + patch) per second, from the first click to the drain's end. */
  deliveriesPerSec: number;
  /** Messages still pending when the service stopped, set aside (dead-lettered) so no later service delivers them. */
  outboxDiscarded: number;
  /** Calls the fake Open API answered, by route, and how many of them failed (HTTP ≥ 400). */
  feishuApi: FeishuCallTally;
  perApproval: { commits: number; tuplesInserted: number; tuplesUpdated: number };
  cpu: CpuBreakdown | null;
  service: { label: string; pid: number; logFile: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function countApprovedOnce(database: Database, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = (await database.db.execute(sql`
    SELECT count(*)::int AS n FROM approval_instances a
     WHERE a.org_id = ${ORG} AND a.status = 'approved' AND a.id = ANY(${sql.param(ids)}::text[])
       AND (SELECT count(*) FROM jsonb_array_elements(a.state->'steps') s, jsonb_array_elements(s->'decisions') d) = 1`)) as unknown as { rows: { n: number }[] };
  return r.rows[0]?.n ?? 0;
}

/** Dead-letters what the outbox still holds: a slow-API run leaves a backlog that the next service would work through. */
async function discardBacklog(database: Database): Promise<number> {
  const r = (await database.db.execute(
    sql`UPDATE outbox SET status = 'dead', last_error = 'discarded by the benchmark after its run' WHERE status = 'pending' RETURNING id`,
  )) as unknown as { rows: unknown[] };
  return r.rows.length;
}

export async function runFeishuVariant(o: FeishuVariantOptions): Promise<FeishuVariantResult> {
  const fake = new FeishuOpenApiFake({ appId: APP_ID, appSecret: APP_SECRET });
  let service: Service | undefined;
  let clients: RawHttpConnection[] = [];
  const tally: FeishuCallTally = { answered: {}, failed: 0 };
  // The last time each card copy (by message id) was patched, and how many messages the fake answered.
  const lastPatch = new Map<string, number>();
  let deliveries = 0;
  const onAnswered = (c: FeishuOpenApiFake['calls'][number]) => {
    if (c.route === 'im.message.patch' && c.status! < 400) lastPatch.set(c.params.message_id!, Math.max(lastPatch.get(c.params.message_id!) ?? 0, c.at));
    if ((c.route === 'im.message.patch' || c.route === 'im.message.create') && c.status! < 400) deliveries++;
  };
  const sweeper = setInterval(() => sweepCalls(fake, tally, onAnswered), 1000);
  try {
    // Start from an empty outbox: what an earlier run left behind would otherwise be delivered during this one.
    const leftover = await discardBacklog(o.database);
    if (leftover > 0) o.log(`  set aside ${leftover} outbox messages left by the previous run`);
    await fake.start();
    fake.setDelay(o.apiDelayMs);
    // The approver's card copies, as the service recorded them when it sent them.
    const created = String(Date.now());
    for (const id of o.approvalIds) {
      const messageId = messageIdOf(id);
      fake.messages.set(messageId, { messageId, receiveIdType: 'open_id', receiveId: APPROVER_OPEN_ID, chatId: 'oc_bench', msgType: 'interactive', content: '{}', history: ['{}'], createTime: created, updateTime: created });
    }
    const encryptKey = randomBytes(16).toString('hex');
    const verificationToken = randomBytes(16).toString('hex');
    service = await startService({
      ...o.service,
      label: o.label,
      nodeFlags: [...(o.service.nodeFlags ?? []), ...(o.profile?.nodeFlags(o.label) ?? [])],
      env: {
        ...o.service.env,
        FEISHU_APP_ID: APP_ID,
        FEISHU_APP_SECRET: APP_SECRET,
        FEISHU_ENCRYPT_KEY: encryptKey,
        FEISHU_VERIFICATION_TOKEN: verificationToken,
        FEISHU_DOMAIN: fake.url,
        FEISHU_ORG: ORG,
        // The loopback fake has no quota: keep no proactive limit (its 429s, had it any, would still be honoured).
        CHAT_RATE_LIMITS: 'off',
        ...(o.profile ? { BENCH_QUERY_LOG: o.profile.queryLogFor(o.label) } : {}),
      },
    });
    const builtAt = performance.now();
    const requests = buildClicks({ approvalIds: o.approvalIds, label: o.label, serviceKey: o.service.encryptionKey, encryptKey, verificationToken });
    o.log(`  built ${requests.length} signed, encrypted click events in ${((performance.now() - builtAt) / 1000).toFixed(1)} s`);
    clients = Array.from({ length: o.clients }, () => new RawHttpConnection(service!.url));
    await Promise.all(clients.map((c) => c.connect()));
    const before = await dbCounters(o.service.databaseUrl, o.dbName);

    let meter: CpuMeter | undefined;
    const pid = service.pid;
    const loadStart = performance.now();
    const load = await runClosedLoop({
      clients,
      requests,
      warmupMs: o.warmupMs,
      measureMs: o.measureMs,
      isOk: isSuccess,
      mark: carriesCard,
      onWindowStart: () => {
        meter = startCpuMeter();
        if (o.profile) process.kill(pid, 'SIGUSR2');
      },
    });
    const cpu = meter ? meter.stop([pid]) : null;

    const backlog = await outboxPending(o.database);
    let drained: number | null = backlog === 0 ? 0 : null;
    const drainStart = performance.now();
    for (let waited = 0; drained === null && waited < o.drainWaitMs; waited += 100) {
      await sleep(100);
      if ((await outboxPending(o.database)) === 0) drained = (performance.now() - drainStart) / 1000;
    }
    const drainEnd = performance.now();
    sweepCalls(fake, tally, onAnswered);
    const deliveriesPerSec = deliveries / Math.max(0.001, (drainEnd - loadStart) / 1000);
    for (const c of clients) c.close();
    // Deliveries still waiting on a slow fake would hold up the service's graceful stop.
    fake.setDelay(0);
    await service.stop();
    const info = { label: service.label, pid: service.pid, logFile: service.logFile };
    service = undefined;
    await sleep(300);
    const counters = diffCounters(before, await dbCounters(o.service.databaseUrl, o.dbName));
    const discarded = await discardBacklog(o.database);
    const attemptedIds = o.approvalIds.slice(0, load.attempted);
    const succeededIds = attemptedIds.filter((_, i) => load.succeeded[i] === 1);
    const [approvedInDb, approvedOnce, succeededApproved] = await Promise.all([
      countApproved(o.database, attemptedIds),
      countApprovedOnce(o.database, attemptedIds),
      countApproved(o.database, succeededIds),
    ]);
    sweepCalls(fake, tally, onAnswered);
    const toPatched = new Float64Array(load.attempted);
    let patched = 0;
    let unpatched = 0;
    let inAnswer = 0;
    for (let i = 0; i < load.attempted; i++) {
      if (load.succeeded[i] !== 1) continue;
      // Updated by the answer itself (Feishu replaces the clicked card with the one it carries), or by the last patch.
      const answered = load.marked[i] === 1 ? load.answeredAt[i]! : undefined;
      if (answered !== undefined) inAnswer++;
      const patchedAt = lastPatch.get(messageIdOf(o.approvalIds[i]!));
      const at = patchedAt === undefined ? answered : answered === undefined ? patchedAt : Math.max(answered, patchedAt);
      if (at === undefined) unpatched++;
      else toPatched[patched++] = at - load.sentAt[i]!;
    }
    const per = (x: number) => (load.ok > 0 ? Math.round((x / load.ok) * 100) / 100 : NaN);
    return {
      label: o.label,
      apiDelayMs: o.apiDelayMs,
      clients: o.clients,
      windowSeconds: load.windowMs / 1000,
      measured: load.measured,
      approvalsPerSec: load.measuredOk / (load.windowMs / 1000),
      latencyMs: load.latencyMs,
      attempted: load.attempted,
      ok: load.ok,
      errors: load.errors,
      errorSamples: load.errorSamples,
      exhausted: load.exhausted,
      stock: o.approvalIds.length,
      approvedInDb,
      approvedOnce,
      successNotApproved: succeededIds.length - succeededApproved,
      outboxBacklogAtEnd: backlog,
      outboxDrainSeconds: drained,
      clickToPatchedMs: { ...summarise(toPatched, patched), unpatched, inAnswer },
      deliveriesPerSec,
      outboxDiscarded: discarded,
      feishuApi: tally,
      perApproval: { commits: per(counters.xactCommit), tuplesInserted: per(counters.tupInserted), tuplesUpdated: per(counters.tupUpdated) },
      cpu,
      service: info,
    };
  } finally {
    clearInterval(sweeper);
    for (const c of clients) c.close();
    await service?.stop().catch(() => undefined);
    await fake.stop();
  }
}

/** Both variants of one run: the fake Open API answering at once, and answering slowly. */
export interface FeishuRun {
  fast?: FeishuVariantResult;
  slowApi?: FeishuVariantResult;
}

export interface FeishuCardsOptions extends Omit<FeishuVariantOptions, 'label' | 'apiDelayMs' | 'approvalIds' | 'drainWaitMs'> {
  /** One stock of pending approvals per variant (prepared with {@link prepareFeishuStock}). */
  stocks: [string[], string[]];
  slowApiMs: number;
  /** Wait (up to 60 s) for the at-once variant's outbox to drain; off when the service runs without workers. */
  drain: boolean;
}

/** Runs the at-once variant, then the slow-API one, logging each as it ends. */
export async function runFeishuCards(o: FeishuCardsOptions): Promise<FeishuRun> {
  const run: FeishuRun = {};
  for (const [k, delay] of [0, o.slowApiMs].entries()) {
    const label = delay === 0 ? 'feishu' : 'feishu-slow-api';
    o.log(
      `feishu card clicks: fake Open API answering ${delay === 0 ? 'at once' : `after ${delay} ms`}, ${o.clients} clients, ${o.warmupMs / 1000} s warm-up + ${o.measureMs / 1000} s${o.profile ? ' (PROFILED)' : ''}`,
    );
    const r = await runFeishuVariant({
      ...o,
      label,
      apiDelayMs: delay,
      approvalIds: o.stocks[k]!,
      // A slow API drains at 16 deliveries per delay: report its backlog rather than wait for it.
      drainWaitMs: delay === 0 && o.drain ? 60_000 : 0,
    });
    if (delay === 0) run.fast = r;
    else run.slowApi = r;
    logFeishuVariant(r, o.log);
  }
  return run;
}
