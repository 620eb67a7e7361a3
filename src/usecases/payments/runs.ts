// Payment runs: finance proposes one from the due payables, holds or excludes items, and submits it for approval;
// approval (run-lifecycle.ts) fixes the payments' ids and queues the files for the bank.
import type { Db, Tx } from '../../../db/database.js';
import { flowFor } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getEmployee, getOrganisation } from '../../../db/repos/org.js';
import { activePayeesOf, getRun, insertRun, listDebtorAccounts, listRuns, openPayables, reservePayables, setRunPayables, updateRun, type PaymentRunRow } from '../../../db/repos/payments.js';
import { convert, rateFor, type FxRates } from '../../../domain/money/index.js';
import { batchesOf, canEditItems, proposeRun, setItemState, type PayeeAccountFacts, type RunBatch, type RunItem, type RunItemState } from '../../../domain/payment/index.js';
import { domainError, err, isCalendarDate, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { actorIdOf, requireRole, type Actor } from '../authorise.js';
import { orgDate } from '../org-time.js';
import { effectsOfApprovalAtSubmission, submitInTx, type SubmitConfig } from '../submit-request.js';
import { command, VersionConflict } from '../unit-of-work.js';
import { defaultPaymentRunFlow } from './payment-run-flow.js';

export interface RunDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  config?: SubmitConfig & { PAYMENT_RUN_DUAL_APPROVAL_MINOR?: number };
}

/** A run as finance sees it: items with their state and reason, the bank batches and the totals by currency. */
export interface RunView {
  id: string;
  status: string;
  preparerId: string;
  requestId: string | null;
  approvalId: string | null;
  items: RunItem[];
  batches: RunBatch[];
  totals: { currency: string; minor: number; count: number }[];
  held: number;
  version: number;
  createdAt: string;
}

export function runView(r: PaymentRunRow): RunView {
  const items = r.items as RunItem[];
  const batches = batchesOf(items);
  const totals = new Map<string, { currency: string; minor: number; count: number }>();
  for (const b of batches) {
    const t = totals.get(b.currency) ?? { currency: b.currency, minor: 0, count: 0 };
    t.minor += b.totalMinor;
    t.count += b.count;
    totals.set(b.currency, t);
  }
  return {
    id: r.id,
    status: r.status,
    preparerId: r.preparerId,
    requestId: r.requestId,
    approvalId: r.approvalId,
    items,
    batches,
    totals: [...totals.values()],
    held: items.filter((i) => i.state === 'held').length,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Proposes a run of the open payables due by `dueBy` (YYYY-MM-DD, default today in the organisation's time zone) and
 * reserves them (a payable is never in two runs); payables due later wait for a later run. Items come grouped by
 * currency and debtor account, in due-date order. Items that cannot be paid now (no account, account on hold, no
 * debtor account in the currency) are held with the reason.
 */
export function createRun(deps: RunDeps, orgId: string, actor: Actor, opts: { dueBy?: string } = {}): Promise<Result<RunView>> {
  return command<RunView>(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['finance'], 'preparing a payment run');
    if (!allowed.ok) return allowed;
    const now = deps.clock.now();
    if (opts.dueBy !== undefined && !isCalendarDate(opts.dueBy)) return err(domainError('VALIDATION.INVALID_DATE', `dueBy: ${opts.dueBy} is not a real date`, { field: 'dueBy' }));
    const dueBy = opts.dueBy ?? (await orgDate(tx, orgId, now));
    const due = await openPayables(tx, orgId, dueBy);
    if (due.length === 0) return err(domainError('PAYMENT.NOTHING_TO_PAY', `no open payable is due by ${dueBy}`, { dueBy }));
    const owners = due.map((p) => ({ type: p.payeeType, id: p.payeeId }));
    const accounts = new Map<string, PayeeAccountFacts>(
      (await activePayeesOf(tx, orgId, owners)).map((p) => [`${p.ownerType}:${p.ownerId}`, { payeeId: p.id, currency: p.currency, holdUntil: p.holdUntil }]),
    );
    const debtors = (await listDebtorAccounts(tx, orgId)).map((d) => ({ id: d.id, currency: d.currency }));
    const proposed = proposeRun(
      due.map((p) => ({ id: p.id, payeeType: p.payeeType as 'employee' | 'supplier', payeeId: p.payeeId, amount: { minor: p.amountMinor, currency: p.currency }, dueOn: p.dueOn, createdAt: p.createdAt, awaitingPayeeSince: p.awaitingPayeeSince })),
      accounts,
      debtors,
      now,
      dueBy,
    );
    const id = deps.ids.next('prun');
    const reserved = new Set(await reservePayables(tx, orgId, id, proposed.map((i) => i.payableId)));
    const items = proposed.filter((i) => reserved.has(i.payableId));
    if (items.length === 0) return err(domainError('PAYMENT.NOTHING_TO_PAY', 'every open payable was taken by another run'));
    const row: PaymentRunRow = { id, orgId, status: 'draft', preparerId: actorIdOf(actor), items, requestId: null, approvalId: null, version: 1, createdAt: now, updatedAt: now };
    await insertRun(tx, row);
    const view = runView(row);
    await appendAudit(tx, { orgId, actorId: actorIdOf(actor), action: 'payment_run.created', subjectType: 'payment_run', subjectId: id, after: { dueBy, items: items.length, held: view.held, totals: view.totals }, at: now });
    return ok(view);
  });
}

/** A run of the organisation (another organisation's id is NOT_FOUND); finance only. */
export async function getRunView(deps: { db: Db }, orgId: string, actor: Actor, runId: string): Promise<Result<RunView>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing payment runs');
  if (!allowed.ok) return allowed;
  const run = await getRun(deps.db, orgId, runId);
  return run ? ok(runView(run)) : err(domainError('NOT_FOUND', `no payment run ${runId}`));
}

