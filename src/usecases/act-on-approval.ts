// Acting on an approval (approve / reject / return / withdraw / resubmit): the hot path of the product.
import type { Db } from '../../db/database.js';
import { getInstanceForAction } from '../../db/repos/approval-outcome.js';
import { decide, progress, type ApprovalInstance, type DecideAction, type StepProgress } from '../../domain/approval/index.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../domain/shared/index.js';
import { saveOutcome } from './approval-state.js';
import { idempotencyMismatch, requestHashOf } from './idempotency.js';
import { lifecycleDepsOf, onDecided, hasLifecycle } from './lifecycle/on-decided.js';
import { command, isRetryable, VersionConflict } from './unit-of-work.js';
import { countApproval, countBudgetRefusal, type WithMetrics } from '../observability/scope.js';
import { inSpan } from '../observability/tracing.js';

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

const MAX_ATTEMPTS = 6;

/**
 * Loads the instance, lets the engine decide, and saves state + request status + events + audit (+ the answer for
 * `idempotencyKey`) atomically in one statement: two round trips in all. A lost race decides again on fresh state, so
 * the loser gets APPROVAL.NOT_PENDING naming who decided and when; a retry with the same key gets the first answer.
 */
export async function actOnApproval(
  deps: ActDeps,
  orgId: string,
  approvalId: string,
  actorId: string,
  action: DecideAction,
  idempotencyKey?: string,
): Promise<Result<ActResult>> {
  const r = await actOnApprovalShowing(deps, orgId, approvalId, actorId, action, idempotencyKey);
  return r.ok ? ok(r.value.result) : r;
}

type ActDeps = { db: Db; clock: Clock; ids: IdGenerator; config?: { TRAVEL_SUPPLIER_URL?: string | undefined } } & WithMetrics;

/**
 * `actOnApproval`, also giving the approval as this action left it (to redraw the card clicked); a replayed answer
 * has none (the approval may have moved on since).
 */
export function actOnApprovalShowing(
  deps: ActDeps,
  orgId: string,
  approvalId: string,
  actorId: string,
  action: DecideAction,
  idempotencyKey?: string,
): Promise<Result<{ result: ActResult; instance?: ApprovalInstance }>> {
  // The use case's span (tracing on) and its counts (metrics on): decisions by outcome, budget refusals.
  return inSpan('usecase act-on-approval', { 'spendbot.approval.action': action.type }, async () => {
    const r = await decideAndSave(deps, orgId, approvalId, actorId, action, idempotencyKey);
    if (!r.ok) countBudgetRefusal(deps.metrics, r.error.code, 'approval');
    else if (!r.value.result.replayed) countApproval(deps.metrics, action.type, r.value.result.status);
    return r;
  });
}

async function decideAndSave(
  deps: ActDeps,
  orgId: string,
  approvalId: string,
  actorId: string,
  action: DecideAction,
  idempotencyKey?: string,
): Promise<Result<{ result: ActResult; instance?: ApprovalInstance }>> {
  // Keys are scoped to the approval and actor, so a key reused elsewhere never replays another approval's answer.
  // What the key was first used for: the same key sent with another action is refused, never answered with the first.
  const requestHash = requestHashOf({ type: action.type, comment: action.comment ?? null, stepKey: 'stepKey' in action ? (action.stepKey ?? null) : null });
  const inbound = idempotencyKey ? { source: `approval:${orgId}:${approvalId}:${actorId}`, eventId: idempotencyKey, requestHash } : undefined;
  // The step the actor saw on the first attempt: a retry after a lost race must not approve the *next* step.
  let pinned = action;
  for (let attempt = 1; ; attempt++) {
    try {
      const stored = await getInstanceForAction(deps.db, orgId, approvalId, inbound);
      if (!stored) return err(domainError('NOT_FOUND', `no approval ${approvalId}`));
      if ('replay' in stored) {
        if (stored.replayHash && stored.replayHash !== requestHash) return err(idempotencyMismatch(idempotencyKey!));
        return ok({ result: { ...(stored.replay as ActResult), replayed: true } });
      }
      if ((pinned.type === 'approve' || pinned.type === 'reject' || pinned.type === 'return') && pinned.stepKey === undefined) {
        const seen = stored.instance.steps[stored.instance.currentStep]?.key;
        if (stored.instance.status === 'pending' && seen) pinned = { ...pinned, stepKey: seen };
      }
      const now = deps.clock.now();
      const outcome = decide(stored.instance, pinned, actorId, now);
      if (!outcome.ok) return outcome;
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
      const answer = inbound && { ...inbound, response: result };
      const final = next.status !== stored.instance.status && next.status !== 'pending' && hasLifecycle(next.subject.type);
      if (!final) {
        const saved = await saveOutcome(deps.db, deps.ids, stored, outcome.value, actorId, `approval.${pinned.type}`, now, answer);
        if (saved) return ok({ result, instance: next });
      } else {
        // A final decision with effects (budget freeze or consumption, booking, payable): one transaction, so a budget
        // that cannot take it refuses the approval itself and nothing is half-done.
        const saved = await command<boolean>(deps.db, async (tx) => {
          if (!(await saveOutcome(tx, deps.ids, stored, outcome.value, actorId, `approval.${pinned.type}`, now, answer))) return ok(false);
          const effects = await onDecided(tx, lifecycleDepsOf(deps), next, actorId, now);
          return effects.ok ? ok(true) : effects;
        });
        if (!saved.ok) return saved;
        if (saved.value) return ok({ result, instance: next });
      }
      if (attempt >= MAX_ATTEMPTS) throw new VersionConflict(`approval ${approvalId}`);
    } catch (e) {
      if (!isRetryable(e) || attempt >= MAX_ATTEMPTS) throw e;
    }
  }
}
