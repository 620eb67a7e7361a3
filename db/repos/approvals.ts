// Requests, their approval instances (engine state as jsonb with a version column) and approval flows.
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { ApprovalInstance, FlowDefinition } from '../../domain/approval/index.js';
import { approvalFlows, approvalInstances, requestNumbers, requests } from '../schema/index.js';
import { coalesce } from '../coalesce.js';
import { isPooled, runStatement, type Executor, type Statement } from '../database.js';

export type RequestRow = typeof requests.$inferSelect;
export interface StoredInstance {
  instance: ApprovalInstance;
  version: number;
  requestId: string;
  flowId: string;
}

export async function insertRequest(db: Executor, row: typeof requests.$inferInsert): Promise<void> {
  await db.insert(requests).values(row);
}

/** The next number under `prefix` in the organisation; the counter row stays locked until the caller's transaction ends. */
export async function nextRequestNumber(tx: Executor, orgId: string, prefix: string): Promise<number> {
  const [row] = await tx
    .insert(requestNumbers)
    .values({ orgId, prefix, last: 1 })
    .onConflictDoUpdate({ target: [requestNumbers.orgId, requestNumbers.prefix], set: { last: sql`${requestNumbers.last} + 1` } })
    .returning({ last: requestNumbers.last });
  return row!.last;
}

/** A request by its number (`TR-0042`, canonical form). */
export async function findRequestByNumber(db: Executor, orgId: string, number: string): Promise<RequestRow | undefined> {
  const [r] = await db.select().from(requests).where(and(eq(requests.orgId, orgId), eq(requests.number, number)));
  return r;
}

export async function getRequest(db: Executor, orgId: string, id: string): Promise<RequestRow | undefined> {
  const [r] = await db.select().from(requests).where(and(eq(requests.orgId, orgId), eq(requests.id, id)));
  return r;
}

/** What a person reads to know which request is meant: its number and type, and who submitted it. */
export interface RequestLabel {
  number: string;
  type: string;
  submitterId: string;
  /** Undefined when the submitter is not (or no longer) an employee of the organisation. */
  submitterName: string | undefined;
}
interface LabelRow {
  number: string;
  type: string;
  submitter_id: string;
  submitter_name: string | null;
  view: unknown;
  version: number | null;
  delivered_version: number | null;
  message_id: string | null;
  locale: string | null;
  names: Record<string, string> | null;
  time_zone: string | null;
}

/** The clicker's copy of the card clicked, and the people whose names redrawing it needs (ids joined by U+001F). */
const CLICKED = `c.view, c.version, c.delivered_version, c.message_id, c.locale,
       (SELECT jsonb_object_agg(p.id, p.name) FROM employees p WHERE p.org_id = r.org_id AND p.id = ANY(string_to_array(q.names, chr(31)))) AS names,
       (SELECT g.time_zone FROM organisations g WHERE g.id = r.org_id AND q.card_key IS NOT NULL) AS time_zone`;
const LABEL: Statement = {
  name: 'click_answer',
  text: `SELECT r.number, r.type, r.submitter_id, e.name AS submitter_name, ${CLICKED}
           FROM (SELECT $1::text AS org_id, $2::text AS id, $3::text AS card_key, $4::text AS channel, $5::text AS recipient_id, $6::text AS names) q
           JOIN requests r ON r.org_id = q.org_id AND r.id = q.id
           LEFT JOIN employees e ON e.org_id = r.org_id AND e.id = r.submitter_id
           LEFT JOIN chat_cards c ON c.org_id = q.org_id AND c.card_key = q.card_key AND c.channel = q.channel AND c.recipient_id = q.recipient_id`,
};
const LABELS: Statement = {
  name: 'click_answers',
  text: `SELECT q.k, r.number, r.type, r.submitter_id, e.name AS submitter_name, ${CLICKED}
           FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS q(k, org_id, id, card_key, channel, recipient_id, names)
           JOIN requests r ON r.org_id = q.org_id AND r.id = q.id
           LEFT JOIN employees e ON e.org_id = r.org_id AND e.id = r.submitter_id
           LEFT JOIN chat_cards c ON c.org_id = q.org_id AND c.card_key = q.card_key AND c.channel = q.channel AND c.recipient_id = q.recipient_id`,
};

