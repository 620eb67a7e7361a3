// A click on a card button: verify the signed value, check who clicked, then submit / edit / cancel a draft, act on
// an approval, answer a payout-account card (payee-actions.ts), or register the visit form (visit-form.ts). The answer is a toast for the clicker (and, where the platform wants it, the card as it is now).
import { actingVia } from '../../db/acting.js';
import { closeDraft, getDraft, saveConversation } from '../../db/repos/chat.js';
import { clickAnswerFacts, getInstance } from '../../db/repos/approvals.js';
import { recordCardAnswered } from '../../db/repos/chat.js';
import { getEmployee } from '../../db/repos/org.js';
import { orgTimeZone } from '../usecases/org-time.js';
import { requestTypeLabel } from '../../cards/i18n.js';
import type { CardView } from '../../cards/view-model.js';
import type { Draft } from '../../domain/conversation/index.js';
import { cleanText, ok, type DomainError } from '../../domain/shared/index.js';
import { actOnApprovalShowing, type ActResult } from '../usecases/act-on-approval.js';
import type { ApprovalInstance } from '../../domain/approval/index.js';
import { answerDraftLine } from '../usecases/expenses/lines.js';
import { submitReimbursement } from '../usecases/expenses/claims.js';
import { isClaimDraft } from './claim-draft.js';
import { closeLineCard } from './lifecycle-cards.js';
import { submitRequest } from '../usecases/submit-request.js';
import { submitVisitDraft } from './visit-submit.js';
import { command } from '../usecases/unit-of-work.js';
import { verifyAction, type ActionClaims } from './action-token.js';
import { type Recipient } from './deliver.js';
import { closeDraftCard } from './draft-cards.js';
import type { ChatDeps } from './handle-message.js';
import { submissionOf } from './handle-message.js';
import { actedOn, alreadyDecided, errorReply, requestLabel, T, type Lang } from './texts.js';
import { approvalCardAfter, approvalCardPeople, draftTitle } from './views.js';
import { localeOf } from './approval-cards.js';
import { payeeAction } from './payee-actions.js';
import { visitFormAction } from './visit-form.js';
import { receiptAction } from './receipt-chat.js';
import type { CardActionAnswer, InboundCardAction } from './card-action.types.js';

export type { CardActionAnswer, InboundCardAction } from './card-action.types.js';

const toast = (type: CardActionAnswer['toast']['type'], text: string): CardActionAnswer => ({ toast: { type, text } });

/** Handles one click. Forged, expired or someone else's buttons change nothing and say why. */
export function handleCardAction(deps: ChatDeps, a: InboundCardAction): Promise<CardActionAnswer> {
  return actingVia(a.via ?? `${a.channel}:${a.address}`, () => handleCardActionAs(deps, a.reason === undefined ? a : { ...a, reason: cleanText(a.reason) }));
}

async function handleCardActionAs(deps: ChatDeps, a: InboundCardAction): Promise<CardActionAnswer> {
  const now = deps.clock.now();
  const verified = verifyAction(deps.box, a.value, now);
  if (!verified.ok) return toast('error', T.invalidButton[a.lang]);
  const c = verified.claims;
  if (c.org !== a.orgId) return toast('error', T.invalidButton[a.lang]);
  if (c.to !== a.employeeId) return toast('warning', T.notYourCard[a.lang]);
  if (c.kind === 'line') return lineAction(deps, a, c);
  if (c.kind === 'payee_form' || c.kind === 'payee' || c.kind === 'returned') return payeeAction(deps, a, c);
  if (c.kind === 'visit_form') return visitFormAction(deps, a, c);
  if (c.kind === 'receipt') return receiptAction(deps, a, c);
  return c.kind === 'draft' ? draftAction(deps, a, c) : approvalAction(deps, a, c);
}

