// Vouchers for the ERP and their numbering: every function takes the organisation.
import { and, asc, eq, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Executor } from '../database.js';
import { voucherCharts, vouchers, voucherSequences } from '../schema/index.js';

export type VoucherRow = typeof vouchers.$inferSelect;

/** The next number of `period` (YYYY-MM) for the organisation, in the caller's transaction (rolled back with it: no gaps). */
export async function nextVoucherSequence(tx: Executor, orgId: string, period: string): Promise<number> {
  const [r] = await tx
    .insert(voucherSequences)
    .values({ orgId, period, last: 1 })
    .onConflictDoUpdate({ target: [voucherSequences.orgId, voucherSequences.period], set: { last: sql`${voucherSequences.last} + 1` } })
    .returning({ last: voucherSequences.last });
  return r!.last;
}

/** Whether the organisation already has a voucher of `kind` for the source (booked or waiting). */
export async function voucherExists(tx: Executor, orgId: string, kind: string, sourceType: string, sourceId: string): Promise<boolean> {
  const r = await tx
    .select({ id: vouchers.id })
    .from(vouchers)
    .where(and(eq(vouchers.orgId, orgId), eq(vouchers.kind, kind), eq(vouchers.sourceType, sourceType), eq(vouchers.sourceId, sourceId)));
  return r.length > 0;
}

export async function insertVoucher(tx: Executor, row: typeof vouchers.$inferInsert): Promise<void> {
  await tx.insert(vouchers).values(row);
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