/** A card copy as the click's answer reads it. */
export interface ClickedCard {
  view: unknown;
  version: number;
  deliveredVersion: number;
  messageId: string | null;
  locale: string;
}

/** What a click's answer needs: the request's label and, when asked, the clicker's copy of the card and people's names. */
export interface ClickAnswerFacts {
  label: RequestLabel;
  card?: ClickedCard;
  /** Employee id → name, for the ids asked (those of another organisation, or gone, are missing). */
  names: ReadonlyMap<string, string>;
  /** The organisation's time zone (read only with a card, to draw it). */
  timeZone?: string;
}

interface ClickKey {
  orgId: string;
  id: string;
  card: { cardKey: string; channel: string; recipientId: string } | undefined;
  names: string | null;
}

const factsOf = (r: LabelRow | undefined): ClickAnswerFacts | undefined =>
  r && {
    label: { number: r.number, type: r.type, submitterId: r.submitter_id, submitterName: r.submitter_name ?? undefined },
    ...(r.version !== null ? { card: { view: r.view, version: r.version, deliveredVersion: r.delivered_version ?? 0, messageId: r.message_id, locale: r.locale ?? 'zh' } } : {}),
    names: new Map(Object.entries(r.names ?? {})),
    ...(r.time_zone ? { timeZone: r.time_zone } : {}),
  };

const oneParams = (q: ClickKey) => [q.orgId, q.id, q.card?.cardKey ?? null, q.card?.channel ?? null, q.card?.recipientId ?? null, q.names];

/** Per pooled database: the reads of one event-loop turn go to PostgreSQL as one query. */
const labelLoaders = new WeakMap<Executor, (q: ClickKey) => Promise<LabelRow | undefined>>();
function labelLoaderFor(db: Executor) {
  let load = labelLoaders.get(db);
  if (!load) {
    load = coalesce(async (keys: ClickKey[]) => {
      if (keys.length === 1) return [(await runStatement<LabelRow>(db, LABEL, oneParams(keys[0]!)))[0]];
      const rows = await runStatement<LabelRow & { k: number }>(db, LABELS, [
        keys.map((_, k) => k),
        keys.map((q) => q.orgId),
        keys.map((q) => q.id),
        keys.map((q) => q.card?.cardKey ?? null),
        keys.map((q) => q.card?.channel ?? null),
        keys.map((q) => q.card?.recipientId ?? null),
        keys.map((q) => q.names),
      ]);
      const out: (LabelRow | undefined)[] = keys.map(() => undefined);
      for (const r of rows) out[r.k] = r;
      return out;
    });
    labelLoaders.set(db, load);
  }
  return load;
}

/**
 * What the answer to a click on request `id`'s card reads, in one round trip: the request's number, type and
 * submitter's name (reading the whole request and then its submitter cost two queries and the details' parsing on
 * every click) and, when `card` is given, the clicker's copy of the card, the names of `names` and the
 * organisation's time zone. On a PostgreSQL
 * pool, the reads that arrive together share one query.
 */
export async function clickAnswerFacts(
  db: Executor,
  orgId: string,
  id: string,
  clicked?: { card: { cardKey: string; channel: string; recipientId: string }; names: readonly string[] },
): Promise<ClickAnswerFacts | undefined> {
  const key: ClickKey = { orgId, id, card: clicked?.card, names: clicked && clicked.names.length > 0 ? clicked.names.join('\u001f') : null };
  if (isPooled(db)) return factsOf(await labelLoaderFor(db)(key));
  return factsOf((await runStatement<LabelRow>(db, LABEL, oneParams(key)))[0]);
}

