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
    /**
     * The platform's tenant the id lives in: Feishu tenant_key, DingTalk corpId, Slack team_id ('' when a single-company
     * install does not know it). A user id is unique only within its tenant, so the tenant is part of the key.
     */
    tenant: text('tenant').notNull().default(''),
    kind: text('kind').notNull(),
    externalId: text('external_id').notNull(),
    employeeId: text('employee_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('platform_identities_uq').on(t.platform, t.tenant, t.kind, t.externalId),
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

/**
 * Which organisation a platform tenant (Feishu tenant_key, DingTalk corpId, Slack team_id or enterprise_id) belongs to:
 * inbound events are routed by it. A tenant belongs to one organisation at most.
 */
export const platformTenants = pgTable(
  'platform_tenants',
  {
    platform: text('platform').notNull(),
    tenant: text('tenant').notNull(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.tenant] }), index('platform_tenants_org_idx').on(t.orgId)],
);

/** A Slack workspace (or Enterprise Grid org) that installed the app through OAuth; tokens encrypted at rest. */
export const slackInstallations = pgTable(
  'slack_installations',
  {
    /** team_id, or enterprise_id for an org-wide install. */
    installKey: text('install_key').primaryKey(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    teamId: text('team_id'),
    enterpriseId: text('enterprise_id'),
    /** The whole Bolt Installation object, AES-256-GCM encrypted (`keyId:iv:tag:cipher`). */
    installationEnc: text('installation_enc').notNull(),
    installedAt: timestamp('installed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('slack_installations_org_idx').on(t.orgId)],
);
