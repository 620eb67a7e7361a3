// Applies a person's action (approve, reject, return, withdraw, resubmit) to an instance, returning new state and events.
import { domainError, err, ok, type Result } from '../shared/index.js';
import type { ApprovalEvent, ApprovalOutcome, DecideAction } from './approval.types.js';
import { approvalEvent } from './events.js';
import { approvedBy, compact, currentStepState, notPending, replaceStep, undecided } from './instance-state.js';
import type { ApprovalInstance, HistoryEntry, StepDecision, StepState } from './instance.schema.js';
import { resubmit, withdraw } from './lifecycle.js';

type StepAction = Extract<DecideAction, { type: 'approve' | 'reject' | 'return' }>;

/**
 * Applies `action` by `actorId` at `now`. Never mutates `instance`.
 * Approve/reject/return: APPROVAL.NOT_PENDING (with status/decidedBy/decidedAt) unless pending, APPROVAL.STALE_STEP
 * when `stepKey` is not the current step, APPROVAL.SELF_APPROVAL for the submitter, APPROVAL.NOT_ASSIGNEE,
 * APPROVAL.ALREADY_ACTED, APPROVAL.COMMENT_REQUIRED for a reject/return without a reason.
 * Withdraw/resubmit: submitter only (APPROVAL.NOT_SUBMITTER).
 */
export function decide(
  instance: ApprovalInstance,
  action: DecideAction,
  actorId: string,
  now: Date,
): Result<ApprovalOutcome> {
  switch (action.type) {
    case 'approve':
    case 'reject':
    case 'return':
      return actOnStep(instance, action, actorId, now);
    case 'withdraw':
      return withdraw(instance, actorId, now, action.comment);
    case 'resubmit':
      return resubmit(instance, actorId, now, action.comment);
    default: {
      const unknown: unknown = (action as { type?: unknown }).type;
      return err(domainError('VALIDATION.INVALID', `unknown approval action ${String(unknown)}`, { type: unknown }));
    }
  }
}

function actOnStep(instance: ApprovalInstance, action: StepAction, actorId: string, now: Date): Result<ApprovalOutcome> {
  if (instance.status !== 'pending') return notPending(instance);
  const index = instance.currentStep;
  const step = currentStepState(instance);
  if (!step || step.status !== 'active')
    return err(domainError('APPROVAL.INVALID_FLOW', 'the instance has no active step', { currentStep: index }));
  if (action.stepKey !== undefined && action.stepKey !== step.key)
    return err(
      domainError('APPROVAL.STALE_STEP', `this card is for step "${action.stepKey}" but the request is at "${step.key}"`, {
        stepKey: action.stepKey,
        currentStep: step.key,
        currentStepIndex: index,
      }),
    );
  if (actorId === instance.submitterId)
    return err(domainError('APPROVAL.SELF_APPROVAL', 'the submitter cannot decide their own request', { step: step.key }));
  if (instance.excluded?.includes(actorId))
    return err(domainError('APPROVAL.NOT_ASSIGNEE', `${actorId} may not decide this request: a conflict of interest (e.g. a payee of it)`, { step: step.key, reason: 'conflict' }));
  if (!step.assignees.includes(actorId))
    return err(domainError('APPROVAL.NOT_ASSIGNEE', `${actorId} is not an approver of step "${step.key}"`, { step: step.key }));
  const earlier = step.decisions.find((d) => d.by === actorId);
  if (earlier)
    return err(
      domainError('APPROVAL.ALREADY_ACTED', `${actorId} already decided step "${step.key}"`, {
        step: step.key,
        decision: earlier.decision,
        at: earlier.at,
      }),
    );
  const comment = action.comment?.trim() || undefined;
  if (action.type !== 'approve' && !comment)
    return err(domainError('APPROVAL.COMMENT_REQUIRED', `a ${action.type} needs a reason`, { step: step.key }));

  const at = now.toISOString();
  const onBehalfOf = Object.hasOwn(step.onBehalfOf, actorId) ? step.onBehalfOf[actorId] : undefined;
  const entry = compact<HistoryEntry>({ at, by: actorId, action: action.type, step: step.key, comment, onBehalfOf });
  const history = [...instance.history, entry];
  const facts = { step: step.key, by: actorId, onBehalfOf, comment };

  if (action.type === 'return') {
    const next: ApprovalInstance = {
      ...instance,
      status: 'returned',
      steps: replaceStep(instance.steps, index, { ...step, status: 'waiting' }),
      history,
      decidedAt: at,
      decidedBy: actorId,
    };
    return ok({ instance: next, events: [approvalEvent(next, 'approval.returned', now, facts)] });
  }

  const decision = compact<StepDecision>({ by: actorId, onBehalfOf, decision: action.type, comment, at });
  const decided: StepState = { ...step, decisions: [...step.decisions, decision] };

  if (action.type === 'reject') {
    const next: ApprovalInstance = {
      ...instance,
      status: 'rejected',
      steps: replaceStep(instance.steps, index, { ...decided, status: 'rejected' }),
      history,
      decidedAt: at,
      decidedBy: actorId,
    };
    return ok({ instance: next, events: [approvalEvent(next, 'approval.rejected', now, facts)] });
  }

  const complete =
    step.mode === 'any' || (step.minApprovals !== undefined ? approvedBy(decided).length >= step.minApprovals : undecided(decided).length === 0);
  if (!complete) {
    const next: ApprovalInstance = { ...instance, steps: replaceStep(instance.steps, index, decided), history };
    const progressFacts = { ...facts, approved: approvedBy(decided), pending: undecided(decided) };
    return ok({ instance: next, events: [approvalEvent(next, 'approval.step_progress', now, progressFacts)] });
  }
  return completeStep(instance, { ...decided, status: 'approved' }, history, actorId, now, facts);
}

function completeStep(
  instance: ApprovalInstance,
  approved: StepState,
  history: HistoryEntry[],
  actorId: string,
  now: Date,
  facts: Record<string, unknown>,
): Result<ApprovalOutcome> {
  const index = instance.currentStep;
  const steps = replaceStep(instance.steps, index, approved);
  const following = steps[index + 1];
  if (!following) {
    const at = now.toISOString();
    const next: ApprovalInstance = { ...instance, status: 'approved', steps, history, decidedAt: at, decidedBy: actorId };
    return ok({ instance: next, events: [approvalEvent(next, 'approval.approved', now, facts)] });
  }
  const activated: StepState = { ...following, status: 'active', activatedAt: now.toISOString() };
  const next: ApprovalInstance = {
    ...instance,
    currentStep: index + 1,
    steps: replaceStep(steps, index + 1, activated),
    history,
  };
  const events: ApprovalEvent[] = [
    approvalEvent(next, 'approval.step_approved', now, facts),
    approvalEvent(next, 'approval.step_activated', now, { step: activated.key, assignees: activated.assignees }),
  ];
  return ok({ instance: next, events });
}
