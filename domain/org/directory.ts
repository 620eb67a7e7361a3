// A read-only, in-memory view of an organisation, used by pure rules (approver resolution, tree checks).
import { domainError, err, ok, type Result } from '../shared/index.js';
import type { Department, Employee, Role } from './org.types.js';

/** The port approver resolution reads; built from a snapshot by `createDirectory`. */
export interface OrgDirectory {
  employee(id: string): Employee | undefined;
  department(id: string): Department | undefined;
  /** Active employees holding `role`, optionally only within `departmentId` (not its sub-departments). */
  withRole(role: Role, departmentId?: string): Employee[];
}

/** Builds a directory from lists of departments and employees. */
export function createDirectory(departments: readonly Department[], employees: readonly Employee[]): OrgDirectory {
  const deps = new Map(departments.map((d) => [d.id, d]));
  const emps = new Map(employees.map((e) => [e.id, e]));
  return {
    employee: (id) => emps.get(id),
    department: (id) => deps.get(id),
    withRole: (role, departmentId) =>
      employees.filter(
        (e) => e.active && e.roles.includes(role) && (departmentId === undefined || e.departmentId === departmentId),
      ),
  };
}

/**
 * The manager `levels` steps up from `employeeId` (1 = direct manager). Falls back to department heads up the
 * tree when an employee has no explicit manager. Returns undefined when the chain ends first.
 */
export function managerAt(dir: OrgDirectory, employeeId: string, levels: number): Employee | undefined {
  let current = dir.employee(employeeId);
  const seen = new Set<string>();
  for (let i = 0; i < levels && current; i++) {
    seen.add(current.id);
    const next = directManager(dir, current);
    if (!next || seen.has(next.id)) return undefined;
    current = next;
  }
  return current && current.id !== employeeId ? current : undefined;
}

function directManager(dir: OrgDirectory, e: Employee): Employee | undefined {
  if (e.managerId) return dir.employee(e.managerId);
  // No explicit manager: the head of the employee's department, or of the nearest ancestor headed by someone else.
  let dep = dir.department(e.departmentId);
  const seen = new Set<string>();
  while (dep && !seen.has(dep.id)) {
    seen.add(dep.id);
    if (dep.headId && dep.headId !== e.id) return dir.employee(dep.headId);
    dep = dep.parentId ? dir.department(dep.parentId) : undefined;
  }
  return undefined;
}

/** The head of `departmentId`, or `levelsUp` departments above it; walks further up past departments without a head. */
export function departmentHead(dir: OrgDirectory, departmentId: string, levelsUp = 0): Employee | undefined {
  let dep = dir.department(departmentId);
  for (let i = 0; i < levelsUp && dep; i++) dep = dep.parentId ? dir.department(dep.parentId) : undefined;
  const seen = new Set<string>();
  while (dep && !seen.has(dep.id)) {
    seen.add(dep.id);
    if (dep.headId) return dir.employee(dep.headId);
    dep = dep.parentId ? dir.department(dep.parentId) : undefined;
  }
  return undefined;
}

/** True when `departmentId` is `ancestorId` or lies below it. */
export function isWithin(dir: OrgDirectory, departmentId: string, ancestorId: string): boolean {
  let dep = dir.department(departmentId);
  const seen = new Set<string>();
  while (dep && !seen.has(dep.id)) {
    if (dep.id === ancestorId) return true;
    seen.add(dep.id);
    dep = dep.parentId ? dir.department(dep.parentId) : undefined;
  }
  return false;
}

/**
 * Checks that departments form a forest (no parent cycles, every parent known) and managers form no cycle.
 * Used before an OA sync is saved, so a bad import is refused whole.
 */
export function validateOrgStructure(
  departments: readonly Pick<Department, 'id' | 'parentId'>[],
  employees: readonly Pick<Employee, 'id' | 'managerId' | 'departmentId'>[],
): Result<true> {
  const parents = new Map(departments.map((d) => [d.id, d.parentId]));
  for (const d of departments) {
    if (d.parentId !== null && !parents.has(d.parentId))
      return err(domainError('ORG.UNKNOWN_DEPARTMENT', `department ${d.id} has unknown parent ${d.parentId}`, { departmentId: d.id }));
    const seen = new Set<string>([d.id]);
    let p = d.parentId;
    while (p !== null && p !== undefined) {
      if (seen.has(p)) return err(domainError('ORG.CYCLE', `department ${d.id} is its own ancestor`, { departmentId: d.id }));
      seen.add(p);
      p = parents.get(p) ?? null;
    }
  }
  const managers = new Map(employees.map((e) => [e.id, e.managerId]));
  for (const e of employees) {
    if (!parents.has(e.departmentId))
      return err(domainError('ORG.UNKNOWN_DEPARTMENT', `employee ${e.id} is in unknown department ${e.departmentId}`, { employeeId: e.id }));
    if (e.managerId !== null && !managers.has(e.managerId))
      return err(domainError('ORG.UNKNOWN_EMPLOYEE', `employee ${e.id} has unknown manager ${e.managerId}`, { employeeId: e.id }));
    const seen = new Set<string>([e.id]);
    let m = e.managerId;
    while (m !== null && m !== undefined) {
      if (seen.has(m)) return err(domainError('ORG.CYCLE', `employee ${e.id} is in a manager cycle`, { employeeId: e.id }));
      seen.add(m);
      m = managers.get(m) ?? null;
    }
  }
  return ok(true);
}
