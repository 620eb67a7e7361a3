// An organisation's chart of accounts for its vouchers: read (the default until finance saves its own) and replaced as
// a whole, checked by the domain's schema (an account left empty is refused with its field), versioned so two editors
// never overwrite each other silently, audited. Vouchers are booked with the chart in force when they are booked; those
// that waited for an account the chart lacked are booked when a saved chart maps them.
import type { Db } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { saveVoucherChart } from '../../../db/repos/vouchers.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { ChartOfAccountsSchema } from '../../../domain/voucher/index.js';
import { requireRole, type Actor } from '../authorise.js';
import { command } from '../unit-of-work.js';
import { chartFor, rebookWaitingVouchers, type StoredChart } from './book.js';

export async function voucherChartOf(deps: { db: Db }, orgId: string, actor: Actor): Promise<Result<StoredChart>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing the chart of accounts');
  if (!allowed.ok) return allowed;
  return ok(await chartFor(deps.db, orgId));
}

/** What saving a chart did: the chart as saved, and the waiting vouchers it booked and those still waiting. */
export interface SavedChart extends StoredChart {
  rebooked: number;
  waiting: number;
}

/**
 * Replaces the chart; `version` is the one read (0 for the default): a stale one is CONFLICT.VERSION. Vouchers that
 * waited for an account the chart lacked are built again with it, in the same transaction: those it maps are booked.
 */
export async function setVoucherChart(deps: { db: Db; clock: Clock; ids: IdGenerator }, orgId: string, actor: Actor, input: unknown, version: number): Promise<Result<SavedChart>> {
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
    const rebooked = await rebookWaitingVouchers(tx, deps.ids, orgId, now);
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'voucher.chart_changed', subjectType: 'voucher_chart', subjectId: orgId, before: before.chart, after: { version: version + 1, chart: parsed.data, rebooked: rebooked.booked, waiting: rebooked.waiting }, at: now });
    return ok({ chart: parsed.data, version: version + 1, rebooked: rebooked.booked, waiting: rebooked.waiting });
  });
}
