// Requests, their approval instances (engine state as jsonb with a version column) and approval flows.
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { ApprovalInstance, FlowDefinition } from '../../domain/approval/index.js';
import { approvalFlows, approvalInstances, requests } from '../schema/index.js';
import { executeNamed, type Executor } from '../database.js';
import { auditRow, type AuditEntry } from './audit.js';
import type { OutboxMessage } from './outbox.js';

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

export async function getRequest(db: Executor, orgId: string, id: string): Promise<RequestRow | undefined> {
  const [r] = await db.select().from(requests).where(and(eq(requests.orgId, orgId), eq(requests.id, id)));
  return r;
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

/**
 * Loads an instance for a person's action, and in the same round trip the answer already given to `inbound` (the
 * action's idempotency key), if any.
 */
export async function getInstanceForAction(
  db: Executor,
  orgId: string,
  id: string,
  inbound?: { source: string; eventId: string },
): Promise<(StoredInstance & { replay?: unknown }) | undefined> {
  const rows = await executeNamed<{ state: ApprovalInstance; version: number; request_id: string; flow_id: string; replay: unknown; replayed: boolean }>(db, 'approval_for_action', sql`
    SELECT a.state, a.version, a.request_id, a.flow_id, p.response AS replay, p.event_id IS NOT NULL AS replayed
      FROM approval_instances a
      LEFT JOIN processed_events p ON p.source = ${inbound?.source ?? null} AND p.event_id = ${inbound?.eventId ?? null}
     WHERE a.org_id = ${orgId} AND a.id = ${id}`);
  const r = rows[0];
  if (!r) return undefined;
  return { instance: r.state, version: r.version, requestId: r.request_id, flowId: r.flow_id, ...(r.replayed ? { replay: r.replay } : {}) };
}

export async function getInstance(db: Executor, orgId: string, id: string): Promise<StoredInstance | undefined> {
  const [r] = await db
    .select({ state: approvalInstances.state, version: approvalInstances.version, requestId: approvalInstances.requestId, flowId: approvalInstances.flowId })
    .from(approvalInstances)
    .where(and(eq(approvalInstances.orgId, orgId), eq(approvalInstances.id, id)));
  return r && { instance: r.state as ApprovalInstance, version: r.version, requestId: r.requestId, flowId: r.flowId };
}

/** Everything one engine decision writes, applied by `saveApprovalOutcome` in a single statement. */
export interface OutcomeWrite {
  orgId: string;
  instance: ApprovalInstance;
  /** The version the decision was made on; the write applies only if it is still current. */
  version: number;
  assignees: string[];
  nextDueAt: Date | null;
  now: Date;
  requestId: string;
  /** The request's new status, when it changed. */
  requestStatus?: string;
  outbox: readonly OutboxMessage[];
  audit: AuditEntry;
  /** An inbound idempotency key and the answer to give its retries. */
  inbound?: { source: string; eventId: string; response: unknown };
}

/**
 * Saves an engine outcome (instance state, request status, outbox rows, audit row, idempotency record) as one
 * statement, so it is atomic even outside a transaction and costs one round trip. Every write is guarded by the
 * optimistic version check of the first: on a lost race nothing is written and this returns false, and the caller
 * decides again on fresh state.
 */
export async function saveApprovalOutcome(db: Executor, w: OutcomeWrite): Promise<boolean> {
  const i = w.instance;
  const now = w.now.toISOString();
  const audit = auditRow(w.audit);
  const variant = `${w.requestStatus === undefined ? 0 : 1}${w.outbox.length === 0 ? 0 : 1}${w.inbound === undefined ? 0 : 1}`;
  const rows = await executeNamed<{ n: number }>(db, `approval_outcome_${variant}`, sql`
    WITH i AS (
      UPDATE approval_instances
         SET state = ${JSON.stringify(i)}::jsonb, status = ${i.status},
             assignees = ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(w.assignees)}::jsonb)),
             next_due_at = ${w.nextDueAt?.toISOString() ?? null}::timestamptz, version = ${w.version + 1}, updated_at = ${now}::timestamptz
       WHERE org_id = ${w.orgId} AND id = ${i.id} AND version = ${w.version}
      RETURNING 1)${
        w.requestStatus === undefined
          ? sql``
          : sql`,
    r AS (
      UPDATE requests SET status = ${w.requestStatus}, updated_at = ${now}::timestamptz, version = version + 1
       WHERE org_id = ${w.orgId} AND id = ${w.requestId} AND EXISTS (SELECT 1 FROM i))`
      }${
        w.outbox.length === 0
          ? sql``
          : sql`,
    o AS (
      INSERT INTO outbox (org_id, topic, key, payload)
      SELECT m."orgId", m.topic, m.key, m.payload
        FROM jsonb_to_recordset(${JSON.stringify(w.outbox)}::jsonb) AS m("orgId" text, topic text, key text, payload jsonb)
       WHERE EXISTS (SELECT 1 FROM i)
      ON CONFLICT (key) DO NOTHING)`
      },
    a AS (
      INSERT INTO audit_log (org_id, actor_id, action, subject_type, subject_id, before, after, at)
      SELECT ${audit.orgId}, ${audit.actorId}, ${audit.action}, ${audit.subjectType}, ${audit.subjectId},
             ${jsonText(audit.before)}::jsonb, ${jsonText(audit.after)}::jsonb, ${w.audit.at.toISOString()}::timestamptz
       WHERE EXISTS (SELECT 1 FROM i))${
         w.inbound === undefined
           ? sql``
           : sql`,
    p AS (
      INSERT INTO processed_events (source, event_id, org_id, response)
      SELECT ${w.inbound.source}, ${w.inbound.eventId}, ${w.orgId}, ${JSON.stringify(w.inbound.response)}::jsonb
       WHERE EXISTS (SELECT 1 FROM i))`
       }
    SELECT count(*)::int AS n FROM i`);
  return Number(rows[0]?.n ?? 0) === 1;
}

const jsonText = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/** Pending instances whose reminder or escalation is due (the scheduler runs one instance per tick). */
export async function dueInstances(db: Executor, now: Date, limit: number): Promise<{ orgId: string; id: string }[]> {
  return db
    .select({ orgId: approvalInstances.orgId, id: approvalInstances.id })
    .from(approvalInstances)
    .where(and(eq(approvalInstances.status, 'pending'), lt(approvalInstances.nextDueAt, new Date(now.getTime() + 1))))
    .limit(limit);
}

/** Pending approvals where `employeeId` may act now. */
export async function pendingFor(db: Executor, orgId: string, employeeId: string, limit = 50) {
  return db
    .select({ id: approvalInstances.id, requestId: approvalInstances.requestId, state: approvalInstances.state })
    .from(approvalInstances)
    .where(and(eq(approvalInstances.orgId, orgId), eq(approvalInstances.status, 'pending'), sql`${approvalInstances.assignees} @> ARRAY[${employeeId}]::text[]`))
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
      target: approvalFlows.id,
      set: {
        name: f.name,
        subjectTypes: f.subjectTypes,
        priority: f.priority,
        definition: f.definition,
        active: f.active,
        updatedAt: now,
        version: sql`${approvalFlows.version} + 1`,
      },
      setWhere: sql`${approvalFlows.orgId} = ${orgId}`,
    });
}

export async function listFlows(db: Executor, orgId: string): Promise<FlowRow[]> {
  const rows = await db.select().from(approvalFlows).where(eq(approvalFlows.orgId, orgId)).orderBy(desc(approvalFlows.priority));
  return rows.map((r) => ({ ...r, definition: r.definition as FlowDefinition }));
}

export async function getFlowOwner(db: Executor, id: string): Promise<string | undefined> {
  const [r] = await db.select({ orgId: approvalFlows.orgId }).from(approvalFlows).where(eq(approvalFlows.id, id));
  return r?.orgId;
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
