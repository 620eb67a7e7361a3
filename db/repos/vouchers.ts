// Vouchers for the ERP and their numbering: every function takes the organisation.
import { and, asc, eq, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { runStatement, type Executor, type PreparedWrite, type Statement } from '../database.js';
import { activeTraceParent } from './outbox.js';
import { voucherCharts, vouchers, voucherSequences } from '../schema/index.js';

export type VoucherRow = typeof vouchers.$inferSelect;
/** A voucher as written, without the organisation and the time the writing statement adds. */
export type VoucherInsert = Omit<typeof vouchers.$inferInsert, 'orgId' | 'createdAt'>;

/**
 * Takes the next `count` numbers of `period` (YYYY-MM) for the organisation, in the caller's transaction (rolled back
 * with it: no gaps), and returns the first; the others follow it.
 */
export async function takeVoucherNumbers(tx: Executor, orgId: string, period: string, count = 1): Promise<number> {
  const [r] = await tx
    .insert(voucherSequences)
    .values({ orgId, period, last: count })
    .onConflictDoUpdate({ target: [voucherSequences.orgId, voucherSequences.period], set: { last: sql`${voucherSequences.last} + ${count}` } })
    .returning({ last: voucherSequences.last });
  return r!.last - count + 1;
}

const SOURCES_BOOKED: Statement = {
  name: 'vouchers_of_sources',
  text: `SELECT s.id AS source_id
           FROM unnest($4::text[]) AS s(id)
                CROSS JOIN LATERAL (SELECT FROM vouchers v WHERE v.org_id = $1 AND v.kind = $2 AND v.source_type = $3 AND v.source_id = s.id LIMIT 1) AS booked`,
};

/**
 * Of `sourceIds`, those for which the organisation already has a voucher of `kind` (booked or waiting). One probe of
 * the unique source index per id (the LATERAL … LIMIT 1 keeps it so): with `source_id = ANY(…)` the planner, whose
 * statistics predate the thousands of vouchers an import has just written in its own transaction, walked every
 * voucher of the kind for each chunk (a 100,000-payment statement: 3.7 s of 37).
 */
export async function vouchersOfSources(tx: Executor, orgId: string, kind: string, sourceType: string, sourceIds: readonly string[]): Promise<Set<string>> {
  if (sourceIds.length === 0) return new Set();
  const r = await runStatement<{ source_id: string }>(tx, SOURCES_BOOKED, [orgId, kind, sourceType, [...sourceIds]]);
  return new Set(r.map((x) => x.source_id));
}

const INSERT_MANY_PUBLISHED: Statement = {
  name: 'vouchers_insert_many_published',
  text: `WITH v AS MATERIALIZED (
           SELECT * FROM ROWS FROM (jsonb_to_recordset($3::jsonb) AS (id text, status text, number text, period text, kind text, source_type text, source_id text, date text, memo text, lines jsonb, reason text, input jsonb))
                WITH ORDINALITY AS v(id, status, number, period, kind, source_type, source_id, date, memo, lines, reason, input, n)),
         stored AS (
           INSERT INTO vouchers (id, org_id, status, number, period, kind, source_type, source_id, date, memo, lines, reason, input, created_at)
           SELECT v.id, $1, v.status, v.number, v.period, v.kind, v.source_type, v.source_id, v.date, v.memo, v.lines, v.reason, v.input, $2::timestamptz
             FROM v ORDER BY v.n)
         INSERT INTO outbox (org_id, topic, payload, key, trace_parent)
         SELECT $1, $4, jsonb_build_object('id', 'voucher:' || v.id || '#0', 'type', $5::text, 'orgId', $1::text, 'subject', jsonb_build_object('type', 'voucher', 'id', v.id), 'at', $6::text,
                  'payload', jsonb_build_object('number', v.number, 'period', v.period, 'kind', v.kind, 'source', jsonb_build_object('type', v.source_type, 'id', v.source_id), 'date', v.date, 'memo', v.memo, 'lines', v.lines)),
                'voucher:' || v.id || '#0', $7::text
           FROM v WHERE v.status = 'booked' ORDER BY v.n
         ON CONFLICT (key) DO NOTHING`,
};

/** How booked vouchers are announced: the outbox topic and event type (src/usecases/publish.ts names them). */
export interface VoucherEvent {
  topic: string;
  type: string;
}

/**
 * Inserts vouchers like `insertVouchers` and, in the same statement, one outbox event per booked voucher built from
 * its row, as `eventMessages(ids, [event], 'voucher:<id>')` builds it (src/usecases/publish.ts): key and id
 * `voucher:<id>#0`, `{ id, type, orgId, subject: { type: 'voucher', id }, at, payload: { number, period, kind,
 * source: { type, id }, date, memo, lines } }`, `at` the creation time, in the rows' order. The vouchers are sent to
 * the database once: a statement import's 100,000 events were the same lines serialised, sent and parsed twice.
 * Prepared now (the document built), run when called.
 */
export function insertVouchersPublished(tx: Executor, orgId: string, createdAt: Date, rows: readonly Omit<typeof vouchers.$inferInsert, 'orgId' | 'createdAt'>[], event: VoucherEvent): PreparedWrite {
  if (rows.length === 0) return async () => undefined;
  const doc = rows.map((r) => ({ id: r.id, status: r.status, number: r.number ?? null, period: r.period, kind: r.kind, source_type: r.sourceType, source_id: r.sourceId, date: r.date, memo: r.memo, lines: r.lines, reason: r.reason ?? null, input: r.input ?? null }));
  const at = createdAt.toISOString();
  const params = [orgId, at, JSON.stringify(doc), event.topic, event.type, at, activeTraceParent()];
  return async () => {
    await runStatement(tx, INSERT_MANY_PUBLISHED, params);
  };
}

/** The organisation's vouchers that wait (no number yet), oldest first, locked for the caller's transaction. */
export async function lockWaitingVouchers(tx: Executor, orgId: string): Promise<VoucherRow[]> {
  return tx.select().from(vouchers).where(and(eq(vouchers.orgId, orgId), eq(vouchers.status, 'waiting'))).orderBy(asc(vouchers.createdAt), asc(vouchers.id)).for('update');
}

/** A waiting voucher booked at last (its number, memo and lines), or its reason for waiting as it now reads. */
export async function updateWaitingVoucher(tx: Executor, orgId: string, id: string, set: { number: string; memo: string; lines: unknown } | { reason: string }): Promise<void> {
  const to = 'number' in set ? { status: 'booked', number: set.number, memo: set.memo, lines: set.lines, reason: null } : { reason: set.reason };
  await tx.update(vouchers).set(to).where(and(eq(vouchers.orgId, orgId), eq(vouchers.id, id), eq(vouchers.status, 'waiting')));
}

/** The vouchers of a month (booked by number, then those waiting), or every month's when `period` is absent. */
export async function listVouchers(db: Executor, orgId: string, period?: string): Promise<VoucherRow[]> {
  return db
    .select()
    .from(vouchers)
    .where(and(eq(vouchers.orgId, orgId), ...(period ? [eq(vouchers.period, period)] : [])))
    .orderBy(asc(vouchers.status), asc(vouchers.number), asc(vouchers.createdAt))
    .limit(5000);
}

type VoucherChartRow = typeof voucherCharts.$inferSelect;

/** Charts read inside a transaction, by transaction: a statement import books a voucher per payment with one chart. */
const chartsInTransaction = new WeakMap<object, Map<string, Promise<VoucherChartRow | undefined>>>();

/**
 * The organisation's chart row. Inside a transaction it is read once and kept for the rest of that transaction (which
 * saving a chart forgets); outside one every call reads it.
 */
export function getVoucherChart(db: Executor, orgId: string): Promise<VoucherChartRow | undefined> {
  if (!(db instanceof PgTransaction)) return readVoucherChart(db, orgId);
  let byOrg = chartsInTransaction.get(db);
  if (!byOrg) chartsInTransaction.set(db, (byOrg = new Map()));
  let row = byOrg.get(orgId);
  if (!row) byOrg.set(orgId, (row = readVoucherChart(db, orgId)));
  return row;
}

async function readVoucherChart(db: Executor, orgId: string): Promise<VoucherChartRow | undefined> {
  return (await db.select().from(voucherCharts).where(eq(voucherCharts.orgId, orgId)))[0];
}

/** Stores the chart as version `version` (1 for the first); false when someone else saved meanwhile. */
export async function saveVoucherChart(tx: Executor, orgId: string, chart: unknown, version: number, by: string, now: Date): Promise<boolean> {
  chartsInTransaction.get(tx)?.delete(orgId);
  if (version === 1) {
    const r = await tx.insert(voucherCharts).values({ orgId, chart, version, updatedBy: by, updatedAt: now }).onConflictDoNothing().returning({ v: voucherCharts.version });
    return r.length === 1;
  }
  const r = await tx
    .update(voucherCharts)
    .set({ chart, version, updatedBy: by, updatedAt: now })
    .where(and(eq(voucherCharts.orgId, orgId), eq(voucherCharts.version, version - 1)))
    .returning({ v: voucherCharts.version });
  return r.length === 1;
}
