// Submitter actions on an instance: withdraw it, or resubmit it after it was returned for changes.
import { domainError, err, ok, type Result } from '../shared/index.js';
import type { ApprovalOutcome } from './approval.types.js';
import { approvalEvent } from './events.js';
import { compact, notPending, omit } from './instance-state.js';
import type { ApprovalInstance, HistoryEntry, StepState } from './instance.schema.js';

function notSubmitter(actorId: string, action: string): Result<never> {
  return err(domainError('APPROVAL.NOT_SUBMITTER', `only the submitter can ${action} this request`, { actorId }));
}

/** Withdraws a pending or returned instance; submitter only. Event approval.withdrawn. */
export function withdraw(instance: ApprovalInstance, actorId: string, now: Date, comment?: string): Result<ApprovalOutcome> {
  if (actorId !== instance.submitterId) return notSubmitter(actorId, 'withdraw');
  if (instance.status !== 'pending' && instance.status !== 'returned') return notPending(instance);
  const at = now.toISOString();
  const note = comment?.trim() || undefined;
  const steps = instance.steps.map((s) => (s.status === 'active' ? { ...s, status: 'waiting' as const } : s));
  const entry = compact<HistoryEntry>({ at, by: actorId, action: 'withdraw', comment: note });
  const next: ApprovalInstance = {
    ...instance,
    status: 'withdrawn',
    steps,
    history: [...instance.history, entry],
    decidedAt: at,
    decidedBy: actorId,
  };
  return ok({ instance: next, events: [approvalEvent(next, 'approval.withdrawn', now, { by: actorId, comment: note })] });
}

/**
 * Restarts a returned instance at its first step: decisions, reminders and escalation additions are cleared,
 * history is kept. Submitter only. Events approval.resubmitted and approval.step_activated.
 * Assignees are those resolved at submission; a changed subject needs a fresh `startInstance` instead.
 */
export function resubmit(instance: ApprovalInstance, actorId: string, now: Date, comment?: string): Result<ApprovalOutcome> {
  if (actorId !== instance.submitterId) return notSubmitter(actorId, 'resubmit');
  if (instance.status !== 'returned') return notPending(instance);
  const at = now.toISOString();
  const note = comment?.trim() || undefined;
  const steps = instance.steps.map((s, i) => resetStep(s, i === 0 ? at : undefined));
  const entry = compact<HistoryEntry>({ at, by: actorId, action: 'resubmit', comment: note });
  const next: ApprovalInstance = {
    ...omit(instance, 'decidedAt', 'decidedBy'),
    status: 'pending',
    currentStep: 0,
    steps,
    history: [...instance.history, entry],
  };
  const events = [approvalEvent(next, 'approval.resubmitted', now, { by: actorId, comment: note })];
  const first = steps[0];
  if (first) events.push(approvalEvent(next, 'approval.step_activated', now, { step: first.key, assignees: first.assignees }));
  return ok({ instance: next, events });
}

function resetStep(step: StepState, activatedAt: string | undefined): StepState {
  const added = new Set(step.escalatedAssignees ?? []);
  const base = omit(step, 'activatedAt', 'remindedAt', 'escalatedAt', 'escalatedAssignees');
  return compact<StepState>({
    ...base,
    assignees: step.assignees.filter((a) => !added.has(a)),
    onBehalfOf: Object.fromEntries(Object.entries(step.onBehalfOf).filter(([d]) => !added.has(d))),
    status: activatedAt ? 'active' : 'waiting',
    decisions: [],
    activatedAt,
  });
}
