// Reading requests and approvals: a page of an organisation's requests, one request with its approval and history
// (by id or by the number people say), and the approvals waiting for one approver.
import type { Db } from '../../db/database.js';
import { findRequestByNumber, getInstance, getRequest, listRequests, pendingFor, type RequestFilter, type RequestRow } from '../../db/repos/approvals.js';
import { auditTrail } from '../../db/repos/audit.js';
import { parseRequestNumber, progress, type ApprovalInstance, type StepProgress } from '../../domain/approval/index.js';
import { domainError, err, ok, type Result } from '../../domain/shared/index.js';

/** A page of the organisation's requests, newest first. */
export function requestsPage(deps: { db: Db }, orgId: string, filter: RequestFilter): Promise<RequestRow[]> {
  return listRequests(deps.db, orgId, filter);
}

/** A request with its approval state and the audit rows of both, oldest first. */
export interface RequestDetail {
  request: RequestRow;
  approval: { id: string; status: ApprovalInstance['status']; version: number; progress: StepProgress | null; steps: ApprovalInstance['steps']; history: ApprovalInstance['history'] } | null;
  audit: Awaited<ReturnType<typeof auditTrail>>;
}

/** One request by its id (`req_…`) or its number (`TR-0042`); NOT_FOUND when the organisation has none. */
export async function requestDetail(deps: { db: Db }, orgId: string, given: string): Promise<Result<RequestDetail>> {
  const number = parseRequestNumber(given);
  const request = number ? await findRequestByNumber(deps.db, orgId, number) : await getRequest(deps.db, orgId, given);
  if (!request) return err(domainError('NOT_FOUND', `no request ${given}`));
  const stored = request.approvalId ? await getInstance(deps.db, orgId, request.approvalId) : undefined;
  const approval = stored
    ? { id: stored.instance.id, status: stored.instance.status, version: stored.version, progress: progress(stored.instance) ?? null, steps: stored.instance.steps, history: stored.instance.history }
    : null;
  const audit = [...(await auditTrail(deps.db, orgId, 'request', request.id)), ...(request.approvalId ? await auditTrail(deps.db, orgId, 'approval', request.approvalId) : [])].sort((a, b) => a.id - b.id);
  return ok({ request, approval, audit });
}

/** The approvals whose current step waits for `approverId`, with the step's progress. */
export async function pendingApprovals(deps: { db: Db }, orgId: string, approverId: string): Promise<{ id: string; requestId: string; title: string; step: StepProgress | null }[]> {
  const rows = await pendingFor(deps.db, orgId, approverId);
  return rows.map((r) => {
    const s = r.state as ApprovalInstance;
    return { id: r.id, requestId: r.requestId, title: s.subject.title, step: progress(s) ?? null };
  });
}
