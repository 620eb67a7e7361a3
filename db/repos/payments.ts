// Payees, debtor accounts, payment runs, payments and bank messages; every function takes the organisation.
import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { bankCursors, bankMessages, bankStatements, debtorAccounts, payables, payees, paymentReceipts, paymentRuns, payments } from '../schema/index.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { runStatement, type Executor, type Statement } from '../database.js';
import { activeTraceParent } from './outbox.js';

export type PayeeRow = typeof payees.$inferSelect;
export type DebtorAccountRow = typeof debtorAccounts.$inferSelect;
export type PaymentRunRow = typeof paymentRuns.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type BankMessageRow = typeof bankMessages.$inferSelect;
export type PaymentReceiptRow = typeof paymentReceipts.$inferSelect;

/** The active payee of an owner, locked for update when `lock` (a change). */
export async function activePayee(db: Executor, orgId: string, ownerType: string, ownerId: string, lock = false): Promise<PayeeRow | undefined> {
  const q = db
    .select()
    .from(payees)
    .where(and(eq(payees.orgId, orgId), eq(payees.ownerType, ownerType), eq(payees.ownerId, ownerId), eq(payees.status, 'active')));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

/** Makes `row` the owner's active payee; the previous one (if any) is kept as `replaced`. */
export async function replacePayee(tx: Executor, row: typeof payees.$inferInsert, previousId: string | undefined, now: Date): Promise<void> {
  if (previousId) await tx.update(payees).set({ status: 'replaced', updatedAt: now }).where(and(eq(payees.orgId, row.orgId), eq(payees.id, previousId)));
  await tx.insert(payees).values(row);
}

/** Active payees of these owners (`type:id` keys). */
export async function activePayeesOf(db: Executor, orgId: string, owners: readonly { type: string; id: string }[]): Promise<PayeeRow[]> {
  if (owners.length === 0) return [];
  const ids = [...new Set(owners.map((o) => o.id))];
  const rows = await db.select().from(payees).where(and(eq(payees.orgId, orgId), eq(payees.status, 'active'), inArray(payees.ownerId, ids)));
  const wanted = new Set(owners.map((o) => `${o.type}:${o.id}`));
  return rows.filter((r) => wanted.has(`${r.ownerType}:${r.ownerId}`));
}

export async function payeesByIds(db: Executor, orgId: string, ids: readonly string[]): Promise<PayeeRow[]> {
  if (ids.length === 0) return [];
  // One array parameter: a statement's payments may name more payees than the protocol's 65,535 bind parameters.
  return db.select().from(payees).where(and(eq(payees.orgId, orgId), sql`${payees.id} = ANY(${sql.param([...ids])}::text[])`));
}

export async function listPayees(db: Executor, orgId: string, f: { ownerType?: string; ownerId?: string } = {}): Promise<PayeeRow[]> {
  const conds = [eq(payees.orgId, orgId), eq(payees.status, 'active')];
  if (f.ownerType) conds.push(eq(payees.ownerType, f.ownerType));
  if (f.ownerId) conds.push(eq(payees.ownerId, f.ownerId));
  return db.select().from(payees).where(and(...conds)).orderBy(asc(payees.ownerType), asc(payees.ownerId));
}

export async function insertDebtorAccount(db: Executor, row: typeof debtorAccounts.$inferInsert): Promise<void> {
  await db.insert(debtorAccounts).values(row);
}

export async function listDebtorAccounts(db: Executor, orgId: string): Promise<DebtorAccountRow[]> {
  return db.select().from(debtorAccounts).where(eq(debtorAccounts.orgId, orgId)).orderBy(asc(debtorAccounts.createdAt), asc(debtorAccounts.id));
}

export async function getDebtorAccount(db: Executor, orgId: string, id: string): Promise<DebtorAccountRow | undefined> {
  const [r] = await db.select().from(debtorAccounts).where(and(eq(debtorAccounts.orgId, orgId), eq(debtorAccounts.id, id)));
  return r;
}

/** Open payables not held by any run that fall due by `dueBy` (YYYY-MM-DD), in due-date order. */
export async function openPayables(db: Executor, orgId: string, dueBy: string) {
  return db
    .select()
    .from(payables)
    .where(and(eq(payables.orgId, orgId), eq(payables.status, 'open'), lte(payables.dueOn, dueBy)))
    .orderBy(asc(payables.dueOn), asc(payables.createdAt), asc(payables.id));
}

/**
 * Reserves open payables for a run in one statement: only those still open are taken (a concurrent run took the
 * others), so no payable is ever in two runs. Returns the ids reserved.
 */
export async function reservePayables(tx: Executor, orgId: string, runId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .update(payables)
    .set({ status: 'in_run', runId })
    .where(and(eq(payables.orgId, orgId), eq(payables.status, 'open'), inArray(payables.id, [...ids])))
    .returning({ id: payables.id });
  return rows.map((r) => r.id);
}

/** Moves a run's payables from one status to another (`open` clears the run). */
export async function setRunPayables(tx: Executor, orgId: string, runId: string, ids: readonly string[], from: readonly string[], to: 'open' | 'in_run' | 'paying' | 'paid'): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await tx
    .update(payables)
    .set({ status: to, runId: to === 'open' ? null : runId })
    .where(and(eq(payables.orgId, orgId), eq(payables.runId, runId), inArray(payables.status, [...from]), inArray(payables.id, [...ids])))
    .returning({ id: payables.id });
  return rows.length;
}

