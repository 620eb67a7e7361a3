// OA sync: bulk upsert of departments and employees (and their platform identities), validated whole, in one transaction.
import { requireRole, type Actor } from './authorise.js';
import type { Db } from '../../db/database.js';
import { appendAudit } from '../../db/repos/audit.js';
import { deactivateEmployeesExcept, linkIdentities, loadOrg, upsertDepartments, upsertEmployees, type IdentityLink } from '../../db/repos/org.js';
import { tenantsOf } from '../../db/repos/tenants.js';
import type { Executor } from '../../db/database.js';
import { validateOrgStructure, type Department, type Employee, type PlatformIdentity } from '../../domain/org/index.js';
import { err, ok, type Clock, type IdGenerator, type Result } from '../../domain/shared/index.js';
import type { SecretBox } from '../secrets.js';
import { setPayeeInTx } from './payments/payees.js';
import { publish } from './publish.js';
import { command } from './unit-of-work.js';

/** The organisation's departments and employees as synced. */
export function orgStructure(deps: { db: Db }, orgId: string): Promise<{ departments: Department[]; employees: Employee[] }> {
  return loadOrg(deps.db, orgId);
}

export interface OrgSyncInput {
  departments: Omit<Department, 'orgId'>[];
  employees: (Omit<Employee, 'orgId'> & { identities?: Omit<PlatformIdentity, 'orgId' | 'employeeId'>[]; bankAccount?: unknown })[];
  /** `full` also deactivates employees missing from the payload (people who left). */
  mode: 'upsert' | 'full';
}

export interface OrgSyncResult {
  departments: number;
  employees: number;
  identities: number;
  deactivated: number;
  /** Payout accounts set or changed by this sync (the same account again counts nothing). */
  accounts: number;
}

/**
 * Applies an OA sync. The merged organisation (stored ∪ incoming) must form a valid tree with no manager cycles,
 * otherwise nothing is saved and the error names the offending department or employee.
 */
export function syncOrg(deps: { db: Db; clock: Clock; ids: IdGenerator; box: SecretBox; config?: { PAYEE_CHANGE_HOLD_HOURS?: number } }, orgId: string, actor: Actor, input: OrgSyncInput): Promise<Result<OrgSyncResult>> {
  const actorId = actor.id;
  return command(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['admin'], 'syncing the organisation');
    if (!allowed.ok) return allowed;
    const now = deps.clock.now();
    const current = await loadOrg(tx, orgId);
    const deps_ = new Map(current.departments.map((d) => [d.id, d]));
    for (const d of input.departments) deps_.set(d.id, { ...d, orgId });
    const emps = new Map(current.employees.map((e) => [e.id, e]));
    for (const e of input.employees) emps.set(e.id, { ...e, orgId });
    const valid = validateOrgStructure([...deps_.values()], [...emps.values()]);
    if (!valid.ok) return valid;

    await upsertDepartments(tx, input.departments.map((d) => ({ ...d, orgId })), now);
    await upsertEmployees(tx, input.employees.map(({ identities: _i, bankAccount: _b, ...e }) => ({ ...e, orgId })), now);
    const identities = await withTenants(tx, orgId, input.employees.flatMap((e) => (e.identities ?? []).map((i) => ({ ...i, employeeId: e.id }))));
    // An identity another organisation linked refuses the whole sync (the transaction rolls back).
    const linked = await linkIdentities(tx, orgId, identities);
    if (!linked.ok) return linked;
    const deactivated = input.mode === 'full' ? await deactivateEmployeesExcept(tx, orgId, input.employees.map((e) => e.id)) : 0;
    // Payout accounts from the HR/OA system: set as the organisation's own record (no hold on a first account; a change
    // is held and told to the employee like any other). A bad account refuses the whole sync, naming the employee.
    let accounts = 0;
    for (const e of input.employees) {
      if (e.bankAccount === undefined) continue;
      const set = await setPayeeInTx(tx, deps, orgId, { kind: 'system', id: actorId }, { type: 'employee', id: e.id }, e.bankAccount);
      if (!set.ok) return err({ ...set.error, message: `employees[${e.id}].bankAccount: ${set.error.message}` });
      if (set.value.changed) accounts++;
    }
    const result = { departments: input.departments.length, employees: input.employees.length, identities: identities.length, deactivated, accounts };
    await publish(tx, deps.ids, [{ type: 'org.synced', orgId, subject: { type: 'organisation', id: orgId }, at: now, payload: result }]);
    await appendAudit(tx, { orgId, actorId, action: 'org.sync', subjectType: 'organisation', subjectId: orgId, after: result, at: now });
    return ok(result);
  });
}

/**
 * Fills in the tenant of identities sent without one: the organisation's tenant on that platform when it has exactly
 * one, else '' (unknown: such an identity still matches events of the organisation's own tenants).
 */
async function withTenants(tx: Executor, orgId: string, list: IdentityLink[]): Promise<IdentityLink[]> {
  const defaults = new Map<string, string>();
  for (const platform of new Set(list.filter((i) => i.tenant === undefined).map((i) => i.platform))) {
    const tenants = platform === 'web' ? [] : await tenantsOf(tx, orgId, platform);
    defaults.set(platform, tenants.length === 1 ? tenants[0]! : '');
  }
  return list.map((i) => (i.tenant === undefined ? { ...i, tenant: defaults.get(i.platform) ?? '' } : i));
}
