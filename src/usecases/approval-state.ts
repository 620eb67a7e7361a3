// Saving engine outcomes: one place that writes instance state, the request status, events and audit together.
import type { Executor } from '../../db/database.js';
import { saveInstance, setRequestStatus } from '../../db/repos/approvals.js';
import { appendAudit } from '../../db/repos/audit.js';
import { currentAssignees, nextDueAt, type ApprovalInstance, type ApprovalOutcome } from '../../domain/approval/index.js';
import type { IdGenerator } from '../../domain/shared/index.js';
import { publish } from './publish.js';
import { VersionConflict } from './unit-of-work.js';

/** The status a request shows for its approval's status. */
export const requestStatusOf = (i: ApprovalInstance): string => i.status;

const summary = (i: ApprovalInstance, version: number) => ({ status: i.status, step: i.steps[i.currentStep]?.key ?? null, version });

/** Persists an outcome with an optimistic version check; throws VersionConflict so `command` retries on fresh state. */
export async function saveOutcome(
  tx: Executor,
  ids: IdGenerator,
  stored: { instance: ApprovalInstance; version: number; requestId: string },
  outcome: ApprovalOutcome,
  actorId: string,
  action: string,
  now: Date,
): Promise<void> {
  const next = outcome.instance;
  const due = nextDueAt(next);
  const saved = await saveInstance(tx, next.orgId, next, stored.version, currentAssignees(next), due ? new Date(due) : null, now);
  if (!saved) throw new VersionConflict(`approval ${next.id}`);
  if (next.status !== stored.instance.status) await setRequestStatus(tx, next.orgId, stored.requestId, requestStatusOf(next), now);
  // Keyed by instance and version: a retried transaction enqueues the same keys, so no event is sent twice.
  await publish(tx, ids, outcome.events, `${next.id}@${stored.version + 1}`);
  await appendAudit(tx, {
    orgId: next.orgId,
    actorId,
    action,
    subjectType: 'approval',
    subjectId: next.id,
    before: summary(stored.instance, stored.version),
    after: summary(next, stored.version + 1),
    at: now,
  });
}
