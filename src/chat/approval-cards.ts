// Approval events → cards in chat. Every current approver gets the card; every copy already sent is updated in place
// when the approval moves (so nobody keeps a stale button); the submitter hears the outcome.
import type { Db, Executor } from '../../db/database.js';
import { getInstance, getRequest } from '../../db/repos/approvals.js';
import { cardsByKey } from '../../db/repos/chat.js';
import type { ClaimedMessage } from '../../db/repos/outbox.js';
import { employeesByIds, getDepartment, identitiesOf } from '../../db/repos/org.js';
import type { RequestFacts } from '../../cards/view-model.js';
import { currentAssignees } from '../../domain/approval/index.js';
import type { Draft } from '../../domain/conversation/index.js';
import type { Violation } from '../../domain/policy/index.js';
import type { IdGenerator } from '../../domain/shared/index.js';
import type { OutboxBatchHandler } from '../jobs/dispatcher.js';
import type { SecretBox } from '../secrets.js';
import { deliver, type Channel, type Recipient } from './deliver.js';
import { allocateCost, type AllocationInput } from '../../domain/reimbursement/index.js';
import type { Lang } from './texts.js';
import { approvalCard, budgetViewOf, factsOf, outcomeNotice, type StoredBudget } from './views.js';

export const TOPIC_CHAT_APPROVAL = 'chat.approval';

/** The outbox rows that refresh an approval's cards, one per approval event (keys keep the fan-out idempotent). */
export function chatApprovalMessages(msgs: readonly ClaimedMessage[]) {
  return msgs
    .filter((m) => (m.payload as { subject?: { type?: string } }).subject?.type === 'approval')
    .map((m) => {
      const e = m.payload as { subject: { id: string }; type: string };
      return { orgId: m.orgId, topic: TOPIC_CHAT_APPROVAL, key: `${m.key}>chat`, payload: { approvalId: e.subject.id, event: e.type } };
    });
}

export interface ApprovalCardDeps {
  db: Db;
  ids: IdGenerator;
  box: SecretBox;
  clock: { now(): Date };
  /** Platform channels switched on. */
  channels: ReadonlySet<Exclude<Channel, 'web'>>;
  /** Whether the web console is served (then everyone's console transcript gets the cards too). */
  console: boolean;
}

/** `chat.approval`: brings every card of each approval in the batch up to date (newest state; duplicates harmless). */
export function approvalCardsHandler(deps: ApprovalCardDeps): OutboxBatchHandler {
  return {
    async batch(msgs) {
      // One refresh per approval in the batch, knowing every event that happened to it.
      const byApproval = new Map<string, { orgId: string; approvalId: string; events: Set<string>; keys: string[] }>();
      for (const m of msgs) {
        const { approvalId, event } = m.payload as { approvalId: string; event?: string };
        const k = `${m.orgId}/${approvalId}`;
        const entry = byApproval.get(k) ?? { orgId: m.orgId, approvalId, events: new Set<string>(), keys: [] };
        if (event) entry.events.add(event);
        entry.keys.push(m.key);
        byApproval.set(k, entry);
      }
      for (const a of byApproval.values()) await deps.db.transaction((tx) => refreshApproval(tx, deps, a.orgId, a.approvalId, a.events, a.keys[0]!));
    },
  };
}

const rank = (kind: string) => (PREFERENCE.includes(kind) ? PREFERENCE.indexOf(kind) : PREFERENCE.length);
export const localeOf = (locale: string | undefined): Lang => (locale?.startsWith('en') ? 'en' : 'zh');

/** How each platform's adapter addresses a person, from their linked identity. */
const ADDRESS: Record<Exclude<Channel, 'web'>, (kind: string, id: string, tenant: string) => string> = {
  feishu: (kind, id) => `${kind}:${id}`,
  dingtalk: (_kind, id) => `user:${id}`,
  // The workspace picks the bot token when the app is installed in several (see slack.messenger.ts).
  slack: (_kind, id, tenant) => (tenant ? `${tenant}/${id}` : id),
};
/** Feishu: the app-scoped open_id first; the others have one id kind each. */
const PREFERENCE = ['open_id', 'user_id', 'union_id'];

/** Where an employee can be reached: the console (when served), and each switched-on platform they are linked on. */
export async function recipientsOf(tx: Executor, deps: ApprovalCardDeps, orgId: string, employeeId: string, locale: Lang): Promise<Recipient[]> {
  const out: Recipient[] = deps.console ? [{ orgId, channel: 'web', employeeId, address: employeeId, locale }] : [];
  const ids = (await identitiesOf(tx, orgId, [employeeId])).sort((a, b) => rank(a.kind) - rank(b.kind));
  for (const id of ids) {
    const channel = id.platform as Exclude<Channel, 'web'>;
    if (!deps.channels.has(channel) || out.some((r) => r.channel === channel)) continue;
    out.push({ orgId, channel, employeeId, address: ADDRESS[channel](id.kind, id.externalId, id.tenant ?? ''), locale });
  }
  return out;
}

