// What a payment run's final approval decision does, inside the approval's transaction: approved → each included
// payable gets its payment with an EndToEndId, each bank batch its file with a MsgId (both persisted here, before any
// attempt, and never regenerated), held items go back to the pool, and the files are queued for the bank; rejected or
// withdrawn → the run is cancelled and its payables are open again.
import type { Tx } from '../../../db/database.js';
import type { RequestRow } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { insertBankMessages, insertPayments, lastFailedPayments, runOfRequest, setRunPayables, updateRun } from '../../../db/repos/payments.js';
import { batchesOf, isoId, type RunItem } from '../../../domain/payment/index.js';
import { ok, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { VersionConflict } from '../unit-of-work.js';
import { submitMessage } from './topics.js';

/** The file format runs are written in (pain.001.001.09 unless the deployment's bank profile says otherwise). */
export const PAIN001_FORMAT = 'pain.001.001.09';

export async function paymentRunApproved(tx: Tx, deps: { ids: IdGenerator }, request: RequestRow, actorId: string, now: Date): Promise<Result<void>> {
  const run = await runOfRequest(tx, request.orgId, request.id, true);
  if (!run || run.status !== 'pending_approval') return ok(undefined); // decided before: nothing twice
  const items = run.items as RunItem[];
  const orgId = run.orgId;
  const payments = [];
  const messages = [];
  // A payable paid again after a rejection or a return: the new payment (new EndToEndId) names the one that failed.
  const retryOf = await lastFailedPayments(tx, orgId, items.filter((i) => i.state === 'included').map((i) => i.payableId));
  for (const b of batchesOf(items)) {
    const msgId = isoId('MSG', deps.ids.next('msg'));
    const pmtInfId = isoId('PMI', deps.ids.next('pmi'));
    messages.push({ id: deps.ids.next('bmsg'), orgId, runId: run.id, msgId, format: PAIN001_FORMAT, debtorAccountId: b.debtorAccountId, currency: b.currency, count: b.count, totalMinor: b.totalMinor, status: 'built', xml: null, outcome: null, attempts: 0, createdAt: now, updatedAt: now });
    for (const i of items.filter((x) => x.state === 'included' && x.amount.currency === b.currency && x.debtorAccountId === b.debtorAccountId)) {
      const id = deps.ids.next('pmt');
      payments.push({ id, orgId, runId: run.id, payableId: i.payableId, payeeId: i.payeeId!, ownerType: i.owner.type, ownerId: i.owner.id, amountMinor: i.amount.minor, currency: i.amount.currency, endToEndId: isoId('E2E', id), msgId, pmtInfId, status: 'planned', reasonCode: null, reasonText: null, retryOf: retryOf.get(i.payableId) ?? null, createdAt: now, updatedAt: now });
    }
  }
  await insertPayments(tx, payments);
  await insertBankMessages(tx, messages);
  await setRunPayables(tx, orgId, run.id, payments.map((p) => p.payableId), ['in_run'], 'paying');
  const notPaid = items.filter((i) => i.state === 'held').map((i) => i.payableId);
  await setRunPayables(tx, orgId, run.id, notPaid, ['in_run'], 'open');
  if (!(await updateRun(tx, orgId, run.id, run.version, { status: 'released' }, now))) throw new VersionConflict(`payment run ${run.id}`);
  await appendAudit(tx, { orgId, actorId, action: 'payment_run.released', subjectType: 'payment_run', subjectId: run.id, after: { files: messages.map((m) => ({ msgId: m.msgId, currency: m.currency, count: m.count, totalMinor: m.totalMinor })), payments: payments.length, heldBack: notPaid.length }, at: now });
  await enqueue(tx, messages.map((m) => submitMessage(orgId, m.msgId)));
  return ok(undefined);
}

export async function paymentRunClosed(tx: Tx, request: RequestRow, actorId: string, now: Date): Promise<Result<void>> {
  const run = await runOfRequest(tx, request.orgId, request.id, true);
  if (!run || run.status !== 'pending_approval') return ok(undefined);
  const items = run.items as RunItem[];
  await setRunPayables(tx, run.orgId, run.id, items.map((i) => i.payableId), ['in_run'], 'open');
  if (!(await updateRun(tx, run.orgId, run.id, run.version, { status: 'cancelled' }, now))) throw new VersionConflict(`payment run ${run.id}`);
  await appendAudit(tx, { orgId: run.orgId, actorId, action: 'payment_run.cancelled', subjectType: 'payment_run', subjectId: run.id, after: { status: request.status }, at: now });
  return ok(undefined);
}
