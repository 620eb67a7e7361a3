// Organisation data: bulk upsert from OA sync, the in-memory directory for approver resolution, platform identities.
import { and, desc, eq, gt, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { Delegation, Department, Employee, Organisation, PlatformIdentity, Role } from '../../domain/org/index.js';
import { domainError, err, ok, type Result } from '../../domain/shared/index.js';
import { delegations, departments, employees, organisations, platformIdentities, platformTenants } from '../schema/index.js';
import type { Executor } from '../database.js';
import { ensureAuditHead } from './audit.js';

/** Creates an organisation (and its audit chain head) if it does not exist. */
export async function createOrganisation(db: Executor, org: Organisation): Promise<void> {
  await db.insert(organisations).values(org).onConflictDoNothing();
  await ensureAuditHead(db, org.id);
}

export async function getOrganisation(db: Executor, orgId: string): Promise<Organisation | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, orgId));
  return row && { id: row.id, name: row.name, timeZone: row.timeZone, defaultCurrency: row.defaultCurrency };
}

const toEmployee = (r: typeof employees.$inferSelect): Employee => ({
  id: r.id,
  orgId: r.orgId,
  name: r.name,
  email: r.email,
  mobile: r.mobile,
  departmentId: r.departmentId,
  managerId: r.managerId,
  roles: r.roles as Role[],
  grade: r.grade,
  locale: r.locale === 'en' ? 'en' : 'zh-CN',
  active: r.active,
});

const toDepartment = (r: typeof departments.$inferSelect): Department => ({
  id: r.id,
  orgId: r.orgId,
  name: r.name,
  parentId: r.parentId,
  headId: r.headId,
});

/** All departments and employees of an organisation (the directory snapshot). */
export async function loadOrg(db: Executor, orgId: string): Promise<{ departments: Department[]; employees: Employee[] }> {
  // One after the other: callers pass a transaction, whose client runs one statement at a time (pg deprecates queueing on it).
  const deps = await db.select().from(departments).where(eq(departments.orgId, orgId));
  const emps = await db.select().from(employees).where(eq(employees.orgId, orgId));
  return { departments: deps.map(toDepartment), employees: emps.map(toEmployee) };
}

export async function getDepartment(db: Executor, orgId: string, id: string): Promise<Department | undefined> {
  const [row] = await db.select().from(departments).where(and(eq(departments.orgId, orgId), eq(departments.id, id)));
  return row && toDepartment(row);
}

export async function getEmployee(db: Executor, orgId: string, id: string): Promise<Employee | undefined> {
  const [row] = await db.select().from(employees).where(and(eq(employees.orgId, orgId), eq(employees.id, id)));
  return row && toEmployee(row);
}

/** The employees with these ids (one query; unknown ids are left out). */
export async function employeesByIds(db: Executor, orgId: string, ids: readonly string[]): Promise<Employee[]> {
  if (ids.length === 0) return [];
  const rows = await db.select().from(employees).where(and(eq(employees.orgId, orgId), inArray(employees.id, [...new Set(ids)])));
  return rows.map(toEmployee);
}

/** Active employees whose name is `name` (trimmed, case-folded): a person typed in by name. */
export async function activeEmployeesNamed(db: Executor, orgId: string, name: string): Promise<Employee[]> {
  const rows = await db.select().from(employees).where(and(eq(employees.orgId, orgId), eq(employees.active, true), sql`lower(btrim(${employees.name})) = lower(btrim(${name}))`)).limit(5);
  return rows.map(toEmployee);
}

/** Upserts departments by id in one statement; `version` increases on every change. */
export async function upsertDepartments(db: Executor, list: Department[], now: Date): Promise<void> {
  if (list.length === 0) return;
  await db
    .insert(departments)
    .values(list.map((d) => ({ id: d.id, orgId: d.orgId, name: d.name, parentId: d.parentId, headId: d.headId, updatedAt: now })))
    .onConflictDoUpdate({
      target: [departments.orgId, departments.id],
      set: {
        name: sql`excluded.name`,
        parentId: sql`excluded.parent_id`,
        headId: sql`excluded.head_id`,
        updatedAt: sql`excluded.updated_at`,
        version: sql`${departments.version} + 1`,
      },
    });
}

/** Upserts employees by id in one statement. */
export async function upsertEmployees(db: Executor, list: Employee[], now: Date): Promise<void> {
  if (list.length === 0) return;
  await db
    .insert(employees)
    .values(list.map((e) => ({ ...e, roles: [...e.roles], updatedAt: now })))
    .onConflictDoUpdate({
      target: [employees.orgId, employees.id],
      set: {
        name: sql`excluded.name`,
        email: sql`excluded.email`,
        mobile: sql`excluded.mobile`,
        departmentId: sql`excluded.department_id`,
        managerId: sql`excluded.manager_id`,
        roles: sql`excluded.roles`,
        grade: sql`excluded.grade`,
        locale: sql`excluded.locale`,
        active: sql`excluded.active`,
        updatedAt: sql`excluded.updated_at`,
        version: sql`${employees.version} + 1`,
      },
    });
}

/** Marks employees not in `keepIds` inactive (a full sync removes people who left). Returns how many. */
export async function deactivateEmployeesExcept(db: Executor, orgId: string, keepIds: string[]): Promise<number> {
  const rows = await db
    .update(employees)
    .set({ active: false, version: sql`${employees.version} + 1` })
    .where(and(eq(employees.orgId, orgId), eq(employees.active, true), notInArray(employees.id, keepIds)))
    .returning({ id: employees.id });
  return rows.length;
}

