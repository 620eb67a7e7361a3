// Setting where an employee's or supplier's money goes: validated, encrypted, audited without the numbers, the employee
// told on chat, and payments held for a cooling-off period after a change (which also answers a returned payment
// waiting on the employee).
import type { Db, Executor } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getEmployee, getOrganisation } from '../../../db/repos/org.js';
import { activePayee, listPayees, replacePayee, type PayeeRow } from '../../../db/repos/payments.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { accountSecretOf, DEFAULT_PAYEE_CHANGE_HOLD_HOURS, holdAfterChange, maskedAccount, normaliseAccount, readAccountInput, type PayeeOwner, type PayeeView } from '../../../domain/payment/index.js';
import { openAccount, storedAccount } from './account-box.js';
import { releaseAwaiting } from './returned-payments.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';
import { actorIdOf, requireRole, type Actor } from '../authorise.js';
import { notifyMessage } from '../lifecycle/topics.js';
import { command } from '../unit-of-work.js';

export interface PayeeDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  box: SecretBox;
  config?: { PAYEE_CHANGE_HOLD_HOURS?: number };
}

/** A payee row as shown: the numbers only masked. */
export function payeeView(r: PayeeRow, box: SecretBox): PayeeView {
  const secret = openAccount(box, r.accountEnc);
  return {
    id: r.id,
    owner: { type: r.ownerType as PayeeOwner['type'], id: r.ownerId },
    holderName: r.holderName,
    bankName: r.bankName,
    ...(r.cnaps ? { cnaps: r.cnaps } : {}),
    ...(r.bic ? { bic: r.bic } : {}),
    currency: r.currency,
    masked: maskedAccount(secret),
    ...(r.holdUntil ? { holdUntil: r.holdUntil.toISOString() } : {}),
    source: r.source as PayeeView['source'],
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * Sets an owner's account. An employee may set their own (source `employee`); finance or an administrator anyone's,
 * and suppliers' (source `finance`); the organisation sync acts as the system (source `sync`). The same account again
 * changes nothing. A change is audited with the masked numbers only, holds the owner's payments for
 * PAYEE_CHANGE_HOLD_HOURS, and tells the employee on chat, so a change they did not make is noticed before any money
 * moves.
 */
export function setPayeeAccount(deps: PayeeDeps, orgId: string, actor: Actor, owner: PayeeOwner, raw: unknown): Promise<Result<{ payee: PayeeView; changed: boolean }>> {
  return command<{ payee: PayeeView; changed: boolean }>(deps.db, (tx) => setPayeeInTx(tx, deps, orgId, actor, owner, raw));
}

/** The body of setPayeeAccount, for a use case that sets accounts inside its own transaction (the organisation sync). */
export async function setPayeeInTx(tx: Executor, deps: Omit<PayeeDeps, 'db'>, orgId: string, actor: Actor, owner: PayeeOwner, raw: unknown): Promise<Result<{ payee: PayeeView; changed: boolean }>> {
  const parsed = readAccountInput(raw);
  if (!parsed.ok) return parsed;
  const self = actor.kind === 'employee' && owner.type === 'employee' && actor.id === owner.id;
  if (!self) {
    const allowed = await requireRole(tx, orgId, actor, ['finance'], 'setting someone else\'s bank account');
    if (!allowed.ok) return allowed;
  }
  const source: PayeeView['source'] = actor.kind === 'system' ? 'sync' : self ? 'employee' : 'finance';
  const org = await getOrganisation(tx, orgId);
  if (!org) return err(domainError('NOT_FOUND', `organisation ${orgId} does not exist`));
  if (owner.type === 'employee' && !(await getEmployee(tx, orgId, owner.id))?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `no active employee ${owner.id}`));
  const account = normaliseAccount(parsed.value, org.defaultCurrency);
  if (!account.ok) return account;
  const a = account.value;
  const secret = accountSecretOf(a);
  const now = deps.clock.now();
  const previous = await activePayee(tx, orgId, owner.type, owner.id, true);
  const prevSecret = previous ? openAccount(deps.box, previous.accountEnc) : undefined;
  const same =
    previous &&
    prevSecret &&
    (prevSecret.accountNumber ?? prevSecret.iban) === (secret.accountNumber ?? secret.iban) &&
    previous.holderName === a.holderName &&
    previous.bankName === a.bankName &&
    (previous.cnaps ?? undefined) === a.cnaps &&
    (previous.bic ?? undefined) === a.bic &&
    previous.currency === a.currency;
  if (same) return ok({ payee: payeeView(previous, deps.box), changed: false });
  const hold = holdAfterChange(prevSecret, secret, source, now, deps.config?.PAYEE_CHANGE_HOLD_HOURS ?? DEFAULT_PAYEE_CHANGE_HOLD_HOURS);
  // A change of name or bank only, with the same number, keeps a hold still running.
  const holdUntil = hold ?? (previous?.holdUntil && previous.holdUntil > now ? previous.holdUntil : null);
  const { columns, masked } = storedAccount(deps.box, a);
  const row: PayeeRow = {
    id: deps.ids.next('pye'),
    orgId,
    ownerType: owner.type,
    ownerId: owner.id,
    ...columns,
    source,
    holdUntil,
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
  await replacePayee(tx, row, previous?.id, now);
  const shown = (r: { holderName: string; bankName: string }, m: { zh: string }) => ({ holderName: r.holderName, bankName: r.bankName, account: m.zh });
  await appendAudit(tx, {
    orgId,
    actorId: actorIdOf(actor),
    action: previous ? 'payee.changed' : 'payee.created',
    subjectType: 'payee',
    subjectId: `${owner.type}:${owner.id}`,
    before: previous && prevSecret ? shown(previous, maskedAccount(prevSecret)) : null,
    after: { ...shown(row, masked), ...(holdUntil ? { holdUntil: holdUntil.toISOString() } : {}) },
    at: now,
  });
  if (owner.type === 'employee') {
    const bank = `${a.bankName} ${masked.zh}`;
    const note = holdUntil
      ? { zh: `收款账户已设为 ${bank}（${masked.en}）。为安全起见，${holdUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC 之前的付款暂缓。如非本人操作，请立即联系财务。`, en: `Your payout account is now ${a.bankName} ${masked.en}. For your safety, payments wait until ${holdUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC. If you did not make this change, tell finance now.` }
      : { zh: `收款账户已设为 ${bank}。如非本人操作，请立即联系财务。`, en: `Your payout account is now ${a.bankName} ${masked.en}. If you did not make this change, tell finance now.` };
    await enqueue(tx, [notifyMessage(orgId, `payee:${row.id}`, { kind: 'ledger', employeeId: owner.id, requestId: row.id, event: 'payee_changed', lines: [], note })]);
    // A returned payment waiting on the employee is answered by the change: the next run pays the new account (once
    // its cooling-off hold is over).
    await releaseAwaiting(tx, orgId, owner, 'changed');
  }
  return ok({ payee: payeeView(row, deps.box), changed: true });
}

/** Payees as shown (masked). An employee sees their own; finance sees everyone's. */
export async function payeesOf(deps: { db: Db; box: SecretBox }, orgId: string, actor: Actor, f: { ownerType?: 'employee' | 'supplier'; ownerId?: string }): Promise<Result<PayeeView[]>> {
  const own = actor.kind === 'employee' && f.ownerType === 'employee' && f.ownerId === actor.id;
  if (!own) {
    const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'listing payees');
    if (!allowed.ok) return allowed;
  }
  return ok((await listPayees(deps.db, orgId, f)).map((r) => payeeView(r, deps.box)));
}
