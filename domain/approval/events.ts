// Builds the domain events the approval engine emits.
import type { ApprovalEvent, ApprovalEventType } from './approval.types.js';
import type { ApprovalInstance } from './instance.schema.js';

/** An event about `instance`; the payload always carries the subject (type/id/title), flow name and submitter. */
export function approvalEvent(
  instance: ApprovalInstance,
  type: ApprovalEventType,
  now: Date,
  facts: Record<string, unknown> = {},
): ApprovalEvent {
  const { type: subjectType, id, title } = instance.subject;
  const payload = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined));
  return {
    type,
    orgId: instance.orgId,
    subject: { type: 'approval', id: instance.id },
    at: now,
    payload: {
      ...payload,
      subject: { type: subjectType, id, title },
      flowName: instance.flowName,
      submitterId: instance.submitterId,
    },
  };
}
