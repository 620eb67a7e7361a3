// Releasing payment runs to the bank, against the service (a child process) and the fake bank on loopback:
//  (a) a run's final approval (which releases it: payments and the file get their EndToEndIds and MsgId, bank.submit is
//      queued) clicked 100 times at once: exactly one submission may reach the bank;
//  (b) the service killed with SIGKILL while its submission is at the bank (the fake bank holds the answer of the
//      submit route), then restarted: the resumed submission reuses the same MsgId and bytes, the bank answers DU01,
//      and nothing is paid twice.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/database.js';
import { insertPayable } from '../db/repos/advances.js';
import { randomIds, systemClock } from '../src/runtime.js';
import { dueOnFor } from '../src/usecases/payments/payable-due.js';
import { startFakeBank, type FakeBank } from '../test/fakes/bank/fake-bank.js';
import { ApiClient } from './lib/http.js';
import { startService, type Service, type ServiceOptions } from './lib/service.js';
import { ORG } from './lib/setup.js';

const DEBTOR = '121909876510601';
const KEY = { id: 'bench-release', secret: 'bench-release-secret-0123456789' };
const PAYEES = [
  { id: 'e_zhangwei', name: '张伟', account: '6214831234567896' },
  { id: 'e_lina', name: '李娜', account: '6222020200112230' },
  { id: 'e_david', name: 'David Miller', account: '755912345610801' },
];
const SUBMIT_ROUTE = 'POST /v1/payment-files';

export interface ReleaseOptions {
  database: Database;
  apiKey: string;
  service: Omit<ServiceOptions, 'label'>;
  /** Concurrent final approvals of the same run in (a). */
  concurrency: number;
  /** Payables per run. */
  payments: number;
  /** OUTBOX_LEASE_MS of the service: after a kill, the claimed submission is taken up again after this. */
  leaseMs: number;
  log(msg: string): void;
}

export interface ConcurrentRelease {
  concurrency: number;
  payments: number;
  /** Answers to the 100 clicks: status → count. */
  answers: Record<string, number>;
  wallMs: number;
  /** Submissions of payment files that reached the fake bank, and its answers. */
  submissionsAtBank: number;
  bankAnswers: Record<string, number>;
  bankMessages: number;
  paymentsInDb: number;
  bookedAtBank: number;
  /** First click sent → the file at the bank. */
  atBankAfterMs: number | null;
  /** Last click answered → the bank's status report applied (payments accepted). */
  acceptedAfterMs: number | null;
  pass: boolean;
  problems: string[];
}

export interface KillRestart {
  payments: number;
  msgId: string;
  /** Approval answered → the submission at the bank (its answer held back). */
  submittedAfterMs: number;
  /** SIGKILL → the restarted service healthy. */
  restartMs: number;
  /** SIGKILL → the resumed submission at the bank (waits out the outbox lease). */
  resumedAfterMs: number | null;
  /** SIGKILL → every payment accepted by the bank's status report. */
  acceptedAfterMs: number | null;
  /** Submissions at the bank since the approval, by answer (201 accepted, 409 DU01); each must carry the MsgId. */
  bankAnswers: Record<string, number>;
  /** The MsgId (Idempotency-Key) of every submission that reached the bank, in order. */
  submittedMsgIds: string[];
  msgIdsOfRun: string[];
  endToEndIdsKept: boolean;
  bookedAtBank: number;
  paymentsInDb: number;
  pass: boolean;
  problems: string[];
}

export interface ReleaseResult {
  concurrent: ConcurrentRelease;
  killRestart: KillRestart;
  correct: boolean;
}

const count = (xs: readonly (string | number)[]) => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [String(x)]: (m[String(x)] ?? 0) + 1 }), {});

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Open payables due today for the bench's payees (as approved reimbursements leave them). */
async function openPayables(database: Database, n: number): Promise<void> {
  const now = systemClock.now();
  const dueOn = await dueOnFor(database.db, ORG, now, 0);
  for (let i = 0; i < n; i++) {
    const p = PAYEES[i % PAYEES.length]!;
    await insertPayable(database.db, { id: randomIds.next('pay'), orgId: ORG, sourceType: 'reimbursement', sourceId: randomIds.next('req'), payeeType: 'employee', payeeId: p.id, amountMinor: 10_000 + i, currency: 'CNY', status: 'open', dueOn, createdAt: now });
  }
}

