// A payment the bank returned (退票) waits on the employee: runs hold its payable (AWAITING_PAYEE_CONFIRMATION) until
// they confirm their account ("pay again to 尾号1234") or change it. Both release it to the next run, which pays it
// under a new EndToEndId linked to the returned one.
import type { Db, Executor } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { activePayee, clearAwaitingPayee, getPayment, markAwaitingPayee, returnedPaymentsOf } from '../../../db/repos/payments.js';
import { domainError, err, ok, type Clock, type Result } from '../../../domain/shared/index.js';
import { actorIdOf, requireRole, type Actor } from '../authorise.js';
import { notifyMessage } from '../lifecycle/topics.js';
import { command } from '../unit-of-work.js';

/** How a returned payment's wait ended: confirmed as it was, or the account changed. */
export type ReturnOutcome = 'pay_again' | 'changed';

/**
 * Payments to employees came back: their payables (reopened by the caller) wait for them, and each gets a card to
 * confirm or change their account. In the caller's transaction (the statement import), for any number at once.
 */
export async function awaitPayees(tx: Executor, orgId: string, list: readonly { id: string; payableId: string; ownerType: string; ownerId: string }[], now: Date): Promise<void> {
  const mine = list.filter((p) => p.ownerType === 'employee');
  if (mine.length === 0) return;
  await markAwaitingPayee(tx, orgId, mine.map((p) => p.payableId), now);
  await enqueue(tx, mine.map((p) => notifyMessage(orgId, `payment_returned:${p.id}`, { kind: 'returned', employeeId: p.ownerId, paymentId: p.id })));
}

/**
 * Ends the wait of an owner's returned payables (all, or those of `payableIds`) and redraws their cards with how it
 * ended. Returns the payables released.
 */
export async function releaseAwaiting(tx: Executor, orgId: string, owner: { type: string; id: string }, outcome: ReturnOutcome, payableIds?: readonly string[]): Promise<string[]> {
  const released = await clearAwaitingPayee(tx, orgId, owner, payableIds);
  if (released.length === 0) return released;
  const returned = await returnedPaymentsOf(tx, orgId, released);
  await enqueue(tx, returned.map((p) => notifyMessage(orgId, `payment_returned:${p.id}:${outcome}`, { kind: 'returned', employeeId: p.ownerId, paymentId: p.id, outcome })));
  return released;
}

/**
 * "Pay again to 尾号1234": the employee (or finance for them) confirms the account a returned payment went to; its
 * payable goes to the next run. Again, or after the account changed, it changes nothing (`released: false`). Says where
 * the next payment goes: the employee's account as it is now.
 */
export function confirmReturnedPayment(deps: { db: Db; clock: Clock }, orgId: string, actor: Actor, paymentId: string): Promise<Result<{ released: boolean; accountLast4?: string }>> {
  return command(deps.db, async (tx) => {
    const p = await getPayment(tx, orgId, paymentId, true);
    if (!p || p.ownerType !== 'employee' || p.status !== 'returned') return err(domainError('NOT_FOUND', `no returned payment ${paymentId}`));
    if (!(actor.kind === 'employee' && actor.id === p.ownerId)) {
      const allowed = await requireRole(tx, orgId, actor, ['finance'], 'confirming someone else\'s account');
      if (!allowed.ok) return allowed;
    }
    const now = deps.clock.now();
    const payee = await activePayee(tx, orgId, 'employee', p.ownerId);
    const released = await releaseAwaiting(tx, orgId, { type: 'employee', id: p.ownerId }, 'pay_again', [p.payableId]);
    if (released.length > 0)
      await appendAudit(tx, { orgId, actorId: actorIdOf(actor), action: 'payable.payee_confirmed', subjectType: 'payable', subjectId: p.payableId, after: { returnedPayment: p.id, endToEndId: p.endToEndId, ...(payee ? { account: `尾号${payee.accountLast4}` } : {}) }, at: now });
    return ok({ released: released.length > 0, ...(payee ? { accountLast4: payee.accountLast4 } : {}) });
  });
}