/** An identity to link; `orgId` on an item, when present, must be the organisation linking it. */
export type IdentityLink = Omit<PlatformIdentity, 'orgId'> & { readonly orgId?: string };

const identityKey = (i: { platform: string; tenant?: string | null; kind: string; externalId: string }) => `${i.platform}|${i.tenant ?? ''}|${i.kind}|${i.externalId}`;

/**
 * Links platform identities to employees of `orgId`. Within the organisation an identity may move to another employee
 * (the OA says who it is now). An identity linked by another organisation, or one in a tenant registered to another
 * organisation, is refused (ORG.IDENTITY_TAKEN / ORG.TENANT_TAKEN, HTTP 409): the caller's transaction must roll back,
 * which `command()` does for a failed Result.
 * @crossOrg it reads who owns the identities' tenants, to refuse one registered to another organisation.
 */
export async function linkIdentities(db: Executor, orgId: string, list: readonly IdentityLink[]): Promise<Result<{ linked: number }>> {
  if (list.length === 0) return ok({ linked: 0 });
  if (list.some((i) => i.orgId !== undefined && i.orgId !== orgId)) throw new Error('linkIdentities: an identity names another organisation');
  // The last mention of an identity wins (one INSERT … ON CONFLICT may not touch a row twice).
  const unique = [...new Map(list.map((i) => [identityKey(i), { orgId, platform: i.platform, tenant: i.tenant ?? '', kind: i.kind, externalId: i.externalId, employeeId: i.employeeId }])).values()];
  const tenants = [...new Set(unique.filter((i) => i.tenant !== '').map((i) => `${i.platform}|${i.tenant}`))];
  for (const pt of tenants) {
    const [platform, tenant] = pt.split('|') as [string, string];
    const [owner] = await db.select({ orgId: platformTenants.orgId }).from(platformTenants).where(and(eq(platformTenants.platform, platform), eq(platformTenants.tenant, tenant)));
    if (owner && owner.orgId !== orgId) return err(domainError('ORG.TENANT_TAKEN', `${platform} tenant ${tenant} belongs to another organisation`, { platform, tenant }));
  }
  const linked = new Set<string>();
  for (let i = 0; i < unique.length; i += 5000) {
    // A conflicting row of another organisation is left alone (the WHERE) and so not returned: that is how a taken
    // identity shows, race-free.
    const rows = await db
      .insert(platformIdentities)
      .values(unique.slice(i, i + 5000))
      .onConflictDoUpdate({
        target: [platformIdentities.platform, platformIdentities.tenant, platformIdentities.kind, platformIdentities.externalId],
        set: { employeeId: sql`excluded.employee_id` },
        setWhere: sql`${platformIdentities.orgId} = excluded.org_id`,
      })
      .returning({ platform: platformIdentities.platform, tenant: platformIdentities.tenant, kind: platformIdentities.kind, externalId: platformIdentities.externalId });
    for (const r of rows) linked.add(identityKey(r));
  }
  const taken = unique.filter((i) => !linked.has(identityKey(i)));
  if (taken.length > 0)
    return err(domainError('ORG.IDENTITY_TAKEN', `${taken.length} platform identit${taken.length === 1 ? 'y is' : 'ies are'} linked by another organisation`, { identities: taken.slice(0, 20).map(({ platform, tenant, kind, externalId }) => ({ platform, tenant, kind, externalId })) }));
  return ok({ linked: unique.length });
}

/**
 * Finds the employee of `orgId` behind a platform user id in `tenant`. An identity stored without a tenant ('', a
 * single-company sync that did not know it) also matches; one stored with the exact tenant wins.
 */
export async function findByIdentity(db: Executor, orgId: string, platform: string, tenant: string, externalId: string): Promise<Employee | undefined> {
  const [row] = await db
    .select({ e: employees })
    .from(platformIdentities)
    .innerJoin(employees, and(eq(employees.orgId, platformIdentities.orgId), eq(employees.id, platformIdentities.employeeId)))
    .where(
      and(
        eq(platformIdentities.orgId, orgId),
        eq(platformIdentities.platform, platform),
        eq(platformIdentities.externalId, externalId),
        inArray(platformIdentities.tenant, tenant === '' ? [''] : [tenant, '']),
      ),
    )
    .orderBy(desc(platformIdentities.tenant))
    .limit(1);
  return row && toEmployee(row.e);
}

/** The platform identities of these employees of `orgId` (with their tenant). */
export async function identitiesOf(db: Executor, orgId: string, employeeIds: string[]): Promise<PlatformIdentity[]> {
  if (employeeIds.length === 0) return [];
  const rows = await db
    .select()
    .from(platformIdentities)
    .where(and(eq(platformIdentities.orgId, orgId), inArray(platformIdentities.employeeId, employeeIds)));
  return rows.map((r) => ({ orgId: r.orgId, platform: r.platform as PlatformIdentity['platform'], tenant: r.tenant, kind: r.kind as PlatformIdentity['kind'], externalId: r.externalId, employeeId: r.employeeId }));
}

/** Delegations active at `now`. */
export async function activeDelegations(db: Executor, orgId: string, now: Date): Promise<Delegation[]> {
  return db
    .select({ delegatorId: delegations.delegatorId, delegateId: delegations.delegateId, startsAt: delegations.startsAt, endsAt: delegations.endsAt })
    .from(delegations)
    .where(and(eq(delegations.orgId, orgId), lt(delegations.startsAt, now), gt(delegations.endsAt, now)));
}

export async function addDelegation(db: Executor, orgId: string, id: string, d: Delegation): Promise<void> {
  await db.insert(delegations).values({ id, orgId, ...d });
}
