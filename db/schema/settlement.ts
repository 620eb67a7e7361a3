// Supplier settlement: a travel supplier's monthly statement (对账单) as imported for one organisation, its lines with
// the outcome of matching, and the exceptions with their reasons. The matched total becomes a payable to the supplier.
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const minor = (name: string) => bigint(name, { mode: 'number' });

/** One month of one supplier for one organisation: imported once; a different statement later is refused. */
export const supplierStatements = pgTable(
  'supplier_statements',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    supplier: text('supplier').notNull(),
    /** 'YYYY-MM'. */
    month: text('month').notNull(),
    /** sha256 of the organisation's lines in canonical form: the same statement again changes nothing. */
    contentHash: text('content_hash').notNull(),
    /** `settled` (a payable was made for the matched total) or `open` (nothing to pay). */
    status: text('status').notNull(),
    lineCount: integer('line_count').notNull(),
    exceptionCount: integer('exception_count').notNull(),
    /** Signed totals per currency: `{ CNY: 128000 }`. */
    billed: jsonb('billed').notNull(),
    matched: jsonb('matched').notNull(),
    /** The payables made for the matched total (one per currency owed). */
    payableIds: jsonb('payable_ids').notNull(),
    importedBy: text('imported_by').notNull(),
    importedAt: ts('imported_at').notNull(),
  },
  (t) => [uniqueIndex('supplier_statements_month_uq').on(t.orgId, t.supplier, t.month), index('supplier_statements_org_idx').on(t.orgId, t.importedAt)],
);

/** A statement line as the supplier sent it, with what matching made of it. */
export const supplierStatementLines = pgTable(
  'supplier_statement_lines',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    statementId: text('statement_id').notNull(),
    lineNo: integer('line_no').notNull(),
    /** The supplier's line id. */
    lineId: text('line_id').notNull(),
    supplierOrderRef: text('supplier_order_ref').notNull(),
    clientRef: text('client_ref').notNull(),
    kind: text('kind').notNull(),
    /** As billed, never negative: a `refund` line credits it. */
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    date: text('date').notNull(),
    /** matched | exception. */
    status: text('status').notNull(),
    exception: text('exception'),
    /** Our supplier order, when the line names one of ours. */
    orderId: text('order_id'),
  },
  (t) => [
    uniqueIndex('supplier_statement_lines_no_uq').on(t.orgId, t.statementId, t.lineNo),
    index('supplier_statement_lines_order_idx').on(t.orgId, t.supplierOrderRef),
    check('supplier_statement_lines_amount', sql`${t.amountMinor} >= 0`),
  ],
);

/** Why a line (or a missing order) was not settled, for finance to take up with the supplier. */
export const supplierStatementExceptions = pgTable(
  'supplier_statement_exceptions',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    statementId: text('statement_id').notNull(),
    /** Order of the exceptions as matching found them. */
    position: integer('position').notNull(),
    kind: text('kind').notNull(),
    /** The statement lines it is about (empty for a missing order). */
    lineNos: jsonb('line_nos').notNull(),
    supplierOrderRef: text('supplier_order_ref').notNull(),
    orderId: text('order_id'),
    billedMinor: minor('billed_minor'),
    expectedMinor: minor('expected_minor'),
    currency: text('currency'),
    /** `{ zh, en }`. */
    reason: jsonb('reason').notNull(),
  },
  (t) => [uniqueIndex('supplier_statement_exceptions_pos_uq').on(t.orgId, t.statementId, t.position)],
);
