// Settling an approved reimbursement: cost allocation across departments, budget consumption per department and
// category (converting the linked applications' freezes), advance offsets and the payable that remains. Pure.
import { allocate, type Money } from '../money/index.js';
import { domainError, err, ok, type Result } from '../shared/index.js';
import type { PaidBy } from '../expense/index.js';

export interface SettlementLine {
  readonly id: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly paidBy: PaidBy;
  /** The budget category the line consumes (see budgetCategoryOf). */
  readonly budgetCategory: string;
  readonly applicationId: string | null;
}

export interface SettlementApplication {
  readonly id: string;
  readonly departmentId: string;
}

/** A share of the cost: by percent (0–100, up to 4 decimals) or by amount; all shares use the same kind. */
export interface AllocationInput {
  readonly departmentId: string;
  readonly projectId?: string;
  readonly percent?: number;
  readonly amountMinor?: number;
}

export interface OutstandingAdvance {
  readonly id: string;
  readonly outstandingMinor: number;
  readonly currency: string;
  readonly applicationId: string | null;
  /** ISO timestamp; older advances are offset first. */
  readonly createdAt: string;
}

export interface SettlementInput {
  readonly reimbursementId: string;
  readonly currency: string;
  readonly claimantDepartmentId: string;
  readonly lines: readonly SettlementLine[];
  readonly applications: readonly SettlementApplication[];
  readonly allocations: readonly AllocationInput[];
  readonly advances: readonly OutstandingAdvance[];
}

export interface Consumption {
  readonly departmentId: string;
  readonly category: string;
  readonly amountMinor: number;
  /** The budget ledger ref: the linked application (so its freeze converts) or the reimbursement itself. */
  readonly ref: { readonly type: 'request'; readonly id: string };
}

export interface Settlement {
  readonly totalMinor: number;
  readonly personalMinor: number;
  readonly companyMinor: number;
  readonly allocations: readonly { departmentId: string; projectId?: string; amountMinor: number }[];
  readonly consumption: readonly Consumption[];
  readonly advanceOffsets: readonly { advanceId: string; amountMinor: number }[];
  /** What is still owed to the employee after offsets (paid out by the payments module). */
  readonly payableMinor: number;
}

const invalid = (message: string, details: Record<string, unknown> = {}) => err(domainError('REIMBURSEMENT.INVALID', message, details));

/** Exact per-department totals from the allocation shares; no share means the claimant's department pays all. */
export function allocateCost(total: Money, shares: readonly AllocationInput[], claimantDepartmentId: string): Result<{ departmentId: string; projectId?: string; amountMinor: number }[]> {
  if (shares.length === 0) return ok([{ departmentId: claimantDepartmentId, amountMinor: total.minor }]);
  const byPercent = shares.every((s) => s.percent !== undefined && s.amountMinor === undefined);
  const byAmount = shares.every((s) => s.amountMinor !== undefined && s.percent === undefined);
  if (!byPercent && !byAmount) return invalid('allocations: give every share a percent, or every share an amountMinor, not a mix');
  const seen = new Set<string>();
  for (const [i, s] of shares.entries()) {
    const key = `${s.departmentId}|${s.projectId ?? ''}`;
    if (seen.has(key)) return invalid(`allocations[${i}]: department ${s.departmentId}${s.projectId ? ` / project ${s.projectId}` : ''} appears twice`, { index: i });
    seen.add(key);
  }
  if (byPercent) {
    // Compare in ten-thousandths of a percent so 33.3333 + 33.3333 + 33.3334 is exactly 100.
    const units = shares.map((s) => Math.round((s.percent as number) * 10_000));
    if (units.some((u, i) => u <= 0 || Math.abs(u / 10_000 - (shares[i]!.percent as number)) > 1e-9)) return invalid('allocations: each percent must be above 0 with at most 4 decimals');
    const sum = units.reduce((a, b) => a + b, 0);
    if (sum !== 1_000_000) return invalid(`allocations: percents add up to ${sum / 10_000}, not 100`, { sumPercent: sum / 10_000 });
    const parts = allocate(total, units);
    if (!parts.ok) return parts;
    return ok(shares.map((s, i) => ({ departmentId: s.departmentId, ...(s.projectId ? { projectId: s.projectId } : {}), amountMinor: parts.value[i]!.minor })));
  }
  const amounts = shares.map((s) => s.amountMinor as number);
  if (amounts.some((a) => !Number.isSafeInteger(a) || a <= 0)) return invalid('allocations: each amountMinor must be a whole number above 0');
  const sum = amounts.reduce((a, b) => a + b, 0);
  if (sum !== total.minor) return invalid(`allocations: amounts add up to ${sum}, not the claim total ${total.minor}`, { sumMinor: sum, totalMinor: total.minor });
  return ok(shares.map((s) => ({ departmentId: s.departmentId, ...(s.projectId ? { projectId: s.projectId } : {}), amountMinor: s.amountMinor as number })));
}

