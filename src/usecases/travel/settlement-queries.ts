// Supplier settlement statements as finance reads them: totals as money, every line with what matching made of it,
// and the exceptions with their reasons.
import type { Db } from '../../../db/database.js';
import { exceptionsOfStatement, getStatement, linesOfStatement, listStatements, type StatementRow } from '../../../db/repos/supplier-settlements.js';
import { domainError, err, ok, type Result } from '../../../domain/shared/index.js';
import type { Reason, SettlementExceptionKind, SettlementLineKind } from '../../../domain/travel/index.js';
import { requireRole, type Actor } from '../authorise.js';

type Money = { minor: number; currency: string };

export interface StatementView {
  id: string;
  supplier: string;
  month: string;
  /** settled: a payable was made for the matched total; open: nothing to pay. */
  status: 'settled' | 'open';
  lineCount: number;
  exceptionCount: number;
  /** What the supplier asks for, per currency (refunds subtracted). */
  billed: Money[];
  /** What matched our orders and is owed, per currency. */
  matched: Money[];
  payableIds: string[];
  contentHash: string;
  importedBy: string;
  importedAt: string;
}

export interface StatementDetail extends StatementView {
  lines: { lineNo: number; lineId: string; supplierOrderRef: string; clientRef: string; kind: SettlementLineKind; amount: Money; date: string; status: 'matched' | 'exception'; exception?: SettlementExceptionKind; orderId?: string }[];
  exceptions: { kind: SettlementExceptionKind; lineNos: number[]; supplierOrderRef: string; orderId?: string; billed?: Money; expected?: Money; reason: Reason }[];
}

const totals = (x: unknown): Money[] =>
  Object.entries((x ?? {}) as Record<string, number>)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => ({ minor, currency }));

export function statementView(r: StatementRow): StatementView {
  return {
    id: r.id,
    supplier: r.supplier,
    month: r.month,
    status: r.status as StatementView['status'],
    lineCount: r.lineCount,
    exceptionCount: r.exceptionCount,
    billed: totals(r.billed),
    matched: totals(r.matched),
    payableIds: r.payableIds as string[],
    contentHash: r.contentHash,
    importedBy: r.importedBy,
    importedAt: r.importedAt.toISOString(),
  };
}

/** Imported statements, newest month first (finance). */
export async function supplierStatementsOf(deps: { db: Db }, orgId: string, actor: Actor): Promise<Result<StatementView[]>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing supplier settlements');
  if (!allowed.ok) return allowed;
  return ok((await listStatements(deps.db, orgId)).map(statementView));
}

/** One statement with its lines and exceptions (finance); another organisation's id is NOT_FOUND. */
export async function supplierStatementDetail(deps: { db: Db }, orgId: string, actor: Actor, id: string): Promise<Result<StatementDetail>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing supplier settlements');
  if (!allowed.ok) return allowed;
  const row = await getStatement(deps.db, orgId, id);
  if (!row) return err(domainError('NOT_FOUND', `no supplier statement ${id}`));
  const lines = await linesOfStatement(deps.db, orgId, id);
  const exceptions = await exceptionsOfStatement(deps.db, orgId, id);
  return ok({
    ...statementView(row),
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      lineId: l.lineId,
      supplierOrderRef: l.supplierOrderRef,
      clientRef: l.clientRef,
      kind: l.kind as SettlementLineKind,
      amount: { minor: l.amountMinor, currency: l.currency },
      date: l.date,
      status: l.status as 'matched' | 'exception',
      ...(l.exception ? { exception: l.exception as SettlementExceptionKind } : {}),
      ...(l.orderId ? { orderId: l.orderId } : {}),
    })),
    exceptions: exceptions.map((e) => ({
      kind: e.kind as SettlementExceptionKind,
      lineNos: e.lineNos as number[],
      supplierOrderRef: e.supplierOrderRef,
      ...(e.orderId ? { orderId: e.orderId } : {}),
      ...(e.billedMinor !== null && e.currency ? { billed: { minor: e.billedMinor, currency: e.currency } } : {}),
      ...(e.expectedMinor !== null && e.currency ? { expected: { minor: e.expectedMinor, currency: e.currency } } : {}),
      reason: e.reason as Reason,
    })),
  });
}
