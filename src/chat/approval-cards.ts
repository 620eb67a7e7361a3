// Approval events → cards in chat. Every current approver gets the card; every copy already sent is updated in place
// when the approval moves (so nobody keeps a stale button); the submitter hears the outcome.
import { isDeepStrictEqual } from 'node:util';
import { platformAddresses } from '../../bots/chat/address.js';
import type { CardView } from '../../cards/view-model.js';
import type { Db, Executor } from '../../db/database.js';
import { instancesByIds, requestsByIds, type StoredInstance } from '../../db/repos/approvals.js';
import { cardsByKeys, type CardRow } from '../../db/repos/chat.js';
import type { ClaimedMessage } from '../../db/repos/outbox.js';
import { employeesByIds, getDepartment, identitiesOf } from '../../db/repos/org.js';
import type { Department, Employee, PlatformIdentity } from '../../domain/org/index.js';
import type { RequestFacts } from '../../cards/view-model.js';
import { currentAssignees } from '../../domain/approval/index.js';
import type { Draft } from '../../domain/conversation/index.js';
import type { Violation } from '../../domain/policy/index.js';
import type { IdGenerator } from '../../domain/shared/index.js';
import type { OutboxBatchHandler } from '../jobs/dispatcher.js';
import type { SecretBox } from '../secrets.js';
import { deliverMany, type Channel, type Outgoing, type Recipient } from './deliver.js';
import { allocateCost, type AllocationInput } from '../../domain/reimbursement/index.js';
import type { Lang } from './texts.js';
import { visitRequestFacts } from './visit-views.js';
import { approvalCard, budgetViewOf, factsOf, outcomeNotice, type StoredBudget } from './views.js';

export const TOPIC_CHAT_APPROVAL = 'chat.approval';

/**
 * The refreshes of approvals' cards a batch of published events calls for: one per approval of the batch, naming
 * every event that happened to it (an approval step and its outcome arrive together; one refresh shows both). Keyed by
 * the approval's first event in the batch (reminder cards are named after it); a refresh run twice is harmless. The
 * fan-out hands them straight to `approvalCardsHandler`; they are in the shape of `chat.approval` outbox rows.
 */
