// Submitting a request: policy check, budget impact, flow selection, approver resolution — one transaction.
import { checkClientRef } from './idempotency.js';
import type { Db, Executor, Tx } from '../../db/database.js';
import { findRequestByClientRef, flowFor, getInstance, lockClientRef, insertInstance, insertRequest, nextRequestNumber, type RequestRow } from '../../db/repos/approvals.js';
import { insertApprovedExpenseLine } from '../../db/repos/approval-outcome.js';
import { appendAudit } from '../../db/repos/audit.js';
import { findBudget } from '../../db/repos/budgets.js';
import { activeDelegations, getOrganisation, loadOrg } from '../../db/repos/org.js';
import { listPolicyRules } from '../../db/repos/policy.js';
import { currentAssignees, formatRequestNumber, type FlowDefinition, nextDueAt, requestPrefix, startInstance, SYSTEM_ACTOR } from '../../domain/approval/index.js';
import { budgetImpactIn, periodsContaining, type BudgetImpact } from '../../domain/budget/index.js';
import { aboveCeiling, ceilingMinor, currencyExponent, rateFor, type AmountCeilings, type FxRates } from '../../domain/money/index.js';
import { createDirectory, type Employee } from '../../domain/org/index.js';
import { evaluatePolicy, expenseRules, type PolicyRule, type Violation } from '../../domain/policy/index.js';
import { tripPolicy } from './trip-policy.js';
import { domainError, err, isCalendarDate, ok, type Clock, type IdGenerator, type Result } from '../../domain/shared/index.js';
import { expenseLineOf } from './approval-state.js';
import { localDate } from './org-time.js';
import { publish } from './publish.js';
import { command } from './unit-of-work.js';
import { lifecycleDepsOf, onDecided } from './lifecycle/on-decided.js';
import { countBudgetRefusal, type WithMetrics } from '../observability/scope.js';
import { inSpan } from '../observability/tracing.js';

export interface SubmitInput {
  type: string;
  submitterId: string;
  departmentId?: string;
  title: string;
  amount?: { minor: number; currency: string };
  category?: string;
  /** Free-form facts (dates, destination, invoice…); `date` and `hasInvoice` feed the expense policy. */
  details?: Record<string, unknown>;
  /** A justification the approver sees when the request breaks a warning rule. */
  justification?: string;
  /** The caller's id for this request: submitting it again returns the first request. */
  clientRef?: string;
  /** Findings the caller already checked (a reimbursement's lines), shown with the request's own. */
  violations?: Violation[];
  /** The flow to use instead of the organisation's (a payment run's built-in one, id `builtin:…`). */
  flow?: { id: string; definition: FlowDefinition };
  /** People who may not approve this request whatever the flow says (a payment run's payees). */
  excludedApprovers?: readonly string[];
}

export interface SubmitResult {
  request: RequestRow;
  approvalId: string;
  violations: Violation[];
  budget?: BudgetImpact & { budgetId: string; currency: string };
  replayed: boolean;
}

/** What submitting would find: the submitter, the policy outcome and the budget impact. */
export interface RequestCheck {
  now: Date;
  today: string;
  directory: ReturnType<typeof createDirectory>;
  submitter: Employee;
  departmentId: string;
  violations: Violation[];
  budget?: SubmitResult['budget'];
  /** The amount the request carries: as given, or a trip's estimate from the travel policy. */
  amount?: { minor: number; currency: string };
  category?: string;
  /** A trip's estimate, part by part (transport, hotel, per diem). */
  estimate?: unknown;
}

/** The rules whose kind `registry` knows; the others belong to another registry. */
const rulesOf = (rules: readonly PolicyRule[], registry: Readonly<Record<string, unknown>>): PolicyRule[] => rules.filter((r) => Object.hasOwn(registry, r.kind));

/**
 * The checks a submission runs before anything is written: employee, department, amount, policy (a blocking
 * violation is an error), budget impact. Read-only, so a chat draft card can show the same verdict before submitting.
 */