/** Proposes and submits a run through the API; returns its id, approval and how many payments it includes. */
async function submittedRun(api: ApiClient): Promise<{ runId: string; approvalId: string; included: number }> {
  const run = await api.post<{ run: { id: string; items: { state: string }[] } }>('/api/v1/payment-runs', { actorId: 'e_sarah' });
  if (run.status !== 201) throw new Error(`proposing a run answered ${run.status}: ${JSON.stringify(run.body)}`);
  const included = run.body.run.items.filter((i) => i.state === 'included').length;
  const s = await api.post<{ run: { approvalId: string } }>(`/api/v1/payment-runs/${run.body.run.id}/submit`, { actorId: 'e_sarah' });
  if (s.status !== 200) throw new Error(`submitting the run answered ${s.status}: ${JSON.stringify(s.body)}`);
  return { runId: run.body.run.id, approvalId: s.body.run.approvalId, included };
}

async function runState(database: Database, runId: string) {
  const files = rowsOf<{ msg_id: string; status: string }>(await database.db.execute(sql`SELECT msg_id, status FROM bank_messages WHERE org_id = ${ORG} AND run_id = ${runId} ORDER BY msg_id`));
  const payments = rowsOf<{ end_to_end_id: string; status: string }>(await database.db.execute(sql`SELECT end_to_end_id, status FROM payments WHERE org_id = ${ORG} AND run_id = ${runId} ORDER BY end_to_end_id`));
  return { files, payments };
}
const allAccepted = (s: Awaited<ReturnType<typeof runState>>) => s.payments.length > 0 && s.payments.every((p) => p.status === 'accepted');

