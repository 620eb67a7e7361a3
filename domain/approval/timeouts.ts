// Step timeouts: which reminders/escalations are due, applying them, and the next due time for the scheduler index.
import { domainError, err, ok, type Result } from '../shared/index.js';
import { SYSTEM_ACTOR, type ApprovalOutcome, type OrgContext, type TimeoutAction } from './approval.types.js';
import { approvalEvent } from './events.js';
import { compact, currentAssignees, currentStepState, notPending, replaceStep } from './instance-state.js';
import type { ApprovalInstance, HistoryEntry, StepState } from './instance.schema.js';
import { resolveStepAssignees } from './resolve-approvers.js';

const HOUR_MS = 3_600_000;

/** Epoch ms when the active step's reminder and escalation fall due (undefined when not configured or done). */
function dueTimes(instance: ApprovalInstance): { step: StepState; remindAt?: number; escalateAt?: number } | undefined {
  const step = currentStepState(instance);
  if (instance.status !== 'pending' || !step || step.status !== 'active' || !step.activatedAt) return undefined;
  const start = Date.parse(step.activatedAt);
  const remindAt = step.timeoutHours !== undefined && !step.remindedAt ? start + step.timeoutHours * HOUR_MS : undefined;
  const escalateAt = step.escalation && !step.escalatedAt ? start + step.escalation.afterHours * HOUR_MS : undefined;
  return { step, remindAt, escalateAt };
}

/** Reminders (now ≥ activatedAt + timeoutHours) and escalations (now ≥ activatedAt + afterHours) due and not yet done. */
export function dueTimeoutActions(instance: ApprovalInstance, now: Date): TimeoutAction[] {
  const due = dueTimes(instance);
  if (!due) return [];
  const t = now.getTime();
  const actions: TimeoutAction[] = [];
  if (due.remindAt !== undefined && t >= due.remindAt) actions.push({ type: 'remind', stepKey: due.step.key });
  if (due.escalateAt !== undefined && t >= due.escalateAt) actions.push({ type: 'escalate', stepKey: due.step.key });
  return actions;
}

/**
 * The earliest reminder/escalation of the active step not yet applied (ISO string; may be in the past when overdue),
 * or undefined when nothing is scheduled. Store it beside the state for the scheduler's index.
 */
export function nextDueAt(instance: ApprovalInstance): string | undefined {
  const due = dueTimes(instance);
  const times = [due?.remindAt, due?.escalateAt].filter((t): t is number => t !== undefined);
  return times.length === 0 ? undefined : new Date(Math.min(...times)).toISOString();
}

/**
 * Applies a timeout action to the active step. `remind` sets remindedAt and emits approval.reminder_due with the
 * pending assignees; `escalate` resolves the step's escalation rule for the submitter and adds those people
 * (never the submitter) to the step, emitting approval.escalated with `added`. History records both as `system`.
 * Errors: APPROVAL.NOT_PENDING, APPROVAL.STALE_STEP (action for another step), APPROVAL.ALREADY_ACTED (done before),
 * APPROVAL.INVALID_FLOW (escalating a step without an escalation rule).
 */
export function applyTimeout(instance: ApprovalInstance, action: TimeoutAction, ctx: OrgContext): Result<ApprovalOutcome> {
  if (instance.status !== 'pending') return notPending(instance);
  const step = currentStepState(instance);
  if (!step || step.key !== action.stepKey || step.status !== 'active')
    return err(
      domainError('APPROVAL.STALE_STEP', `step "${action.stepKey}" is not the active step`, {
        stepKey: action.stepKey,
        currentStep: step?.key,
        currentStepIndex: instance.currentStep,
      }),
    );
  const at = ctx.now.toISOString();
  const entry = compact<HistoryEntry>({ at, by: SYSTEM_ACTOR, action: action.type, step: step.key });
  const history = [...instance.history, entry];

  if (action.type === 'remind') {
    if (step.remindedAt) return alreadyDone(step, 'reminded', step.remindedAt);
    const next: ApprovalInstance = {
      ...instance,
      steps: replaceStep(instance.steps, instance.currentStep, { ...step, remindedAt: at }),
      history,
    };
    const pending = currentAssignees(next);
    return ok({ instance: next, events: [approvalEvent(next, 'approval.reminder_due', ctx.now, { step: step.key, pending })] });
  }

  if (step.escalatedAt) return alreadyDone(step, 'escalated', step.escalatedAt);
  if (!step.escalation)
    return err(domainError('APPROVAL.INVALID_FLOW', `step "${step.key}" has no escalation rule`, { step: step.key }));
  const resolved = resolveStepAssignees(step.key, [step.escalation.to], {
    ...ctx,
    subject: instance.subject,
    submitterId: instance.submitterId,
    ...(instance.excluded ? { excluded: instance.excluded } : {}),
  });
  const found = resolved.ok ? resolved.value : { assignees: [], onBehalfOf: {} };
  const added = found.assignees.filter((a) => !step.assignees.includes(a));
  const onBehalfOf = { ...step.onBehalfOf };
  for (const a of added) if (Object.hasOwn(found.onBehalfOf, a)) onBehalfOf[a] = found.onBehalfOf[a] as string;
  const escalated: StepState = {
    ...step,
    assignees: [...step.assignees, ...added],
    onBehalfOf,
    escalatedAt: at,
    escalatedAssignees: [...(step.escalatedAssignees ?? []), ...added],
  };
  const next: ApprovalInstance = { ...instance, steps: replaceStep(instance.steps, instance.currentStep, escalated), history };
  return ok({ instance: next, events: [approvalEvent(next, 'approval.escalated', ctx.now, { step: step.key, added })] });
}

function alreadyDone(step: StepState, what: string, at: string): Result<never> {
  return err(domainError('APPROVAL.ALREADY_ACTED', `step "${step.key}" was already ${what} at ${at}`, { step: step.key, at }));
}
