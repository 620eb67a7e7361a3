// Infrastructure tables: hash-chained audit log, outbox, processed inbound ids, API keys, webhooks, job runs.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The append-only audit log. A use case inserts a row in its own transaction (no shared lock, so writers never queue
 * behind each other); the sealer (`sealAudit`) later gives each row its place in the organisation's sha256 chain
 * (`seq`, `prev_hash`, `hash`), in the order it finds them committed. Unsealed rows have `seq` NULL.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: text('org_id').notNull(),
    seq: bigint('seq', { mode: 'number' }),
    actorId: text('actor_id').notNull(),
    /** The credential the actor acted through: `apikey:<id>`, `feishu:<tenant>:<user>`, `console:<session>`, `job:<name>`. */
    via: text('via'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    at: timestamp('at', { withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    uniqueIndex('audit_log_org_seq_uq').on(t.orgId, t.seq).where(sql`${t.seq} IS NOT NULL`),
    index('audit_log_unsealed_idx').on(t.orgId, t.id).where(sql`${t.seq} IS NULL`),
    index('audit_log_subject_idx').on(t.orgId, t.subjectType, t.subjectId),
  ],
);

/** One row per organisation: the tip of its sealed chain. Only the sealer updates it (locked per organisation). */
export const auditHeads = pgTable('audit_heads', {
  orgId: text('org_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  hash: text('hash').notNull(),
  /** The highest audit_log id sealed so far: the sealer's regular pass looks only above it (see sealAudit). */
  lastId: bigint('last_id', { mode: 'number' }).notNull().default(0),
});

/** Pages keep room for HOT updates (fillfactor 70, set in migration 0015_hot_updates). */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: text('org_id').notNull(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').notNull(),
    /** Unique per message; receivers get it as `Idempotency-Key` so they can drop duplicates too. */
    key: text('key').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /**
     * When a retry is due, by the dispatcher's clock (the injected `Clock`, not SQL now()). NULL: never tried, due at
     * once (so enqueuing needs no clock and tests can move time freely).
     */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
    /** A claim's lease, by the dispatcher's clock. */
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    /**
     * Which instance's dispatcher holds the lease (its lease owner id), so a shutting-down instance can hand back what it
     * claimed and did not deliver (`releaseLeases`) instead of leaving it locked for the rest of the lease. Stale once
     * the lease is gone: only rows with `locked_until` set count as held.
     */
    leaseOwner: text('lease_owner'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    /**
     * The W3C `traceparent` of the span active when the row was enqueued (NULL without tracing), so its delivery's span
     * joins the trace of the request that caused it (src/observability/tracing.ts).
     */
    traceParent: text('trace_parent'),
  },
  (t) => [
    uniqueIndex('outbox_key_uq').on(t.key),
    // Claims take the oldest pending rows first (by id) and skip those whose retry is not yet due.
    index('outbox_pending_idx').on(t.id).where(sql`${t.status} = 'pending'`),
    // A lane of the dispatcher claims its own topics only (chat deliveries apart from the fan-outs).
    index('outbox_pending_topic_idx').on(t.topic, t.id).where(sql`${t.status} = 'pending'`),
    // The retention job purges delivered rows oldest first.
    index('outbox_delivered_idx').on(t.deliveredAt).where(sql`${t.status} = 'delivered'`),
    // The operator's backlog gauge (/metrics) counts dead-lettered rows by topic without reading the delivered ones.
    index('outbox_dead_topic_idx').on(t.topic).where(sql`${t.status} = 'dead'`),
  ],
);

export const processedEvents = pgTable(
  'processed_events',
  {
    source: text('source').notNull(),
    eventId: text('event_id').notNull(),
    orgId: text('org_id'),
    /** sha256 of what the first call asked (API idempotency keys): the same key with another body is refused. */
    requestHash: text('request_hash'),
    response: jsonb('response'),
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.eventId] }), index('processed_events_at_idx').on(t.processedAt)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    name: text('name').notNull(),
    /** sha256 of the whole key; the key itself is shown once at creation and never stored. */
    hash: text('hash').notNull(),
    scopes: text('scopes').array().notNull(),
    /** A key bound to one employee acts as them; NULL for an integration key (acting for others needs `act-as`). */
    employeeId: text('employee_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.hash)],
);

export const webhooks = pgTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    url: text('url').notNull(),
    /** Event types to deliver; '*' for all. */
    events: text('events').array().notNull(),
    /** Signing secret, AES-256-GCM encrypted (`keyId:iv:tag:cipher`). */
    secretEnc: text('secret_enc').notNull(),
    /** The secret before the last rotation, still signing deliveries (as a second signature) until `secretPrevUntil`. */
    secretPrevEnc: text('secret_prev_enc'),
    secretPrevUntil: timestamp('secret_prev_until', { withTimezone: true, mode: 'date' }),
    active: integer('active').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('webhooks_org_idx').on(t.orgId)],
);

export const jobRuns = pgTable('job_runs', {
  name: text('name').primaryKey(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true, mode: 'date' }).notNull(),
  runs: integer('runs').notNull().default(0),
});

/**
 * The finance digest sent for an organisation and day: the row is the once-per-day claim (several instances may run
 * the job; the first insert wins) and keeps what was sent, so the chart's PNG can be drawn again when a platform
 * fetches it.
 */
export const digests = pgTable(
  'digests',
  {
    orgId: text('org_id').notNull(),
    /** The organisation's date the digest reports on (its yesterday when sent), YYYY-MM-DD. */
    day: text('day').notNull(),
    view: jsonb('view').notNull(),
    recipients: integer('recipients').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day] })],
);
