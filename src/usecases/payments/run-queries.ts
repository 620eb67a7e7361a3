// What a run paid: its payments (ids, status, reason) and its bank files (MsgId, status, outcome), without the XML.
import type { Db } from '../../../db/database.js';
import { bankMessagesOfRun, listBankStatements, paymentsOfRun } from '../../../db/repos/payments.js';
import { ok, type Result } from '../../../domain/shared/index.js';
import { requireRole, type Actor } from '../authorise.js';

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

/** Imported statements with their check results (finance only); no account numbers. */
export async function bankStatementsOf(deps: { db: Db }, orgId: string, actor: Actor): Promise<Result<unknown[]>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing bank statements');
  if (!allowed.ok) return allowed;
  return ok(
    (await listBankStatements(deps.db, orgId)).map((s) => ({
      id: s.id,
      debtorAccountId: s.debtorAccountId,
      kind: s.kind,
      version: s.version,
      statementId: s.statementId,
      electronicSequence: s.electronicSeq,
      header: s.header,
      entries: s.entries,
      checks: s.checks,
      fileName: s.fileName,
      importedAt: s.importedAt.toISOString(),
    })),
  );
}