/** Serialises submissions with the same clientRef until the caller's transaction ends, so a racing duplicate finds the first. */
export async function lockClientRef(tx: Executor, orgId: string, clientRef: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`request:${orgId}:${clientRef}`}))`);
}

export async function findRequestByClientRef(db: Executor, orgId: string, clientRef: string): Promise<RequestRow | undefined> {
  const [r] = await db.select().from(requests).where(and(eq(requests.orgId, orgId), eq(requests.clientRef, clientRef)));
  return r;
}

export interface RequestFilter {
  status?: string;
  type?: string;
  submitterId?: string;
  /** Keyset pagination: the `createdAt|id` cursor of the last row seen. */
  before?: { createdAt: Date; id: string };
  limit: number;
}

/** Newest first, keyset-paginated. */
export async function listRequests(db: Executor, orgId: string, f: RequestFilter): Promise<RequestRow[]> {
  const conds = [eq(requests.orgId, orgId)];
  if (f.status) conds.push(eq(requests.status, f.status));
  if (f.type) conds.push(eq(requests.type, f.type));
  if (f.submitterId) conds.push(eq(requests.submitterId, f.submitterId));
  if (f.before) conds.push(sql`(${requests.createdAt}, ${requests.id}) < (${f.before.createdAt.toISOString()}::timestamptz, ${f.before.id})`);
  return db.select().from(requests).where(and(...conds)).orderBy(desc(requests.createdAt), desc(requests.id)).limit(f.limit);
}

export async function setRequestStatus(db: Executor, orgId: string, id: string, status: string, now: Date): Promise<void> {
  await db
    .update(requests)
    .set({ status, updatedAt: now, version: sql`${requests.version} + 1` })
    .where(and(eq(requests.orgId, orgId), eq(requests.id, id)));
}

export async function insertInstance(
  db: Executor,
  row: { instance: ApprovalInstance; flowId: string; requestId: string; assignees: string[]; nextDueAt: Date | null; now: Date },
): Promise<void> {
  const i = row.instance;
  await db.insert(approvalInstances).values({
    id: i.id,
    orgId: i.orgId,
    flowId: row.flowId,
    requestId: row.requestId,
    submitterId: i.submitterId,
    status: i.status,
    assignees: row.assignees,
    nextDueAt: row.nextDueAt,
    state: i,
    createdAt: row.now,
    updatedAt: row.now,
  });
}

export async function getInstance(db: Executor, orgId: string, id: string): Promise<StoredInstance | undefined> {
  const [r] = await db
    .select({ state: approvalInstances.state, version: approvalInstances.version, requestId: approvalInstances.requestId, flowId: approvalInstances.flowId })
    .from(approvalInstances)
    .where(and(eq(approvalInstances.orgId, orgId), eq(approvalInstances.id, id)));
  return r && { instance: r.state as ApprovalInstance, version: r.version, requestId: r.requestId, flowId: r.flowId };
}

/** A literal (not a parameter), so the planner can use the indexes that cover pending instances only. */
const isPending = sql`${approvalInstances.status} = 'pending'`;

/** Pending instances with a reminder or escalation due. @crossOrg The scheduler serves every organisation; each result names its own. */
export async function dueInstances(db: Executor, now: Date, limit: number): Promise<{ orgId: string; id: string }[]> {
  return db
    .select({ orgId: approvalInstances.orgId, id: approvalInstances.id })
    .from(approvalInstances)
    .where(and(isPending, lt(approvalInstances.nextDueAt, new Date(now.getTime() + 1))))
    .limit(limit);
}

/** Pending approvals where `employeeId` may act now. */
export async function pendingFor(db: Executor, orgId: string, employeeId: string, limit = 50) {
  return db
    .select({ id: approvalInstances.id, requestId: approvalInstances.requestId, state: approvalInstances.state })
    .from(approvalInstances)
    .where(and(eq(approvalInstances.orgId, orgId), isPending, sql`${approvalInstances.assignees} @> ARRAY[${employeeId}]::text[]`))
    .orderBy(desc(approvalInstances.createdAt))
    .limit(limit);
}

export interface FlowRow {
  id: string;
  name: string;
  subjectTypes: string[];
  priority: number;
  definition: FlowDefinition;
  active: boolean;
  version: number;
}

export async function upsertFlow(db: Executor, orgId: string, f: Omit<FlowRow, 'version'>, now: Date): Promise<void> {
  await db
    .insert(approvalFlows)
    .values({ ...f, orgId, updatedAt: now })
    .onConflictDoUpdate({
      target: [approvalFlows.orgId, approvalFlows.id],
      set: {
        name: f.name,
        subjectTypes: f.subjectTypes,
        priority: f.priority,
        definition: f.definition,
        active: f.active,
        updatedAt: now,
        version: sql`${approvalFlows.version} + 1`,
      },
    });
}

export async function listFlows(db: Executor, orgId: string): Promise<FlowRow[]> {
  const rows = await db.select().from(approvalFlows).where(eq(approvalFlows.orgId, orgId)).orderBy(desc(approvalFlows.priority));
  return rows.map((r) => ({ ...r, definition: r.definition as FlowDefinition }));
}

/** The active flow for a request type: highest priority among those listing the type (or '*'). */
export async function flowFor(db: Executor, orgId: string, type: string): Promise<FlowRow | undefined> {
  const [r] = await db
    .select()
    .from(approvalFlows)
    .where(
      and(
        eq(approvalFlows.orgId, orgId),
        eq(approvalFlows.active, true),
        sql`(${approvalFlows.subjectTypes} @> ARRAY[${type}]::text[] OR ${approvalFlows.subjectTypes} @> ARRAY['*']::text[])`,
      ),
    )
    .orderBy(desc(approvalFlows.priority))
    .limit(1);
  return r && { ...r, definition: r.definition as FlowDefinition };
}

/** Sets a request's lifecycle phase and merges `details` into its details (one statement). */
export async function updateRequestLifecycle(db: Executor, orgId: string, id: string, set: { phase?: string | null; details?: Record<string, unknown> }, now: Date): Promise<void> {
  await db
    .update(requests)
    .set({
      ...(set.phase !== undefined ? { phase: set.phase } : {}),
      ...(set.details ? { details: sql`${requests.details} || ${JSON.stringify(set.details)}::jsonb` } : {}),
      updatedAt: now,
      version: sql`${requests.version} + 1`,
    })
    .where(and(eq(requests.orgId, orgId), eq(requests.id, id)));
}

/** Requests by id, locked in id order. */
export async function lockRequests(db: Executor, orgId: string, ids: readonly string[]): Promise<RequestRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(requests).where(and(eq(requests.orgId, orgId), inArray(requests.id, [...ids]))).orderBy(requests.id).for('update');
}

/** The requests with these ids (unknown ids are left out), unlocked. */
export async function requestsByIds(db: Executor, orgId: string, ids: readonly string[]): Promise<RequestRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(requests).where(and(eq(requests.orgId, orgId), inArray(requests.id, [...new Set(ids)])));
}

/** Several instances at once, by id (unknown ids are left out): the chat cards of a whole outbox batch in one query. */
export async function instancesByIds(db: Executor, orgId: string, ids: readonly string[]): Promise<Map<string, StoredInstance>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: approvalInstances.id, state: approvalInstances.state, version: approvalInstances.version, requestId: approvalInstances.requestId, flowId: approvalInstances.flowId })
    .from(approvalInstances)
    .where(and(eq(approvalInstances.orgId, orgId), inArray(approvalInstances.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, { instance: r.state as ApprovalInstance, version: r.version, requestId: r.requestId, flowId: r.flowId }]));
}
