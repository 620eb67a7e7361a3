// "报销" / "claim" in chat: the employee's open expense lines gathered into a draft reimbursement card — the trips
// it settles, the total, what the outstanding advances will offset and what will be paid out — to submit in one click.
import type { Executor } from '../../db/database.js';
import { getRequest } from '../../db/repos/approvals.js';
import { insertDraft } from '../../db/repos/chat.js';
import { outstandingAdvances } from '../../db/repos/advances.js';
import { listLines } from '../../db/repos/expense-lines.js';
import type { DraftCardView } from '../../cards/view-model.js';
import { offsetAdvances } from '../../domain/reimbursement/index.js';
import type { SecretBox } from '../secrets.js';
import type { IdGenerator } from '../../domain/shared/index.js';
import type { Recipient } from './deliver.js';
import type { Outgoing } from './deliver.js';
import { T, type Lang } from './texts.js';
import { buttons } from './views.js';

/** What a claim draft holds until Submit: the lines and the applications they settle. */
export interface ClaimDraft {
  intent: 'reimbursement';
  lineIds: string[];
  applicationIds: string[];
  /** Added by "说明：…" before submitting. */
  justification?: string;
}

export const isClaimDraft = (d: unknown): d is ClaimDraft => (d as { intent?: unknown } | null)?.intent === 'reimbursement';

/** The draft claim card, or a reply saying there is nothing to claim. Lines in other currencies wait for their own claim. */
export async function claimDraft(tx: Executor, deps: { ids: IdGenerator; box: SecretBox }, to: Recipient & { chatId: string; name: string; departmentName?: string }, lang: Lang, now: Date): Promise<Outgoing[]> {
  const open = await listLines(tx, to.orgId, { employeeId: to.employeeId, status: 'open', limit: 200 });
  if (open.length === 0) return [{ text: T.nothingToClaim[lang] }];
  const counts = new Map<string, number>();
  for (const l of open) counts.set(l.currency, (counts.get(l.currency) ?? 0) + 1);
  const currency = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const lines = open.filter((l) => l.currency === currency);
  const appIds = [...new Set(lines.flatMap((l) => (l.applicationId ? [l.applicationId] : [])))];
  // One after the other: a transaction's client runs one statement at a time (pg deprecates queueing on it).
  const fetched: Awaited<ReturnType<typeof getRequest>>[] = [];
  for (const id of appIds) fetched.push(await getRequest(tx, to.orgId, id));
  const apps = fetched.filter((a) => a?.status === 'approved');
  const total = lines.reduce((s, l) => s + l.amountMinor, 0);
  const personal = lines.filter((l) => l.paidBy === 'personal').reduce((s, l) => s + l.amountMinor, 0);
  const advances = await outstandingAdvances(tx, to.orgId, to.employeeId, false);
  const offset = offsetAdvances(
    advances.map((a) => ({ id: a.id, outstandingMinor: a.outstandingMinor, currency: a.currency, applicationId: a.applicationId, createdAt: a.createdAt.toISOString() })),
    personal,
    currency,
    new Set(appIds),
  ).reduce((s, o) => s + o.amountMinor, 0);
  const draftId = deps.ids.next('drf');
  const content: ClaimDraft = { intent: 'reimbursement', lineIds: lines.map((l) => l.id), applicationIds: apps.map((a) => a!.id) };
  await insertDraft(tx, { id: draftId, orgId: to.orgId, employeeId: to.employeeId, channel: to.channel, chatId: to.chatId, draft: content, locale: lang, createdAt: now, updatedAt: now });
  const view: DraftCardView = {
    kind: 'draft',
    facts: {
      requestId: draftId,
      type: 'reimbursement',
      title: lang === 'zh' ? `报销 ${lines.length} 笔费用` : `Claim ${lines.length} expense${lines.length === 1 ? '' : 's'}`,
      requester: to.name,
      ...(to.departmentName ? { department: to.departmentName } : {}),
      amount: { minor: total, currency },
      reimbursement: {
        lines: lines.length,
        applications: apps.map((a) => `${a!.number} ${a!.title}`),
        ...(offset > 0 ? { advanceOffset: { minor: offset, currency } } : {}),
        payable: { minor: personal - offset, currency },
      },
    },
    violations: [],
    buttons: buttons(deps.box, now, { kind: 'draft', org: to.orgId, id: draftId, to: to.employeeId }, ['submit', 'cancel']),
  };
  return [{ text: T.claimReady[lang] }, { cardKey: `draft:${draftId}`, view }];
}
