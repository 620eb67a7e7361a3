// The append-only audit log. Each organisation's rows form a sha256 hash chain, so editing or deleting a row is detectable.
import { createHash } from 'node:crypto';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { auditHeads, auditLog } from '../schema/index.js';
import { canonicalJson } from '../canonical-json.js';
import { rowsOf, type Executor } from '../database.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  orgId: string;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  at: Date;
}

/** The exact text that is hashed for a row: identical whether computed at append time or when verifying. */
export function auditPayload(e: AuditEntry): string {
  return canonicalJson({
    orgId: e.orgId,
    actorId: e.actorId,
    action: e.action,
    subject: { type: e.subjectType, id: e.subjectId },
    before: e.before ?? null,
    after: e.after ?? null,
    at: e.at,
  });
}

/** sha256(prev ‖ "\n" ‖ seq ‖ "\n" ‖ payload), hex. The SQL in `appendAudit` computes the same. */
export function chainHash(prevHash: string, seq: number, payload: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${payload}`).digest('hex');
}

/** Creates the chain head for a new organisation (idempotent). */
export async function ensureAuditHead(db: Executor, orgId: string): Promise<void> {
  await db.insert(auditHeads).values({ orgId, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
}

/**
 * Appends one entry inside the caller's transaction. The head row is locked by the UPDATE until commit, which
 * orders the chain; call this last in a transaction to keep that lock short.
 */
export async function appendAudit(db: Executor, e: AuditEntry): Promise<number> {
  const payload = auditPayload(e);
  // Normalise before/after the same way the payload does, so the jsonb columns re-serialise to the hashed text.
  const norm = (v: unknown) => (v === undefined || v === null ? null : canonicalJson(v));
  const result = await db.execute(sql`
    WITH p AS (SELECT hash AS prev, seq FROM audit_heads WHERE org_id = ${e.orgId} FOR UPDATE),
    h AS (
      UPDATE audit_heads a
         SET seq = p.seq + 1,
             hash = encode(sha256(convert_to(p.prev || E'\n' || (p.seq + 1)::text || E'\n' || ${payload}::text, 'UTF8')), 'hex')
        FROM p WHERE a.org_id = ${e.orgId}
      RETURNING a.seq, a.hash, p.prev)
    INSERT INTO audit_log (org_id, seq, actor_id, action, subject_type, subject_id, before, after, at, prev_hash, hash)
    SELECT ${e.orgId}, h.seq, ${e.actorId}, ${e.action}, ${e.subjectType}, ${e.subjectId},
           ${norm(e.before)}::jsonb, ${norm(e.after)}::jsonb, ${e.at.toISOString()}::timestamptz, h.prev, h.hash
      FROM h
    RETURNING seq`);
  const row = rowsOf<{ seq: number | string }>(result)[0];
  if (row) return Number(row.seq);
  // First entry of an organisation created outside `ensureAuditHead`: create the head and try once more.
  await ensureAuditHead(db, e.orgId);
  return appendAudit(db, e);
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  /** The first row whose hash or link does not match, and why. */
  firstBad?: { seq: number; reason: string };
}

/** Recomputes every hash of an organisation's chain from the stored columns and checks the links and the head. */
export async function verifyAuditChain(db: Executor, orgId: string, pageSize = 2000): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), gt(auditLog.seq, expectedSeq - 1)))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const r of page) {
      rows++;
      if (r.seq !== expectedSeq) return { ok: false, rows, firstBad: { seq: expectedSeq, reason: `row ${expectedSeq} is missing` } };
      if (r.prevHash !== prev) return { ok: false, rows, firstBad: { seq: r.seq, reason: 'link to the previous row is broken' } };
      const payload = auditPayload({ ...r, before: r.before ?? undefined, after: r.after ?? undefined });
      if (chainHash(prev, r.seq, payload) !== r.hash)
        return { ok: false, rows, firstBad: { seq: r.seq, reason: 'row content does not match its hash' } };
      prev = r.hash;
      expectedSeq++;
    }
    if (page.length < pageSize) break;
  }
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.orgId, orgId));
  if (head && (head.seq !== expectedSeq - 1 || head.hash !== prev))
    return { ok: false, rows, firstBad: { seq: expectedSeq, reason: `rows after ${expectedSeq - 1} were deleted (head is at ${head.seq})` } };
  return { ok: true, rows };
}

/** Audit rows for one subject, oldest first (the "history" of a request). */
export async function auditTrail(db: Executor, orgId: string, subjectType: string, subjectId: string) {
  return db
    .select({ seq: auditLog.seq, actorId: auditLog.actorId, action: auditLog.action, before: auditLog.before, after: auditLog.after, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), eq(auditLog.subjectType, subjectType), eq(auditLog.subjectId, subjectId)))
    .orderBy(asc(auditLog.seq));
}