async function draftAction(deps: ChatDeps, a: InboundCardAction, c: ActionClaims): Promise<CardActionAnswer> {
  const draft = await getDraft(deps.db, a.orgId, c.id);
  if (!draft || draft.employeeId !== a.employeeId) return toast('error', T.invalidButton[a.lang]);
  // The draft was written in a language: answer and redraw in it, whatever the clicker's profile says.
  const lang: Lang = draft.locale === 'en' ? 'en' : 'zh';
  a = { ...a, lang };
  if (draft.status !== 'open') return toast('info', T.draftClosed[a.lang]);
  const d = draft.draft as Draft;
  const now = deps.clock.now();
  const to: Recipient = { orgId: a.orgId, channel: a.channel, employeeId: a.employeeId, address: a.address, locale: a.lang };
  if (c.action === 'submit') {
    const raw = draft.draft as unknown;
    const submitted = isClaimDraft(raw)
      ? await submitReimbursement(deps, a.orgId, { submitterId: a.employeeId, lineIds: raw.lineIds, applicationIds: raw.applicationIds, ...(raw.justification ? { justification: raw.justification } : {}), clientRef: `chat-draft:${draft.id}` })
      : d.intent === 'visit' ? await submitVisitDraft(deps, a.orgId, a.employeeId, draft.id, d, lang)
      : await submitRequest(deps, a.orgId, submissionOf(d, a.employeeId, draftTitle(d, lang), draft.id));
    if (!submitted.ok) return toast('error', errorReply(lang, submitted.error));
    const request = submitted.value.request;
    const view = await command(deps.db, async (tx) => {
      if (!(await closeDraft(tx, a.orgId, draft.id, 'submitted', request.id, now))) return ok(undefined);
      return ok(await closeDraftCard(tx, deps, to, draft.id, { status: 'submitted', at: now.toISOString(), number: request.number }));
    });
    const label = requestLabel(lang, { kind: requestTypeLabel(request.type, lang), number: request.number });
    return { toast: { type: 'success', text: actedOn(lang, 'submit', label) }, ...(view.ok && view.value ? { view: view.value } : {}) };
  }
  const result = await command(deps.db, async (tx) => {
    if (!(await closeDraft(tx, a.orgId, draft.id, 'cancelled', null, now))) return ok({ closed: false, view: undefined as CardView | undefined });
    // Edit keeps the card as "being edited" (it says how to go on) until the new draft replaces it.
    const view = await closeDraftCard(tx, deps, to, draft.id, { status: c.action === 'edit' ? 'editing' : 'cancelled', at: now.toISOString() });
    if (c.action === 'edit')
      await saveConversation(tx, { orgId: a.orgId, channel: a.channel, chatId: draft.chatId, employeeId: a.employeeId }, { draft: d, editing: true, editingDraftId: draft.id }, new Date(now.getTime() + 30 * 60_000), now);
    return ok({ closed: true, view });
  });
  if (!result.ok || !result.value.closed) return toast('info', T.draftClosed[a.lang]);
  return { toast: { type: 'info', text: c.action === 'edit' ? T.editHint[a.lang] : T.cancelled[a.lang] }, ...(result.value.view ? { view: result.value.view } : {}) };
}


/** Confirm / Not mine on a draft expense line (a card transaction or a personally paid order). */
async function lineAction(deps: ChatDeps, a: InboundCardAction, c: ActionClaims): Promise<CardActionAnswer> {
  if (c.action !== 'confirm' && c.action !== 'dismiss') return toast('error', T.invalidButton[a.lang]);
  const r = await answerDraftLine(deps, a.orgId, c.id, a.employeeId, c.action);
  if (!r.ok) return toast('warning', r.error.code === 'AUTH.FORBIDDEN' ? T.notYourCard[a.lang] : errorReply(a.lang, r.error));
  const view = await command(deps.db, async (tx) => ok(await closeLineCard(tx, deps, { orgId: a.orgId, channel: a.channel, employeeId: a.employeeId, address: a.address, locale: a.lang }, c.id, c.action === 'confirm' ? 'confirmed' : 'dismissed', deps.clock.now())));
  const text = c.action === 'confirm' ? T.lineConfirmed[a.lang] : T.lineDismissed[a.lang];
  return { toast: { type: r.value.changed ? 'success' : 'info', text }, ...(view.ok && view.value ? { view: view.value } : {}) };
}