export async function runReleaseBench(o: ReleaseOptions): Promise<ReleaseResult> {
  const fake: FakeBank = await startFakeBank({ keys: { [KEY.id]: KEY.secret }, accounts: { [DEBTOR]: { currency: 'CNY', openingMinor: 100_000_000_000, name: '星河科技有限公司' } } });
  const env = {
    ...o.service.env,
    BANK_CONNECTOR: 'http',
    BANK_API_URL: fake.url,
    BANK_KEY_ID: KEY.id,
    BANK_SECRET: KEY.secret,
    // Longer than the held answer: the call is still in flight when the service is killed.
    BANK_TIMEOUT_MS: '60000',
    OUTBOX_LEASE_MS: String(o.leaseMs),
    OUTBOX_POLL_MS: '100',
    PAYEE_CHANGE_HOLD_HOURS: '0',
  };
  const options: ServiceOptions = { ...o.service, label: 'release', env };
  let service: Service | undefined = await startService(options);
  const api = () => new ApiClient(service!.url, o.apiKey, o.concurrency);
  try {
    const setup = api();
    const debtor = await setup.post('/api/v1/debtor-accounts', { actorId: 'e_zhaomin', name: '基本户 bench', account: { holderName: '星河科技有限公司', bankName: '招商银行上海分行', accountNumber: DEBTOR, cnaps: '308290003020' } });
    if (debtor.status !== 201) throw new Error(`adding the company account answered ${debtor.status}: ${JSON.stringify(debtor.body)}`);
    for (const p of PAYEES) {
      const r = await setup.send('PUT', `/api/v1/payees/employee/${p.id}`, { actorId: 'e_sarah', account: { holderName: p.name, bankName: '招商银行', accountNumber: p.account, cnaps: '308290003020' } });
      if (r.status !== 200) throw new Error(`setting ${p.id}'s account answered ${r.status}: ${r.text}`);
    }
    setup.close();

    // ---- (a) 100 concurrent releases of one run ----------------------------------------------------------------
    await openPayables(o.database, o.payments);
    const a = await submittedRun(api());
    o.log(`release (a): run ${a.runId} of ${a.included} payments; ${o.concurrency} concurrent final approvals`);
    const callsBefore = fake.calls.length;
    const clicks = api();
    const wall0 = Date.now();
    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: o.concurrency }, () => clicks.post<{ status?: string; error?: { code: string } }>(`/api/v1/approvals/${a.approvalId}/actions`, { actorId: 'e_zhaomin', action: 'approve' })));
    const t1 = performance.now();
    clicks.close();
    const accepted = await until('run (a) accepted by the bank', 60_000, async () => (allAccepted(await runState(o.database, a.runId)) ? performance.now() : undefined)).catch(() => null);
    await sleep(1_500); // room for a stray second submission to show itself
    const aState = await runState(o.database, a.runId);
    const aPosts = fake.calls.slice(callsBefore).filter((c) => `${c.method} ${c.path}` === SUBMIT_ROUTE);
    const aMsg = aState.files[0]?.msg_id;
    const concurrent: ConcurrentRelease = {
      concurrency: o.concurrency,
      payments: a.included,
      answers: count(answers.map((r) => (r.status === 200 ? `200 ${r.body.status}` : `${r.status} ${r.body.error?.code ?? ''}`.trim()))),
      wallMs: t1 - t0,
      submissionsAtBank: aPosts.length,
      bankAnswers: count(aPosts.map((c) => c.status)),
      bankMessages: aState.files.length,
      paymentsInDb: aState.payments.length,
      bookedAtBank: aMsg ? fake.bank.bookedPayments().filter((b) => b.msgId === aMsg).length : 0,
      atBankAfterMs: aPosts[0] ? aPosts[0].atMs - wall0 : null,
      acceptedAfterMs: accepted === null ? null : accepted - t1,
      pass: false,
      problems: [],
    };
    if (concurrent.submissionsAtBank !== 1) concurrent.problems.push(`${concurrent.submissionsAtBank} submissions reached the bank (expected exactly 1)`);
    if (aPosts[0]?.status !== 201) concurrent.problems.push(`the bank answered ${aPosts[0]?.status ?? 'nothing'} to the submission (expected 201)`);
    if (concurrent.bankMessages !== 1) concurrent.problems.push(`${concurrent.bankMessages} payment files for the run (expected 1)`);
    if (concurrent.paymentsInDb !== a.included || concurrent.bookedAtBank !== a.included) concurrent.problems.push(`${concurrent.paymentsInDb} payments in the database, ${concurrent.bookedAtBank} booked at the bank, for ${a.included} included`);
    if ((concurrent.answers['200 approved'] ?? 0) < 1) concurrent.problems.push('no click approved the run');
    if (answers.some((r) => r.status >= 500)) concurrent.problems.push('a click answered 5xx');
    if (accepted === null) concurrent.problems.push('the run was not accepted by the bank within 60 s');
    concurrent.pass = concurrent.problems.length === 0;
    o.log(`  clicks: ${JSON.stringify(concurrent.answers)} in ${concurrent.wallMs.toFixed(0)} ms; submissions at the bank ${concurrent.submissionsAtBank} (${JSON.stringify(concurrent.bankAnswers)}, the first ${concurrent.atBankAfterMs ?? '—'} ms after the first click); accepted ${concurrent.acceptedAfterMs?.toFixed(0) ?? '—'} ms after the last click  ${concurrent.pass ? 'PASS' : 'FAIL'}`);

    // ---- (b) kill -9 mid-submission, restart ----------------------------------------------------------------------
    await openPayables(o.database, o.payments);
    const b = await submittedRun(api());
    o.log(`release (b): run ${b.runId} of ${b.included} payments; the bank holds the submit route's answer; SIGKILL once the file is at the bank`);
    fake.delayRoute(SUBMIT_ROUTE, 30_000);
    const callsB = fake.calls.length;
    const approver = api();
    const approved = await approver.post<{ status?: string }>(`/api/v1/approvals/${b.approvalId}/actions`, { actorId: 'e_zhaomin', action: 'approve' });
    approver.close();
    const tApproved = performance.now();
    if (approved.status !== 200) throw new Error(`approving run (b) answered ${approved.status}`);
    await until('the submission at the bank', 30_000, async () => (fake.calls.slice(callsB).some((c) => `${c.method} ${c.path}` === SUBMIT_ROUTE) ? true : undefined), 5);
    const tAtBank = performance.now();
    await service.kill();
    service = undefined;
    const tKilled = performance.now();
    const before = await runState(o.database, b.runId);
    const msgId = before.files[0]!.msg_id;
    o.log(`  ${msgId} at the bank ${(tAtBank - tApproved).toFixed(0)} ms after the approval; killed (file ${before.files[0]!.status}, payments ${JSON.stringify(count(before.payments.map((p) => p.status)))})`);
    fake.delayRoute(SUBMIT_ROUTE, 0);
    service = await startService({ ...options, appendLog: true });
    const tUp = performance.now();
    const resumed = await until('the resumed submission', 60_000, async () => (fake.calls.slice(callsB).filter((c) => `${c.method} ${c.path}` === SUBMIT_ROUTE).length >= 2 ? performance.now() : undefined)).catch(() => null);
    const done = await until('run (b) accepted by the bank', 60_000, async () => (allAccepted(await runState(o.database, b.runId)) ? performance.now() : undefined)).catch(() => null);
    await sleep(1_500);
    const after = await runState(o.database, b.runId);
    const bPosts = fake.calls.slice(callsB).filter((c) => `${c.method} ${c.path}` === SUBMIT_ROUTE);
    const killRestart: KillRestart = {
      payments: b.included,
      msgId,
      submittedAfterMs: tAtBank - tApproved,
      restartMs: tUp - tKilled,
      resumedAfterMs: resumed === null ? null : resumed - tKilled,
      acceptedAfterMs: done === null ? null : done - tKilled,
      bankAnswers: count(bPosts.map((c) => c.status)),
      submittedMsgIds: bPosts.map((c) => c.idempotencyKey ?? ''),
      msgIdsOfRun: after.files.map((f) => f.msg_id),
      endToEndIdsKept: JSON.stringify(after.payments.map((p) => p.end_to_end_id)) === JSON.stringify(before.payments.map((p) => p.end_to_end_id)),
      bookedAtBank: fake.bank.bookedPayments().filter((x) => x.msgId === msgId).length,
      paymentsInDb: after.payments.length,
      pass: false,
      problems: [],
    };
    const k = killRestart;
    if ((k.bankAnswers['201'] ?? 0) !== 1) k.problems.push(`the bank accepted ${k.bankAnswers['201'] ?? 0} submissions (expected exactly 1)`);
    if ((k.bankAnswers['409'] ?? 0) < 1) k.problems.push('no resumed submission reached the bank (expected DU01 answers)');
    if (Object.keys(k.bankAnswers).some((s) => s !== '201' && s !== '409')) k.problems.push(`unexpected bank answers ${JSON.stringify(k.bankAnswers)}`);
    if (bPosts.some((c) => c.idempotencyKey !== msgId)) k.problems.push(`a submission carried another MsgId than ${msgId}: ${JSON.stringify(bPosts.map((c) => c.idempotencyKey))}`);
    if (k.msgIdsOfRun.length !== 1 || k.msgIdsOfRun[0] !== msgId) k.problems.push(`the run's files are ${JSON.stringify(k.msgIdsOfRun)} (expected only ${msgId})`);
    if (!k.endToEndIdsKept || k.paymentsInDb !== b.included) k.problems.push(`payments changed across the restart (${k.paymentsInDb} for ${b.included} included; EndToEndIds kept: ${k.endToEndIdsKept})`);
    if (k.bookedAtBank !== b.included) k.problems.push(`${k.bookedAtBank} payments booked at the bank for ${b.included}: something was paid twice or not at all`);
    if (done === null) k.problems.push('the run was not accepted by the bank within 60 s of the restart');
    k.pass = k.problems.length === 0;
    o.log(
      `  restart ${k.restartMs.toFixed(0)} ms; resumed submission ${k.resumedAfterMs?.toFixed(0) ?? '—'} ms after the kill (lease ${o.leaseMs} ms); bank answers ${JSON.stringify(k.bankAnswers)}; accepted ${k.acceptedAfterMs?.toFixed(0) ?? '—'} ms after the kill; booked ${k.bookedAtBank}/${b.included}  ${k.pass ? 'PASS' : 'FAIL'}`,
    );
    return { concurrent, killRestart: k, correct: concurrent.pass && k.pass };
  } finally {
    await service?.stop();
    await fake.stop();
  }
}

