// Approval flows (definitions as data), approval instances (engine state as jsonb) and the requests they decide.
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { organisations } from './org.js';

export const approvalFlows = pgTable(
  'approval_flows',
  {
    /** Chosen by the organisation (PUT /flows/{id}), so unique only within it. */
    id: text('id').notNull(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    name: text('name').notNull(),
    /** Request types this flow serves, e.g. {expense,trip}; the highest priority active match wins. */
    subjectTypes: text('subject_types').array().notNull(),
    priority: integer('priority').notNull().default(0),
    definition: jsonb('definition').notNull(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const approvalInstances = pgTable(
  'approval_instances',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    flowId: text('flow_id').notNull(),
    requestId: text('request_id').notNull(),
    submitterId: text('submitter_id').notNull(),
    status: text('status').notNull(),
    /** Who may act now; kept beside the state so "my pending approvals" is an index lookup. */
    assignees: text('assignees').array().notNull().default([]),
    /** Earliest reminder/escalation due for the active step, for the scheduler. */
    nextDueAt: timestamp('next_due_at', { withTimezone: true, mode: 'date' }),
    state: jsonb('state').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    // Both only for pending instances: a decided instance leaves them, and its final save adds no entries there.
    index('approval_instances_due_idx').on(t.nextDueAt).where(sql`${t.status} = 'pending'`),
    index('approval_instances_assignees_idx').using('gin', t.assignees).where(sql`${t.status} = 'pending'`),
    uniqueIndex('approval_instances_request_uq').on(t.requestId),
  ],
);

export const requests = pgTable(
  'requests',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    /** What people call it: a per-organisation number by type, e.g. `TR-0042` (see request_numbers). */
    number: text('number').notNull(),
    type: text('type').notNull(),
    submitterId: text('submitter_id').notNull(),
    departmentId: text('department_id').notNull(),
    title: text('title').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }),
    currency: text('currency'),
    category: text('category'),
    details: jsonb('details').notNull().default({}),
    status: text('status').notNull(),
    approvalId: text('approval_id'),
    /** After approval: trip booking → booked → completed | cancelled; advance/reimbursement: paid out or settled. */
    phase: text('phase'),
    /** Idempotency key of the creating call (OA retries), unique per organisation. */
    clientRef: text('client_ref'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('requests_org_created_idx').on(t.orgId, t.createdAt),
    index('requests_org_submitter_idx').on(t.orgId, t.submitterId),
    uniqueIndex('requests_org_client_ref_uq').on(t.orgId, t.clientRef),
    uniqueIndex('requests_org_number_uq').on(t.orgId, t.number),
  ],
);

/** The last request number given per organisation and prefix (`TR`, `EX`, …): incremented inside the submitting transaction. */
export const requestNumbers = pgTable(
  'request_numbers',
  {
    orgId: text('org_id').notNull().references(() => organisations.id),
    prefix: text('prefix').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.prefix] })],
);
