// Seeds a reconciliation scenario's payments (test/fakes/bank/recon-scenario.ts) as payments on their way, by SQL:
// what the end-to-end statement benchmark and the chunked-import test import a generated camt.053 against.
import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '../../db/database.js';
import { insertDebtorAccount } from '../../db/repos/payments.js';
import type { Scenario } from '../fakes/bank/recon-scenario.js';

/**
 * A debtor account `accountId`, a payee for each of the organisation's employees, and for each scenario payment a
 * payable being paid and a payment `submitted` under its EndToEndId (the batch's PmtInfId for payments the bank books
 * as one batch), owned by the employees in turn. Payment ids are the scenario's; payables are `pay_<id>`.
 */
export async function seedScenarioPayments(db: Executor, orgId: string, accountId: string, s: Scenario): Promise<void> {
  const now = new Date();
  await insertDebtorAccount(db, { id: accountId, orgId, name: 'Scenario EUR', holderName: 'Demo GmbH', bankName: 'Commerzbank', accountEnc: 'scenario', accountLast4: '3000', cnaps: null, bic: 'COBADEFFXXX', currency: 'EUR', createdAt: now });
  const employees = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM employees WHERE org_id = ${orgId} ORDER BY id`)).map((r) => r.id);
  await db.execute(sql`
    INSERT INTO payees (id, org_id, owner_type, owner_id, holder_name, bank_name, account_enc, account_last4, currency, source, status, created_at, updated_at)
    SELECT 'pye_scn_' || e.id, ${orgId}, 'employee', e.id, e.id, 'Scenario Bank', 'scenario', lpad(e.n::text, 4, '0'), 'EUR', 'scenario', 'active', now(), now()
      FROM unnest(${sql.param(employees)}::text[]) WITH ORDINALITY AS e(id, n)
    ON CONFLICT DO NOTHING`);
  const payee = new Map(rowsOf<{ owner_id: string; id: string }>(await db.execute(sql`SELECT owner_id, id FROM payees WHERE org_id = ${orgId} AND owner_type = 'employee' AND status = 'active'`)).map((r) => [r.owner_id, r.id]));
  const ps = s.payments;
  const owner = ps.map((_, i) => employees[i % employees.length]!);
  const cols = {
    id: ps.map((p) => p.id),
    payable: ps.map((p) => `pay_${p.id}`),
    owner,
    payee: owner.map((o) => payee.get(o)!),
    amount: ps.map((p) => p.amountMinor),
    e2e: ps.map((p) => p.endToEndId),
    pmtInf: ps.map((p) => (s.kinds.get(p.id) === 'batch' ? p.reference : `PMI-${p.id}`)),
  };
  await db.execute(sql`
    INSERT INTO payables (id, org_id, source_type, source_id, payee_type, payee_id, amount_minor, currency, status, run_id, due_on, created_at)
    SELECT g.payable, ${orgId}, 'reimbursement', 'req_' || g.id, 'employee', g.owner, g.amount, 'EUR', 'paying', 'prun_scenario', '2026-11-01', now()
      FROM unnest(${sql.param(cols.id)}::text[], ${sql.param(cols.payable)}::text[], ${sql.param(cols.owner)}::text[], ${sql.param(cols.amount)}::bigint[]) AS g(id, payable, owner, amount)`);
  await db.execute(sql`
    INSERT INTO payments (id, org_id, run_id, payable_id, payee_id, owner_type, owner_id, amount_minor, currency, end_to_end_id, msg_id, pmt_inf_id, status, created_at, updated_at)
    SELECT g.id, ${orgId}, 'prun_scenario', g.payable, g.payee, 'employee', g.owner, g.amount, 'EUR', g.e2e, 'MSG-SCENARIO', g.pmt_inf, 'submitted', now(), now()
      FROM unnest(${sql.param(cols.id)}::text[], ${sql.param(cols.payable)}::text[], ${sql.param(cols.payee)}::text[], ${sql.param(cols.owner)}::text[], ${sql.param(cols.amount)}::bigint[], ${sql.param(cols.e2e)}::text[], ${sql.param(cols.pmtInf)}::text[])
           AS g(id, payable, payee, owner, amount, e2e, pmt_inf)`);
}
