// Builds card views (cards/view-model.ts) from drafts, requests and approval state. Buttons carry signed values.
import type { ApprovalCardView, BudgetView, ButtonAction, ButtonView, DraftCardView, NoticeCardView, PolicyNoteView, RequestFacts } from '../../cards/view-model.js';
import type { BudgetImpact } from '../../domain/budget/index.js';
import type { Draft } from '../../domain/conversation/index.js';
import { currentAssignees, progress, type ApprovalInstance } from '../../domain/approval/index.js';
import type { Violation } from '../../domain/policy/index.js';
import type { SecretBox } from '../secrets.js';
import { cardContent } from '../../cards/card-content.js';
import { categoryLabel } from '../../cards/i18n.js';
import { signAction, type ActionClaims } from './action-token.js';
import type { Lang } from './texts.js';

/** Buttons stay valid for 30 days: long enough for any approval, short enough that old cards die. */
const TOKEN_TTL_S = 30 * 24 * 3600;

export type NameOf = (employeeId: string) => string;

/**
 * The title stored with a request put together in chat, in the language it was asked in ("深圳出差", "Trip to
 * Shenzhen", "交通 · 滴滴"), for lists and the API. Cards do not show it: they name the request by its facts in each
 * reader's own language (see `factsOf`).
 */
export function draftTitle(d: Draft, lang: Lang): string {
  const join = (parts: (string | undefined)[]) => parts.filter((x): x is string => Boolean(x?.trim())).join(' ');
  if (d.intent === 'trip') {
    const to = d.trip?.destination ?? '';
    return lang === 'zh' ? `${to}出差` : join(['Trip to', to]);
  }
  if (d.intent === 'expense') return [categoryLabel(d.expense?.category ?? 'other', lang), d.expense?.merchant].filter(Boolean).join(' · ');
  const who = join([d.visit?.company, d.visit?.visitorName]);
  return lang === 'zh' ? `${who} 来访` : `Visit: ${who}`;
}

/** One line about a draft (the edit modal's): its title and facts as the card labels them, in `lang`. */
export function draftSummary(d: Draft, lang: Lang): string {
  if (!d.intent) return '';
  const c = cardContent({ kind: 'draft', facts: factsOf('', d, ''), violations: [], buttons: [] }, { locale: lang, timeZone: 'UTC' });
  return `${c.title} — ${c.facts.map((f) => `${f.label}: ${f.value}`).join(lang === 'zh' ? '；' : '; ')}`;
}

/**
 * The facts shown on every card about a request put together in chat. The title is left empty so each reader's card
 * names it in their own language.
 */
export function factsOf(requestId: string, d: Draft, requester: string, department?: string, number?: string): RequestFacts {
  const amount = d.expense?.amount ?? d.trip?.estimatedAmount;
  return {
    requestId,
    ...(number ? { number } : {}),
    type: d.intent,
    title: '',
    requester,
    ...(department ? { department } : {}),
    ...(amount ? { amount } : {}),
    ...(d.trip ? { trip: d.trip } : {}),
    ...(d.expense ? { expense: d.expense } : {}),
    ...(d.visit ? { visit: d.visit } : {}),
  };
}

/** A budget impact as submissions store it (request details, the check a draft card shows). */
export type StoredBudget = BudgetImpact & { currency: string };

/**
 * The budget line of a card: the impact in the budget's currency (converted, or marked not comparable), or — on an
 * expense, which always says where it stands — that no budget is set for it.
 */
export function budgetViewOf(b: StoredBudget | undefined, type: string): BudgetView | undefined {
  if (!b) return type === 'expense' ? { none: true } : undefined;
  const m = (minor: number) => ({ minor, currency: b.currency });
  return {
    availableBefore: m(b.availableBeforeMinor),
    availableAfter: m(b.availableAfterMinor),
    overBudget: b.overBudget,
    ...(b.converted ? { converted: { from: { minor: b.converted.fromMinor, currency: b.converted.fromCurrency }, amount: m(b.converted.minor), rate: b.converted.rate } } : {}),
    ...(b.notComparable ? { notComparable: b.notComparable } : {}),
  };
}

export const violationNotes = (vs: readonly Violation[]): PolicyNoteView[] => vs.map((v) => ({ severity: v.severity === 'block' ? 'block' : 'warn', message: v.message }));

export function buttons(box: SecretBox, now: Date, base: Omit<ActionClaims, 'action' | 'exp'>, actions: readonly ButtonAction[]): ButtonView[] {
  const exp = Math.floor(now.getTime() / 1000) + TOKEN_TTL_S;
  return actions.map((action) => ({ action, value: signAction(box, { ...base, action, exp }) }));
}

