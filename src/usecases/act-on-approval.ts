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
  // Keys are scoped to the approval and actor, so a key reused elsewhere never replays another approval's answer.
  const source = `approval:${orgId}:${approvalId}:${actorId}`;
  // The step the actor saw on the first attempt: a retry after a lost race must not approve the *next* step.
  let pinned = action;
  return command<ActResult>(deps.db, async (tx) => {
    if (idempotencyKey) {
      const claim = await claimInbound(tx, source, idempotencyKey, orgId);
      if (!claim.first) return ok({ ...(claim.response as ActResult), replayed: true });
    }
    const stored = await getInstance(tx, orgId, approvalId);
    if (!stored) return err(domainError('NOT_FOUND', `no approval ${approvalId}`));
    if ((pinned.type === 'approve' || pinned.type === 'reject' || pinned.type === 'return') && pinned.stepKey === undefined) {
      const seen = stored.instance.steps[stored.instance.currentStep]?.key;
      if (stored.instance.status === 'pending' && seen) pinned = { ...pinned, stepKey: seen };
    }
    const now = deps.clock.now();
    const outcome = decide(stored.instance, pinned, actorId, now);
    if (!outcome.ok) return outcome;
    await saveOutcome(tx, deps.ids, stored, outcome.value, actorId, `approval.${pinned.type}`, now);
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
    if (idempotencyKey) await saveInboundResponse(tx, source, idempotencyKey, result);
    return ok(result);
  });
}
