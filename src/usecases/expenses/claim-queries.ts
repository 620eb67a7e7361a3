// Reading claims for finance and employees: advances with their balance and movements, the finance review queue
// (pending claims, advances and expenses, flagged ones first) and payables.
import type { Db } from '../../../db/database.js';
import { listAdvances, listPayables, movementsOf } from '../../../db/repos/advances.js';
import { listRequests } from '../../../db/repos/approvals.js';
import { employeesByIds } from '../../../db/repos/org.js';

type Money = { minor: number; currency: string };

/** The organisation's advances (of one employee when given) with their movements, and what each employee still owes per currency. */
export async function advancesWithBalance(deps: { db: Db }, orgId: string, employeeId?: string) {
  const rows = await listAdvances(deps.db, orgId, employeeId);
  const moves = await movementsOf(deps.db, orgId, rows.map((a) => a.id));
  const totals = new Map<string, { employeeId: string; amount: Money }>();
  for (const a of rows) {
    if (a.outstandingMinor <= 0) continue;
    const k = `${a.employeeId}|${a.currency}`;
    const t = totals.get(k) ?? { employeeId: a.employeeId, amount: { minor: 0, currency: a.currency } };
    t.amount.minor += a.outstandingMinor;
    totals.set(k, t);
  }
  return {
    advances: rows.map((a) => ({
      id: a.id,
      employeeId: a.employeeId,
      applicationId: a.applicationId,
      status: a.status,
      amount: { minor: a.amountMinor, currency: a.currency },
      outstanding: { minor: a.outstandingMinor, currency: a.currency },
      movements: moves.filter((m) => m.advanceId === a.id).map((m) => ({ kind: m.kind, amount: { minor: m.amountMinor, currency: a.currency }, ref: m.refId, at: m.at.toISOString() })),
    })),
    outstanding: [...totals.values()],
  };
}

/** Pending reimbursements, advances and expenses for finance: flagged (policy findings or over budget) first, then oldest first. */
export async function financeReviewQueue(deps: { db: Db }, orgId: string) {
  const pending = (await Promise.all(['reimbursement', 'advance', 'expense'].map((type) => listRequests(deps.db, orgId, { type, status: 'pending', limit: 200 })))).flat();
  const people = new Map((await employeesByIds(deps.db, orgId, pending.map((r) => r.submitterId))).map((e) => [e.id, e.name]));
  return pending
    .map((r) => {
      const d = r.details as { policy?: { severity: string; code: string; message: { zh: string; en: string } }[]; lineIds?: string[]; justification?: string; budget?: { overBudget?: boolean } };
      const flags = d.policy ?? [];
      return {
        requestId: r.id,
        approvalId: r.approvalId,
        type: r.type,
        title: r.title,
        submitter: { id: r.submitterId, name: people.get(r.submitterId) ?? r.submitterId },
        amount: r.amountMinor !== null && r.currency ? { minor: r.amountMinor, currency: r.currency } : null,
        lines: d.lineIds?.length ?? (r.type === 'expense' ? 1 : 0),
        flags: flags.map((f) => ({ severity: f.severity, code: f.code, message: f.message })),
        overBudget: d.budget?.overBudget ?? false,
        justification: d.justification ?? null,
        submittedAt: r.createdAt.toISOString(),
      };
    })
    .sort((a, b) => Number(b.flags.length > 0 || b.overBudget) - Number(a.flags.length > 0 || a.overBudget) || a.submittedAt.localeCompare(b.submittedAt));
}

/** Money owed to employees (and other payees), filtered by status and payee. */
export async function payablesOf(deps: { db: Db }, orgId: string, filter: Parameters<typeof listPayables>[2]) {
  const rows = await listPayables(deps.db, orgId, filter);
  return rows.map((p) => ({ id: p.id, sourceType: p.sourceType, sourceId: p.sourceId, payeeType: p.payeeType, payeeId: p.payeeId, amount: { minor: p.amountMinor, currency: p.currency }, status: p.status, createdAt: p.createdAt.toISOString() }));
}