/** The date fields a request's details may carry: each must be a real calendar date when present. */
const DATE_FIELDS: readonly (readonly string[])[] = [['date'], ['trip', 'departDate'], ['trip', 'returnDate'], ['visit', 'date']];

function invalidDateField(details: Record<string, unknown>): { field: string; value: unknown } | undefined {
  for (const path of DATE_FIELDS) {
    let v: unknown = details;
    for (const k of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    if (v !== undefined && v !== null && !isCalendarDate(v)) return { field: `details.${path.join('.')}`, value: v };
  }
  return undefined;
}

/** Limits a deployment sets (MAX_AMOUNT_MINOR) and its reference rates (FX_RATES); the domain defaults apply without them. */
export interface SubmitLimits {
  ceilings?: AmountCeilings;
  fx?: FxRates;
}

/** What a deployment's configuration sets for submissions. */
export interface SubmitConfig {
  MAX_AMOUNT_MINOR?: AmountCeilings | undefined;
  FX_RATES?: FxRates | undefined;
  /** Whether a travel supplier is configured: a trip approved at submission is then queued for booking. */
  TRAVEL_SUPPLIER_URL?: string | undefined;
}

/** The limits `config` sets. */
export const limitsOf = (config: SubmitConfig | undefined): SubmitLimits => ({
  ...(config?.MAX_AMOUNT_MINOR ? { ceilings: config.MAX_AMOUNT_MINOR } : {}),
  ...(config?.FX_RATES ? { fx: config.FX_RATES } : {}),
});

/** The day whose budget period a request draws on, when its details name one. */
function budgetDayOf(type: string, d: Record<string, unknown>): string | undefined {
  const day = type === 'trip' ? (d.trip as { departDate?: unknown } | undefined)?.departDate : type === 'visit' ? (d.visit as { date?: unknown } | undefined)?.date : undefined;
  return typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined;
}

export async function checkRequest(tx: Executor, clock: Clock, orgId: string, input: SubmitInput, limits: SubmitLimits = {}): Promise<Result<RequestCheck>> {
  const now = clock.now();
  const org = await getOrganisation(tx, orgId);
  if (!org) return err(domainError('NOT_FOUND', `organisation ${orgId} does not exist`));
  const { departments, employees } = await loadOrg(tx, orgId);
  const directory = createDirectory(departments, employees);
  const submitter = directory.employee(input.submitterId);
  if (!submitter?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `no active employee ${input.submitterId}`));
  const departmentId = input.departmentId ?? submitter.departmentId;
  if (!directory.department(departmentId)) return err(domainError('ORG.UNKNOWN_DEPARTMENT', `no department ${departmentId}`));
  if (input.amount) {
    if (currencyExponent(input.amount.currency) === undefined) return err(domainError('MONEY.UNSUPPORTED_CURRENCY', `unsupported currency ${input.amount.currency}`));
    if (input.amount.minor <= 0) return err(domainError('MONEY.INVALID_AMOUNT', 'the amount must be greater than zero'));
    if (aboveCeiling(input.amount, limits.ceilings))
      return err(domainError('MONEY.TOO_LARGE', `amount: ${input.amount.minor} is above the largest amount accepted in ${input.amount.currency} (${ceilingMinor(input.amount.currency, limits.ceilings)} minor units)`, { field: 'amount' }));
  }
  const badDate = invalidDateField(input.details ?? {});
  if (badDate) return err(domainError('VALIDATION.INVALID_DATE', `${badDate.field}: ${JSON.stringify(badDate.value)} is not a calendar date (YYYY-MM-DD)`, { field: badDate.field }));
  const today = localDate(now, org.timeZone);

  // Policy: each registry checks only the rules of its own kinds (travel rules mean nothing to an expense line).
  let violations: Violation[] = [];
  let amount = input.amount;
  let estimate: unknown;
  const rules = await listPolicyRules(tx, orgId);
  const d = input.details ?? {};
  if (input.type === 'expense' && input.amount && input.category) {
    const outcome = evaluatePolicy(expenseRules, rulesOf(rules, expenseRules), {
      category: input.category,
      amount: input.amount,
      date: typeof d.date === 'string' ? d.date : today,
      today,
      hasInvoice: d.hasInvoice === true,
      ...(typeof d.attendees === 'number' ? { attendees: d.attendees } : {}),
      employeeGrade: submitter.grade,
    });
    violations = outcome.violations;
  }
  if (input.type === 'trip') {
    const checked = tripPolicy(rules, submitter.grade, today, d.trip, input.amount);
    if (!checked.ok) return checked;
    violations = checked.value.violations;
    amount = checked.value.amount;
    estimate = checked.value.estimate;
  }
  violations = [...(input.violations ?? []), ...violations];
  const blocking = violations.filter((v) => v.severity === 'block');
  if (blocking.length) return err(domainError('POLICY.BLOCKED', blocking.map((v) => v.message.en).join('; '), { violations }));
  const category = input.category ?? (input.type === 'trip' ? 'travel' : undefined);

  // Budget impact: the department's budget for the category in the period containing today.
  let budget: SubmitResult['budget'];
  if (amount && category) {
    // A trip's budget is the one of the month it starts in, a visit's the one of its day (that is where approval
    // freezes them); anything else the one of today.
    const day = budgetDayOf(input.type, d) ?? today;
    const b = await findBudget(tx, orgId, departmentId, category, periodsContaining(day));
    // In the budget's currency: converted at the configured rate, or marked not comparable when there is none.
    if (b) budget = { ...budgetImpactIn(b, amount, rateFor(limits.fx, amount.currency, b.currency)), budgetId: b.id, currency: b.currency };
  }
  return ok({
    now,
    today,
    directory,
    submitter,
    departmentId,
    violations,
    ...(budget ? { budget } : {}),
    ...(amount ? { amount } : {}),
    ...(category ? { category } : {}),
    ...(estimate ? { estimate } : {}),
  });
}

