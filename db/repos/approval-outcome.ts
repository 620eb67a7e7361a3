// The approval hot path's two statements: load an instance for an action, and save the engine's outcome atomically
// (with, for an approved single expense, its expense line and that line's audit row).
// Fixed SQL text run as named prepared statements (`runStatement`), one text per shape of outcome.
import type { ApprovalInstance } from '../../domain/approval/index.js';
import { coalesce } from '../coalesce.js';
import { isPooled, runStatement, type Executor, type Statement } from '../database.js';
import { canonicalJson } from '../canonical-json.js';
import { currentVia } from '../acting.js';
import { auditVia, type AuditEntry } from './audit.js';
import type { StoredInstance } from './approvals.js';
import { activeTraceParent, type OutboxMessage } from './outbox.js';

const LOAD: Statement = {
  name: 'approval_for_action',
  text: `SELECT a.state, a.version, a.request_id, a.flow_id, p.response AS replay, p.request_hash AS replay_hash, p.event_id IS NOT NULL AS replayed
           FROM approval_instances a
           LEFT JOIN processed_events p ON p.source = $3::text AND p.event_id = $4::text
          WHERE a.org_id = $1::text AND a.id = $2::text`,
};

const LOAD_MANY: Statement = {
  name: 'approvals_for_action',
  text: `SELECT q.k, a.state, a.version, a.request_id, a.flow_id, p.response AS replay, p.request_hash AS replay_hash, p.event_id IS NOT NULL AS replayed
           FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[]) AS q(k, org_id, id, source, event_id)
           JOIN approval_instances a ON a.org_id = q.org_id AND a.id = q.id
           LEFT JOIN processed_events p ON p.source = q.source AND p.event_id = q.event_id`,
};

interface LoadKey {
  orgId: string;
  id: string;
  source: string | null;
  eventId: string | null;
}
interface LoadRow {
  state: ApprovalInstance;
  version: number;
  request_id: string;
  flow_id: string;
  replay: unknown;
  replay_hash: string | null;
  replayed: boolean;
}

const loadOne = async (db: Executor, q: LoadKey) => (await runStatement<LoadRow>(db, LOAD, [q.orgId, q.id, q.source, q.eventId]))[0];

/** Per pooled database: the loads of one event-loop turn go to PostgreSQL as one query. */
const loaders = new WeakMap<Executor, (q: LoadKey) => Promise<LoadRow | undefined>>();
function loaderFor(db: Executor): (q: LoadKey) => Promise<LoadRow | undefined> {
  let load = loaders.get(db);
  if (!load) {
    load = coalesce(async (keys: LoadKey[]) => {
      if (keys.length === 1) return [await loadOne(db, keys[0]!)];
      const rows = await runStatement<LoadRow & { k: number }>(db, LOAD_MANY, [
        keys.map((_, k) => k),
        keys.map((q) => q.orgId),
        keys.map((q) => q.id),
        keys.map((q) => q.source),
        keys.map((q) => q.eventId),
      ]);
      const out: (LoadRow | undefined)[] = keys.map(() => undefined);
      for (const r of rows) out[r.k] = r;
      return out;
    });
    loaders.set(db, load);
  }
  return load;
}

/**
 * Loads an instance for a person's action, and in the same round trip the answer already given to `inbound` (the
 * action's idempotency key), if any. On a PostgreSQL pool, the loads that arrive together share one query.
 */
export async function getInstanceForAction(
  db: Executor,
  orgId: string,
  id: string,
  inbound?: { source: string; eventId: string },
): Promise<(StoredInstance & { replay?: unknown; replayHash?: string | null }) | undefined> {
  const key = { orgId, id, source: inbound?.source ?? null, eventId: inbound?.eventId ?? null };
  const r = isPooled(db) ? await loaderFor(db)(key) : await loadOne(db, key);
  if (!r) return undefined;
  return { instance: r.state, version: r.version, requestId: r.request_id, flowId: r.flow_id, ...(r.replayed ? { replay: r.replay, replayHash: r.replay_hash } : {}) };
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
  inbound?: { source: string; eventId: string; response: unknown; requestHash?: string };
  /** A single expense this outcome approves: its request becomes a claimable expense line (see `approvedExpenseLine`). */
  expenseLine?: ApprovedExpenseLine;
}

/** The expense line of an approved single-expense request: its new id and the categories a line may carry. */
export interface ApprovedExpenseLine {
  id: string;
  requestId: string;
  /** Line categories; a request category outside them becomes `other`. */
  categories: readonly string[];
}

