// The append-only audit log. Each organisation's rows form a sha256 hash chain, so editing or deleting a row is detectable.
// Appending is a plain insert; sealing rows into the chain happens after commit (`sealAudit`), off the hot path.
import { createHash } from 'node:crypto';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { auditHeads, auditLog } from '../schema/index.js';
import { canonicalJson } from '../canonical-json.js';
import { rowsOf, type Db, type Executor } from '../database.js';
import { currentVia } from '../acting.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  orgId: string;
  actorId: string;
  /** The credential the actor acted through; defaults to the one the entry set (db/acting.ts). */
  via?: string | null;
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
    // Only when present, so rows written before credentials were recorded keep their hashes.
    ...(e.via ? { via: e.via } : {}),
    action: e.action,
    subject: { type: e.subjectType, id: e.subjectId },
    before: e.before ?? null,
    after: e.after ?? null,
    at: e.at,
  });
}

/** sha256(prev ‖ "\n" ‖ seq ‖ "\n" ‖ payload), hex. */
export function chainHash(prevHash: string, seq: number, payload: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${payload}`).digest('hex');
}

/** Creates the chain head for a new organisation (idempotent). */
export async function ensureAuditHead(db: Executor, orgId: string): Promise<void> {
  await db.insert(auditHeads).values({ orgId, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
}

/** The credential an entry records: its own, else the one of the command running now. */
export const auditVia = (e: Pick<AuditEntry, 'via'>): string | null => e.via ?? currentVia() ?? null;

/** The row `appendAudit` inserts: everything but the seal, which `sealAudit` adds. */
export function auditRow(e: AuditEntry): typeof auditLog.$inferInsert {
  // Normalise before/after the way the payload does, so the jsonb columns hash the same when read back.
  const norm = (v: unknown) => (v === undefined || v === null ? null : (JSON.parse(canonicalJson(v)) as unknown));
  return {
    orgId: e.orgId,
    actorId: e.actorId,
    via: auditVia(e),
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    before: norm(e.before),
    after: norm(e.after),
    at: e.at,
  };
}

/**
 * Appends one entry inside the caller's transaction and returns its id. It takes no shared lock, so concurrent
 * commands never wait for each other here; `sealAudit` chains the row once it is committed.
 */
export async function appendAudit(db: Executor, e: AuditEntry): Promise<number> {
  const [row] = await db.insert(auditLog).values(auditRow(e)).returning({ id: auditLog.id });
  return row!.id;
}

/**
 * Seals committed, unsealed rows into their organisation's chain, in id order, up to `batch` rows per organisation
 * per transaction. Safe to run on several instances at once: each organisation's head is locked with SKIP LOCKED,
 * so one sealer works on an organisation while the others move on. A row that commits after a higher id was sealed
 * is simply sealed later, with a later `seq`. `orgId` limits it to one organisation. Returns how many rows were sealed.
 *
 * `aboveLastSealed` makes it the cheap regular pass: it looks only at ids above each chain's highest sealed id
 * (`audit_heads.last_id`) and only at organisations that already have a chain. The full pass (the default) also finds
 * rows that committed late with a lower id, and new organisations; it walks the unsealed index from its start, where
 * the versions of rows sealed since the last vacuum still sit, which under steady writes made each pass fetch tens of
 * dead rows per live one.
 * @crossOrg The sealer serves every organisation; each chain is sealed on its own.
 */
export async function sealAudit(db: Db, opts: { orgId?: string; batch?: number; aboveLastSealed?: boolean } = {}): Promise<number> {
  const batch = opts.batch ?? 250;
  const above = opts.aboveLastSealed === true;
  const orgs = opts.orgId
    ? [{ org_id: opts.orgId }]
    : above
      ? rowsOf<{ org_id: string }>(
          await db.execute(sql`
            SELECT h.org_id FROM audit_heads h
             CROSS JOIN LATERAL (SELECT 1 FROM audit_log a WHERE a.org_id = h.org_id AND a.seq IS NULL AND a.id > h.last_id LIMIT 1) n`),
        )
      : rowsOf<{ org_id: string }>(await db.execute(sql`SELECT DISTINCT org_id FROM audit_log WHERE seq IS NULL`));
  let sealed = 0;
  for (const { org_id: orgId } of orgs) {
    for (;;) {
      const n = await db.transaction(async (tx) => {
        if (!above) await ensureAuditHead(tx, orgId);
        const [head] = rowsOf<{ seq: number | string; hash: string; last_id: number | string }>(
          await tx.execute(sql`SELECT seq, hash, last_id FROM audit_heads WHERE org_id = ${orgId} FOR UPDATE SKIP LOCKED`),
        );
        if (!head) return 0; // another instance is sealing this organisation (or, above the last sealed, it has no chain yet)
        const lastId = Number(head.last_id);
        const rows = await tx
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.orgId, orgId), isNull(auditLog.seq), above ? gt(auditLog.id, lastId) : undefined))
          .orderBy(asc(auditLog.id))
          .limit(batch);
        if (rows.length === 0) return 0;
        let seq = Number(head.seq);
        let prev = head.hash;
        const ids: number[] = [];
        const seqs: number[] = [];
        const prevs: string[] = [];
        const hashes: string[] = [];
        for (const r of rows) {
          seq++;
          const hash = chainHash(prev, seq, auditPayload({ ...r, before: r.before ?? undefined, after: r.after ?? undefined }));
          ids.push(r.id);
          seqs.push(seq);
          prevs.push(prev);
          hashes.push(hash);
          prev = hash;
        }
        await tx.execute(sql`
          UPDATE audit_log a SET seq = v.seq, prev_hash = v.prev, hash = v.hash
            FROM unnest(${sql.param(ids)}::bigint[], ${sql.param(seqs)}::bigint[], ${sql.param(prevs)}::text[], ${sql.param(hashes)}::text[])
                 AS v(id, seq, prev, hash)
           WHERE a.org_id = ${orgId} AND a.id = v.id AND a.seq IS NULL`);
        await tx.update(auditHeads).set({ seq, hash: prev, lastId: Math.max(lastId, ids[ids.length - 1]!) }).where(eq(auditHeads.orgId, orgId));
        return rows.length;
      });
      sealed += n;
      if (n < batch) break;
    }
  }
  return sealed;
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  /** Committed rows the sealer has not chained yet (normally only those of the last second or so). */
  unsealed: number;
  /** The first row whose hash or link does not match, and why. */
  firstBad?: { seq: number; reason: string };
}

/**
 * Recomputes every hash of an organisation's sealed chain from the stored columns and checks the links and the head.
 * Call `sealAudit` first to cover everything committed so far.
 */
export async function verifyAuditChain(db: Executor, orgId: string, pageSize = 2000): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  const [pending] = rowsOf<{ n: number | string }>(await db.execute(sql`SELECT count(*) AS n FROM audit_log WHERE org_id = ${orgId} AND seq IS NULL`));
  const unsealed = Number(pending?.n ?? 0);
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), gt(auditLog.seq, expectedSeq - 1)))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const r of page) {
      rows++;
      if (r.seq !== expectedSeq) return { ok: false, rows, unsealed, firstBad: { seq: expectedSeq, reason: `row ${expectedSeq} is missing` } };
      if (r.prevHash !== prev) return { ok: false, rows, unsealed, firstBad: { seq: r.seq, reason: 'link to the previous row is broken' } };
      const payload = auditPayload({ ...r, before: r.before ?? undefined, after: r.after ?? undefined });
      if (chainHash(prev, r.seq, payload) !== r.hash)
        return { ok: false, rows, unsealed, firstBad: { seq: r.seq, reason: 'row content does not match its hash' } };
      prev = r.hash!;
      expectedSeq++;
    }
    if (page.length < pageSize) break;
  }
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.orgId, orgId));
  if (head && (head.seq !== expectedSeq - 1 || head.hash !== prev))
    return { ok: false, rows, unsealed, firstBad: { seq: expectedSeq, reason: `rows after ${expectedSeq - 1} were deleted (head is at ${head.seq})` } };
  return { ok: true, rows, unsealed };
}

/** Audit rows for one subject, oldest first (the "history" of a request); `seq` is null until the row is sealed. */
export async function auditTrail(db: Executor, orgId: string, subjectType: string, subjectId: string) {
  return db
    .select({ id: auditLog.id, seq: auditLog.seq, actorId: auditLog.actorId, via: auditLog.via, action: auditLog.action, before: auditLog.before, after: auditLog.after, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), eq(auditLog.subjectType, subjectType), eq(auditLog.subjectId, subjectId)))
    .orderBy(asc(auditLog.id));
}