/** Validates, checks policy and budget, starts the approval and records everything in one transaction. */
export function submitRequest(deps: { db: Db; clock: Clock; ids: IdGenerator; config?: SubmitConfig } & WithMetrics, orgId: string, input: SubmitInput): Promise<Result<SubmitResult>> {
  return inSpan('usecase submit-request', { 'spendbot.request.type': input.type }, async () => {
    const r = await command<SubmitResult>(deps.db, (tx) => submitInTx(tx, deps, orgId, input));
    if (!r.ok) countBudgetRefusal(deps.metrics, r.error.code, 'submit');
    return r;
  });
}

/** Types whose approval at submission runs its lifecycle effects inside submitInTx (they need nothing the caller writes later). */
const EFFECTS_AT_SUBMISSION = new Set(['trip']);

/**
 * For a caller of submitInTx that writes its own rows after it (an advance's record, a claim's lines): when the request
 * was approved at submission, runs the approval's lifecycle effects now, in the caller's transaction (an advance
 * becomes outstanding and payable; a claim settles). Nothing for a pending or replayed submission.
 */
export async function effectsOfApprovalAtSubmission(tx: Tx, deps: { clock: Clock; ids: IdGenerator; config?: SubmitConfig }, orgId: string, submitted: SubmitResult): Promise<Result<void>> {
  if (submitted.replayed || submitted.request.status !== 'approved') return ok(undefined);
  const stored = await getInstance(tx, orgId, submitted.approvalId);
  if (!stored) return ok(undefined);
  return onDecided(tx, lifecycleDepsOf(deps), stored.instance, SYSTEM_ACTOR, deps.clock.now());
}

