// Business reception: an organisation's sites (where visitors come: address, rules for visitors), visits registered
// by a host and approved like any request, and their visitors (mobile and ID numbers encrypted, the last four kept to
// show masked), each with the random id their invitation code names and the times the gate let them in and out.
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
    /** A recurring visit's series (one request, one visit row per occurrence); null for a single visit. */
    seriesId: text('series_id'),
    /** Which occurrence of its request this is, from 1 (a single visit is 1). */
    occurrence: integer('occurrence').notNull().default(1),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('visits_request_occurrence_uq').on(t.orgId, t.requestId, t.occurrence),
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
    /** Keyed MACs of the numbers, as the watchlist keeps them: the gate matches the watchlist in the same query. */
    mobileMac: text('mobile_mac'),
    idMac: text('id_mac'),
    /** 16 random bytes (base64url) the invitation code names; given when the visit is approved. */
    invitationId: text('invitation_id'),
    /** When the invitation text went out (the provider's id beside it), or why it could not. */
    invitedAt: ts('invited_at'),
    inviteRef: text('invite_ref'),
    inviteError: text('invite_error'),
    /** An invitation withdrawn for this one visitor (the rest of the visit stands). */
    revokedAt: ts('revoked_at'),
    checkedInAt: ts('checked_in_at'),
    checkedInBy: text('checked_in_by'),
    checkedOutAt: ts('checked_out_at'),
    checkedOutBy: text('checked_out_by'),
    /** Checked out by the end-of-day job, not by a guard (the time is the day's end, not when they left). */
    checkOutClosed: boolean('check_out_closed').notNull().default(false),
    /** The visit's window passed and they never came. */
    noShow: boolean('no_show').notNull().default(false),
    /** Personal data purged after VISITOR_RETENTION_DAYS: the name is replaced, the numbers are gone. */
    purgedAt: ts('purged_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('visitors_visit_idx').on(t.orgId, t.visitId), uniqueIndex('visitors_invitation_uq').on(t.invitationId)],
);

/**
 * People not to let in (访客黑名单): matched at registration and at the gate by the HMAC of an ID or mobile number
 * (the numbers themselves are not kept here) or by name and company.
 */
export const watchlist = pgTable(
  'watchlist',
  {
    orgId: text('org_id').notNull(),
    id: text('id').notNull(),
    name: text('name'),
    company: text('company'),
    mobileMac: text('mobile_mac'),
    mobileLast4: text('mobile_last4'),
    idMac: text('id_mac'),
    idLast4: text('id_last4'),
    reason: text('reason').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('watchlist_mobile_idx').on(t.orgId, t.mobileMac), index('watchlist_id_idx').on(t.orgId, t.idMac), index('watchlist_name_idx').on(t.orgId, sql`lower(btrim(${t.name}))`)],
);
