// Sending a released run to the bank: build each file once from the persisted ids and check it against the XSD (an
// invalid file is never sent; the run shows why), send it under its MsgId (a retry, a second instance or a restart
// sends the same bytes and the bank answers DU01), and poll what is not known yet (never resent under new ids).
import type { Executor } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getOrganisation } from '../../../db/repos/org.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { getBankMessage, getDebtorAccount, payeesByIds, paymentsOfMessage, setPaymentStatus, updateBankMessage, type PaymentRow } from '../../../db/repos/payments.js';
import { ok } from '../../../domain/shared/index.js';
import { buildAndValidate } from '../../integrations/bank/iso20022/pain001.js';
import { REIMBURSEMENT_CATEGORY_PURPOSE, REIMBURSEMENT_PURPOSE, type PaymentFileInput } from '../../integrations/bank/iso20022/pain001.types.js';
import { readStatusReport } from '../../integrations/bank/iso20022/read/index.js';
import type { SecretBox } from '../../secrets.js';
import { localDate, orgDate } from '../org-time.js';
import { bookPaymentVoucher } from '../vouchers/book.js';
import { command } from '../unit-of-work.js';
import { openAccount } from './account-box.js';
import { applyStatusReport, type BankDeps } from './bank-answers.js';
import { reopen } from './payment-moves.js';
import { pollMessage, submitMessage } from './topics.js';
import { countBankFile } from '../../observability/scope.js';

/** Thrown by the poll handler while the bank has no final word yet: the outbox asks again later (same MsgId). */
export class StillPending extends Error {}


/** The pain.001 input of one persisted message: every id and amount as stored at approval, nothing generated. */
async function fileInput(db: Executor, box: SecretBox, orgId: string, msg: { msgId: string; format: string; debtorAccountId: string; createdAt: Date }): Promise<PaymentFileInput | undefined> {
  const org = await getOrganisation(db, orgId);
  const debtor = await getDebtorAccount(db, orgId, msg.debtorAccountId);
  const payments = await paymentsOfMessage(db, orgId, msg.msgId);
  if (!org || !debtor || payments.length === 0) return undefined;
  const payees = new Map((await payeesByIds(db, orgId, [...new Set(payments.map((p) => p.payeeId))])).map((p) => [p.id, p]));
  const d = openAccount(box, debtor.accountEnc);
  const byBatch = new Map<string, PaymentRow[]>();
  for (const p of payments) byBatch.set(p.pmtInfId, [...(byBatch.get(p.pmtInfId) ?? []), p]);
  return {
    format: msg.format as PaymentFileInput['format'],
    msgId: msg.msgId,
    createdAt: msg.createdAt,
    initiatingParty: { name: org.name },
    batches: [...byBatch].map(([pmtInfId, list]) => ({
      pmtInfId,
      debtor: {
        name: debtor.holderName,
        account: { ...(d.iban ? { iban: d.iban } : { other: d.accountNumber! }), currency: debtor.currency },
        agent: { ...(debtor.bic ? { bic: debtor.bic } : {}), ...(debtor.cnaps ? { cnaps: debtor.cnaps } : {}) },
      },
      requestedExecutionDate: localDate(msg.createdAt, org.timeZone),
      categoryPurpose: REIMBURSEMENT_CATEGORY_PURPOSE,
      payments: list.map((p) => {
        const payee = payees.get(p.payeeId)!;
        const s = openAccount(box, payee.accountEnc);
        return {
          endToEndId: p.endToEndId,
          amount: { minor: p.amountMinor, currency: p.currency },
          creditor: { name: payee.holderName, account: s.iban ? { iban: s.iban } : { other: s.accountNumber! }, agent: { ...(payee.bic ? { bic: payee.bic } : {}), ...(payee.cnaps ? { cnaps: payee.cnaps } : {}), name: payee.bankName } },
          remittance: `Reimbursement ${p.endToEndId}`,
          purpose: REIMBURSEMENT_PURPOSE,
        };
      }),
    })),
  };
}

/**
 * The outbox handler of `bank.submit`: builds the file once (then keeps the bytes), refuses to send an invalid one,
 * sends it, and records what the bank said. Throws on an infrastructure failure before anything was sent, so the
 * outbox retries with the same MsgId.
 */
