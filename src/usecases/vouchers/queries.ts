// Vouchers for the ERP, read by finance: as JSON (booked and waiting, with the reason), or as the CSV the ERP imports.
import type { Db } from '../../../db/database.js';
import { listVouchers, type VoucherRow } from '../../../db/repos/vouchers.js';
import { currencyExponent } from '../../../domain/money/index.js';
import { ok, type Result } from '../../../domain/shared/index.js';
import { vouchersCsv, type VoucherKind, type VoucherLine } from '../../../domain/voucher/index.js';
import { requireRole, type Actor } from '../authorise.js';

const view = (v: VoucherRow) => ({
  id: v.id,
  status: v.status,
  number: v.number,
  period: v.period,
  kind: v.kind,
  source: { type: v.sourceType, id: v.sourceId },
  date: v.date,
  memo: v.memo,
  lines: v.lines,
  reason: v.reason,
  createdAt: v.createdAt.toISOString(),
});

export async function vouchersOf(deps: { db: Db }, orgId: string, actor: Actor, period?: string): Promise<Result<ReturnType<typeof view>[]>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'reading vouchers');
  if (!allowed.ok) return allowed;
  return ok((await listVouchers(deps.db, orgId, period)).map(view));
}

/** The booked vouchers of a month as the ERP's CSV (waiting ones are not the ERP's yet). */
export async function vouchersCsvOf(deps: { db: Db }, orgId: string, actor: Actor, period?: string): Promise<Result<string>> {
  const list = await vouchersOf(deps, orgId, actor, period);
  if (!list.ok) return list;
  const booked = list.value.filter((v) => v.status === 'booked' && v.number);
  return ok(
    vouchersCsv(
      booked.map((v) => ({ kind: v.kind as VoucherKind, source: v.source, date: v.date, memo: v.memo, lines: v.lines as VoucherLine[], number: v.number! })),
      (c) => currencyExponent(c) ?? 2,
    ),
  );
}
