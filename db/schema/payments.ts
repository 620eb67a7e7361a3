// Money out: payees (employees' and suppliers' accounts, numbers encrypted), the organisation's own debtor accounts,
// payment runs, the payments in them (EndToEndId persisted before the first attempt) and the files sent to the bank
// (MsgId likewise).
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const minor = (name: string) => bigint(name, { mode: 'number' });

/** The columns of every stored bank account (payees, pending chat entries, company accounts); a new set per table. */
const accountColumns = () => ({
  holderName: text('holder_name').notNull(),
  bankName: text('bank_name').notNull(),
  /** AES-256-GCM box of `{accountNumber?, iban?}` (the secret box's key id travels inside). */
  accountEnc: text('account_enc').notNull(),
  /** The last four characters, for `尾号1234` without decrypting. */
  accountLast4: text('account_last4').notNull(),
  cnaps: text('cnaps'),
  bic: text('bic'),
  currency: text('currency').notNull(),
});

/** Where an employee's or supplier's money goes. One active row per owner; a change keeps the old one as `replaced`. */
export const payees = pgTable(
  'payees',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    ownerType: text('owner_type').notNull(),
    ownerId: text('owner_id').notNull(),
    ...accountColumns(),
    source: text('source').notNull(),
    holdUntil: ts('hold_until'),
    status: text('status').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('payees_active_owner_uq').on(t.orgId, t.ownerType, t.ownerId).where(sql`${t.status} = 'active'`)],
);

/**
 * An account an employee typed in chat, waiting for them to confirm it on a card: the numbers sealed like a payee's,
 * the rest shown masked. Deleted when confirmed or cancelled; the retention job deletes it once expired.
 */
export const payeeDrafts = pgTable(
  'payee_drafts',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    employeeId: text('employee_id').notNull(),
    channel: text('channel').notNull(),
    chatId: text('chat_id').notNull(),
    locale: text('locale').notNull(),
    ...accountColumns(),
    expiresAt: ts('expires_at').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('payee_drafts_employee_idx').on(t.orgId, t.employeeId), index('payee_drafts_expires_idx').on(t.expiresAt)],
);

/** The organisation's own accounts payments are made from (one per currency is the default). */
export const debtorAccounts = pgTable(
  'debtor_accounts',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    name: text('name').notNull(),
    ...accountColumns(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('debtor_accounts_org_idx').on(t.orgId, t.currency)],
);

/** A proposal of payables to pay, approved through the approval engine, then released to the bank. */
export const paymentRuns = pgTable(
  'payment_runs',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    status: text('status').notNull(),
    preparerId: text('preparer_id').notNull(),
    /** RunItem[]: every payable of the run with its state (included / held / excluded) and reason. */
    items: jsonb('items').notNull(),
    requestId: text('request_id'),
    approvalId: text('approval_id'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('payment_runs_org_idx').on(t.orgId, t.status), uniqueIndex('payment_runs_request_uq').on(t.orgId, t.requestId)],
);

/** One credit transfer. Its EndToEndId is unique in its organisation forever and never regenerated. */
export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    runId: text('run_id').notNull(),
    payableId: text('payable_id').notNull(),
    payeeId: text('payee_id').notNull(),
    ownerType: text('owner_type').notNull(),
    ownerId: text('owner_id').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    endToEndId: text('end_to_end_id').notNull(),
    msgId: text('msg_id').notNull(),
    pmtInfId: text('pmt_inf_id').notNull(),
    status: text('status').notNull(),
    reasonCode: text('reason_code'),
    reasonText: text('reason_text'),
    /** The payment this one pays again after a return (a new EndToEndId linked to the first). */
    retryOf: text('retry_of'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('payments_e2e_uq').on(t.orgId, t.endToEndId),
    index('payments_run_idx').on(t.orgId, t.runId),
    index('payments_owner_idx').on(t.orgId, t.ownerType, t.ownerId),
    check('payments_positive', sql`${t.amountMinor} > 0`),
  ],
);

/** A pain.001 file: built and persisted (with its MsgId) before the first attempt to send it. */
export const bankMessages = pgTable(
  'bank_messages',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    runId: text('run_id').notNull(),
    msgId: text('msg_id').notNull(),
    format: text('format').notNull(),
    debtorAccountId: text('debtor_account_id').notNull(),
    currency: text('currency').notNull(),
    count: integer('count').notNull(),
    totalMinor: minor('total_minor').notNull(),
    /** built → submitted | duplicate | unknown (polled) → accepted | rejected; `invalid` never left (its reasons kept). */
    status: text('status').notNull(),
    xml: text('xml'),
    outcome: jsonb('outcome'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('bank_messages_msg_uq').on(t.orgId, t.msgId), index('bank_messages_run_idx').on(t.orgId, t.runId)],
);

