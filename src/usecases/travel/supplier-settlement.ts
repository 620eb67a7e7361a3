// Supplier settlement: fetch a month's statement (对账单) from the travel supplier, match it line by line with our
// orders (domain/travel/settlement.ts), keep the lines and the exceptions with their reasons, and turn the matched
// total into a payable to the supplier, all in one transaction. The fetch happens before the transaction; importing
// the same statement again changes nothing.
import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../../db/database.js';
import { insertPayable } from '../../../db/repos/advances.js';
import { appendAudit } from '../../../db/repos/audit.js';
import {
  completedCompanyOrdersOfMonth,
  insertStatement,
  insertStatementExceptions,
  insertStatementLines,
  ordersBySupplierIds,
  orgsOfSupplierOrders,
  settledLinesBefore,
  statementOfMonth,
  type StatementRow,
} from '../../../db/repos/supplier-settlements.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { isMonth, matchSettlement, signedMinor, SupplierRefusal, type OrderStatus, type PaymentMode, type PriorSettlement, type SettlementLine, type SettlementOrder, type SupplierStatement, type TravelSupplier } from '../../../domain/travel/index.js';
import { actorIdOf, requireRole, type Actor } from '../authorise.js';
import { SUPPLIER_NAME } from '../lifecycle/topics.js';
import { orgDate } from '../org-time.js';
import { dueOnFor } from '../payments/payable-due.js';
import { command } from '../unit-of-work.js';
import { statementView, type StatementView } from './settlement-queries.js';

export interface SettlementDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  /** The travel supplier; without one every import answers SUPPLIER.UNAVAILABLE. */
  supplier?: TravelSupplier | undefined;
  /** The supplier's name in our records (default SUPPLIER_NAME); also the payee id of its payable. */
  supplierName?: string;
  /** PAYABLE_TERMS_DAYS: the supplier's payable falls due that many days after the import, like every payable. */
  config?: { PAYABLE_TERMS_DAYS?: number } | undefined;
}

export interface ImportAnswer {
  /** Absent only when a scheduled import found nothing of the organisation's to settle. */
  statement?: StatementView;
  /** False when the same statement had been imported already (nothing changed). */
  created: boolean;
}

/** The payable's source type: its source id is `<statement id>:<currency>`. */
export const SETTLEMENT_SOURCE = 'supplier_settlement';

/** Fetches a month's statement from the supplier: a refusal it states is SUPPLIER.REFUSED, anything else SUPPLIER.UNAVAILABLE. */
export async function fetchStatement(supplier: TravelSupplier | undefined, month: string): Promise<Result<SupplierStatement>> {
  if (!supplier) return err(domainError('SUPPLIER.UNAVAILABLE', 'no travel supplier is configured (set TRAVEL_SUPPLIER_URL, _KEY and _SECRET)'));
  try {
    return ok(await supplier.fetchSettlement(month));
  } catch (e) {
    if (e instanceof SupplierRefusal) return err(domainError('SUPPLIER.REFUSED', `the supplier refused the ${month} statement: ${e.message}`, { supplierCode: e.code }));
    return err(domainError('SUPPLIER.UNAVAILABLE', `the supplier's ${month} statement could not be fetched: ${(e as Error).message}`));
  }
}

/**
 * Imports and settles the supplier's statement of `month` ('YYYY-MM', not after the organisation's current month) for
 * finance. The same statement again answers the first import (created false); a different one for a month already
 * imported is SETTLEMENT.STATEMENT_CHANGED, or SETTLEMENT.PERIOD_SETTLED once its payable was made.
 */
