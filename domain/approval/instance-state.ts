// Read-only queries on an approval instance (current step, who may act, progress) and small immutable helpers.
import { domainError, err, type Err, type DomainError } from '../shared/index.js';
import type { StepProgress } from './approval.types.js';
import type { ApprovalInstance, StepState } from './instance.schema.js';

/** The step at `currentStep`, if the instance has steps. */
export function currentStepState(instance: ApprovalInstance): StepState | undefined {
  return instance.steps[instance.currentStep];
}

/** Assignees of `step` who approved it. */
export function approvedBy(step: StepState): string[] {
  return step.assignees.filter((a) => step.decisions.some((d) => d.by === a && d.decision === 'approve'));
}

/** Assignees of `step` who have not decided yet. */
export function undecided(step: StepState): string[] {
  return step.assignees.filter((a) => !step.decisions.some((d) => d.by === a));
}

/** Who may act now: undecided assignees of the active step; empty unless the instance is pending. */
export function currentAssignees(instance: ApprovalInstance): string[] {
  const step = currentStepState(instance);
  if (instance.status !== 'pending' || !step || step.status !== 'active') return [];
  return undecided(step);
}

/** Approved and still-pending assignees of the current step ("2/3 approved"); undefined for a flow with no steps. */
export function progress(instance: ApprovalInstance): StepProgress | undefined {
  const step = currentStepState(instance);
  if (!step) return undefined;
  return {
    stepKey: step.key,
    stepName: step.name,
    mode: step.mode,
    approved: approvedBy(step),
    pending: currentAssignees(instance),
  };
}

/** APPROVAL.NOT_PENDING with `{ status, decidedBy, decidedAt }`, so a chat can say "already approved by X at T". */
export function notPending(instance: ApprovalInstance): Err<DomainError> {
  const who = instance.decidedBy ? ` by ${instance.decidedBy}` : '';
  const when = instance.decidedAt ? ` at ${instance.decidedAt}` : '';
  return err(
    domainError('APPROVAL.NOT_PENDING', `the request is already ${instance.status}${who}${when}`, {
      status: instance.status,
      decidedBy: instance.decidedBy,
      decidedAt: instance.decidedAt,
    }),
  );
}

/** A copy of `obj` without keys whose value is undefined (keeps state identical after a JSON round trip). */
export function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/** A copy of `obj` without `keys`. */
export function omit<T extends object, K extends keyof T>(obj: T, ...keys: K[]): Omit<T, K> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !(keys as PropertyKey[]).includes(k))) as Omit<T, K>;
}

/** A copy of `steps` with index `i` replaced. */
export function replaceStep(steps: readonly StepState[], i: number, step: StepState): StepState[] {
  return steps.map((s, j) => (j === i ? step : s));
}