export async function payablesByIds(db: Executor, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.select().from(payables).where(and(eq(payables.orgId, orgId), anyOf(payables.id, ids)));
}

const NOTICE_FACTS: Statement = {
  name: 'payments_notice_facts',
  text: `SELECT 'payable' AS kind, id, source_id AS value FROM payables WHERE org_id = $1 AND id = ANY($2::text[])
         UNION ALL
         SELECT 'payee', id, account_last4 FROM payees WHERE org_id = $1 AND id = ANY($3::text[])`,
};

/**
 * What a notice to an employee says of their payment, for many at once in one statement: the request each payable
 * pays (its source) and each payee account's last four digits (nothing else of the account is read).
 */
export async function noticeFacts(db: Executor, orgId: string, payableIds: readonly string[], payeeIds: readonly string[]): Promise<{ requestOf: Map<string, string>; last4Of: Map<string, string | null> }> {
  const requestOf = new Map<string, string>();
  const last4Of = new Map<string, string | null>();
  if (payableIds.length === 0 && payeeIds.length === 0) return { requestOf, last4Of };
  for (const r of await runStatement<{ kind: string; id: string; value: string | null }>(db, NOTICE_FACTS, [orgId, [...payableIds], [...payeeIds]])) {
    if (r.kind === 'payable') requestOf.set(r.id, r.value!);
    else last4Of.set(r.id, r.value);
  }
  return { requestOf, last4Of };
}

export async function insertRun(tx: Executor, row: typeof paymentRuns.$inferInsert): Promise<void> {
  await tx.insert(paymentRuns).values(row);
}

