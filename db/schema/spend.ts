// The travel and expense lifecycle: supplier orders of approved trips, expense lines with invoices and receipts, card
// feed transactions, advances and their movements, and payables for the payments module.
import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const minor = (name: string) => bigint(name, { mode: 'number' });

/** One booking with the travel supplier for an approved trip (a flight, train or hotel). */
export const supplierOrders = pgTable(
  'supplier_orders',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    tripId: text('trip_id').notNull(),
    supplier: text('supplier').notNull(),
    /** Our idempotency key for the booking call: `<tripId>:<leg>`. */
    clientRef: text('client_ref').notNull(),
    supplierOrderId: text('supplier_order_id'),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    payment: text('payment').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    refundedMinor: minor('refunded_minor').notNull().default(0),
    currency: text('currency').notNull(),
    offer: jsonb('offer').notNull(),
    expenseLineId: text('expense_line_id'),
    error: text('error'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('supplier_orders_ref_uq').on(t.orgId, t.clientRef),
    uniqueIndex('supplier_orders_supplier_id_uq').on(t.supplier, t.supplierOrderId),
    index('supplier_orders_trip_idx').on(t.orgId, t.tripId),
  ],
);

/** One spend. `source` + `source_ref` is unique, so a repeated callback or import never makes a second line. */
export const expenseLines = pgTable(
  'expense_lines',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    employeeId: text('employee_id').notNull(),
    departmentId: text('department_id').notNull(),
    category: text('category').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    date: text('date').notNull(),
    merchant: text('merchant'),
    description: text('description'),
    applicationId: text('application_id'),
    source: text('source').notNull(),
    sourceRef: text('source_ref'),
    paidBy: text('paid_by').notNull(),
    status: text('status').notNull(),
    reimbursementId: text('reimbursement_id'),
    invoiceId: text('invoice_id'),
    cardTxnId: text('card_txn_id'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('expense_lines_source_uq').on(t.orgId, t.source, t.sourceRef),
    index('expense_lines_employee_idx').on(t.orgId, t.employeeId, t.status),
    index('expense_lines_application_idx').on(t.orgId, t.applicationId),
    index('expense_lines_reimbursement_idx').on(t.orgId, t.reimbursementId).where(sql`${t.reimbursementId} IS NOT NULL`),
    // Card matching looks up open, unmatched lines by exact amount.
    index('expense_lines_match_idx').on(t.orgId, t.currency, t.amountMinor).where(sql`${t.cardTxnId} IS NULL AND ${t.status} IN ('draft', 'open', 'claimed')`),
    check('expense_lines_positive', sql`${t.amountMinor} > 0`),
  ],
);

/** An invoice or receipt recorded on a line; `data` holds every field as given (VAT fields or a foreign receipt). */
export const invoices = pgTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    lineId: text('line_id').notNull(),
    kind: text('kind').notNull(),
    number: text('number').notNull(),
    code: text('code'),
    totalMinor: minor('total_minor').notNull(),
    currency: text('currency').notNull(),
    issueDate: text('issue_date').notNull(),
    data: jsonb('data').notNull(),
    source: text('source').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('invoices_line_idx').on(t.orgId, t.lineId)],
);

