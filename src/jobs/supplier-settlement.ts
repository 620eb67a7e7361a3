// Scheduled job: imports and settles the travel supplier's statement of last month for every organisation (last month
// in each organisation's own calendar). Safe to run as often as wanted: the same statement again changes nothing, and
// a statement that changed after its month was imported or settled is left as it is and logged for finance.
import type { Db } from '../../db/database.js';
import { listOrganisations } from '../../db/repos/organisations.js';
import type { Clock, IdGenerator, Result } from '../../domain/shared/index.js';
import { previousMonth, type SupplierStatement, type TravelSupplier } from '../../domain/travel/index.js';
import type { Logger } from '../log.js';
import { systemActor } from '../usecases/authorise.js';
import { localDate } from '../usecases/org-time.js';
import { fetchStatement, settleStatement } from '../usecases/travel/supplier-settlement.js';
import type { Job } from './scheduler.js';

export interface SettlementJobDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  supplier: TravelSupplier;
  supplierName?: string;
  config?: { PAYABLE_TERMS_DAYS?: number } | undefined;
}

export interface SettlementRunResult {
  /** Organisations whose statement was imported in this run. */
  imported: string[];
  /** Organisations left as they were, with the error code (changed or settled month, supplier down). */
  refused: { orgId: string; code: string }[];
}

export const SETTLEMENT_ACTOR = systemActor('job:supplier-settlement');

/** One pass: each month's statement is fetched once and settled for every organisation that has something in it. */
export async function runSupplierSettlement(deps: SettlementJobDeps, now: Date): Promise<SettlementRunResult> {
  const out: SettlementRunResult = { imported: [], refused: [] };
  const fetched = new Map<string, Result<SupplierStatement>>();
  for (const org of await listOrganisations(deps.db)) {
    const month = previousMonth(localDate(now, org.timeZone).slice(0, 7));
    let statement = fetched.get(month);
    if (!statement) {
      statement = await fetchStatement(deps.supplier, month);
      fetched.set(month, statement);
    }
    const r = statement.ok ? await settleStatement({ ...deps, clock: { now: () => now } }, org.id, SETTLEMENT_ACTOR, statement.value, { skipEmpty: true }) : statement;
    if (!r.ok) {
      out.refused.push({ orgId: org.id, code: r.error.code });
      deps.log.warn('supplier settlement not imported', { orgId: org.id, month, code: r.error.code, error: r.error.message });
    } else if (r.value.created && r.value.statement) {
      out.imported.push(org.id);
      deps.log.info('supplier settlement imported', { orgId: org.id, month, statementId: r.value.statement.id, status: r.value.statement.status, exceptions: r.value.statement.exceptionCount });
    }
  }
  return out;
}

/** The job, every `everyMs` (SUPPLIER_SETTLEMENT_MS). */
export function supplierSettlementJob(deps: SettlementJobDeps, everyMs: number): Job {
  return { name: 'supplier.settlement', everyMs, run: (now) => runSupplierSettlement(deps, now) };
}
