// A small organisation, flows and helpers shared by the approval engine tests.
import { createDirectory, type Delegation, type Department, type Employee, type Role } from '../../../domain/org/index.js';
import { unwrap } from '../../../domain/shared/index.js';
import {
  decide,
  startInstance,
  type ApprovalInstance,
  type ApprovalOutcome,
  type ApprovalSubject,
  type DecideAction,
  type FlowDefinition,
  type StartInstanceInput,
  type StepDefinition,
} from '../../../domain/approval/index.js';

const ORG = 'org-1';

const dep = (id: string, parentId: string | null, headId: string | null): Department => ({
  id,
  orgId: ORG,
  name: id,
  parentId,
  headId,
});

const emp = (id: string, departmentId: string, managerId: string | null, roles: Role[] = ['employee'], active = true): Employee => ({
  id,
  orgId: ORG,
  name: id,
  departmentId,
  managerId,
  roles,
  grade: 5,
  locale: 'en',
  active,
});

/**
 * root (ceo) ─┬─ eng (erin) ── platform (paul): alice, bob, carol, petra[finance]
 *             ├─ fin (fiona[finance]): frank[finance], fay[finance], fred[finance, inactive]
 *             └─ sales (no head): sam (no manager → ceo)
 */
export const departments: Department[] = [
  dep('root', null, 'ceo'),
  dep('eng', 'root', 'erin'),
  dep('platform', 'eng', 'paul'),
  dep('fin', 'root', 'fiona'),
  dep('sales', 'root', null),
];

export const employees: Employee[] = [
  emp('ceo', 'root', null, ['manager', 'admin']),
  emp('erin', 'eng', 'ceo', ['manager']),
  emp('paul', 'platform', 'erin', ['manager']),
  emp('alice', 'platform', 'paul'),
  emp('bob', 'platform', 'paul'),
  emp('carol', 'platform', 'paul'),
  emp('petra', 'platform', 'paul', ['finance']),
  emp('fiona', 'fin', 'ceo', ['finance', 'manager']),
  emp('frank', 'fin', 'fiona', ['finance']),
  emp('fay', 'fin', 'fiona', ['finance']),
  emp('fred', 'fin', 'fiona', ['finance'], false),
  emp('sam', 'sales', null),
];

export const directory = createDirectory(departments, employees);

/** A fixed instant, plus `hours`. */
export const T0 = new Date('2025-03-03T01:00:00.000Z');
export const hoursAfter = (hours: number, from: Date = T0): Date => new Date(from.getTime() + hours * 3_600_000);

export const managerStep: StepDefinition = {
  key: 'manager',
  name: 'Line manager',
  mode: 'any',
  approvers: [{ kind: 'manager', level: 1 }],
  timeoutHours: 24,
  escalation: { afterHours: 48, to: { kind: 'manager', level: 2 } },
};

export const financeStep: StepDefinition = {
  key: 'finance',
  name: 'Finance review',
  mode: 'any',
  approvers: [{ kind: 'role', role: 'finance' }],
  condition: { field: 'amount', op: 'gte', minor: 500_000, currency: 'CNY' },
};

/** Manager (any) then finance (any, only from 5000.00 CNY). */
export const expenseFlow: FlowDefinition = { name: 'Expense', subjectTypes: ['expense'], steps: [managerStep, financeStep] };

export const flowOf = (...steps: StepDefinition[]): FlowDefinition => ({ name: 'Test flow', subjectTypes: ['expense'], steps });

export const subject = (overrides: Partial<ApprovalSubject> = {}): ApprovalSubject => ({
  type: 'expense',
  id: 'req-1',
  title: 'Team dinner',
  amount: { minor: 800_000, currency: 'CNY' },
  category: 'meals',
  departmentId: 'platform',
  ...overrides,
});

/** startInstance with defaults: alice submits the expense flow for an 8000 CNY platform expense at T0. */
export const startInput = (overrides: Partial<StartInstanceInput> = {}): StartInstanceInput => ({
  id: 'apr-1',
  orgId: ORG,
  flow: expenseFlow,
  subject: subject(),
  submitterId: 'alice',
  directory,
  delegations: [] as Delegation[],
  now: T0,
  ...overrides,
});

/** Starts an instance that must succeed. */
export const start = (overrides: Partial<StartInstanceInput> = {}): ApprovalOutcome => unwrap(startInstance(startInput(overrides)));

/** Applies an action that must succeed. */
export const act = (instance: ApprovalInstance, action: DecideAction, actor: string, now: Date = hoursAfter(1)): ApprovalOutcome =>
  unwrap(decide(instance, action, actor, now));

/** Recursively freezes a value so any mutation by the engine throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The error code of a failed Result (fails the test when it succeeded). */
export function codeOf(r: { ok: true } | { ok: false; error: { code: string } }): string {
  if (r.ok) throw new Error('expected an error result');
  return r.error.code;
}