export async function importSupplierStatement(deps: SettlementDeps, orgId: string, actor: Actor, month: string): Promise<Result<ImportAnswer>> {
  if (!isMonth(month)) return err(domainError('VALIDATION.INVALID', `month must be YYYY-MM, got ${month}`, { field: 'month' }));
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'settling with the travel supplier');
  if (!allowed.ok) return allowed;
  const current = (await orgDate(deps.db, orgId, deps.clock.now())).slice(0, 7);
  if (month > current) return err(domainError('VALIDATION.INVALID', `${month} has not begun yet (it is ${current})`, { field: 'month' }));
  const statement = await fetchStatement(deps.supplier, month);
  if (!statement.ok) return statement;
  return settleStatement(deps, orgId, actor, statement.value);
}

/** sha256 of the lines in a canonical order, so the same statement sent in another order is the same statement. */
export function statementHash(lines: readonly SettlementLine[]): string {
  const canonical = lines.map((l) => JSON.stringify([l.lineId, l.supplierOrderRef, l.clientRef, l.kind, l.amount.minor, l.amount.currency, l.date])).sort();
  return createHash('sha256').update(canonical.join('\n')).digest('hex');
}

/** The answer for a month already imported: the same content is the first import, else why it cannot change. */
function alreadyImported(existing: StatementRow, hash: string): Result<ImportAnswer> {
  if (existing.contentHash === hash) return ok({ statement: statementView(existing), created: false });
  if (existing.status === 'settled')
    return err(domainError('SETTLEMENT.PERIOD_SETTLED', `${existing.month} is settled with the supplier (payable ${(existing.payableIds as string[]).join(', ')}); a different statement cannot replace it, differences go on the next statement`, { statementId: existing.id, month: existing.month }));
  return err(domainError('SETTLEMENT.STATEMENT_CHANGED', `the supplier's ${existing.month} statement differs from the one imported on ${existing.importedAt.toISOString()}`, { statementId: existing.id, month: existing.month }));
}

/**
 * Settles a fetched statement for one organisation in one transaction. The supplier account serves the deployment, so
 * lines of orders another organisation booked are left out (never stored or shown here); lines naming no order of
 * anyone's are this organisation's unknown orders. `skipEmpty` (the scheduled job) records nothing when the
 * organisation has neither lines nor completed orders in the month.
 */