/** Where reading the bank's files got to, per organisation and connector (the `incoming` cursor). */
export const bankCursors = pgTable(
  'bank_cursors',
  {
    orgId: text('org_id').notNull(),
    connector: text('connector').notNull(),
    cursor: text('cursor'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('bank_cursors_uq').on(t.orgId, t.connector)],
);

/** A statement (camt.053) or notification (camt.054) as imported, with the result of its integrity checks. */
export const bankStatements = pgTable(
  'bank_statements',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    debtorAccountId: text('debtor_account_id').notNull(),
    kind: text('kind').notNull(),
    version: text('version').notNull(),
    messageId: text('message_id').notNull(),
    statementId: text('statement_id').notNull(),
    electronicSeq: integer('electronic_seq'),
    legalSeq: integer('legal_seq'),
    /** The header without the account number: balances, dates, sequence numbers. */
    header: jsonb('header').notNull(),
    entries: integer('entries').notNull(),
    /** StatementCheckFailure[]: empty when every applicable check passed. */
    checks: jsonb('checks').notNull(),
    fileName: text('file_name').notNull(),
    importedAt: ts('imported_at').notNull(),
  },
  (t) => [uniqueIndex('bank_statements_uq').on(t.orgId, t.debtorAccountId, t.kind, t.statementId), index('bank_statements_account_idx').on(t.orgId, t.debtorAccountId, t.importedAt)],
);

/** The bank's e-receipt (电子回单) of a settled payment: the file lives in the receipt store, this row links it. */
export const paymentReceipts = pgTable(
  'payment_receipts',
  {
    orgId: text('org_id').notNull(),
    paymentId: text('payment_id').notNull(),
    endToEndId: text('end_to_end_id').notNull(),
    /** The receipt store's key (`<org>/payments/<payment>/receipt`). */
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    fetchedAt: ts('fetched_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.paymentId] })],
);

/**
 * One transaction of an imported statement (`<entry>.<transaction>`, as reconciliation names it), and what became of
 * it: matched to payments by a rule (or by hand), money back for a payment, a bank fee, or open in the exceptions
 * queue until finance resolves it (matched by hand, a fee, written off, not ours). The counterparty account is kept
 * only as its last four characters.
 */
export const bankStatementLines = pgTable(
  'bank_statement_lines',
  {
    orgId: text('org_id').notNull(),
    statementId: text('statement_id').notNull(),
    ref: text('ref').notNull(),
    entryIndex: integer('entry_index').notNull(),
    txIndex: integer('tx_index').notNull(),
    amountMinor: minor('amount_minor'),
    currency: text('currency'),
    creditDebit: text('credit_debit').notNull(),
    booked: boolean('booked').notNull(),
    date: text('date'),
    endToEndId: text('end_to_end_id'),
    counterpartyName: text('counterparty_name'),
    counterpartyLast4: text('counterparty_last4'),
    /** Remittance text and references (at most a few hundred characters). */
    texts: jsonb('texts').notNull(),
    returnReason: text('return_reason'),
    /** matched | returned | fee | explained (an already settled payment booked again) | open | not_ours | written_off | pending (not booked). */
    state: text('state').notNull(),
    paymentIds: text('payment_ids').array().notNull().default(sql`'{}'::text[]`),
    /** What the rules proposed for an open line without being sure: `[{ paymentIds, rule, confidence, reason }]`. */
    suggestions: jsonb('suggestions').notNull().default(sql`'[]'::jsonb`),
    /** The rule that decided (its name), or `manual`. */
    rule: text('rule'),
    decidedBy: text('decided_by'),
    reason: text('reason'),
    decidedAt: ts('decided_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.statementId, t.ref] }), index('bank_statement_lines_state_idx').on(t.orgId, t.state)],
);

/** An organisation's reconciliation rules and threshold (`domain/reconciliation` settings); none stored: the defaults. */
export const reconciliationSettings = pgTable('reconciliation_settings', {
  orgId: text('org_id').primaryKey(),
  settings: jsonb('settings').notNull(),
  version: integer('version').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * A voucher (记账凭证) for the ERP: booked with a number per organisation and month without gaps, or waiting with the
 * reason it could not be booked (a category without an account). One per source and kind: booking again changes nothing.
 */
export const vouchers = pgTable(
  'vouchers',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    /** booked | waiting */
    status: text('status').notNull(),
    /** YYYY-MM-NNNN once booked. */
    number: text('number'),
    period: text('period').notNull(),
    kind: text('kind').notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id').notNull(),
    date: text('date').notNull(),
    memo: text('memo').notNull(),
    lines: jsonb('lines').notNull(),
    reason: text('reason'),
    /** What it was built from (`domain/voucher` VoucherInput): a waiting voucher is built again from it when the chart changes. */
    input: jsonb('input'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('vouchers_source_uq').on(t.orgId, t.kind, t.sourceType, t.sourceId), uniqueIndex('vouchers_number_uq').on(t.orgId, t.number), index('vouchers_period_idx').on(t.orgId, t.period)],
);

/** The last voucher number given per organisation and month: incremented in the booking's transaction, so no gaps. */
export const voucherSequences = pgTable(
  'voucher_sequences',
  {
    orgId: text('org_id').notNull(),
    period: text('period').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.period] })],
);

/** An organisation's chart of accounts for its vouchers (the domain's default until finance saves its own). */
export const voucherCharts = pgTable('voucher_charts', {
  orgId: text('org_id').primaryKey(),
  chart: jsonb('chart').notNull(),
  version: integer('version').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: ts('updated_at').notNull(),
});
