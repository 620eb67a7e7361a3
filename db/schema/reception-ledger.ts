// The reception ledger's own facts: which reimbursement claims carry which visits (and what cost each claim put on
// each visit, by reception type), and the figures a visit's ledger entry keeps once its visitors' personal data are
// purged (how many came, from which companies, when they were in).
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const minor = (name: string) => bigint(name, { mode: 'number' });

/**
 * A visit linked to a hospitality reimbursement. `linked` while the claim waits for approval, `settled` once it is
 * approved (the visit's freeze consumed and released), `unlinked` when the claim was rejected or withdrawn. At most one
 * live (linked or settled) row per visit: the partial unique index makes a second claim on it fail, race-free.
 */
export const visitClaims = pgTable(
  'visit_claims',
  {
    orgId: text('org_id').notNull(),
    visitId: text('visit_id').notNull(),
    reimbursementId: text('reimbursement_id').notNull(),
    /** The visit's approval request: the budget ref its freeze lives under. */
    visitRequestId: text('visit_request_id').notNull(),
    /** linked | settled | unlinked */
    status: text('status').notNull(),
    /** The claim's cost attributed to this visit, in `currency`. */
    attributedMinor: minor('attributed_minor').notNull(),
    currency: text('currency').notNull(),
    /** By reception type (visit, meal, alcohol, lodging, transport, gift), minor units. */
    actual: jsonb('actual').notNull(),
    /** The attribution line by line: [{ lineId, minor, type }] (a line split across visits has one piece per visit). */
    pieces: jsonb('pieces').notNull(),
    /** Invoices of the lines attributed to the visit. */
    invoiceIds: text('invoice_ids').array().notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.visitId, t.reimbursementId] }),
    uniqueIndex('visit_claims_live_uq').on(t.orgId, t.visitId).where(sql`${t.status} <> 'unlinked'`),
    index('visit_claims_reimbursement_idx').on(t.orgId, t.reimbursementId),
  ],
);

/** What a visit's ledger entry keeps when its visitors' personal data are purged: counts, companies and times, no names. */
export const visitLedgerFacts = pgTable(
  'visit_ledger_facts',
  {
    orgId: text('org_id').notNull(),
    visitId: text('visit_id').notNull(),
    visitorCount: integer('visitor_count').notNull(),
    /** The visitors' companies, each once (companies, not people). */
    companies: text('companies').array().notNull(),
    checkedInCount: integer('checked_in_count').notNull(),
    firstInAt: ts('first_in_at'),
    lastOutAt: ts('last_out_at'),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.visitId] })],
);
