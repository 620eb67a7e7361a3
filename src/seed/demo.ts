// Seeds the demo organisation when it does not exist yet (embedded default, demos, tests).
import type { Db } from '../../db/database.js';
import { upsertFlow } from '../../db/repos/approvals.js';
import { appendAudit } from '../../db/repos/audit.js';
import { getOrganisation, createOrganisation, linkIdentities, upsertDepartments, upsertEmployees } from '../../db/repos/org.js';
import { upsertPolicyRule } from '../../db/repos/policy.js';
import { upsertBudget } from '../../db/repos/budgets.js';
import type { Clock, IdGenerator } from '../../domain/shared/index.js';
import { localDate } from '../usecases/org-time.js';
import { DEFAULT_TRAVEL_RULES } from '../../domain/policy/index.js';
import { DEMO_BUDGETS, DEMO_CLAIM_FLOW, DEMO_DEPARTMENTS, DEMO_EMPLOYEES, DEMO_FLOW, DEMO_ORG, DEMO_POLICY } from './demo-data.js';

/** Creates the demo organisation in one transaction; returns undefined when it already exists. */
export async function seedDemo(deps: { db: Db; clock: Clock; ids: IdGenerator }, orgId = DEMO_ORG.id): Promise<{ orgId: string; employees: number } | undefined> {
  if (await getOrganisation(deps.db, orgId)) return undefined;
  const now = deps.clock.now();
  const month = localDate(now, DEMO_ORG.timeZone).slice(0, 7);
  // This month and the next: trips are budgeted in the month they start, often next month.
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  await deps.db.transaction(async (tx) => {
    await createOrganisation(tx, { ...DEMO_ORG, id: orgId });
    await upsertDepartments(tx, DEMO_DEPARTMENTS.map((d) => ({ ...d, orgId })), now);
    await upsertEmployees(tx, DEMO_EMPLOYEES.map((e) => ({ ...e, orgId })), now);
    // The web console signs in as a demo employee; its identity is the employee id.
    await linkIdentities(tx, orgId, DEMO_EMPLOYEES.map((e) => ({ orgId, platform: 'web' as const, kind: 'web' as const, externalId: `${orgId}:${e.id}`, employeeId: e.id })));
    for (const key of [month, next])
      for (const b of DEMO_BUDGETS) {
        await upsertBudget(
          tx,
          { id: deps.ids.next('bud'), orgId, departmentId: b.departmentId, category: b.category, period: { kind: 'month', key }, currency: 'CNY', amountMinor: b.minor, frozenMinor: 0, consumedMinor: 0, allowOverrun: false },
          now,
        );
      }
    await upsertFlow(tx, orgId, { id: `${orgId}-standard`, name: DEMO_FLOW.name, subjectTypes: ['*'], priority: 0, active: true, definition: DEMO_FLOW }, now);
    await upsertFlow(tx, orgId, { id: `${orgId}-claims`, name: DEMO_CLAIM_FLOW.name, subjectTypes: DEMO_CLAIM_FLOW.subjectTypes, priority: 10, active: true, definition: DEMO_CLAIM_FLOW }, now);
    for (const rule of [...DEMO_POLICY, ...DEFAULT_TRAVEL_RULES]) await upsertPolicyRule(tx, orgId, { ...rule, id: `${orgId}-${rule.id}` });
    await appendAudit(tx, { orgId, actorId: 'system', action: 'org.seed', subjectType: 'organisation', subjectId: orgId, after: { employees: DEMO_EMPLOYEES.length, budgets: DEMO_BUDGETS.length * 2, months: [month, next] }, at: now });
  });
  return { orgId, employees: DEMO_EMPLOYEES.length };
}
