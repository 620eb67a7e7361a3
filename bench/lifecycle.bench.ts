// The travel and expense lifecycle under load, in-process against the bench's PostgreSQL database:
//  - card-feed import and matching: N transactions (CSV, parsed by the real parser) against N open expense lines,
//    at several sizes, to show the import is near-linear;
//  - reimbursement approval under contention: concurrent final approvals consuming one department budget that has
//    room for only some of them; exactly that many must be approved and the ledger must balance.
import { systemActor } from '../src/usecases/authorise.js';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { rowsOf } from '../db/database.js';
import { upsertBudget } from '../db/repos/budgets.js';
import { randomIds, systemClock } from '../src/runtime.js';
import { parseCardCsv } from '../src/integrations/cardfeed/csv-feed.js';
import { actOnApproval } from '../src/usecases/act-on-approval.js';
import { checkLedger } from '../src/usecases/budgets.js';
import { importCardFeed } from '../src/usecases/cardfeed/import-feed.js';
import { createLine } from '../src/usecases/expenses/lines.js';
import { submitReimbursement } from '../src/usecases/expenses/claims.js';
import { localDate } from '../src/usecases/org-time.js';

const ORG = 'demo';
const EMPLOYEES = ['e_zhangwei', 'e_lina', 'e_david', 'e_huangtao', 'e_emily', 'e_sarah', 'e_sunli', 'e_zhoujun'];
const MERCHANTS = ['滴滴出行', '星巴克咖啡', '全家便利店', '海底捞火锅', '如家酒店', '中国国际航空', '12306 铁路客服', 'Starbucks Coffee', 'Marriott Hotel', 'Uber Trip'];

export interface FeedSize {
  transactions: number;
  lines: number;
  parseMs: number;
  importMs: number;
  totalMs: number;
  rowsPerSec: number;
  matched: number;
  expectedMatches: number;
  drafted: number;
  errors: number;
}

/** A deterministic pseudo-random stream (the same data on every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}
const day = (offset: number) => new Date(Date.UTC(2026, 8, 1) + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * One size: N open lines (SQL insert), then a CSV of N transactions of which 90 % correspond to a line (same amount
 * and employee, date ±0–2 days, a merchant spelled differently) and 10 % to nothing; parse + import is timed.
 */
export async function runFeedSize(database: Database, n: number, seed: number): Promise<FeedSize> {
  const db = database.db;
  await db.execute(sql`DELETE FROM card_transactions WHERE org_id = ${ORG}`);
  await db.execute(sql`DELETE FROM expense_lines WHERE org_id = ${ORG} AND source IN ('bench', 'card')`);
  const rand = rng(seed);
  const lines: { id: string; employee: string; minor: number; date: number; merchant: string }[] = [];
  for (let i = 0; i < n; i++) lines.push({ id: `bl_${seed}_${i}`, employee: EMPLOYEES[i % EMPLOYEES.length]!, minor: 1_000 + Math.floor(rand() * 500_000), date: Math.floor(rand() * 60), merchant: MERCHANTS[Math.floor(rand() * MERCHANTS.length)]! });
  for (let i = 0; i < n; i += 5_000) {
    const chunk = JSON.stringify(lines.slice(i, i + 5_000).map((l) => [l.id, l.employee, l.minor, day(l.date), l.merchant]));
    await db.execute(sql`
      INSERT INTO expense_lines (id, org_id, employee_id, department_id, category, amount_minor, currency, date, merchant, source, source_ref, paid_by, status, created_at, updated_at)
      SELECT e->>0, ${ORG}, e->>1, 'd_sales', 'other', (e->>2)::bigint, 'CNY', e->>3, e->>4, 'bench', e->>0, 'personal', 'open', now(), now()
        FROM jsonb_array_elements(${chunk}::jsonb) e`);
  }
  await db.execute(sql`ANALYZE expense_lines`);
  const header = 'transaction_id,employee,transaction_date,posted_date,amount,currency,merchant\n';
  const rows: string[] = [];
  let expected = 0;
  for (let i = 0; i < n; i++) {
    const l = lines[i]!;
    const matching = rand() < 0.9;
    if (matching) expected++;
    const shiftDays = Math.floor(rand() * 3) - 1;
    const minor = matching ? l.minor : 600_000 + i; // no line has an amount above 501,000
    const merchant = matching ? `${l.merchant.toUpperCase()} #${100 + (i % 900)}` : 'UNKNOWN MERCHANT';
    rows.push(`tx_${seed}_${i},${l.employee},${day(l.date + shiftDays)},${day(l.date + shiftDays + 1)},${(minor / 100).toFixed(2)},CNY,"${merchant}"`);
  }
  const csv = header + rows.join('\n');
  const t0 = performance.now();
  const parsed = parseCardCsv(csv, { provider: `bench-${seed}` });
  const t1 = performance.now();
  const imported = await importCardFeed({ db, clock: systemClock, ids: randomIds }, ORG, systemActor('job:bench'), { provider: `bench-${seed}`, source: 'csv', rows: parsed.rows, errors: parsed.errors });
  if (!imported.ok) throw new Error(imported.error.message);
  const report = imported.value;
  const t2 = performance.now();
  return {
    transactions: n,
    lines: n,
    parseMs: t1 - t0,
    importMs: t2 - t1,
    totalMs: t2 - t0,
    rowsPerSec: n / ((t2 - t0) / 1000),
    matched: report.matched,
    expectedMatches: expected,
    drafted: report.drafted,
    errors: report.errors.length,
  };
}