export async function submitBankFile(deps: BankDeps, orgId: string, msgId: string): Promise<void> {
  let msg = await getBankMessage(deps.db, orgId, msgId);
  if (!msg || !['built', 'unknown'].includes(msg.status)) return; // sent before, or refused for good
  if (msg.xml === null) {
    const input = await fileInput(deps.db, deps.box, orgId, msg);
    if (!input) throw new Error(`payment file ${msgId}: its payments or accounts are missing`);
    const built = await buildAndValidate(input, deps.profile);
    const now = deps.clock.now();
    if (!built.ok) {
      await command(deps.db, async (tx) => {
        if (!(await updateBankMessage(tx, orgId, msgId, ['built'], { status: 'invalid', outcome: { errors: built.error } }, now))) return ok(undefined);
        const list = await paymentsOfMessage(tx, orgId, msgId);
        for (const p of list) await setPaymentStatus(tx, orgId, p.id, 'cancelled', { code: 'PAYMENT.FILE_INVALID', text: built.error.map((e) => e.message).join('; ').slice(0, 1000) }, now);
        await reopen(tx, orgId, list);
        await appendAudit(tx, { orgId, actorId: 'job:bank', action: 'bank_file.invalid', subjectType: 'bank_message', subjectId: msgId, after: { errors: built.error.map((e) => ({ code: e.code, path: e.path })) }, at: now });
        return ok(undefined);
      });
      return;
    }
    // The bytes are fixed before the first attempt: every retry sends exactly this file.
    await updateBankMessage(deps.db, orgId, msgId, ['built'], { xml: built.value }, now);
    countBankFile(deps.metrics, 'built');
    msg = (await getBankMessage(deps.db, orgId, msgId))!;
  }
  const debtor = await getDebtorAccount(deps.db, orgId, msg.debtorAccountId);
  const d = debtor ? openAccount(deps.box, debtor.accountEnc) : {};
  const outcome = await deps.bank.submit({ msgId, format: msg.format as 'pain.001.001.09', xml: msg.xml!, debtorAccount: d.iban ?? d.accountNumber ?? '' });
  if (outcome.kind === 'accepted') countBankFile(deps.metrics, 'sent');
  const now = deps.clock.now();
  await command(deps.db, async (tx) => {
    const list = await paymentsOfMessage(tx, orgId, msgId);
    const status = outcome.kind === 'accepted' || outcome.kind === 'duplicate' ? 'submitted' : outcome.kind === 'rejected' ? 'rejected' : 'unknown';
    if (!(await updateBankMessage(tx, orgId, msgId, ['built', 'unknown'], { status, outcome, countAttempt: true }, now))) return ok(undefined);
    if (outcome.kind === 'rejected') {
      for (const p of list) await setPaymentStatus(tx, orgId, p.id, 'rejected', { code: 'FILE_REJECTED', text: outcome.reasons.join('; ').slice(0, 1000) }, now);
      await reopen(tx, orgId, list);
    } else if (outcome.kind !== 'unknown') {
      const today = await orgDate(tx, orgId, now);
      for (const p of list) {
        if (p.status !== 'planned') continue;
        await setPaymentStatus(tx, orgId, p.id, 'submitted', {}, now);
        // The payable is cleared into money in transit, in the ERP's books too.
        await bookPaymentVoucher(tx, deps.ids, orgId, 'payment_submitted', p, today, msg!.debtorAccountId, now);
      }
    }
    await appendAudit(tx, { orgId, actorId: 'job:bank', action: `bank_file.${outcome.kind}`, subjectType: 'bank_message', subjectId: msgId, after: outcome, at: now });
    // Whatever the answer short of a refusal, the bank's own status report settles it: poll for it.
    if (outcome.kind !== 'rejected') await enqueue(tx, [pollMessage(orgId, msgId, 0)]);
    return ok(undefined);
  });
}

/**
 * The outbox handler of `bank.poll`: fetches the status reports the bank has for the file and applies them; throws
 * StillPending while nothing final came back (the outbox asks again with backoff, under the same MsgId: an unknown
 * outcome is reconciled, never sent again under new ids).
 */
export async function pollBankFile(deps: BankDeps, orgId: string, msgId: string): Promise<void> {
  const msg = await getBankMessage(deps.db, orgId, msgId);
  if (!msg || msg.status === 'invalid' || msg.status === 'rejected') return;
  for (const f of await deps.bank.poll(msgId)) {
    if (f.kind !== 'pain.002') continue;
    const applied = await applyStatusReport(deps, orgId, await readStatusReport([f.xml]));
    if (!applied.ok) throw new Error(applied.error.message);
  }
  const list = await paymentsOfMessage(deps.db, orgId, msgId);
  if (msg.status === 'unknown' && list.every((p) => p.status === 'planned')) {
    // The bank never said it has the file: it did not get there. Send the same file again (same MsgId and bytes).
    await enqueue(deps.db, [{ ...submitMessage(orgId, msgId), key: `bank.submit:${orgId}:${msgId}:again:${msg.attempts}` }]);
    return;
  }
  if (list.some((p) => p.status === 'submitted' || p.status === 'planned')) throw new StillPending(`payment file ${msgId}: no final status yet`);
}