export function draftCard(
  box: SecretBox,
  now: Date,
  o: { orgId: string; draftId: string; employeeId: string; facts: RequestFacts; violations: readonly Violation[]; budget?: DraftCardView['budget']; justification?: string },
): DraftCardView {
  return {
    kind: 'draft',
    facts: o.facts,
    violations: violationNotes(o.violations),
    ...(o.budget ? { budget: o.budget } : {}),
    ...(o.justification ? { justification: o.justification } : {}),
    buttons: buttons(box, now, { kind: 'draft', org: o.orgId, id: o.draftId, to: o.employeeId }, ['submit', 'edit', 'cancel']),
  };
}

const DECIDED: Partial<Record<ApprovalInstance['status'], 'approved' | 'rejected' | 'returned' | 'withdrawn'>> = {
  approved: 'approved',
  rejected: 'rejected',
  returned: 'returned',
  withdrawn: 'withdrawn',
};

/**
 * The approval card as `recipientId` sees it: buttons only while the instance waits on a step they may act on; once
 * decided (or passed to the next step) it shows who did what, so no stale button stays clickable.
 */
export function approvalCard(
  box: SecretBox,
  now: Date,
  i: ApprovalInstance,
  o: { recipientId: string; facts: RequestFacts; violations: readonly Violation[]; justification?: string; budget?: DraftCardView['budget']; nameOf: NameOf },
): ApprovalCardView {
  return {
    kind: 'approval',
    facts: o.facts,
    violations: violationNotes(o.violations),
    ...(o.justification ? { justification: o.justification } : {}),
    ...(o.budget ? { budget: o.budget } : {}),
    ...approvalState(box, now, i, o.recipientId, o.nameOf),
  };
}

/** The people an approval card names as it stands (history, the current step, the decision): whose names it needs. */
export function approvalCardPeople(i: ApprovalInstance): string[] {
  const step = progress(i);
  const ids = [...i.history.map((h) => h.by), ...(step && i.status === 'pending' ? [...step.approved, ...step.pending] : [])];
  return [...new Set(ids.filter((id) => id !== 'system'))];
}

/**
 * The card a copy shows once `i` has moved on, from the copy's stored view: what the request says (facts, policy
 * notes, justification, budget) stays as the copy was drawn; history, step, buttons and decision follow `i`. The
 * same parts `approvalCard` draws, so a refresh from the request draws the same card.
 */
export function approvalCardAfter(box: SecretBox, now: Date, i: ApprovalInstance, before: ApprovalCardView, recipientId: string, nameOf: NameOf): ApprovalCardView {
  const { kind, facts, violations, justification, budget } = before;
  return {
    kind,
    facts,
    violations,
    ...(justification ? { justification } : {}),
    ...(budget ? { budget } : {}),
    ...approvalState(box, now, i, recipientId, nameOf),
  };
}

/** The parts of an approval card that follow the approval: history, the current step, the recipient's buttons, the decision. */
function approvalState(box: SecretBox, now: Date, i: ApprovalInstance, recipientId: string, nameOf: NameOf): Pick<ApprovalCardView, 'history' | 'step' | 'buttons' | 'decided'> {
  const step = progress(i);
  const mayAct = i.status === 'pending' && currentAssignees(i).includes(recipientId) && !step?.approved.includes(recipientId);
  const last = [...i.history].reverse().find((h) => h.action !== 'remind' && h.action !== 'escalate');
  const decided = DECIDED[i.status];
  return {
    history: i.history.map((h) => {
      // History records the step's key; people read its name.
      const step = h.step ? (i.steps.find((s) => s.key === h.step)?.name ?? h.step) : undefined;
      return { at: h.at, ...(h.by === 'system' ? { actor: 'system', system: true } : { actor: nameOf(h.by) }), action: h.action, ...(step ? { step } : {}), ...(h.comment ? { comment: h.comment } : {}) };
    }),
    ...(step && i.status === 'pending' ? { step: { name: step.stepName, mode: step.mode, approved: step.approved.map(nameOf), pending: step.pending.map(nameOf) } } : {}),
    buttons: mayAct ? buttons(box, now, { kind: 'approval', org: i.orgId, id: i.id, step: step!.stepKey, to: recipientId }, ['approve', 'reject', 'return']) : [],
    ...(decided && last ? { decided: { status: decided, by: nameOf(last.by), at: last.at, ...(last.comment ? { comment: last.comment } : {}) } } : {}),
  };
}

/** The submitter's notice of an outcome. */
export function outcomeNotice(i: ApprovalInstance, facts: RequestFacts, nameOf: NameOf): NoticeCardView | undefined {
  const event = DECIDED[i.status];
  if (!event) return undefined;
  const last = [...i.history].reverse().find((h) => h.action !== 'remind' && h.action !== 'escalate');
  return { kind: 'notice', event, facts, ...(last ? { by: nameOf(last.by), at: last.at, ...(last.comment ? { comment: last.comment } : {}) } : {}) };
}