/** A string at `path` of the request's details, else NULL (as `approvedExpenseLine` reads it). */
function lineText(path: string): string {
  return `CASE WHEN jsonb_typeof(q.details #> '${path}') = 'string' THEN q.details #>> '${path}' END`;
}

/**
 * CTEs `l` and `la`: the expense line of approved request $requestId, and its `expense_line.created` audit row.
 * Amount, currency, submitter and department come from the request; the date from its details, else the day it was
 * asked for in the organisation's time zone; merchant and description from `details.expense` (description: the
 * title). Idempotent by source: the line's source is the request, so a retry inserts no second line and no second
 * audit row. Placeholders: line id, categories, request id, organisation, now, actor, audit time, via; `guard` is
 * an extra condition (the approval statement's version check).
 */
function approvedExpenseLine(ph: { id: string; categories: string; requestId: string; orgId: string; now: string; actor: string; at: string; via: string }, guard: string): string {
  return `
  l AS (
    INSERT INTO expense_lines (id, org_id, employee_id, department_id, category, amount_minor, currency, date, merchant, description, application_id, source, source_ref, paid_by, status, created_at, updated_at)
    SELECT ${ph.id}::text, q.org_id, q.submitter_id, q.department_id,
           CASE WHEN q.category = ANY(${ph.categories}::text[]) THEN q.category ELSE 'other' END,
           q.amount_minor, q.currency,
           COALESCE(${lineText('{date}')}, to_char(q.created_at AT TIME ZONE COALESCE(g.time_zone, 'Asia/Shanghai'), 'YYYY-MM-DD')),
           ${lineText('{expense,merchant}')},
           COALESCE(${lineText('{expense,description}')}, q.title),
           NULL, 'request', q.id, 'personal', 'open', ${ph.now}::timestamptz, ${ph.now}::timestamptz
      FROM requests q LEFT JOIN organisations g ON g.id = q.org_id
     WHERE q.org_id = ${ph.orgId}::text AND q.id = ${ph.requestId}::text AND q.amount_minor > 0 AND q.currency IS NOT NULL${guard}
    ON CONFLICT (org_id, source, source_ref) DO NOTHING
    RETURNING id, source_ref, amount_minor, currency, category, date),
  la AS (
    INSERT INTO audit_log (org_id, actor_id, action, subject_type, subject_id, before, after, at, via)
    SELECT ${ph.orgId}::text, ${ph.actor}::text, 'expense_line.created', 'expense_line', l.id, NULL,
           jsonb_build_object('requestId', l.source_ref, 'amountMinor', l.amount_minor, 'currency', l.currency, 'category', l.category, 'date', l.date),
           ${ph.at}::timestamptz, ${ph.via}::text
      FROM l)`;
}

const INSERT_LINE: Statement = {
  name: 'approved_expense_line',
  text: `WITH${approvedExpenseLine({ id: '$1', categories: '$2', requestId: '$3', orgId: '$4', now: '$5', actor: '$6', at: '$5', via: '$7' }, '')}
  SELECT count(*)::int AS n FROM l`,
};

/**
 * Makes approved request `line.requestId` a claimable expense line with its audit row, in the caller's transaction
 * (for a request approved at submission; a decision writes it within `saveApprovalOutcome`). Returns whether a line
 * was created (false: the request has no amount, or its line exists already).
 */
export async function insertApprovedExpenseLine(db: Executor, orgId: string, line: ApprovedExpenseLine, actorId: string, now: Date): Promise<boolean> {
  const [row] = await runStatement<{ n: number }>(db, INSERT_LINE, [line.id, [...line.categories], line.requestId, orgId, now.toISOString(), actorId, currentVia() ?? null]);
  return Number(row?.n ?? 0) === 1;
}

// $1…$17 are always present; the optional parts take the next numbers in this order. Outbox keys carry the new
// version, which only this statement can write, so they need no ON CONFLICT (a speculative insert costs more).
const SAVE_CORE = `
  WITH i AS (
    UPDATE approval_instances
       SET state = $1::jsonb, status = $2::text, assignees = ARRAY(SELECT jsonb_array_elements_text($3::jsonb)),
           next_due_at = $4::timestamptz, version = $5::int, updated_at = $6::timestamptz
     WHERE org_id = $7::text AND id = $8::text AND version = $9::int
    RETURNING 1),
  a AS (
    INSERT INTO audit_log (org_id, actor_id, action, subject_type, subject_id, before, after, at, via)
    SELECT $7::text, $10::text, $11::text, $12::text, $13::text, $14::jsonb, $15::jsonb, $16::timestamptz, $17::text
     WHERE EXISTS (SELECT 1 FROM i))`;
