// Saving engine outcomes: one place that writes instance state, the request status, events and audit together (and,
// when a single expense is approved, its expense line).
import type { Executor } from '../../db/database.js';
import { saveApprovalOutcome } from '../../db/repos/approval-outcome.js';
import { currentAssignees, nextDueAt, type ApprovalInstance, type ApprovalOutcome } from '../../domain/approval/index.js';
import { LINE_CATEGORIES } from '../../domain/expense/index.js';
import type { IdGenerator } from '../../domain/shared/index.js';
import { eventMessages } from './publish.js';

/** The status a request shows for its approval's status. */
export const requestStatusOf = (i: ApprovalInstance): string => i.status;

const summary = (i: ApprovalInstance, version: number) => ({ status: i.status, step: i.steps[i.currentStep]?.key ?? null, version });

/** True when this outcome approves a single expense: its request then becomes a claimable expense line. */
export const approvesExpense = (before: ApprovalInstance, after: ApprovalInstance): boolean => after.subject.type === 'expense' && after.status === 'approved' && before.status !== 'approved';

/** The expense line an approved single-expense request becomes (written by the approval's own statement or transaction). */
export const expenseLineOf = (ids: IdGenerator, requestId: string) => ({ id: ids.next('exl'), requestId, categories: LINE_CATEGORIES });

/**
 * Persists an outcome (state, request status, events, audit, for a keyed call its answer, and for an approved single
 * expense its expense line with that line's audit row) in one statement with an optimistic version check. Returns false when the instance changed since it was read: nothing was written.
 */
export async function saveOutcome(
  db: Executor,
  ids: IdGenerator,
  stored: { instance: ApprovalInstance; version: number; requestId: string },
  outcome: ApprovalOutcome,
  actorId: string,
  action: string,
  now: Date,
  inbound?: { source: string; eventId: string; response: unknown },
): Promise<boolean> {
  const next = outcome.instance;
  const due = nextDueAt(next);
  return saveApprovalOutcome(db, {
    orgId: next.orgId,
    instance: next,
    version: stored.version,
    assignees: currentAssignees(next),
    nextDueAt: due ? new Date(due) : null,
    now,
    requestId: stored.requestId,
    ...(next.status !== stored.instance.status ? { requestStatus: requestStatusOf(next) } : {}),
    // Keyed by instance and version: a retried command enqueues the same keys, so no event is sent twice.
    outbox: eventMessages(ids, outcome.events, `${next.id}@${stored.version + 1}`),
    audit: {
      orgId: next.orgId,
      actorId,
      action,
      subjectType: 'approval',
      subjectId: next.id,
      before: summary(stored.instance, stored.version),
      after: summary(next, stored.version + 1),
      at: now,
    },
    ...(inbound ? { inbound } : {}),
    ...(approvesExpense(stored.instance, next) ? { expenseLine: expenseLineOf(ids, stored.requestId) } : {}),
  });
}
