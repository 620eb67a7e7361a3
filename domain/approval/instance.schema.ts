// Approval instance state: plain JSON (dates as ISO strings) so it round-trips through a jsonb column.
import { z } from 'zod';
import { domainError, err, ok, type Result } from '../shared/index.js';
import { describeIssues, EscalationSchema } from './flow.schema.js';

const isoDate = z.iso.datetime({ offset: true });

/** What is being approved: a request, trip, expense… with the facts conditions look at. */
export const ApprovalSubjectSchema = z.object({
  type: z.string().min(1),
  id: z.string().min(1),
  title: z.string(),
  amount: z.object({ minor: z.number().int(), currency: z.string().min(1) }).optional(),
  category: z.string().optional(),
  departmentId: z.string().min(1),
  overBudget: z.boolean().optional(),
});
/** What is being approved. */
export type ApprovalSubject = z.infer<typeof ApprovalSubjectSchema>;

/** One approver's decision on a step. */
export const StepDecisionSchema = z.object({
  by: z.string().min(1),
  /** The original assignee when `by` acted as their delegate. */
  onBehalfOf: z.string().optional(),
  decision: z.enum(['approve', 'reject']),
  comment: z.string().optional(),
  at: isoDate,
});
/** One approver's decision on a step. */
export type StepDecision = z.infer<typeof StepDecisionSchema>;

/** Status of one step: waiting (not reached or paused), active, approved or rejected. */
export const STEP_STATUSES = ['waiting', 'active', 'approved', 'rejected'] as const;
/** Status of one step. */
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Runtime state of one step of an instance. */
export const StepStateSchema = z.object({
  key: z.string().min(1),
  name: z.string(),
  mode: z.enum(['any', 'all']),
  /** Mode `all` with a quorum: complete after this many distinct approvals. */
  minApprovals: z.number().int().min(2).optional(),
  /** Employee ids who may act (after delegation), submitter excluded. */
  assignees: z.array(z.string().min(1)),
  /** delegateId → original assignee id. */
  onBehalfOf: z.record(z.string(), z.string()),
  status: z.enum(STEP_STATUSES),
  decisions: z.array(StepDecisionSchema),
  activatedAt: isoDate.optional(),
  remindedAt: isoDate.optional(),
  escalatedAt: isoDate.optional(),
  timeoutHours: z.number().positive().optional(),
  escalation: EscalationSchema.optional(),
  /** Assignees added by escalation (dropped again when the request is resubmitted). */
  escalatedAssignees: z.array(z.string()).optional(),
});
/** Runtime state of one step. */
export type StepState = z.infer<typeof StepStateSchema>;

/** Every action that can be recorded in an instance's history. */
export const HISTORY_ACTIONS = ['submit', 'approve', 'reject', 'return', 'withdraw', 'resubmit', 'remind', 'escalate'] as const;
/** An action recorded in history. */
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** One line of the audit trail; `by` is an employee id or `system`. */
export const HistoryEntrySchema = z.object({
  at: isoDate,
  by: z.string().min(1),
  action: z.enum(HISTORY_ACTIONS),
  step: z.string().optional(),
  comment: z.string().optional(),
  onBehalfOf: z.string().optional(),
});
/** One line of the audit trail. */
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** Overall status of an instance. */
export const INSTANCE_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'returned'] as const;
/** Overall status of an instance. */
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/** The whole engine state of one approval. */
export const ApprovalInstanceSchema = z.object({
  id: z.string().min(1),
  orgId: z.string().min(1),
  flowName: z.string(),
  subject: ApprovalSubjectSchema,
  submitterId: z.string().min(1),
  /** People who may never act on this subject though a rule names them (a payee of a payment run): conflicts of interest. */
  excluded: z.array(z.string().min(1)).optional(),
  status: z.enum(INSTANCE_STATUSES),
  /** Index into `steps` of the step being (or last) decided. */
  currentStep: z.number().int().min(0),
  steps: z.array(StepStateSchema),
  history: z.array(HistoryEntrySchema),
  submittedAt: isoDate,
  /** When and by whom the instance last left `pending` (approved, rejected, returned, withdrawn). */
  decidedAt: isoDate.optional(),
  decidedBy: z.string().optional(),
});
/** The whole engine state of one approval. */
export type ApprovalInstance = z.infer<typeof ApprovalInstanceSchema>;

/** Reads instance state loaded from storage; VALIDATION.INVALID names the bad path. */
export function parseApprovalInstance(input: unknown): Result<ApprovalInstance> {
  const parsed = ApprovalInstanceSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issues = describeIssues(parsed.error.issues);
  return err(domainError('VALIDATION.INVALID', `invalid approval instance: ${issues.join('; ')}`, { issues }));
}