export interface ReimbursementContention {
  concurrency: number;
  fits: number;
  approved: number;
  refusedBudget: number;
  unexpected: string[];
  wallMs: number;
  approvalsPerSec: number;
  balanced: boolean;
  consumedMinor: number;
  expectedConsumedMinor: number;
  payables: number;
}

/**
 * `concurrency` reimbursements of one line each (claimed by different employees of one department, all past the
 * manager step) get their final finance approval at the same moment; the department's budget has room for `fits`.
 */
export async function runReimbursementContention(database: Database, concurrency: number, fits: number, lineMinor: number): Promise<ReimbursementContention> {
  const db = database.db;
  const deps = { db, clock: systemClock, ids: randomIds };
  const today = localDate(new Date(), 'Asia/Shanghai');
  const category = 'communication';
  const budget = await upsertBudget(db, { id: randomIds.next('bud'), orgId: ORG, departmentId: 'd_sales', category, period: { kind: 'month', key: `${today.slice(0, 7)}` }, currency: 'CNY', amountMinor: 0, frozenMinor: 0, consumedMinor: 0, allowOverrun: false }, new Date());
  await db.execute(sql`UPDATE budgets SET amount_minor = consumed_minor + frozen_minor + ${fits * lineMinor} WHERE id = ${budget.id}`);
  const before = rowsOf<{ consumed_minor: string }>(await db.execute(sql`SELECT consumed_minor FROM budgets WHERE id = ${budget.id}`))[0]!;

  const approvals: string[] = [];
  const claimants = ['e_zhangwei', 'e_lina', 'e_david'];
  for (let i = 0; i < concurrency; i++) {
    const employeeId = claimants[i % claimants.length]!;
    const line = await createLine(deps, ORG, employeeId, { employeeId, category, amount: { minor: lineMinor, currency: 'CNY' }, date: today, description: `话费 ${i}`, paidBy: 'personal' });
    if (!line.ok) throw new Error(`line: ${line.error.message}`);
    const claim = await submitReimbursement(deps, ORG, { submitterId: employeeId, lineIds: [line.value.id] });
    if (!claim.ok) throw new Error(`claim: ${claim.error.message}`);
    const manager = await actOnApproval(deps, ORG, claim.value.approvalId, 'e_wangqiang', { type: 'approve' });
    if (!manager.ok) throw new Error(`manager: ${manager.error.message}`);
    approvals.push(claim.value.approvalId);
  }
  const t0 = performance.now();
  const results = await Promise.all(approvals.map((id) => actOnApproval(deps, ORG, id, 'e_zhaomin', { type: 'approve' })));
  const wallMs = performance.now() - t0;
  let approved = 0;
  let refusedBudget = 0;
  const unexpected: string[] = [];
  for (const r of results) {
    if (r.ok && r.value.status === 'approved') approved++;
    else if (!r.ok && r.error.code === 'BUDGET.EXCEEDED') refusedBudget++;
    else unexpected.push(r.ok ? `status ${r.value.status}` : `${r.error.code}: ${r.error.message}`);
  }
  const ledger = await checkLedger(db, ORG, budget.id);
  const after = rowsOf<{ consumed_minor: string }>(await db.execute(sql`SELECT consumed_minor FROM budgets WHERE id = ${budget.id}`))[0]!;
  const payables = rowsOf<{ n: string }>(await db.execute(sql`SELECT count(*) AS n FROM payables WHERE org_id = ${ORG} AND source_type = 'reimbursement' AND source_id IN (SELECT request_id FROM approval_instances WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(approvals)}::jsonb)))`))[0]!;
  return {
    concurrency,
    fits,
    approved,
    refusedBudget,
    unexpected: unexpected.slice(0, 5),
    wallMs,
    approvalsPerSec: concurrency / (wallMs / 1000),
    balanced: ledger.ok && ledger.value.balanced,
    consumedMinor: Number(after.consumed_minor) - Number(before.consumed_minor),
    expectedConsumedMinor: fits * lineMinor,
    payables: Number(payables.n),
  };
}