export async function getRun(db: Executor, orgId: string, id: string, lock = false): Promise<PaymentRunRow | undefined> {
  const q = db.select().from(paymentRuns).where(and(eq(paymentRuns.orgId, orgId), eq(paymentRuns.id, id)));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

export async function runOfRequest(db: Executor, orgId: string, requestId: string, lock = false): Promise<PaymentRunRow | undefined> {
  const q = db.select().from(paymentRuns).where(and(eq(paymentRuns.orgId, orgId), eq(paymentRuns.requestId, requestId)));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

export async function listRuns(db: Executor, orgId: string): Promise<PaymentRunRow[]> {
  return db.select().from(paymentRuns).where(eq(paymentRuns.orgId, orgId)).orderBy(asc(paymentRuns.createdAt), asc(paymentRuns.id));
}

/** Updates a run if it is still at `version`; false when someone changed it first. */
export async function updateRun(tx: Executor, orgId: string, id: string, version: number, set: Partial<Pick<PaymentRunRow, 'status' | 'items' | 'requestId' | 'approvalId'>>, now: Date): Promise<boolean> {
  const rows = await tx
    .update(paymentRuns)
    .set({ ...set, version: version + 1, updatedAt: now })
    .where(and(eq(paymentRuns.orgId, orgId), eq(paymentRuns.id, id), eq(paymentRuns.version, version)))
    .returning({ id: paymentRuns.id });
  return rows.length > 0;
}

export async function insertPayments(tx: Executor, rows: (typeof payments.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await tx.insert(payments).values(rows);
}

export async function paymentsOfRun(db: Executor, orgId: string, runId: string): Promise<PaymentRow[]> {
  return db.select().from(payments).where(and(eq(payments.orgId, orgId), eq(payments.runId, runId))).orderBy(asc(payments.createdAt), asc(payments.id));
}

export async function paymentsOfMessage(db: Executor, orgId: string, msgId: string): Promise<PaymentRow[]> {
  return db.select().from(payments).where(and(eq(payments.orgId, orgId), eq(payments.msgId, msgId))).orderBy(asc(payments.id));
}

export async function paymentsByEndToEnd(db: Executor, orgId: string, ids: readonly string[], lock = false): Promise<PaymentRow[]> {
  if (ids.length === 0) return [];
  const q = db.select().from(payments).where(and(eq(payments.orgId, orgId), inArray(payments.endToEndId, [...ids])));
  return lock ? q.for('update') : q;
}

/**
 * `column = ANY($1)`: one array parameter however many ids (a statement import names more payments than the
 * protocol's 65,535 bind parameters, which `inArray` spends one each of).
 */
const anyOf = (column: AnyPgColumn, ids: readonly string[]) => sql`${column} = ANY(${sql.param([...ids])}::text[])`;

const MOVE_ANNOUNCED: Statement = {
  name: 'payments_move_announced',
  text: `WITH m AS MATERIALIZED (
           SELECT * FROM ROWS FROM (jsonb_to_recordset($3::jsonb) AS (id text, from_status text, code text, text text)) WITH ORDINALITY AS m(id, from_status, code, text, n)),
         moved AS (
           UPDATE payments p SET status = $4::text, reason_code = m.code, reason_text = m.text, updated_at = $2::timestamptz
             FROM m
            WHERE p.org_id = $1 AND p.id = m.id AND p.status = m.from_status
           RETURNING p.id, p.end_to_end_id, p.msg_id, p.run_id, p.payable_id, p.owner_type, p.owner_id, p.amount_minor, p.currency, m.from_status, m.code, m.text, m.n),
         audited AS (
           INSERT INTO audit_log (org_id, actor_id, via, action, subject_type, subject_id, before, after, at)
           SELECT $1, $5::text, $6::text, 'payment.' || $4::text, 'payment', moved.id, jsonb_build_object('status', moved.from_status),
                  jsonb_build_object('status', $4::text, 'endToEndId', moved.end_to_end_id) || CASE WHEN moved.code <> '' THEN jsonb_build_object('reason', moved.code) ELSE '{}'::jsonb END,
                  $2::timestamptz
             FROM moved ORDER BY moved.n),
         announced AS (
           INSERT INTO outbox (org_id, topic, payload, key, trace_parent)
           SELECT $1, $7::text,
                  jsonb_build_object('id', 'payment:' || moved.id || ':' || $4::text || '#0', 'type', 'payment.' || $4::text, 'orgId', $1::text, 'subject', jsonb_build_object('type', 'payment', 'id', moved.id), 'at', $8::text,
                    'payload', jsonb_build_object('status', $4::text, 'from', moved.from_status, 'endToEndId', moved.end_to_end_id, 'msgId', moved.msg_id, 'runId', moved.run_id, 'payableId', moved.payable_id,
                                 'owner', jsonb_build_object('type', moved.owner_type, 'id', moved.owner_id), 'amount', jsonb_build_object('minor', moved.amount_minor, 'currency', moved.currency))
                               || CASE WHEN moved.code <> '' THEN jsonb_build_object('reason', jsonb_build_object('code', moved.code) || CASE WHEN moved.text <> '' THEN jsonb_build_object('text', moved.text) ELSE '{}'::jsonb END) ELSE '{}'::jsonb END),
                  'payment:' || moved.id || ':' || $4::text || '#0', $9::text
             FROM moved ORDER BY moved.n
           ON CONFLICT (key) DO NOTHING)
         SELECT id FROM moved`,
};

/** Who moves payments, and where their moves are announced (the caller's audit actor and credential, the outbox topic). */
export interface MoveAnnouncement {
  actorId: string;
  via: string | null;
  topic: string;
}

/**
 * `movePayments` with each move audited (`payment.<to>`, before `{ status }`, after `{ status, endToEndId, reason? }`)
 * and announced as a `payment.<to>` event keyed `payment:<id>:<to>#0`, as `eventMessages` builds it
 * (src/usecases/publish.ts; payload `{ status, from, endToEndId, msgId, runId, payableId, owner, amount, reason? }`, no
 * account numbers), all in one statement built from the moved rows, in the order given. Returns the ids that moved.
 */
export async function movePaymentsAnnounced(tx: Executor, orgId: string, moves: readonly { id: string; from: string; code?: string | null; text?: string | null }[], to: string, now: Date, how: MoveAnnouncement): Promise<Set<string>> {
  if (moves.length === 0) return new Set();
  const doc = moves.map((m) => ({ id: m.id, from_status: m.from, code: m.code ?? null, text: m.text ?? null }));
  const at = now.toISOString();
  const rows = await runStatement<{ id: string }>(tx, MOVE_ANNOUNCED, [orgId, at, JSON.stringify(doc), to, how.actorId, how.via, how.topic, at, activeTraceParent()]);
  return new Set(rows.map((r) => r.id));
}

export async function setPaymentStatus(tx: Executor, orgId: string, id: string, status: string, reason: { code?: string | null; text?: string | null }, now: Date): Promise<void> {
  await tx
    .update(payments)
    .set({ status, reasonCode: reason.code ?? null, reasonText: reason.text ?? null, updatedAt: now })
    .where(and(eq(payments.orgId, orgId), eq(payments.id, id)));
}

export async function listPayments(db: Executor, orgId: string, f: { ownerId?: string; status?: string } = {}): Promise<PaymentRow[]> {
  const conds = [eq(payments.orgId, orgId)];
  if (f.ownerId) conds.push(eq(payments.ownerId, f.ownerId));
  if (f.status) conds.push(eq(payments.status, f.status));
  return db.select().from(payments).where(and(...conds)).orderBy(asc(payments.createdAt), asc(payments.id));
}

export async function insertBankMessages(tx: Executor, rows: (typeof bankMessages.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await tx.insert(bankMessages).values(rows);
}

export async function bankMessagesOfRun(db: Executor, orgId: string, runId: string): Promise<BankMessageRow[]> {
  return db.select().from(bankMessages).where(and(eq(bankMessages.orgId, orgId), eq(bankMessages.runId, runId))).orderBy(asc(bankMessages.msgId));
}

export async function getBankMessage(db: Executor, orgId: string, msgId: string, lock = false): Promise<BankMessageRow | undefined> {
  const q = db.select().from(bankMessages).where(and(eq(bankMessages.orgId, orgId), eq(bankMessages.msgId, msgId)));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

/** Sets a message's status and facts; `fromStatuses` guards against moving it backwards (a late duplicate answer). */
export async function updateBankMessage(tx: Executor, orgId: string, msgId: string, fromStatuses: readonly string[], set: Partial<Pick<BankMessageRow, 'status' | 'xml' | 'outcome'>> & { countAttempt?: boolean }, now: Date): Promise<boolean> {
  const { countAttempt, ...rest } = set;
  const rows = await tx
    .update(bankMessages)
    .set({ ...rest, ...(countAttempt ? { attempts: sql`${bankMessages.attempts} + 1` } : {}), updatedAt: now })
    .where(and(eq(bankMessages.orgId, orgId), eq(bankMessages.msgId, msgId), inArray(bankMessages.status, [...fromStatuses])))
    .returning({ id: bankMessages.id });
  return rows.length > 0;
}

/** The latest rejected or returned payment of each of these payables (a new payment for it links to that one). */
export async function lastFailedPayments(db: Executor, orgId: string, payableIds: readonly string[]): Promise<Map<string, string>> {
  if (payableIds.length === 0) return new Map();
  const rows = await db
    .select({ id: payments.id, payableId: payments.payableId, updatedAt: payments.updatedAt })
    .from(payments)
    .where(and(eq(payments.orgId, orgId), inArray(payments.payableId, [...payableIds]), inArray(payments.status, ['rejected', 'returned', 'cancelled'])))
    .orderBy(asc(payments.updatedAt));
  return new Map(rows.map((r) => [r.payableId, r.id]));
}

/**
 * Marks payables whose payment came back as waiting for the employee to confirm their account (runs hold them);
 * one already waiting keeps its first time.
 */
export async function markAwaitingPayee(tx: Executor, orgId: string, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(payables)
    .set({ awaitingPayeeSince: now })
    .where(and(eq(payables.orgId, orgId), anyOf(payables.id, ids), isNull(payables.awaitingPayeeSince)));
}

/**
 * Clears the wait on an owner's payables (all of them, or only `ids`): the employee confirmed their account or
 * changed it. Returns the payables that were waiting.
 */
export async function clearAwaitingPayee(tx: Executor, orgId: string, owner: { type: string; id: string }, ids?: readonly string[]): Promise<string[]> {
  const rows = await tx
    .update(payables)
    .set({ awaitingPayeeSince: null })
    .where(and(eq(payables.orgId, orgId), eq(payables.payeeType, owner.type), eq(payables.payeeId, owner.id), isNotNull(payables.awaitingPayeeSince), ...(ids ? [inArray(payables.id, [...ids])] : [])))
    .returning({ id: payables.id });
  return rows.map((r) => r.id);
}

/** The latest returned payment of each of these payables (the one its card is about). */
export async function returnedPaymentsOf(db: Executor, orgId: string, payableIds: readonly string[]): Promise<PaymentRow[]> {
  if (payableIds.length === 0) return [];
  const rows = await db
    .select()
    .from(payments)
    .where(and(eq(payments.orgId, orgId), inArray(payments.payableId, [...payableIds]), eq(payments.status, 'returned')))
    .orderBy(asc(payments.updatedAt), asc(payments.id));
  return [...new Map(rows.map((r) => [r.payableId, r])).values()];
}

/** One payment of the organisation; `lock` takes it FOR UPDATE. */
export async function getPayment(db: Executor, orgId: string, id: string, lock = false): Promise<PaymentRow | undefined> {
  const q = db.select().from(payments).where(and(eq(payments.orgId, orgId), eq(payments.id, id)));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

/** The organisation's payments of `ids` (any number: one array parameter), locked for the caller's transaction. */
export async function lockPayments(tx: Executor, orgId: string, ids: readonly string[]): Promise<PaymentRow[]> {
  if (ids.length === 0) return [];
  return tx.select().from(payments).where(and(eq(payments.orgId, orgId), anyOf(payments.id, ids))).orderBy(asc(payments.id)).for('update');
}

const PAYABLES_STATUS: Statement = {
  name: 'payables_set_status',
  text: `UPDATE payables SET status = $3, run_id = CASE WHEN $3 = 'open' THEN NULL ELSE run_id END
          WHERE org_id = $1 AND id = ANY($2::text[])`,
};

/**
 * Sets the status of payables held by a run (paid, or back to open with the run cleared). One fixed statement (sent
 * at once when called, so it keeps its place among the writes a statement import queues).
 */
export async function setPayablesStatus(tx: Executor, orgId: string, ids: readonly string[], to: 'open' | 'paid'): Promise<void> {
  if (ids.length === 0) return;
  await runStatement(tx, PAYABLES_STATUS, [orgId, [...ids], to]);
}

export async function bankCursor(db: Executor, orgId: string, connector: string): Promise<string | null> {
  const [r] = await db.select().from(bankCursors).where(and(eq(bankCursors.orgId, orgId), eq(bankCursors.connector, connector)));
  return r?.cursor ?? null;
}

export async function saveBankCursor(db: Executor, orgId: string, connector: string, cursor: string | null, now: Date): Promise<void> {
  await db
    .insert(bankCursors)
    .values({ orgId, connector, cursor, updatedAt: now })
    .onConflictDoUpdate({ target: [bankCursors.orgId, bankCursors.connector], set: { cursor, updatedAt: now } });
}

export type BankStatementRow = typeof bankStatements.$inferSelect;

/** Stores an imported statement once; false when it was imported before (same account, kind and statement id). */
export async function insertBankStatement(tx: Executor, row: BankStatementRow): Promise<boolean> {
  const r = await tx.insert(bankStatements).values(row).onConflictDoNothing().returning({ id: bankStatements.id });
  return r.length > 0;
}

/** The latest camt.053 imported for an account (the one a new statement continues). */
export async function lastStatementOf(db: Executor, orgId: string, debtorAccountId: string): Promise<BankStatementRow | undefined> {
  const [r] = await db
    .select()
    .from(bankStatements)
    .where(and(eq(bankStatements.orgId, orgId), eq(bankStatements.debtorAccountId, debtorAccountId), eq(bankStatements.kind, 'camt.053')))
    .orderBy(sql`${bankStatements.electronicSeq} DESC NULLS LAST`, sql`${bankStatements.importedAt} DESC`)
    .limit(1);
  return r;
}

export async function listBankStatements(db: Executor, orgId: string): Promise<BankStatementRow[]> {
  return db.select().from(bankStatements).where(eq(bankStatements.orgId, orgId)).orderBy(asc(bankStatements.importedAt), asc(bankStatements.id));
}


/** The stored e-receipt of a payment, if fetched. */
export async function getPaymentReceipt(db: Executor, orgId: string, paymentId: string): Promise<PaymentReceiptRow | undefined> {
  const [r] = await db.select().from(paymentReceipts).where(and(eq(paymentReceipts.orgId, orgId), eq(paymentReceipts.paymentId, paymentId)));
  return r;
}

/** Links a stored e-receipt to its payment once; false when one was linked already. */
export async function insertPaymentReceipt(tx: Executor, row: PaymentReceiptRow): Promise<boolean> {
  const rows = await tx.insert(paymentReceipts).values(row).onConflictDoNothing().returning({ id: paymentReceipts.paymentId });
  return rows.length > 0;
}