export function settleStatement(deps: SettlementDeps, orgId: string, actor: Actor, statement: SupplierStatement, opts: { skipEmpty?: boolean } = {}): Promise<Result<ImportAnswer>> {
  const supplier = deps.supplierName ?? SUPPLIER_NAME;
  const month = statement.month;
  return command<ImportAnswer>(deps.db, async (tx) => {
    const owners = await orgsOfSupplierOrders(tx, supplier, statement.lines.map((l) => l.supplierOrderRef));
    const lines = statement.lines.filter((l) => (owners.get(l.supplierOrderRef) ?? orgId) === orgId);
    const hash = statementHash(lines);
    const existing = await statementOfMonth(tx, orgId, supplier, month);
    if (existing) return alreadyImported(existing, hash);

    const named = await ordersBySupplierIds(tx, orgId, supplier, lines.map((l) => l.supplierOrderRef));
    const ofMonth = await completedCompanyOrdersOfMonth(tx, orgId, supplier, month);
    if (opts.skipEmpty && lines.length === 0 && ofMonth.length === 0) return ok({ created: false });
    const rows = new Map([...named, ...ofMonth].map((o) => [o.id, o]));
    const orders: SettlementOrder[] = [...rows.values()]
      .filter((o) => o.supplierOrderId)
      .map((o) => ({
        id: o.id,
        supplierOrderId: o.supplierOrderId!,
        clientRef: o.clientRef,
        status: o.status as OrderStatus,
        payment: o.payment as PaymentMode,
        amountMinor: o.amountMinor,
        refundedMinor: o.refundedMinor,
        currency: o.currency,
        serviceDate: o.serviceDate,
      }));
    const prior = new Map<string, { matchedMinor: number; lineIds: Set<string>; month: string }>();
    for (const p of await settledLinesBefore(tx, orgId, supplier, month, orders.map((o) => o.supplierOrderId))) {
      const acc = prior.get(p.supplierOrderRef) ?? { matchedMinor: 0, lineIds: new Set<string>(), month: p.month };
      acc.matchedMinor += signedMinor({ kind: p.kind as SettlementLine['kind'], amount: { minor: p.amountMinor, currency: '' } });
      acc.lineIds.add(p.lineId);
      if (p.month > acc.month) acc.month = p.month;
      prior.set(p.supplierOrderRef, acc);
    }
    const result = matchSettlement({ month, lines, orders, prior: prior as ReadonlyMap<string, PriorSettlement> });

    const now = deps.clock.now();
    const id = deps.ids.next('sst');
    const owed = Object.entries(result.matched).filter(([, minor]) => minor > 0);
    const payables = owed.map(([currency, minor]) => ({ id: deps.ids.next('pay'), currency, minor }));
    const row: StatementRow = {
      id,
      orgId,
      supplier,
      month,
      contentHash: hash,
      status: payables.length > 0 ? 'settled' : 'open',
      lineCount: lines.length,
      exceptionCount: result.exceptions.length,
      billed: result.billed,
      matched: result.matched,
      payableIds: payables.map((p) => p.id),
      importedBy: actorIdOf(actor),
      importedAt: now,
    };
    // A concurrent import of the same month committed first: answer as if this one came second.
    if (!(await insertStatement(tx, row))) return alreadyImported((await statementOfMonth(tx, orgId, supplier, month))!, hash);
    await insertStatementLines(
      tx,
      lines.map((l, i) => {
        const o = result.lines[i]!;
        return {
          id: deps.ids.next('ssl'),
          orgId,
          statementId: id,
          lineNo: i + 1,
          lineId: l.lineId,
          supplierOrderRef: l.supplierOrderRef,
          clientRef: l.clientRef,
          kind: l.kind,
          amountMinor: l.amount.minor,
          currency: l.amount.currency,
          date: l.date,
          status: o.status,
          exception: o.exception ?? null,
          orderId: o.orderId ?? null,
        };
      }),
    );
    await insertStatementExceptions(
      tx,
      result.exceptions.map((e, i) => ({
        id: deps.ids.next('sse'),
        orgId,
        statementId: id,
        position: i + 1,
        kind: e.kind,
        lineNos: e.lineNos,
        supplierOrderRef: e.supplierOrderRef,
        orderId: e.orderId ?? null,
        billedMinor: e.billed?.minor ?? null,
        expectedMinor: e.expected?.minor ?? null,
        currency: e.billed?.currency ?? e.expected?.currency ?? null,
        reason: e.reason,
      })),
    );
    const dueOn = payables.length > 0 ? await dueOnFor(tx, orgId, now, deps.config?.PAYABLE_TERMS_DAYS ?? 0) : '';
    for (const p of payables)
      await insertPayable(tx, { id: p.id, orgId, sourceType: SETTLEMENT_SOURCE, sourceId: `${id}:${p.currency}`, payeeType: 'supplier', payeeId: supplier, amountMinor: p.minor, currency: p.currency, status: 'open', dueOn, createdAt: now });
    await auditImport(tx, row, result.exceptions.map((e) => e.kind));
    return ok({ statement: statementView(row), created: true });
  });
}

async function auditImport(tx: Tx, row: StatementRow, kinds: readonly string[]): Promise<void> {
  const counts: Record<string, number> = {};
  for (const k of kinds) counts[k] = (counts[k] ?? 0) + 1;
  await appendAudit(tx, {
    orgId: row.orgId,
    actorId: row.importedBy,
    action: 'supplier_settlement.imported',
    subjectType: 'supplier_statement',
    subjectId: row.id,
    before: null,
    after: { supplier: row.supplier, month: row.month, contentHash: row.contentHash, status: row.status, lines: row.lineCount, exceptions: counts, billed: row.billed, matched: row.matched, payableIds: row.payableIds },
    at: row.importedAt,
  });
}