const SAVE_REQUEST = (p: number) => `,
  r AS (
    UPDATE requests SET status = $${p}::text, updated_at = $6::timestamptz, version = version + 1
     WHERE org_id = $7::text AND id = $${p + 1}::text AND EXISTS (SELECT 1 FROM i))`;
const SAVE_OUTBOX = (p: number) => `,
  o AS (
    INSERT INTO outbox (org_id, topic, key, payload, trace_parent)
    SELECT m."orgId", m.topic, m.key, m.payload, m."traceParent"
      FROM jsonb_to_recordset($${p}::jsonb) AS m("orgId" text, topic text, key text, payload jsonb, "traceParent" text)
     WHERE EXISTS (SELECT 1 FROM i))`;
const SAVE_EXPENSE_LINE = (p: number) =>
  `,${approvedExpenseLine({ id: `$${p}`, categories: `$${p + 1}`, requestId: `$${p + 2}`, orgId: '$7', now: '$6', actor: '$10', at: '$16', via: '$17' }, ' AND EXISTS (SELECT 1 FROM i)')}`;
const SAVE_INBOUND = (p: number) => `,
  p AS (
    INSERT INTO processed_events (source, event_id, org_id, response, request_hash)
    SELECT $${p}::text, $${p + 1}::text, $7::text, $${p + 2}::jsonb, $${p + 3}::text
     WHERE EXISTS (SELECT 1 FROM i))`;

const saveStatements = new Map<string, Statement>();
/** The statement for one shape of outcome (request status changed? events? idempotency key? expense line?), built once. */
function saveStatement(request: boolean, outbox: boolean, inbound: boolean, line: boolean): Statement {
  const name = `approval_outcome_${Number(request)}${Number(outbox)}${Number(inbound)}${Number(line)}`;
  let st = saveStatements.get(name);
  if (!st) {
    let text = SAVE_CORE;
    let p = 18;
    if (request) {
      text += SAVE_REQUEST(p);
      p += 2;
    }
    if (outbox) {
      text += SAVE_OUTBOX(p);
      p += 1;
    }
    if (inbound) {
      text += SAVE_INBOUND(p);
      p += 4;
    }
    if (line) text += SAVE_EXPENSE_LINE(p);
    st = { name, text: `${text}\n  SELECT count(*)::int AS n FROM i` };
    saveStatements.set(name, st);
  }
  return st;
}

/** before/after as the canonical JSON the sealer will hash (the jsonb column keeps the same value). */
const jsonText = (v: unknown) => (v === null || v === undefined ? null : canonicalJson(v));

/**
 * Saves an engine outcome (instance state, request status, outbox rows, audit row, idempotency record, the expense
 * line of an approved single expense) as one
 * statement, so it is atomic even outside a transaction and costs one round trip. Every write is guarded by the
 * optimistic version check of the first: on a lost race nothing is written and this returns false, and the caller
 * decides again on fresh state.
 */
export async function saveApprovalOutcome(db: Executor, w: OutcomeWrite): Promise<boolean> {
  if (!isPooled(db)) return saveOne(db, w);
  const r = await saverFor(db)(w);
  if ('error' in r) throw r.error;
  return r.saved;
}

async function saveOne(db: Executor, w: OutcomeWrite): Promise<boolean> {
  const i = w.instance;
  const audit = w.audit;
  const params: unknown[] = [
    JSON.stringify(i),
    i.status,
    JSON.stringify(w.assignees),
    w.nextDueAt?.toISOString() ?? null,
    w.version + 1,
    w.now.toISOString(),
    w.orgId,
    i.id,
    w.version,
    audit.actorId,
    audit.action,
    audit.subjectType,
    audit.subjectId,
    jsonText(audit.before),
    jsonText(audit.after),
    audit.at.toISOString(),
    auditVia(audit),
  ];
  if (w.requestStatus !== undefined) params.push(w.requestStatus, w.requestId);
  if (w.outbox.length > 0) {
    // The decision's trace context goes with its events, so their delivery joins the click's trace (tracing on only).
    const traceParent = activeTraceParent();
    params.push(JSON.stringify(traceParent ? w.outbox.map((m) => ({ ...m, traceParent })) : w.outbox));
  }
  if (w.inbound) params.push(w.inbound.source, w.inbound.eventId, JSON.stringify(w.inbound.response), w.inbound.requestHash ?? null);
  if (w.expenseLine) params.push(w.expenseLine.id, [...w.expenseLine.categories], w.expenseLine.requestId);
  const st = saveStatement(w.requestStatus !== undefined, w.outbox.length > 0, w.inbound !== undefined, w.expenseLine !== undefined);
  const [row] = await runStatement<{ n: number }>(db, st, params);
  return Number(row?.n ?? 0) === 1;
}

