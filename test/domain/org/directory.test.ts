import { describe, expect, it } from 'vitest';
import { createDirectory, departmentHead, isWithin, managerAt, validateOrgStructure, type Department, type Employee } from '../../../domain/org/index.js';

const dep = (id: string, parentId: string | null, headId: string | null): Department => ({ id, orgId: 'o', name: id, parentId, headId });
const emp = (id: string, departmentId: string, managerId: string | null, active = true): Employee => ({
  id, orgId: 'o', name: id, departmentId, managerId, roles: ['employee'], grade: 1, locale: 'zh-CN', active,
});

const departments = [dep('root', null, 'ceo'), dep('sales', 'root', 'vp'), dep('east', 'sales', null), dep('ops', 'root', null)];
const employees = [emp('ceo', 'root', null), emp('vp', 'sales', 'ceo'), emp('rep', 'east', 'vp'), emp('clerk', 'ops', null), emp('gone', 'ops', null, false)];
const dir = createDirectory(departments, employees);

describe('org directory', () => {
  it('walks the manager chain N levels up', () => {
    expect(managerAt(dir, 'rep', 1)?.id).toBe('vp');
    expect(managerAt(dir, 'rep', 2)?.id).toBe('ceo');
    expect(managerAt(dir, 'rep', 3)).toBeUndefined();
  });

  it('falls back to the head of the nearest headed department when no manager is set', () => {
    expect(managerAt(dir, 'clerk', 1)?.id).toBe('ceo');
  });

  it('finds the department head, walking up past departments without one', () => {
    expect(departmentHead(dir, 'east')?.id).toBe('vp');
    expect(departmentHead(dir, 'east', 1)?.id).toBe('vp');
    expect(departmentHead(dir, 'east', 2)?.id).toBe('ceo');
  });

  it('knows which departments lie below another', () => {
    expect(isWithin(dir, 'east', 'sales')).toBe(true);
    expect(isWithin(dir, 'ops', 'sales')).toBe(false);
  });

  it('lists only active holders of a role', () => {
    const withRoles = createDirectory(departments, [{ ...emp('f1', 'ops', null), roles: ['finance'] }, { ...emp('f2', 'ops', null, false), roles: ['finance'] }]);
    expect(withRoles.withRole('finance').map((e) => e.id)).toEqual(['f1']);
  });
});

describe('org structure validation', () => {
  it('accepts a forest', () => {
    expect(validateOrgStructure(departments, employees).ok).toBe(true);
  });

  it('refuses a department cycle', () => {
    const r = validateOrgStructure([dep('a', 'b', null), dep('b', 'a', null)], []);
    expect(!r.ok && r.error.code).toBe('ORG.CYCLE');
  });

  it('refuses a manager cycle and names the employee', () => {
    const r = validateOrgStructure(departments, [emp('x', 'root', 'y'), emp('y', 'root', 'x')]);
    expect(!r.ok && r.error).toMatchObject({ code: 'ORG.CYCLE', details: { employeeId: 'x' } });
  });

  it('refuses unknown departments and managers', () => {
    const a = validateOrgStructure(departments, [emp('x', 'nowhere', null)]);
    expect(!a.ok && a.error.code).toBe('ORG.UNKNOWN_DEPARTMENT');
    const b = validateOrgStructure(departments, [emp('x', 'root', 'nobody')]);
    expect(!b.ok && b.error.code).toBe('ORG.UNKNOWN_EMPLOYEE');
  });
});
