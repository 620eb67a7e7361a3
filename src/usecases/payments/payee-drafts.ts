// An employee sets their own payout account in chat: what they typed is checked, sealed into a pending entry valid for
// 30 minutes and shown back masked for them to confirm; confirming sets it through the one payee change (audited,
// cooling-off hold, the employee told). The number is never kept in clear, logged or sent back.
import type { Executor } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getEmployee, getOrganisation } from '../../../db/repos/org.js';
import { dropOtherPayeeDrafts, insertPayeeDraft, takePayeeDraft, type PayeeDraftRow } from '../../../db/repos/payee-drafts.js';
import { checkPayeeForm, DEFAULT_PAYEE_CHANGE_HOLD_HOURS, type PayeeFormValues, type PayeeView } from '../../../domain/payment/index.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';
import { employeeActor } from '../authorise.js';
import { command } from '../unit-of-work.js';
import { openAccount, storedAccount } from './account-box.js';
import { setPayeeInTx, type PayeeDeps } from './payees.js';

/** How long a typed account waits for its confirmation. */
export const PAYEE_DRAFT_TTL_MS = 30 * 60_000;

/** A pending account as its confirmation card shows it: the numbers masked. */
export interface PayeeDraftView {
  id: string;
  holderName: string;
  bankName: string;
  masked: { zh: string; en: string };
  cnaps?: string;
  bic?: string;
  currency: string;
  expiresAt: string;
  /** Payments wait this long after the change (PAYEE_CHANGE_HOLD_HOURS), said on the card before confirming. */
  holdHours: number;
}

export interface PayeeDraftInput {
  orgId: string;
  employeeId: string;
  channel: string;
  chatId: string;
  locale: string;
  values: PayeeFormValues;
}

const draftView = (r: PayeeDraftRow, holdHours: number): PayeeDraftView => ({
  id: r.id,
  holderName: r.holderName,
  bankName: r.bankName,
  masked: { zh: `尾号${r.accountLast4}`, en: `****${r.accountLast4}` },
  ...(r.cnaps ? { cnaps: r.cnaps } : {}),
  ...(r.bic ? { bic: r.bic } : {}),
  currency: r.currency,
  expiresAt: r.expiresAt.toISOString(),
  holdHours,
});

/**
 * Checks what the employee typed and keeps it sealed for their confirmation, in the caller's transaction; an older
 * pending account of theirs is dropped (its ids returned, so its card can say so). A bad field is
 * PAYEE.INVALID_ACCOUNT with `{ field, reason }` naming the form field and the rule.
 */
export async function draftPayeeInTx(
  tx: Executor,
  deps: { clock: Clock; ids: IdGenerator; box: SecretBox; config?: PayeeDeps['config'] },
  input: PayeeDraftInput,
): Promise<Result<{ draft: PayeeDraftView; dropped: string[] }>> {
  const org = await getOrganisation(tx, input.orgId);
  if (!org) return err(domainError('NOT_FOUND', `organisation ${input.orgId} does not exist`));
  if (!(await getEmployee(tx, input.orgId, input.employeeId))?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `no active employee ${input.employeeId}`));
  const checked = checkPayeeForm(input.values, org.defaultCurrency);
  if (!checked.ok) return err(domainError('PAYEE.INVALID_ACCOUNT', `${checked.error.field}: ${checked.error.reason}`, { field: checked.error.field, reason: checked.error.reason }));
  const a = checked.value;
  const { columns, masked } = storedAccount(deps.box, a);
  const now = deps.clock.now();
  const row: PayeeDraftRow = {
    id: deps.ids.next('pyd'),
    orgId: input.orgId,
    employeeId: input.employeeId,
    channel: input.channel,
    chatId: input.chatId,
    locale: input.locale,
    ...columns,
    expiresAt: new Date(now.getTime() + PAYEE_DRAFT_TTL_MS),
    createdAt: now,
  };
  await insertPayeeDraft(tx, row);
  const dropped = await dropOtherPayeeDrafts(tx, input.orgId, input.employeeId, row.id);
  await appendAudit(tx, { orgId: input.orgId, actorId: input.employeeId, action: 'payee.draft_entered', subjectType: 'payee', subjectId: `employee:${input.employeeId}`, after: { holderName: a.holderName, bankName: a.bankName, account: masked.zh, via: input.channel }, at: now });
  return ok({ draft: draftView(row, deps.config?.PAYEE_CHANGE_HOLD_HOURS ?? DEFAULT_PAYEE_CHANGE_HOLD_HOURS), dropped });
}

/** What answering a pending account did: set (or the same as before), cancelled, or nothing to answer any more. */
export type PayeeDraftAnswer = { outcome: 'set'; payee: PayeeView; changed: boolean } | { outcome: 'cancelled' } | { outcome: 'gone' };

/**
 * The employee confirms or cancels their pending account, once: confirming sets it as their payout account through
 * the payee change (source `employee`: audited, held for PAYEE_CHANGE_HOLD_HOURS, told on chat, a returned payment
 * waiting on them released to the next run). A second click, someone else's or an expired one answers `gone`.
 */
export function answerPayeeDraft(deps: PayeeDeps, orgId: string, employeeId: string, draftId: string, answer: 'confirm' | 'cancel'): Promise<Result<PayeeDraftAnswer>> {
  return command<PayeeDraftAnswer>(deps.db, (tx) => answerPayeeDraftInTx(tx, deps, orgId, employeeId, draftId, answer));
}

async function answerPayeeDraftInTx(tx: Executor, deps: Omit<PayeeDeps, 'db'>, orgId: string, employeeId: string, draftId: string, answer: 'confirm' | 'cancel'): Promise<Result<PayeeDraftAnswer>> {
  const now = deps.clock.now();
  const row = await takePayeeDraft(tx, orgId, draftId, employeeId, now);
  if (!row) return ok({ outcome: 'gone' });
  if (answer === 'cancel') {
    await appendAudit(tx, { orgId, actorId: employeeId, action: 'payee.draft_cancelled', subjectType: 'payee', subjectId: `employee:${employeeId}`, after: { account: `尾号${row.accountLast4}` }, at: now });
    return ok({ outcome: 'cancelled' });
  }
  const secret = openAccount(deps.box, row.accountEnc);
  const input = { holderName: row.holderName, bankName: row.bankName, ...secret, ...(row.cnaps ? { cnaps: row.cnaps } : {}), ...(row.bic ? { bic: row.bic } : {}), currency: row.currency };
  const set = await setPayeeInTx(tx, deps, orgId, employeeActor(employeeId), { type: 'employee', id: employeeId }, input);
  if (!set.ok) return set;
  return ok({ outcome: 'set', ...set.value });
}
