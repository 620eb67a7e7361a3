// An organisation's chart of accounts for its vouchers: read (the default until finance saves its own) and replaced as
// a whole, checked by the domain's schema (an account left empty is refused with its field), versioned so two editors
// never overwrite each other silently, audited. Vouchers are booked with the chart in force when they are booked.
import type { Db, Executor } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getVoucherChart, saveVoucherChart } from '../../../db/repos/vouchers.js';
import { domainError, err, ok, type Clock, type Result } from '../../../domain/shared/index.js';
import { ChartOfAccountsSchema, DEFAULT_CHART, type ChartOfAccounts } from '../../../domain/voucher/index.js';
import { requireRole, type Actor } from '../authorise.js';
import { command } from '../unit-of-work.js';

export interface StoredChart {
  chart: ChartOfAccounts;
  /** 0 while the default applies. */
  version: number;
}

/** The chart vouchers are booked with: the organisation's own, else the default. */
export async function chartFor(db: Executor, orgId: string): Promise<StoredChart> {
  const row = await getVoucherChart(db, orgId);
  const parsed = row ? ChartOfAccountsSchema.safeParse(row.chart) : undefined;
  return parsed?.success ? { chart: parsed.data, version: row!.version } : { chart: DEFAULT_CHART, version: 0 };
}

export async function voucherChartOf(deps: { db: Db }, orgId: string, actor: Actor): Promise<Result<StoredChart>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing the chart of accounts');
  if (!allowed.ok) return allowed;
  return ok(await chartFor(deps.db, orgId));
}

/** Replaces the chart; `version` is the one read (0 for the default): a stale one is CONFLICT.VERSION. */
export async function setVoucherChart(deps: { db: Db; clock: Clock }, orgId: string, actor: Actor, input: unknown, version: number): Promise<Result<StoredChart>> {
  const parsed = ChartOfAccountsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    return err(domainError('VOUCHER.CHART_INVALID', `${field || 'chart'}: ${issue.message}`, { field }));
  }
  return command(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['finance'], 'changing the chart of accounts');
    if (!allowed.ok) return allowed;
    const now = deps.clock.now();
    const before = await chartFor(tx, orgId);
    if (!(await saveVoucherChart(tx, orgId, parsed.data, version + 1, actor.id, now))) {
      return err(domainError('CONFLICT.VERSION', `the chart of accounts changed since version ${version} was read; read it again`));
    }
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'voucher.chart_changed', subjectType: 'voucher_chart', subjectId: orgId, before: before.chart, after: { version: version + 1, chart: parsed.data }, at: now });
    return ok({ chart: parsed.data, version: version + 1 });
  });
}
