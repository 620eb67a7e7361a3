// Web pages' state: the one-time links that open the finance pages, each recorded when it is used so it works once.
import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** A finance link used: its id (from the signed token), who opened which page, when, and when it would have expired. */
export const financeLinkUses = pgTable(
  'finance_link_uses',
  {
    orgId: text('org_id').notNull(),
    linkId: text('link_id').notNull(),
    employeeId: text('employee_id').notNull(),
    page: text('page').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.linkId] }), index('finance_link_uses_expiry_idx').on(t.expiresAt)],
);