/** Summary rows, one PASS/FAIL line per scenario. */
export function releaseRows(r: ReleaseResult): [string, string][] {
  const c = r.concurrent;
  const k = r.killRestart;
  const ms = (x: number | null) => (x === null ? '—' : `${x.toFixed(0)} ms`);
  return [
    [`release: ${c.concurrency} concurrent approvals of one run → submissions at the bank (= 1)`, `${c.submissionsAtBank} (${JSON.stringify(c.bankAnswers)}), ${c.paymentsInDb} payments / ${c.bookedAtBank} booked  ${c.pass ? 'PASS' : 'FAIL'}`],
    ['  clicks answered / wall / file at the bank after / accepted after the last click', `${JSON.stringify(c.answers)} / ${ms(c.wallMs)} / ${ms(c.atBankAfterMs)} / ${ms(c.acceptedAfterMs)}`],
    ['release: kill -9 mid-submission, restart → same MsgId, 1 accepted + DU01', `${JSON.stringify(k.bankAnswers)}, ${new Set(k.submittedMsgIds).size} MsgId, files ${k.msgIdsOfRun.length}, booked ${k.bookedAtBank}/${k.payments}  ${k.pass ? 'PASS' : 'FAIL'}`],
    ['  restart / resumed after kill / accepted after kill', `${ms(k.restartMs)} / ${ms(k.resumedAfterMs)} / ${ms(k.acceptedAfterMs)}`],
  ];
}
