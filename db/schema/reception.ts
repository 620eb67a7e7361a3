// Business reception: an organisation's sites (where visitors come: address, rules for visitors), visits registered
// by a host and approved like any request, and their visitors (mobile and ID numbers encrypted, the last four kept to
// show masked), each with the random id their invitation code names and the times the gate let them in and out.
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const minor = (name: string) => bigint(name, { mode: 'number' });

export const sites = pgTable(
  'sites',
  {
    orgId: text('org_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    /** What visitors are asked to follow (shown on the invitation page). */
    rules: jsonb('rules').notNull(),
    /** The reception desk's employees: told of each approved visit. */
    deskIds: text('desk_ids').array().notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const visits = pgTable(
  'visits',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    /** The approval request (type `visit`) that carries it through the engine. */
    requestId: text('request_id').notNull(),
    hostId: text('host_id').notNull(),
    companions: text('companions').array().notNull(),
    siteId: text('site_id').notNull(),
    level: text('level').notNull(),
    purpose: text('purpose').notNull(),
    /** The visitors' company, for the ledger's statistics (the first visitor's, as registered). */
    company: text('company'),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    resources: jsonb('resources').notNull(),
    /** By reception type, minor units of `currency`. */
    estimate: jsonb('estimate').notNull(),
    estimateMinor: minor('estimate_minor').notNull(),
    currency: text('currency').notNull(),
    /** pending | approved | rejected | withdrawn | done */
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('visits_request_uq').on(t.orgId, t.requestId),
    index('visits_window_idx').on(t.orgId, t.startsAt),
    // The staff reminder job looks across organisations for approved visits about to start.
    index('visits_approved_start_idx').on(t.startsAt).where(sql`${t.status} = 'approved'`),
  ],
);

export const visitors = pgTable(
  'visitors',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    visitId: text('visit_id').notNull(),
    name: text('name').notNull(),
    company: text('company'),
    title: text('title'),
    mobileEnc: text('mobile_enc'),
    mobileLast4: text('mobile_last4'),
    idNumberEnc: text('id_number_enc'),
    idLast4: text('id_last4'),
    /** 16 random bytes (base64url) the invitation code names; given when the visit is approved. */
    invitationId: text('invitation_id'),
    checkedInAt: ts('checked_in_at'),
    checkedOutAt: ts('checked_out_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('visitors_visit_idx').on(t.orgId, t.visitId), uniqueIndex('visitors_invitation_uq').on(t.invitationId)],
);