export async function listRunViews(deps: { db: Db }, orgId: string, actor: Actor): Promise<Result<RunView[]>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing payment runs');
  if (!allowed.ok) return allowed;
  return ok((await listRuns(deps.db, orgId)).map(runView));
}

/** Holds, excludes or re-includes one item of a draft run. Excluding gives the payable back to the pool at once. */
export function setRunItem(deps: RunDeps, orgId: string, actor: Actor, runId: string, payableId: string, state: RunItemState, note?: string): Promise<Result<RunView>> {
  return command<RunView>(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['finance'], 'changing a payment run');
    if (!allowed.ok) return allowed;
    const run = await getRun(tx, orgId, runId, true);
    if (!run) return err(domainError('NOT_FOUND', `no payment run ${runId}`));
    const editable = canEditItems(run.status as never);
    if (!editable.ok) return editable;
    const before = (run.items as RunItem[]).find((i) => i.payableId === payableId);
    const next = setItemState(run.items as RunItem[], payableId, state, note);
    if (!next.ok) return next;
    const now = deps.clock.now();
    if (before?.state !== 'excluded' && state === 'excluded') await setRunPayables(tx, orgId, runId, [payableId], ['in_run'], 'open');
    if (before?.state === 'excluded' && state !== 'excluded' && (await reservePayables(tx, orgId, runId, [payableId])).length === 0)
      return err(domainError('CONFLICT.DUPLICATE', `payable ${payableId} was taken by another run or paid`));
    if (!(await updateRun(tx, orgId, runId, run.version, { items: next.value }, now))) throw new VersionConflict(`payment run ${runId}`);
    await appendAudit(tx, { orgId, actorId: actorIdOf(actor), action: `payment_run.item_${state}`, subjectType: 'payment_run', subjectId: runId, before: { payableId, state: before?.state }, after: { payableId, state, ...(note ? { note } : {}) }, at: now });
    return ok(runView({ ...run, items: next.value, version: run.version + 1, updatedAt: now }));
  });
}

/** The run's total in the organisation's currency, for the approval limit; a currency without a rate counts as above any limit. */
function totalIn(currency: string, totals: readonly { currency: string; minor: number }[], fx: FxRates | undefined): number {
  let sum = 0;
  for (const t of totals) {
    if (t.currency === currency) sum += t.minor;
    else {
      const rate = rateFor(fx, t.currency, currency);
      const c = rate ? convert({ minor: t.minor, currency: t.currency }, currency, rate) : undefined;
      if (!c?.ok) return Number.MAX_SAFE_INTEGER;
      sum += c.value.minor;
    }
  }
  return Math.min(sum, Number.MAX_SAFE_INTEGER);
}

