// What a run paid: its payments (ids, status, reason) and its bank files (MsgId, status, outcome), without the XML.
import type { Db } from '../../../db/database.js';
import { bankMessagesOfRun, paymentsOfRun } from '../../../db/repos/payments.js';

export async function runPaymentsOf(deps: { db: Db }, orgId: string, runId: string) {
  const payments = (await paymentsOfRun(deps.db, orgId, runId)).map((p) => ({
    id: p.id,
    payableId: p.payableId,
    owner: { type: p.ownerType, id: p.ownerId },
    amount: { minor: p.amountMinor, currency: p.currency },
    endToEndId: p.endToEndId,
    msgId: p.msgId,
    status: p.status,
    ...(p.reasonCode ? { reason: { code: p.reasonCode, text: p.reasonText } } : {}),
    ...(p.retryOf ? { retryOf: p.retryOf } : {}),
  }));
  const files = (await bankMessagesOfRun(deps.db, orgId, runId)).map((m) => ({ msgId: m.msgId, format: m.format, currency: m.currency, count: m.count, totalMinor: m.totalMinor, status: m.status, attempts: m.attempts, outcome: m.outcome }));
  return { payments, files };
}
