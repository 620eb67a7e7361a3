// Out-of-office delegation (代理): while active, steps that would go to the delegator go to the delegate instead.
import { requireRole, type Actor } from './authorise.js';
import type { Db } from '../../db/database.js';
import { appendAudit } from '../../db/repos/audit.js';
import { addDelegation, getEmployee } from '../../db/repos/org.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../domain/shared/index.js';
import { command } from './unit-of-work.js';

export interface DelegationInput {
  delegatorId: string;
  delegateId: string;
  startsAt: Date;
  endsAt: Date;
}

/** Records a delegation after checking both people are active colleagues and the window makes sense. */
export function createDelegation(deps: { db: Db; clock: Clock; ids: IdGenerator }, orgId: string, actor: Actor, input: DelegationInput): Promise<Result<{ id: string }>> {
  const actorId = actor.id;
  return command<{ id: string }>(deps.db, async (tx) => {
    // People set their own out-of-office; an administrator may set anyone's.
    if (!(actor.kind === 'employee' && actor.id === input.delegatorId)) {
      const allowed = await requireRole(tx, orgId, actor, ['admin'], "setting another person's delegation");
      if (!allowed.ok) return allowed;
    }
    if (input.delegatorId === input.delegateId) return err(domainError('VALIDATION.INVALID', 'a person cannot delegate to themselves'));
    if (input.endsAt <= input.startsAt) return err(domainError('VALIDATION.INVALID', 'endsAt must be after startsAt'));
    for (const id of [input.delegatorId, input.delegateId]) {
      const e = await getEmployee(tx, orgId, id);
      if (!e?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `no active employee ${id}`));
    }
    const id = deps.ids.next('dlg');
    const now = deps.clock.now();
    await addDelegation(tx, orgId, id, input);
    await appendAudit(tx, { orgId, actorId, action: 'delegation.create', subjectType: 'employee', subjectId: input.delegatorId, after: { id, ...input }, at: now });
    return ok({ id });
  });
}
