// Acting on an approval (approve / reject / return / withdraw / resubmit): the hot path of the product.
import type { Db } from '../../db/database.js';
import { getInstance } from '../../db/repos/approvals.js';
import { claimInbound, saveInboundResponse } from '../../db/repos/processed.js';
import { decide, progress, type ApprovalInstance, type DecideAction, type StepProgress } from '../../domain/approval/index.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../domain/shared/index.js';
import { saveOutcome } from './approval-state.js';
import { command } from './unit-of-work.js';

export interface ActResult {
  approvalId: string;
  requestId: string;
  status: ApprovalInstance['status'];
  step?: StepProgress;
  decidedBy?: string;
  decidedAt?: string;
  /** True when this answer repeats the one given to an earlier call with the same idempotency key. */
  replayed: boolean;
}

/**
 * Loads the instance, lets the engine decide, saves state + request status + events + audit in one transaction.
 * A lost race re-runs on fresh state, so the loser gets APPROVAL.NOT_PENDING naming who decided and when.
 * With `idempotencyKey`, a retry returns the first answer and changes nothing.
 */
export function actOnApproval(
  deps: { db: Db; clock: Clock; ids: IdGenerator },
  orgId: string,
  approvalId: string,
  actorId: string,
  action: DecideAction,
  idempotencyKey?: string,
): Promise<Result<ActResult>> {
  return command<ActResult>(deps.db, async (tx) => {
    if (idempotencyKey) {
      const claim = await claimInbound(tx, `approval:${orgId}`, idempotencyKey, orgId);
      if (!claim.first) return ok({ ...(claim.response as ActResult), replayed: true });
    }
    const stored = await getInstance(tx, orgId, approvalId);
    if (!stored) return err(domainError('NOT_FOUND', `no approval ${approvalId}`));
    const now = deps.clock.now();
    const outcome = decide(stored.instance, action, actorId, now);
    if (!outcome.ok) return outcome;
    await saveOutcome(tx, deps.ids, stored, outcome.value, actorId, `approval.${action.type}`, now);
    const next = outcome.value.instance;
    const step = progress(next);
    const result: ActResult = {
      approvalId,
      requestId: stored.requestId,
      status: next.status,
      ...(step ? { step } : {}),
      ...(next.decidedBy ? { decidedBy: next.decidedBy, decidedAt: next.decidedAt } : {}),
      replayed: false,
    };
    if (idempotencyKey) await saveInboundResponse(tx, `approval:${orgId}`, idempotencyKey, result);
    return ok(result);
  });
}