/**
 * The outcomes of one event-loop turn saved in one statement (PostgreSQL pool): every part of `SAVE_CORE` and its
 * options, row by row from one JSON parameter, each row's writes guarded by its own version check exactly as the
 * single statement guards them. Returns the row numbers (`k`) whose check passed. One statement is one transaction:
 * the rows commit together, and a row that lost its race writes nothing while the others are saved.
 */
const SAVE_MANY: Statement = {
  name: 'approval_outcomes',
  text: `
  WITH w AS MATERIALIZED (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS w(
      k int, state jsonb, status text, assignees jsonb, next_due_at timestamptz, new_version int, now timestamptz,
      org_id text, id text, version int, actor text, action text, subject_type text, subject_id text, before jsonb,
      after jsonb, at timestamptz, via text, request_status text, request_id text, outbox jsonb, src text, event_id text,
      response jsonb, request_hash text, line_id text, categories jsonb, line_request_id text)),
  i AS (
    UPDATE approval_instances a
       SET state = w.state, status = w.status, assignees = ARRAY(SELECT jsonb_array_elements_text(w.assignees)),
           next_due_at = w.next_due_at, version = w.new_version, updated_at = w.now
      FROM w
     WHERE a.org_id = w.org_id AND a.id = w.id AND a.version = w.version
    RETURNING w.k),
  ok AS (SELECT w.* FROM w JOIN i ON i.k = w.k),
  a AS (
    INSERT INTO audit_log (org_id, actor_id, action, subject_type, subject_id, before, after, at, via)
    SELECT org_id, actor, action, subject_type, subject_id, before, after, at, via FROM ok ORDER BY k),
  r AS (
    UPDATE requests q SET status = ok.request_status, updated_at = ok.now, version = q.version + 1
      FROM ok
     WHERE ok.request_status IS NOT NULL AND q.org_id = ok.org_id AND q.id = ok.request_id),
  o AS (
    INSERT INTO outbox (org_id, topic, key, payload, trace_parent)
    SELECT e.m->>'orgId', e.m->>'topic', e.m->>'key', NULLIF(e.m->'payload', 'null'::jsonb), e.m->>'traceParent'
      FROM ok CROSS JOIN LATERAL jsonb_array_elements(ok.outbox) WITH ORDINALITY AS e(m, n)
     WHERE ok.outbox IS NOT NULL
     ORDER BY ok.k, e.n),
  p AS (
    INSERT INTO processed_events (source, event_id, org_id, response, request_hash)
    SELECT src, event_id, org_id, response, request_hash FROM ok WHERE src IS NOT NULL),
  l AS (
    INSERT INTO expense_lines (id, org_id, employee_id, department_id, category, amount_minor, currency, date, merchant, description, application_id, source, source_ref, paid_by, status, created_at, updated_at)
    SELECT ok.line_id, q.org_id, q.submitter_id, q.department_id,
           CASE WHEN q.category IN (SELECT jsonb_array_elements_text(ok.categories)) THEN q.category ELSE 'other' END,
           q.amount_minor, q.currency,
           COALESCE(${lineText('{date}')}, to_char(q.created_at AT TIME ZONE COALESCE(g.time_zone, 'Asia/Shanghai'), 'YYYY-MM-DD')),
           ${lineText('{expense,merchant}')},
           COALESCE(${lineText('{expense,description}')}, q.title),
           NULL, 'request', q.id, 'personal', 'open', ok.now, ok.now
      FROM ok JOIN requests q ON q.org_id = ok.org_id AND q.id = ok.line_request_id LEFT JOIN organisations g ON g.id = q.org_id
     WHERE ok.line_id IS NOT NULL AND q.amount_minor > 0 AND q.currency IS NOT NULL
    ON CONFLICT (org_id, source, source_ref) DO NOTHING
    RETURNING id, org_id, source_ref, amount_minor, currency, category, date),
  la AS (
    INSERT INTO audit_log (org_id, actor_id, action, subject_type, subject_id, before, after, at, via)
    SELECT l.org_id, ok.actor, 'expense_line.created', 'expense_line', l.id, NULL,
           jsonb_build_object('requestId', l.source_ref, 'amountMinor', l.amount_minor, 'currency', l.currency, 'category', l.category, 'date', l.date),
           ok.at, ok.via
      FROM l JOIN ok ON ok.org_id = l.org_id AND ok.line_request_id = l.source_ref)
  SELECT k FROM i`,
};


