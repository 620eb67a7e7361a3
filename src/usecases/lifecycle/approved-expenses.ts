// An expense approved on its own (asked for in chat: "taxi to airport ¥45 yesterday") becomes a claimable expense line,
// so nobody types it again when claiming. Runs in the event fan-out after the approval committed: one insert for a
// whole batch, idempotent by request id.
import type { Db } from '../../../db/database.js';
import { requestsByIds } from '../../../db/repos/approvals.js';
import { insertLines, type NewLine } from '../../../db/repos/expense-lines.js';
import type { ClaimedMessage } from '../../../db/repos/outbox.js';
import { LINE_CATEGORIES } from '../../../domain/expense/index.js';
import { localDate, orgTimeZone } from '../org-time.js';
import type { IdGenerator } from '../../../domain/shared/index.js';

/** The approved single expenses among a batch of published events: `approval.approved` of an `expense` subject. */
const approvedExpenses = (msgs: readonly ClaimedMessage[]) =>
  msgs.flatMap((m) => {
    const e = m.payload as { type?: string; payload?: { subject?: { type?: string; id?: string } } };
    return e.type === 'approval.approved' && e.payload?.subject?.type === 'expense' && e.payload.subject.id ? [{ orgId: m.orgId, requestId: e.payload.subject.id }] : [];
  });

export async function linesFromApprovedExpenses(db: Db, ids: IdGenerator, msgs: readonly ClaimedMessage[], now: Date): Promise<number> {
  const found = approvedExpenses(msgs);
  if (found.length === 0) return 0;
  const rows: NewLine[] = [];
  for (const orgId of new Set(found.map((f) => f.orgId))) {
    const reqIds = found.filter((f) => f.orgId === orgId).map((f) => f.requestId);
    const reqs = await requestsByIds(db, orgId, reqIds);
    const timeZone = await orgTimeZone(db, orgId);
    for (const r of reqs) {
      if (!r.amountMinor || !r.currency || r.amountMinor <= 0) continue;
      const d = r.details as { date?: unknown; expense?: { merchant?: unknown; description?: unknown } };
      rows.push({
        id: ids.next('exl'),
        orgId,
        employeeId: r.submitterId,
        departmentId: r.departmentId,
        category: (LINE_CATEGORIES as readonly string[]).includes(r.category ?? '') ? r.category! : 'other',
        amountMinor: r.amountMinor,
        currency: r.currency,
        date: typeof d.date === 'string' ? d.date : localDate(r.createdAt, timeZone),
        merchant: typeof d.expense?.merchant === 'string' ? d.expense.merchant : null,
        description: typeof d.expense?.description === 'string' ? d.expense.description : r.title,
        applicationId: null,
        source: 'request',
        sourceRef: r.id,
        paidBy: 'personal',
        status: 'open',
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  await insertLines(db, rows);
  return rows.length;
}