/**
 * Submits a draft run for approval: the organisation's own `payment_run` flow when it has one, else the built-in one
 * (any one of finance; two above PAYMENT_RUN_DUAL_APPROVAL_MINOR). The preparer never approves (the engine's
 * self-approval rule) and neither does anyone paid in the run (excluded as a conflict of interest).
 */
export function submitRun(deps: RunDeps, orgId: string, actor: Actor, runId: string): Promise<Result<RunView>> {
  return command<RunView>(deps.db, async (tx) => {
    if (actor.kind !== 'employee') return err(domainError('AUTH.FORBIDDEN', 'a payment run is submitted by a person of finance, who then cannot approve it'));
    const allowed = await requireRole(tx, orgId, actor, ['finance'], 'submitting a payment run');
    if (!allowed.ok) return allowed;
    const run = await getRun(tx, orgId, runId, true);
    if (!run) return err(domainError('NOT_FOUND', `no payment run ${runId}`));
    const editable = canEditItems(run.status as never);
    if (!editable.ok) return editable;
    const view = runView(run);
    const included = view.items.filter((i) => i.state === 'included');
    if (included.length === 0) return err(domainError('PAYMENT.NOTHING_TO_PAY', 'the run includes no payable that can be paid now', { held: view.held }));
    const org = await getOrganisation(tx, orgId);
    if (!org) return err(domainError('NOT_FOUND', `organisation ${orgId} does not exist`));
    const configured = await flowFor(tx, orgId, 'payment_run');
    // A catch-all ('*') flow meant for expense requests does not decide payments: only a flow naming payment_run does.
    const flow = configured?.definition.subjectTypes.includes('payment_run')
      ? { id: configured.id, definition: configured.definition }
      : { id: 'builtin:payment_run', definition: defaultPaymentRunFlow({ minor: deps.config?.PAYMENT_RUN_DUAL_APPROVAL_MINOR ?? 50_000_000, currency: org.defaultCurrency }) };
    const payees = [...new Set(included.filter((i) => i.owner.type === 'employee').map((i) => i.owner.id))];
    const amount = { minor: totalIn(org.defaultCurrency, view.totals, deps.config?.FX_RATES), currency: org.defaultCurrency };
    const byCurrency = view.totals.map((t) => ({ currency: t.currency, minor: t.minor, count: t.count }));
    // The three largest payments, named, for the approver's card (suppliers by their id).
    const top = [...included].sort((a, b) => b.amount.minor - a.amount.minor).slice(0, 3);
    // One after the other: a transaction's client runs one statement at a time (pg deprecates queueing on it).
    const largest: { name: string; minor: number; currency: string }[] = [];
    for (const i of top) largest.push({ name: i.owner.type === 'employee' ? ((await getEmployee(tx, orgId, i.owner.id))?.name ?? i.owner.id) : i.owner.id, minor: i.amount.minor, currency: i.amount.currency });
    const submitted = await submitInTx(tx, deps, orgId, {
      type: 'payment_run',
      submitterId: actor.id,
      title: `Payment run · ${included.length} payments`,
      amount,
      details: { run: { id: runId, count: included.length, held: view.held, byCurrency, largest } },
      clientRef: `payment-run:${runId}`,
      flow,
      excludedApprovers: payees,
    });
    if (!submitted.ok) return submitted;
    const now = deps.clock.now();
    if (!(await updateRun(tx, orgId, runId, run.version, { status: 'pending_approval', requestId: submitted.value.request.id, approvalId: submitted.value.approvalId }, now)))
      throw new VersionConflict(`payment run ${runId}`);
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'payment_run.submitted', subjectType: 'payment_run', subjectId: runId, after: { requestId: submitted.value.request.id, totals: view.totals }, at: now });
    const effects = await effectsOfApprovalAtSubmission(tx as Tx, deps, orgId, submitted.value);
    if (!effects.ok) return effects;
    const after = await getRun(tx, orgId, runId);
    return ok(runView(after!));
  });
}