/** Every identity key of every invoice in the organisation: the primary key is the duplicate check, race-free. */
export const invoiceKeys = pgTable(
  'invoice_keys',
  {
    orgId: text('org_id').notNull(),
    key: text('key').notNull(),
    invoiceId: text('invoice_id').notNull(),
    lineId: text('line_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);

/** A stored receipt file (image or PDF) attached to a line. */
export const receipts = pgTable(
  'receipts',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    lineId: text('line_id').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    filename: text('filename'),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('receipts_line_idx').on(t.orgId, t.lineId)],
);

/** One import (a CSV file or a JSON push) and what became of its rows. */
export const cardImports = pgTable('card_imports', {
  id: text('id').primaryKey(),
  orgId: text('org_id').notNull(),
  provider: text('provider').notNull(),
  source: text('source').notNull(),
  rows: integer('rows').notNull(),
  accepted: integer('accepted').notNull(),
  duplicates: integer('duplicates').notNull(),
  matched: integer('matched').notNull(),
  drafted: integer('drafted').notNull(),
  errors: jsonb('errors').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
});

/** A corporate card or payment transaction from a provider feed. */
export const cardTransactions = pgTable(
  'card_transactions',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    provider: text('provider').notNull(),
    externalId: text('external_id').notNull(),
    importId: text('import_id').notNull(),
    employeeId: text('employee_id'),
    cardLast4: text('card_last4'),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    txnDate: text('txn_date').notNull(),
    postedDate: text('posted_date').notNull(),
    merchant: text('merchant').notNull(),
    mcc: text('mcc'),
    /** matched (to an existing line), drafted (a draft line awaits the employee), unassigned (no employee known), refund. */
    status: text('status').notNull(),
    lineId: text('line_id'),
    matchScore: integer('match_score'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('card_transactions_ext_uq').on(t.orgId, t.provider, t.externalId), index('card_transactions_import_idx').on(t.importId)],
);

/** An advance (借款); the request row (same id) carries the approval. */
export const advances = pgTable(
  'advances',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    employeeId: text('employee_id').notNull(),
    applicationId: text('application_id'),
    amountMinor: minor('amount_minor').notNull(),
    outstandingMinor: minor('outstanding_minor').notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('advances_employee_idx').on(t.orgId, t.employeeId, t.status),
    check('advances_outstanding_range', sql`${t.outstandingMinor} >= 0 AND ${t.outstandingMinor} <= ${t.amountMinor}`),
  ],
);

/** Offsets (by a reimbursement) and repayments of an advance. */
export const advanceMovements = pgTable(
  'advance_movements',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    advanceId: text('advance_id').notNull(),
    kind: text('kind').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    refId: text('ref_id').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [uniqueIndex('advance_movements_ref_uq').on(t.advanceId, t.kind, t.refId)],
);

/** Money the company owes (to an employee: a reimbursement or an advance) for the payments module to pay. */
export const payables = pgTable(
  'payables',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id').notNull(),
    payeeType: text('payee_type').notNull(),
    payeeId: text('payee_id').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    /** open → in_run (reserved by a run) → paying → paid; back to open when a run is cancelled or a payment fails. */
    status: text('status').notNull(),
    /** The run holding it while in_run / paying. */
    runId: text('run_id'),
    /**
     * The day it falls due (the organisation's date at creation + PAYABLE_TERMS_DAYS, see payable-due.ts). Rows from
     * before the column were backfilled by a hand-written migration (payables_due_on_backfill) before it became required.
     */
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /**
     * Set when a payment of it came back (退票): runs hold it (AWAITING_PAYEE_CONFIRMATION) until the employee confirms
     * their account or changes it.
     */
    awaitingPayeeSince: ts('awaiting_payee_since'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('payables_source_uq').on(t.orgId, t.sourceType, t.sourceId),
    index('payables_status_idx').on(t.orgId, t.status),
    index('payables_open_due_idx').on(t.orgId, t.dueOn).where(sql`${t.status} = 'open'`),
    check('payables_positive', sql`${t.amountMinor} > 0`),
  ],
);

/**
 * A file an employee sent the bot in chat (a photographed receipt, a PDF, an e-invoice XML), once per platform message
 * and file (`source_key` = platform:message:file, unique per organisation: a redelivered event or retried fetch finds
 * it and does nothing again). Says what was read, the line it went to, and whether the employee confirmed it.
 */
export const chatReceipts = pgTable(
  'chat_receipts',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    sourceKey: text('source_key').notNull(),
    employeeId: text('employee_id').notNull(),
    /** read (waiting for the employee's confirm) · confirmed · refused (a duplicate invoice, a file we do not read). */
    status: text('status').notNull(),
    lineId: text('line_id'),
    receiptId: text('receipt_id'),
    /** The stored file when no line took it (nothing could be read from it). */
    storageKey: text('storage_key'),
    contentType: text('content_type'),
    filename: text('filename'),
    /** How the invoice data was read: xml (deterministic), model (a suggestion), none. */
    readBy: text('read_by').notNull(),
    /** What was read (an e-invoice's fields, or a model's suggestion to attach on confirm). */
    invoice: jsonb('invoice'),
    /** The refusal's code and message, for a refused file. */
    refusal: jsonb('refusal'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('chat_receipts_source_uq').on(t.orgId, t.sourceKey), index('chat_receipts_employee_idx').on(t.orgId, t.employeeId)],
);
