// Inputs and outputs of the approval engine: actions, outcomes, events, progress and timeout actions.
import type { Delegation, OrgDirectory } from '../org/index.js';
import type { DomainEvent } from '../shared/index.js';
import type { ApprovalInstance } from './instance.schema.js';

/** The actor id written to history for scheduler-driven actions (reminders, escalations, auto-approval). */
export const SYSTEM_ACTOR = 'system';

/** What a person does to an instance; `stepKey` (from the card clicked) guards against acting on an old step. */
export type DecideAction =
  | { type: 'approve'; comment?: string; stepKey?: string }
  | { type: 'reject'; comment: string; stepKey?: string }
  | { type: 'return'; comment: string; stepKey?: string }
  | { type: 'withdraw'; comment?: string }
  | { type: 'resubmit'; comment?: string };

/** Every event type the engine emits. */
export const APPROVAL_EVENT_TYPES = [
  'approval.submitted',
  'approval.step_activated',
  'approval.step_progress',
  'approval.step_approved',
  'approval.approved',
  'approval.rejected',
  'approval.returned',
  'approval.withdrawn',
  'approval.resubmitted',
  'approval.reminder_due',
  'approval.escalated',
] as const;
/** An event type the engine emits. */
export type ApprovalEventType = (typeof APPROVAL_EVENT_TYPES)[number];

/** Payload common to every approval event, plus event-specific facts (`step`, `by`, `assignees`, `added`…). */
export interface ApprovalEventPayload {
  readonly subject: { readonly type: string; readonly id: string; readonly title: string };
  readonly flowName: string;
  readonly submitterId: string;
  readonly step?: string;
  readonly [key: string]: unknown;
}

/** A domain event about one approval instance (`subject` is `{ type: 'approval', id }`). */
export type ApprovalEvent = DomainEvent<ApprovalEventType, ApprovalEventPayload>;

/** The new state and the events to append to the outbox. */
export interface ApprovalOutcome {
  readonly instance: ApprovalInstance;
  readonly events: ApprovalEvent[];
}

/** Who has approved the current step and who still may, for "2/3 approved" displays. */
export interface StepProgress {
  readonly stepKey: string;
  readonly stepName: string;
  readonly mode: 'any' | 'all';
  readonly approved: string[];
  readonly pending: string[];
}

/** A scheduler action due on the active step. */
export interface TimeoutAction {
  readonly type: 'remind' | 'escalate';
  readonly stepKey: string;
}

/** The organisation facts approver resolution needs at a moment in time. */
export interface OrgContext {
  readonly directory: OrgDirectory;
  readonly delegations: readonly Delegation[];
  readonly now: Date;
}