/** A reimbursement's lines, linked applications and cost split, or an advance's purpose, for the approver's card. */
function claimFacts(r: { type: string; details: unknown; currency: string | null; amountMinor: number | null; departmentId: string }): Partial<RequestFacts> {
  const d = r.details as { lineIds?: string[]; applications?: { title: string; number?: string }[]; allocations?: AllocationInput[]; purpose?: string };
  if (r.type === 'reimbursement') {
    const split = r.currency && r.amountMinor && (d.allocations?.length ?? 0) > 1 ? allocateCost({ minor: r.amountMinor, currency: r.currency }, d.allocations!, r.departmentId) : undefined;
    return {
      type: 'reimbursement',
      expense: undefined,
      reimbursement: {
        lines: d.lineIds?.length ?? 0,
        applications: (d.applications ?? []).map((a) => (a.number ? `${a.number} ${a.title}` : a.title)),
        ...(split?.ok ? { allocations: split.value.map((a) => ({ label: a.projectId ? `${a.departmentId} / ${a.projectId}` : a.departmentId, amount: { minor: a.amountMinor, currency: r.currency! } })) } : {}),
      },
    };
  }
  if (r.type === 'advance') return { type: 'advance', expense: undefined, advance: { ...(d.purpose ? { purpose: d.purpose } : {}) } };
  return {};
}

async function refreshApproval(tx: Executor, deps: ApprovalCardDeps, orgId: string, approvalId: string, events: ReadonlySet<string>, eventKey: string): Promise<void> {
  const stored = await getInstance(tx, orgId, approvalId);
  if (!stored) return;
  const i = stored.instance;
  const request = await getRequest(tx, orgId, stored.requestId);
  if (!request) return;
  // Only the people this card names or reaches: the submitter, everyone in the history, every assignee.
  const named = [i.submitterId, ...i.history.map((h) => h.by), ...i.steps.flatMap((s) => s.assignees), ...i.steps.flatMap((s) => s.decisions.map((d) => d.by))];
  const [people, department] = await Promise.all([
    employeesByIds(tx, orgId, named).then((list) => new Map(list.map((e) => [e.id, e]))),
    getDepartment(tx, orgId, request.departmentId),
  ]);
  const nameOf = (id: string) => people.get(id)?.name ?? id;
  const details = request.details as { trip?: Draft['trip']; expense?: Draft['expense']; visit?: Draft['visit']; policy?: Violation[]; justification?: string; budget?: StoredBudget };
  const type = (['trip', 'expense', 'visit'].includes(request.type) ? request.type : 'expense') as Draft['intent'];
  const draft = { intent: type, ...(details.trip ? { trip: details.trip } : {}), ...(details.expense ? { expense: details.expense } : {}), ...(details.visit ? { visit: details.visit } : {}) } as Draft;
  const base = factsOf(request.id, draft, nameOf(request.submitterId), department?.name, request.number);
  // A request put together in chat is named by its facts in each reader's language; a written title is shown as given.
  const fromChat = (request.details as { source?: string }).source === 'chat' && ['trip', 'expense', 'visit'].includes(request.type);
  const facts: RequestFacts = { ...base, title: fromChat ? '' : request.title, ...(request.amountMinor !== null && request.currency ? { amount: { minor: request.amountMinor, currency: request.currency } } : {}), ...claimFacts(request) };
  const budget = budgetViewOf(details.budget, request.type);
  const now = deps.clock.now();
  const cardKey = `approval:${approvalId}`;

  // Everyone who already has a copy, plus whoever may act now.
  const sent = await cardsByKey(tx, orgId, cardKey);
  const targets = new Map<string, Recipient>();
  for (const c of sent) targets.set(`${c.channel}/${c.recipientId}`, { orgId, channel: c.channel as Channel, employeeId: c.recipientId, address: c.address, locale: localeOf(c.locale) });
  for (const a of currentAssignees(i)) {
    if (sent.some((c) => c.recipientId === a)) continue;
    for (const r of await recipientsOf(tx, deps, orgId, a, localeOf(people.get(a)?.locale))) targets.set(`${r.channel}/${r.employeeId}`, r);
  }
  for (const r of targets.values()) {
    const view = approvalCard(deps.box, now, i, { recipientId: r.employeeId, facts, violations: details.policy ?? [], ...(details.justification ? { justification: details.justification } : {}), ...(budget ? { budget } : {}), nameOf });
    await deliver(tx, deps.ids, r, { cardKey, view }, now);
  }

  // A reminder reaches each approver who still has to act, as a notice with the buttons.
  if (events.has('approval.reminder_due') && i.status === 'pending') {
    for (const r of targets.values()) {
      if (!currentAssignees(i).includes(r.employeeId)) continue;
      const card = approvalCard(deps.box, now, i, { recipientId: r.employeeId, facts, violations: [], nameOf });
      if (card.buttons.length === 0) continue;
      await deliver(tx, deps.ids, r, { cardKey: `reminder:${eventKey}`, view: { kind: 'notice', event: 'reminder', facts, buttons: card.buttons } }, now);
    }
  }

  // The submitter hears the outcome once per outcome.
  const notice = outcomeNotice(i, facts, nameOf);
  if (notice) {
    const noticeKey = `notice:${approvalId}:${i.status}`;
    if ((await cardsByKey(tx, orgId, noticeKey)).length === 0)
      for (const r of await recipientsOf(tx, deps, orgId, i.submitterId, localeOf(people.get(i.submitterId)?.locale))) await deliver(tx, deps.ids, r, { cardKey: noticeKey, view: notice }, now);
  }
}

