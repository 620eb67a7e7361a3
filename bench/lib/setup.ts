// Untimed setup, in-process against the fresh database: migrate, seed the demo organisation, an API key, and a stock of
// pending approvals created through the real submit use case (the same code POST /api/v1/requests runs).
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { openDatabase } from '../../db/open.js';
import { API_SCOPES, createApiKey } from '../../db/repos/api-keys.js';
import { randomIds, systemClock } from '../../src/runtime.js';
import { seedDemo } from '../../src/seed/demo.js';
import { submitRequest } from '../../src/usecases/submit-request.js';

export const ORG = 'demo';
/** e_zhangwei's line manager; the only step of the demo flow for amounts under ¥5,000. */
export const SUBMITTER = 'e_zhangwei';
export const APPROVER = 'e_wangqiang';
/** A category with no demo budget, so budget checks never add the finance step. */
export const CATEGORY = 'bench';

export interface Prepared {
  database: Database;
  apiKey: string;
}

export async function prepare(url: string): Promise<Prepared> {
  const database = await openDatabase({ url, poolSize: 24 });
  const seeded = await seedDemo({ db: database.db, clock: systemClock, ids: randomIds });
  if (!seeded) throw new Error('the fresh database already had the demo organisation');
  const apiKey = await createApiKey(database.db, ORG, randomIds.next('key'), 'bench', [...API_SCOPES]);
  return { database, apiKey };
}

/**
 * A stock of `n` pending approvals: the first `real` are submitted through the use case (policy, budget, flow, audit,
 * outbox — the full path, but it runs at only a few hundred per second because every submission appends to the
 * organisation's audit chain); the rest are SQL copies of the first one with fresh ids (same row shapes and sizes,
 * no audit/outbox rows of their own, which the approve path never reads).
 */
export async function createApprovalStock(database: Database, n: number, real: number, onProgress?: (done: number) => void): Promise<string[]> {
  const submitted = await createPendingApprovals(database, Math.max(1, Math.min(n, real)), 20, onProgress);
  const copies = n - submitted.length;
  if (copies <= 0) return submitted;
  const aids = Array.from({ length: copies }, () => randomIds.next('apr'));
  const rids = Array.from({ length: copies }, () => randomIds.next('req'));
  const titles = aids.map((_, i) => `bench expense copy #${i}`);
  const template = submitted[0]!;
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO requests (id, org_id, number, type, submitter_id, department_id, title, amount_minor, currency, category, details, status, approval_id, client_ref, version, created_at, updated_at)
      SELECT g.rid, r.org_id, 'BENCH-' || g.rid, r.type, r.submitter_id, r.department_id, g.title, r.amount_minor, r.currency, r.category, r.details, r.status, g.aid, NULL, r.version, now(), now()
        FROM unnest(${sql.param(aids)}::text[], ${sql.param(rids)}::text[], ${sql.param(titles)}::text[]) AS g(aid, rid, title),
             requests r
       WHERE r.org_id = ${ORG} AND r.approval_id = ${template}`);
    await tx.execute(sql`
      INSERT INTO approval_instances (id, org_id, flow_id, request_id, submitter_id, status, assignees, next_due_at, state, version, created_at, updated_at)
      SELECT g.aid, a.org_id, a.flow_id, g.rid, a.submitter_id, a.status, a.assignees, a.next_due_at,
             jsonb_set(jsonb_set(jsonb_set(a.state, '{id}', to_jsonb(g.aid)), '{subject,id}', to_jsonb(g.rid)), '{subject,title}', to_jsonb(g.title)),
             a.version, now(), now()
        FROM unnest(${sql.param(aids)}::text[], ${sql.param(rids)}::text[], ${sql.param(titles)}::text[]) AS g(aid, rid, title),
             approval_instances a
       WHERE a.org_id = ${ORG} AND a.id = ${template}`);
  });
  return [...submitted, ...aids];
}

/**
 * Submits `n` expense requests (¥100, category without a budget) with `concurrency` in flight and returns their
 * approval ids in creation order. Throws on the first refusal.
 */
export async function createPendingApprovals(database: Database, n: number, concurrency = 20, onProgress?: (done: number) => void): Promise<string[]> {
  const ids = new Array<string>(n);
  let next = 0;
  let done = 0;
  const deps = { db: database.db, clock: systemClock, ids: randomIds };
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const r = await submitRequest(deps, ORG, {
        type: 'expense',
        submitterId: SUBMITTER,
        title: `bench expense #${i}`,
        amount: { minor: 10_000, currency: 'CNY' },
        category: CATEGORY,
      });
      if (!r.ok) throw new Error(`submitting request #${i} failed: ${r.error.code} ${r.error.message}`);
      if (r.value.request.status !== 'pending') throw new Error(`request #${i} is ${r.value.request.status}, expected pending`);
      ids[i] = r.value.approvalId;
      if (++done % 2000 === 0) onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

/**
 * Marks the outbox rows written by setup as delivered, so the service's dispatcher only handles the events of the
 * measured approvals; then refreshes planner statistics. (No forced CHECKPOINT: it made the first pgbench run pay for
 * full-page writes on every page it touched — about 40% fewer tps than the second run — skewing the baseline.)
 */
export async function settle(database: Database): Promise<void> {
  await database.db.execute(sql`UPDATE outbox SET status = 'delivered', delivered_at = now() WHERE status = 'pending'`);
  await database.db.execute(sql`VACUUM ANALYZE`);
}

export async function outboxPending(database: Database): Promise<number> {
  const r = (await database.db.execute(sql`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`)) as unknown as { rows: { n: number }[] };
  return r.rows[0]?.n ?? 0;
}

export async function countApproved(database: Database, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = (await database.db.execute(
    sql`SELECT count(*)::int AS n FROM approval_instances WHERE org_id = ${ORG} AND status = 'approved' AND id = ANY(${sql.param(ids)}::text[])`,
  )) as unknown as { rows: { n: number }[] };
  return r.rows[0]?.n ?? 0;
}
