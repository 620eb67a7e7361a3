// Tables for organisations, departments, employees, platform identities and delegations.
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const organisations = pgTable('organisations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  defaultCurrency: text('default_currency').notNull().default('CNY'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const departments = pgTable(
  'departments',
  {
    /** Ids are the organisation's own (as its OA system knows them), unique within the organisation. */
    id: text('id').notNull(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    name: text('name').notNull(),
    parentId: text('parent_id'),
    headId: text('head_id'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const employees = pgTable(
  'employees',
  {
    id: text('id').notNull(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    name: text('name').notNull(),
    email: text('email'),
    mobile: text('mobile'),
    departmentId: text('department_id').notNull(),
    managerId: text('manager_id'),
    roles: text('roles').array().notNull().default([]),
    grade: integer('grade').notNull().default(1),
    locale: text('locale').notNull().default('zh-CN'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('employees_org_email_idx').on(t.orgId, t.email),
  ],
);

export const platformIdentities = pgTable(
  'platform_identities',
  {
    orgId: text('org_id').notNull().references(() => organisations.id),
    platform: text('platform').notNull(),
    kind: text('kind').notNull(),
    externalId: text('external_id').notNull(),
    employeeId: text('employee_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('platform_identities_uq').on(t.platform, t.kind, t.externalId),
    index('platform_identities_employee_idx').on(t.orgId, t.employeeId),
  ],
);

export const delegations = pgTable(
  'delegations',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    delegatorId: text('delegator_id').notNull(),
    delegateId: text('delegate_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('delegations_org_idx').on(t.orgId, t.delegatorId)],
);