/** One row of SAVE_MANY's parameter: everything `saveOne` binds, by name. */
function manyRow(k: number, w: OutcomeWrite): Record<string, unknown> {
  const i = w.instance;
  const a = w.audit;
  const traceParent = w.outbox.length > 0 ? activeTraceParent() : undefined;
  return {
    k,
    state: i,
    status: i.status,
    assignees: w.assignees,
    next_due_at: w.nextDueAt?.toISOString() ?? null,
    new_version: w.version + 1,
    now: w.now.toISOString(),
    org_id: w.orgId,
    id: i.id,
    version: w.version,
    actor: a.actorId,
    action: a.action,
    subject_type: a.subjectType,
    subject_id: a.subjectId,
    before: a.before ?? null,
    after: a.after ?? null,
    at: a.at.toISOString(),
    via: auditVia(a),
    request_status: w.requestStatus ?? null,
    request_id: w.requestId,
    outbox: w.outbox.length > 0 ? (traceParent ? w.outbox.map((m) => ({ ...m, traceParent })) : w.outbox) : null,
    src: w.inbound?.source ?? null,
    event_id: w.inbound?.eventId ?? null,
    response: w.inbound ? (w.inbound.response ?? null) : null,
    request_hash: w.inbound?.requestHash ?? null,
    line_id: w.expenseLine?.id ?? null,
    categories: w.expenseLine ? [...w.expenseLine.categories] : null,
    line_request_id: w.expenseLine?.requestId ?? null,
  };
}

type Saved = { saved: boolean } | { error: unknown };

/**
 * Saves a turn's outcomes together. Two outcomes for the same approval (or the same request) are not put in one
 * statement: an UPDATE … FROM applies one source row per target row, so the second is saved on its own beside the
 * batch, and one of the two loses its version check, as it would have alone. If the statement fails (one row's idempotency key
 * taken meanwhile by another instance), each outcome is saved on its own, so only the one at fault fails.
 */
async function saveMany(db: Executor, ws: readonly OutcomeWrite[]): Promise<Saved[]> {
  const approvals = new Set<string>();
  const requests = new Set<string>();
  const batch: number[] = [];
  const later: number[] = [];
  ws.forEach((w, k) => {
    const a = `${w.orgId}\u0000${w.instance.id}`;
    const r = `${w.orgId}\u0000${w.requestId}`;
    if (approvals.has(a) || requests.has(r)) later.push(k);
    else {
      approvals.add(a);
      requests.add(r);
      batch.push(k);
    }
  });
  const out: Saved[] = ws.map(() => ({ saved: false }));
  const alone = async (k: number) => {
    try {
      out[k] = { saved: await saveOne(db, ws[k]!) };
    } catch (error) {
      out[k] = { error };
    }
  };
  const together = async () => {
    if (batch.length === 1) return alone(batch[0]!);
    try {
      const rows = await runStatement<{ k: number }>(db, SAVE_MANY, [JSON.stringify(batch.map((k) => manyRow(k, ws[k]!)))]);
      const saved = new Set(rows.map((r) => Number(r.k)));
      for (const k of batch) out[k] = { saved: saved.has(k) };
    } catch {
      await Promise.all(batch.map(alone));
    }
  };
  // The repeated ones race the batch as they would have raced each other: the database lets one version check win.
  await Promise.all([together(), ...later.map(alone)]);
  return out;
}

/** Per pooled database: the saves of one event-loop turn go to PostgreSQL as one statement. */
const savers = new WeakMap<Executor, (w: OutcomeWrite) => Promise<Saved>>();
function saverFor(db: Executor): (w: OutcomeWrite) => Promise<Saved> {
  let save = savers.get(db);
  if (!save) {
    // A turn with one save runs the single statement (saveMany sends a batch of one alone).
    save = coalesce((ws: OutcomeWrite[]) => saveMany(db, ws));
    savers.set(db, save);
  }
  return save;
}