async function approvalAction(deps: ChatDeps, a: InboundCardAction, c: ActionClaims): Promise<CardActionAnswer> {
  const reason = a.reason?.trim();
  if ((c.action === 'reject' || c.action === 'return') && !reason) return toast('warning', T.reasonNeeded[a.lang]);
  const action =
    c.action === 'approve' ? { type: 'approve' as const, ...(reason ? { comment: reason } : {}), ...(c.step ? { stepKey: c.step } : {}) }
    : c.action === 'reject' || c.action === 'return' ? { type: c.action, comment: reason!, ...(c.step ? { stepKey: c.step } : {}) }
    : undefined;
  if (!action) return toast('error', T.invalidButton[a.lang]);
  const r = await actOnApprovalShowing(deps, a.orgId, c.id, a.employeeId, action, `${a.channel}:${a.eventId}`);
  if (r.ok) return actedAnswer(deps, a, action.type, r.value.result, r.value.instance);
  return toast(r.error.code === 'APPROVAL.NOT_PENDING' || r.error.code === 'APPROVAL.STALE_STEP' ? 'info' : 'warning', await explain(deps, a, c, r.error));
}

/**
 * "已同意 张伟的出差申请 TR-0042，已转 财务审核 审批。" for the clicker, naming the request and where it went; where the
 * platform's answer replaces the clicked card (Feishu), also the clicker's copy as the approval now stands, so it
 * changes at once and needs no patch through the outbox.
 */
async function actedAnswer(deps: ChatDeps, a: InboundCardAction, action: 'approve' | 'reject' | 'return', r: ActResult, instance: ApprovalInstance | undefined): Promise<CardActionAnswer> {
  const copy = a.answerReplaces && instance ? { cardKey: `approval:${r.approvalId}`, channel: a.channel, recipientId: a.employeeId } : undefined;
  const facts = await clickAnswerFacts(deps.db, a.orgId, r.requestId, copy && instance ? { card: copy, names: approvalCardPeople(instance) } : undefined);
  if (!facts) return toast('success', T.done[a.lang]);
  const request = facts.label;
  const label = requestLabel(a.lang, { submitter: request.submitterName ?? request.submitterId, kind: requestTypeLabel(request.type, a.lang), number: request.number });
  const next = r.status === 'pending' && r.step ? r.step.stepName : undefined;
  const answer: CardActionAnswer = { toast: { type: 'success', text: actedOn(a.lang, action, label, next) } };
  const card = facts.card;
  // Only the copy on the message clicked, drawn in the language the answer is drawn in.
  if (!copy || !instance || !card || card.messageId !== a.answerReplaces!.messageId || localeOf(card.locale) !== a.lang) return answer;
  const before = card.view as CardView;
  if (before.kind !== 'approval') return answer;
  const now = deps.clock.now();
  const view = approvalCardAfter(deps.box, now, instance, before, a.employeeId, (id) => facts.names.get(id) ?? id);
  // Recorded as shown, so the refresh of this approval finds the copy up to date and queues no patch for it. If that
  // fails (or a refresh got there first), the refresh patches the copy as it would have anyway.
  await recordCardAnswered(deps.db, { orgId: a.orgId, ...copy, version: card.version, messageId: card.messageId, view, at: now }).catch(() => false);
  return { ...answer, view, ...(facts.timeZone ? { timeZone: facts.timeZone } : {}) };
}

/** "already approved by X at T" for a click on a card that moved on; the engine's message otherwise. */
async function explain(deps: ChatDeps, a: InboundCardAction, c: ActionClaims, e: DomainError): Promise<string> {
  let decided: { status: string; by: string; at: string } | undefined;
  const d = e.details as { status?: string; decidedBy?: string; decidedAt?: string } | undefined;
  if (e.code === 'APPROVAL.NOT_PENDING' && d?.decidedBy && d.decidedAt) decided = { status: d.status ?? 'approved', by: d.decidedBy, at: d.decidedAt };
  if (e.code === 'APPROVAL.STALE_STEP' && c.step) {
    // The card's step was decided by someone else and the request moved on: say who decided that step.
    const stored = await getInstance(deps.db, a.orgId, c.id);
    const step = stored?.instance.steps.find((s) => s.key === c.step);
    const last = step?.decisions.at(-1);
    if (step && last) decided = { status: step.status === 'rejected' ? 'rejected' : 'approved', by: last.by, at: last.at };
  }
  if (decided) {
    const [timeZone, who] = await Promise.all([orgTimeZone(deps.db, a.orgId), getEmployee(deps.db, a.orgId, decided.by)]);
    return alreadyDecided(a.lang, decided.status, who?.name ?? decided.by, new Date(decided.at), timeZone);
  }
  if (e.code === 'APPROVAL.NOT_ASSIGNEE' || e.code === 'APPROVAL.SELF_APPROVAL') return T.notYourCard[a.lang];
  return errorReply(a.lang, e);
}
