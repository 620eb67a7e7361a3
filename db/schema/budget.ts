// Budgets per department × category × period, their ledger, and configured policy rules.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { organisations } from './org.js';

export const budgets = pgTable(
  'budgets',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    departmentId: text('department_id').notNull(),
    category: text('category').notNull(),
    periodKind: text('period_kind').notNull(),
    periodKey: text('period_key').notNull(),
    currency: text('currency').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    frozenMinor: bigint('frozen_minor', { mode: 'number' }).notNull().default(0),
    consumedMinor: bigint('consumed_minor', { mode: 'number' }).notNull().default(0),
    allowOverrun: boolean('allow_overrun').notNull().default(false),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('budgets_scope_uq').on(t.orgId, t.departmentId, t.category, t.periodKey),
    // Last line of defence: even a buggy caller cannot overspend a budget that forbids overrun.
    check('budgets_no_overspend', sql`${t.allowOverrun} OR ${t.frozenMinor} + ${t.consumedMinor} <= ${t.amountMinor}`),
    check('budgets_non_negative', sql`${t.frozenMinor} >= 0 AND ${t.consumedMinor} >= 0`),
  ],
);

export const budgetEntries = pgTable(
  'budget_entries',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    budgetId: text('budget_id').notNull().references(() => budgets.id),
    kind: text('kind').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    fromFrozenMinor: bigint('from_frozen_minor', { mode: 'number' }),
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    actorId: text('actor_id').notNull(),
    idempotencyKey: text('idempotency_key'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('budget_entries_budget_ref_idx').on(t.budgetId, t.refType, t.refId),
    // Which budgets hold a request's freeze (a trip is budgeted in the month it starts).
    index('budget_entries_org_ref_idx').on(t.orgId, t.refType, t.refId),
    uniqueIndex('budget_entries_idem_uq').on(t.budgetId, t.idempotencyKey),
  ],
);

export const policyRules = pgTable(
  'policy_rules',
  {
    /** Chosen by the organisation (PUT /policy-rules/{id}), so unique only within it. */
    id: text('id').notNull(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    kind: text('kind').notNull(),
    params: jsonb('params').notNull(),
    severity: text('severity').notNull(),
    enabled: boolean('enabled').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