export function chatApprovalMessages(msgs: readonly ClaimedMessage[]) {
  const byApproval = new Map<string, { orgId: string; key: string; approvalId: string; events: string[] }>();
  for (const m of msgs) {
    const e = m.payload as { subject?: { type?: string; id?: string }; type?: string };
    if (e.subject?.type !== 'approval' || !e.subject.id) continue;
    const k = `${m.orgId}/${e.subject.id}`;
    const entry = byApproval.get(k) ?? { orgId: m.orgId, key: `${m.key}>chat`, approvalId: e.subject.id, events: [] };
    if (e.type && !entry.events.includes(e.type)) entry.events.push(e.type);
    byApproval.set(k, entry);
  }
  return [...byApproval.values()].map((a) => ({ orgId: a.orgId, topic: TOPIC_CHAT_APPROVAL, key: a.key, payload: { approvalId: a.approvalId, events: a.events } }));
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

/** A request to refresh one approval's cards: a `chat.approval` outbox row, or what `chatApprovalMessages` makes of events. */
export type ApprovalRefresh = Pick<ClaimedMessage, 'orgId' | 'key' | 'payload'>;

/**
 * Brings every card of each approval named in `msgs` up to date (newest state; duplicates harmless). Each
 * organisation's share is one transaction: instances, requests, people, identities and card copies are read for all
 * its approvals at once, and every card copy and outbox row is written in one statement each.
 */
export async function refreshApprovalCards(deps: ApprovalCardDeps, msgs: readonly ApprovalRefresh[]): Promise<void> {
  // One refresh per approval in the batch, knowing every event that happened to it.
  const byOrg = new Map<string, Map<string, { approvalId: string; events: Set<string>; keys: string[] }>>();
  for (const m of msgs) {
    // `event`: rows queued before one row carried all of an approval's events.
    const { approvalId, event, events } = m.payload as { approvalId: string; event?: string; events?: string[] };
    const approvals = byOrg.get(m.orgId) ?? new Map<string, { approvalId: string; events: Set<string>; keys: string[] }>();
    byOrg.set(m.orgId, approvals);
    const entry = approvals.get(approvalId) ?? { approvalId, events: new Set<string>(), keys: [] };
    for (const e of [...(events ?? []), ...(event ? [event] : [])]) entry.events.add(e);
    entry.keys.push(m.key);
    approvals.set(approvalId, entry);
  }
  for (const [orgId, approvals] of byOrg) await deps.db.transaction((tx) => refreshApprovals(tx, deps, orgId, [...approvals.values()]));
}

/** `chat.approval` outbox rows (queued by earlier versions; the publish fan-out now calls `refreshApprovalCards`). */
export function approvalCardsHandler(deps: ApprovalCardDeps): OutboxBatchHandler {
  return { batch: (msgs) => refreshApprovalCards(deps, msgs) };
}

/** What the refresh of a batch of approvals reads up front, in a handful of queries. */
interface Loaded {
  instances: Map<string, StoredInstance>;
  requests: Map<string, Awaited<ReturnType<typeof requestsByIds>>[number]>;
  people: Map<string, Employee>;
  departments: Map<string, Department | undefined>;
  identities: Map<string, PlatformIdentity[]>;
  cards: Map<string, CardRow[]>;
}

async function refreshApprovals(tx: Executor, deps: ApprovalCardDeps, orgId: string, list: { approvalId: string; events: Set<string>; keys: string[] }[]): Promise<void> {
  const instances = await instancesByIds(tx, orgId, list.map((a) => a.approvalId));
  const requests = new Map((await requestsByIds(tx, orgId, [...instances.values()].map((s) => s.requestId))).map((r) => [r.id, r]));
  const named = new Set<string>();
  for (const { instance: i } of instances.values()) {
    for (const id of [i.submitterId, ...i.history.map((h) => h.by), ...i.steps.flatMap((s) => s.assignees), ...i.steps.flatMap((s) => s.decisions.map((d) => d.by))]) named.add(id);
  }
  const people = new Map((await employeesByIds(tx, orgId, [...named])).map((e) => [e.id, e]));
  const departments = new Map<string, Department | undefined>();
  for (const r of requests.values()) if (!departments.has(r.departmentId)) departments.set(r.departmentId, await getDepartment(tx, orgId, r.departmentId));
  // Identities of everyone who may get a card: assignees and submitters.
  const reachable = new Set<string>();
  for (const { instance: i } of instances.values()) {
    reachable.add(i.submitterId);
    for (const a of currentAssignees(i)) reachable.add(a);
  }
  const identities = new Map<string, PlatformIdentity[]>();
  for (const id of await identitiesOf(tx, orgId, [...reachable])) identities.set(id.employeeId, [...(identities.get(id.employeeId) ?? []), id]);
  const keys = list.flatMap((a) => {
    const i = instances.get(a.approvalId)?.instance;
    return i ? [`approval:${a.approvalId}`, `notice:${a.approvalId}:${i.status}`] : [];
  });
  const cards = new Map<string, CardRow[]>();
  for (const c of await cardsByKeys(tx, orgId, keys)) cards.set(c.cardKey, [...(cards.get(c.cardKey) ?? []), c]);

  const loaded: Loaded = { instances, requests, people, departments, identities, cards };
  const out: { r: Recipient; item: Outgoing }[] = [];
  for (const a of list) refreshApproval(deps, orgId, a.approvalId, a.events, a.keys[0]!, loaded, out);
  await deliverMany(tx, deps.ids, out, deps.clock.now());
}

export const localeOf = (locale: string | undefined): Lang => (locale?.startsWith('en') ? 'en' : 'zh');

/** Where an employee can be reached: the console (when served), and each switched-on platform they are linked on. */
export async function recipientsOf(tx: Executor, deps: ApprovalCardDeps, orgId: string, employeeId: string, locale: Lang): Promise<Recipient[]> {
  return recipientsFrom(deps, orgId, employeeId, locale, await identitiesOf(tx, orgId, [employeeId]));
}

/** `recipientsOf` from identities already loaded. */
function recipientsFrom(deps: Pick<ApprovalCardDeps, 'console' | 'channels'>, orgId: string, employeeId: string, locale: Lang, identities: readonly PlatformIdentity[]): Recipient[] {
  const out: Recipient[] = deps.console ? [{ orgId, channel: 'web', employeeId, address: employeeId, locale }] : [];
  for (const p of platformAddresses(identities, deps.channels)) out.push({ orgId, channel: p.platform as Exclude<Channel, 'web'>, employeeId, address: p.address, locale });
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
  if (r.type === 'visit') return visitRequestFacts(r.details, r.currency);
  if (r.type === 'advance') return { type: 'advance', expense: undefined, advance: { ...(d.purpose ? { purpose: d.purpose } : {}) } };
  if (r.type === 'payment_run') {
    const run = (r.details as { run?: { count: number; held: number; byCurrency: { currency: string; minor: number; count: number }[]; largest?: { name: string; minor: number; currency: string }[] } }).run;
    if (run)
      return {
        type: 'payment_run',
        expense: undefined,
        paymentRun: {
          count: run.count,
          byCurrency: run.byCurrency.map((c) => ({ amount: { minor: c.minor, currency: c.currency }, count: c.count })),
          largest: (run.largest ?? []).map((p) => ({ name: p.name, amount: { minor: p.minor, currency: p.currency } })),
          held: run.held,
        },
      };
  }
  return {};
}

/**
 * The copy already shows `view` on its platform: its newest version was delivered (e.g. in the answer to the click
 * that moved the approval, see handle-card-action.ts) and is this view. Nothing to write or send then.
 */
function showsAlready(copy: CardRow, view: CardView): boolean {
  if (!copy.messageId || copy.deliveredVersion < copy.version) return false;
  // As stored: the view goes through JSON (keys left undefined drop out) before it is compared with the stored one.
  return isDeepStrictEqual(copy.view, JSON.parse(JSON.stringify(view)));
}

/** One approval's cards, from what `refreshApprovals` loaded; the deliveries are added to `out`. */
function refreshApproval(deps: ApprovalCardDeps, orgId: string, approvalId: string, events: ReadonlySet<string>, eventKey: string, loaded: Loaded, out: { r: Recipient; item: Outgoing }[]): void {
  const stored = loaded.instances.get(approvalId);
  if (!stored) return;
  const i = stored.instance;
  const request = loaded.requests.get(stored.requestId);
  if (!request) return;
  const people = loaded.people;
  const department = loaded.departments.get(request.departmentId);
  const deliver = (r: Recipient, item: Outgoing) => void out.push({ r, item });
  const recipients = (employeeId: string, locale: Lang) => recipientsFrom(deps, orgId, employeeId, locale, loaded.identities.get(employeeId) ?? []);
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
  const sent = loaded.cards.get(cardKey) ?? [];
  const targets = new Map<string, Recipient>();
  for (const c of sent) targets.set(`${c.channel}/${c.recipientId}`, { orgId, channel: c.channel as Channel, employeeId: c.recipientId, address: c.address, locale: localeOf(c.locale) });
  for (const a of currentAssignees(i)) {
    if (sent.some((c) => c.recipientId === a)) continue;
    for (const r of recipients(a, localeOf(people.get(a)?.locale))) targets.set(`${r.channel}/${r.employeeId}`, r);
  }
  for (const r of targets.values()) {
    const view = approvalCard(deps.box, now, i, { recipientId: r.employeeId, facts, violations: details.policy ?? [], ...(details.justification ? { justification: details.justification } : {}), ...(budget ? { budget } : {}), nameOf });
    const copy = sent.find((c) => c.channel === r.channel && c.recipientId === r.employeeId);
    if (copy && showsAlready(copy, view)) continue;
    deliver(r, { cardKey, view });
  }

  // A reminder reaches each approver who still has to act, as a notice with the buttons.
  if (events.has('approval.reminder_due') && i.status === 'pending') {
    for (const r of targets.values()) {
      if (!currentAssignees(i).includes(r.employeeId)) continue;
      const card = approvalCard(deps.box, now, i, { recipientId: r.employeeId, facts, violations: [], nameOf });
      if (card.buttons.length === 0) continue;
      deliver(r, { cardKey: `reminder:${eventKey}`, view: { kind: 'notice', event: 'reminder', facts, buttons: card.buttons } });
    }
  }

  // The submitter hears the outcome once per outcome.
  const notice = outcomeNotice(i, facts, nameOf);
  if (notice) {
    const noticeKey = `notice:${approvalId}:${i.status}`;
    if ((loaded.cards.get(noticeKey) ?? []).length === 0) for (const r of recipients(i.submitterId, localeOf(people.get(i.submitterId)?.locale))) deliver(r, { cardKey: noticeKey, view: notice });
  }
}

