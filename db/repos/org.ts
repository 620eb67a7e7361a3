// Organisation data: bulk upsert from OA sync, the in-memory directory for approver resolution, platform identities.
import { and, eq, gt, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { Delegation, Department, Employee, Organisation, PlatformIdentity, Role } from '../../domain/org/index.js';
import { delegations, departments, employees, organisations, platformIdentities } from '../schema/index.js';
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
  const [deps, emps] = await Promise.all([
    db.select().from(departments).where(eq(departments.orgId, orgId)),
    db.select().from(employees).where(eq(employees.orgId, orgId)),
  ]);
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

/** Links platform identities to employees (an identity moves to the new employee if it was linked elsewhere). */
export async function linkIdentities(db: Executor, list: PlatformIdentity[]): Promise<void> {
  if (list.length === 0) return;
  await db
    .insert(platformIdentities)
    .values(list)
    .onConflictDoUpdate({
      target: [platformIdentities.platform, platformIdentities.tenant, platformIdentities.kind, platformIdentities.externalId],
      // Never moves an identity to another organisation.
      set: { employeeId: sql`excluded.employee_id` },
      setWhere: sql`${platformIdentities.orgId} = excluded.org_id`,
    });
}

/** Finds the employee behind a platform user id. */
export async function findByIdentity(db: Executor, platform: string, externalId: string): Promise<Employee | undefined> {
  const [row] = await db
    .select({ e: employees })
    .from(platformIdentities)
    .innerJoin(employees, and(eq(employees.orgId, platformIdentities.orgId), eq(employees.id, platformIdentities.employeeId)))
    .where(and(eq(platformIdentities.platform, platform), eq(platformIdentities.externalId, externalId)))
    .limit(1);
  return row && toEmployee(row.e);
}

export async function identitiesOf(db: Executor, orgId: string, employeeIds: string[]): Promise<PlatformIdentity[]> {
  if (employeeIds.length === 0) return [];
  const rows = await db
    .select()
    .from(platformIdentities)
    .where(and(eq(platformIdentities.orgId, orgId), inArray(platformIdentities.employeeId, employeeIds)));
  return rows.map((r) => ({ ...r, platform: r.platform as PlatformIdentity['platform'], kind: r.kind as PlatformIdentity['kind'] }));
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