/** The body of submitRequest, for use cases that submit inside their own transaction (a reimbursement claims its lines first). */
export async function submitInTx(tx: Tx, deps: { clock: Clock; ids: IdGenerator; config?: SubmitConfig }, orgId: string, input: SubmitInput): Promise<Result<SubmitResult>> {
  {
    if (input.clientRef) {
      await lockClientRef(tx, orgId, input.clientRef);
      const { violations: _given, ...asked } = input;
      const same = await checkClientRef(tx, orgId, 'client-ref', input.clientRef, asked);
      if (!same.ok) return same;
      const prior = await findRequestByClientRef(tx, orgId, input.clientRef);
      if (prior) return ok({ request: prior, approvalId: prior.approvalId ?? '', violations: (prior.details as { policy?: Violation[] }).policy ?? [], replayed: true });
    }
    const checked = await checkRequest(tx, deps.clock, orgId, input, limitsOf(deps.config));
    if (!checked.ok) return checked;
    const { now, directory, submitter, departmentId, violations, budget, amount, category, estimate } = checked.value;

    const flow = input.flow ?? (await flowFor(tx, orgId, input.type));
    if (!flow) return err(domainError('APPROVAL.NO_FLOW', `no approval flow is configured for ${input.type} requests`));
    const requestId = deps.ids.next('req');
    const approvalId = deps.ids.next('apr');
    const started = startInstance({
      id: approvalId,
      orgId,
      flow: flow.definition,
      subject: {
        type: input.type,
        id: requestId,
        title: input.title,
        departmentId,
        ...(amount ? { amount } : {}),
        ...(category ? { category } : {}),
        ...(budget ? { overBudget: budget.overBudget } : {}),
      },
      submitterId: submitter.id,
      directory,
      delegations: await activeDelegations(tx, orgId, now),
      now,
      ...(input.excludedApprovers ? { excluded: input.excludedApprovers } : {}),
    });
    if (!started.ok) return started;
    const instance = started.value.instance;
    const details = {
      ...(input.details ?? {}),
      policy: violations,
      ...(budget ? { budget } : {}),
      ...(estimate ? { estimate } : {}),
      ...(input.justification ? { justification: input.justification } : {}),
    };
    // Numbered last, just before the insert: the counter row is locked until commit, so hold it as briefly as possible.
    const prefix = requestPrefix(input.type);
    const number = formatRequestNumber(prefix, await nextRequestNumber(tx, orgId, prefix));
    const request: RequestRow = {
      id: requestId,
      orgId,
      number,
      type: input.type,
      submitterId: submitter.id,
      departmentId,
      title: input.title,
      amountMinor: amount?.minor ?? null,
      currency: amount?.currency ?? null,
      category: category ?? null,
      details,
      status: instance.status,
      approvalId,
      phase: null,
      clientRef: input.clientRef ?? null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertRequest(tx, request);
    const due = nextDueAt(instance);
    await insertInstance(tx, { instance, flowId: flow.id, requestId, assignees: currentAssignees(instance), nextDueAt: due ? new Date(due) : null, now });
    // Approved at submission (no step applied): the effects of an approval happen now, in this transaction. A single
    // expense becomes its expense line; a trip freezes its estimate and goes to booking. An advance's row and a
    // claim's lines are written by the caller after this returns, so those callers run `effectsOfApprovalAtSubmission`.
    if (instance.status === 'approved' && input.type === 'expense') await insertApprovedExpenseLine(tx, orgId, expenseLineOf(deps.ids, requestId), SYSTEM_ACTOR, now);
    if (instance.status === 'approved' && EFFECTS_AT_SUBMISSION.has(input.type)) {
      const effects = await onDecided(tx, lifecycleDepsOf(deps), instance, SYSTEM_ACTOR, now);
      if (!effects.ok) return effects;
    }
    await publish(tx, deps.ids, [
      { type: 'request.submitted', orgId, subject: { type: 'request', id: requestId }, at: now, payload: { type: input.type, number, title: input.title, submitterId: submitter.id, amount: amount ?? null, approvalId } },
      ...started.value.events,
    ], `${approvalId}@1`);
    await appendAudit(tx, { orgId, actorId: submitter.id, action: 'request.submit', subjectType: 'request', subjectId: requestId, after: { status: instance.status, number, approvalId, amount: amount ?? null, violations: violations.length }, at: now });
    return ok({ request, approvalId, violations, ...(budget ? { budget } : {}), replayed: false });
  }
}