/** Offsets the employee's outstanding advances against `owedMinor`: advances for the claim's applications first, then oldest first. */
export function offsetAdvances(advances: readonly OutstandingAdvance[], owedMinor: number, currency: string, applicationIds: ReadonlySet<string>): { advanceId: string; amountMinor: number }[] {
  const order = advances
    .filter((a) => a.currency === currency && a.outstandingMinor > 0)
    .sort((a, b) => Number(!applicationIds.has(a.applicationId ?? '')) - Number(!applicationIds.has(b.applicationId ?? '')) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const out: { advanceId: string; amountMinor: number }[] = [];
  let left = owedMinor;
  for (const a of order) {
    if (left <= 0) break;
    const take = Math.min(left, a.outstandingMinor);
    out.push({ advanceId: a.id, amountMinor: take });
    left -= take;
  }
  return out;
}

/**
 * Plans the settlement of an approved reimbursement. The total is split across departments exactly (allocateCost), then
 * each department's share across the claim's (budget category, application) groups in proportion to the groups'
 * totals — so every consumption is a whole number of minor units and they add up to the claim total. A group tied to an
 * application consumes with the application as ref in the application's own department, converting its freeze.
 * Company-paid lines consume budget but are not owed to the employee; personal lines are, after advance offsets.
 */
export function planSettlement(input: SettlementInput): Result<Settlement> {
  if (input.lines.length === 0) return invalid('a reimbursement needs at least one expense line');
  for (const l of input.lines) {
    if (l.currency !== input.currency) return invalid(`line ${l.id} is in ${l.currency}; this claim is in ${input.currency}`, { lineId: l.id });
    if (!Number.isSafeInteger(l.amountMinor) || l.amountMinor <= 0) return invalid(`line ${l.id} has no positive amount`, { lineId: l.id });
  }
  const apps = new Map(input.applications.map((a) => [a.id, a]));
  const totalMinor = input.lines.reduce((s, l) => s + l.amountMinor, 0);
  if (!Number.isSafeInteger(totalMinor)) return err(domainError('MONEY.OVERFLOW', 'the claim total is too large'));
  const personalMinor = input.lines.filter((l) => l.paidBy === 'personal').reduce((s, l) => s + l.amountMinor, 0);
  const shares = allocateCost({ minor: totalMinor, currency: input.currency }, input.allocations, input.claimantDepartmentId);
  if (!shares.ok) return shares;

  const groups = new Map<string, { category: string; applicationId: string | null; minor: number }>();
  for (const l of input.lines) {
    const appId = l.applicationId && apps.has(l.applicationId) ? l.applicationId : null;
    const key = `${l.budgetCategory}|${appId ?? ''}`;
    const g = groups.get(key) ?? { category: l.budgetCategory, applicationId: appId, minor: 0 };
    g.minor += l.amountMinor;
    groups.set(key, g);
  }
  const groupList = [...groups.values()];
  const consumption = new Map<string, Consumption>();
  for (const share of shares.value) {
    const parts = allocate({ minor: share.amountMinor, currency: input.currency }, groupList.map((g) => g.minor));
    if (!parts.ok) return parts;
    groupList.forEach((g, i) => {
      const minor = parts.value[i]!.minor;
      if (minor === 0) return;
      const app = g.applicationId ? apps.get(g.applicationId) : undefined;
      const refId = app && app.departmentId === share.departmentId ? app.id : input.reimbursementId;
      const key = `${share.departmentId}|${g.category}|${refId}`;
      const prev = consumption.get(key);
      consumption.set(key, { departmentId: share.departmentId, category: g.category, amountMinor: (prev?.amountMinor ?? 0) + minor, ref: { type: 'request', id: refId } });
    });
  }
  const appIds = new Set(input.applications.map((a) => a.id));
  const advanceOffsets = offsetAdvances(input.advances, personalMinor, input.currency, appIds);
  const offset = advanceOffsets.reduce((s, o) => s + o.amountMinor, 0);
  return ok({
    totalMinor,
    personalMinor,
    companyMinor: totalMinor - personalMinor,
    allocations: shares.value,
    consumption: [...consumption.values()],
    advanceOffsets,
    payableMinor: personalMinor - offset,
  });
}
