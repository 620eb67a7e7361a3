// Clicks and form submissions about payout accounts: the payee form submitted (Feishu's card form, the console's
// HTML form, Slack's modal), the masked account confirmed or cancelled, and a returned payment answered with "pay
// again" or "change account". Every button was signed for one employee; handle-card-action checked that first.
import { ok } from '../../domain/shared/index.js';
import { payeeFormValuesOf } from '../../domain/payment/index.js';
import { employeeActor } from '../usecases/authorise.js';
import { answerPayeeDraft } from '../usecases/payments/payee-drafts.js';
import { confirmReturnedPayment } from '../usecases/payments/returned-payments.js';
import { command } from '../usecases/unit-of-work.js';
import type { ActionClaims } from './action-token.js';
import { deliver, type Recipient } from './deliver.js';
import type { CardActionAnswer, InboundCardAction } from './card-action.types.js';
import type { ChatDeps } from './handle-message.js';
import { closePayeeConfirm, confirmCardOpen, payeeFormCard, submitPayee } from './payee-chat.js';
import { errorReply, payAgainDone, T } from './texts.js';

const toast = (type: CardActionAnswer['toast']['type'], text: string): CardActionAnswer => ({ toast: { type, text } });

/** One click of a payee card (claims already verified: this organisation, this employee). */
export async function payeeAction(deps: ChatDeps, a: InboundCardAction, c: ActionClaims): Promise<CardActionAnswer> {
  const to: Recipient = { orgId: a.orgId, channel: a.channel, employeeId: a.employeeId, address: a.address, locale: a.lang };
  if (c.kind === 'payee_form' && c.action === 'submit') return submitForm(deps, a, c.id, to);
  if (c.kind === 'payee' && (c.action === 'confirm' || c.action === 'cancel')) return answerDraft(deps, a, c.id, c.action, to);
  if (c.kind === 'returned' && c.action === 'pay_again') {
    const r = await confirmReturnedPayment(deps, a.orgId, employeeActor(a.employeeId), c.id);
    if (!r.ok) return toast('error', r.error.code === 'NOT_FOUND' ? T.invalidButton[a.lang] : errorReply(a.lang, r.error));
    return r.value.released ? toast('success', payAgainDone(a.lang, r.value.accountLast4)) : toast('info', T.returnAnswered[a.lang]);
  }
  if (c.kind === 'returned' && c.action === 'change_account') {
    await command(deps.db, async (tx) => {
      const now = deps.clock.now();
      await deliver(tx, deps.ids, to, { text: T.changeAccountHint[a.lang] }, now);
      await deliver(tx, deps.ids, to, payeeFormCard(deps, to, 'change', now), now);
      return ok(undefined);
    });
    return toast('info', T.changeAccountHint[a.lang]);
  }
  return toast('error', T.invalidButton[a.lang]);
}

/** The form's fields checked and sealed; the confirmation card follows. A refusal names the field and keeps nothing. */
async function submitForm(deps: ChatDeps, a: InboundCardAction, formId: string, to: Recipient): Promise<CardActionAnswer> {
  const values = payeeFormValuesOf(a.form ?? {});
  const r = await command(deps.db, async (tx) => {
    const submitted = await submitPayee(tx, deps, { to, chatId: a.address, lang: a.lang, values, formId }, 'form');
    if (submitted.ok) for (const reply of submitted.replies) await deliver(tx, deps.ids, to, reply, deps.clock.now());
    return ok(submitted);
  });
  if (!r.ok) return toast('error', errorReply(a.lang, r.error));
  const s = r.value;
  if (!s.ok) return { toast: { type: 'warning', text: s.refusal.text }, formProblem: s.refusal };
  return { toast: { type: 'success', text: T.payeeFormReceived[a.lang] }, ...(s.formView ? { view: s.formView } : {}) };
}

async function answerDraft(deps: ChatDeps, a: InboundCardAction, draftId: string, answer: 'confirm' | 'cancel', to: Recipient): Promise<CardActionAnswer> {
  const r = await answerPayeeDraft(deps, a.orgId, a.employeeId, draftId, answer);
  if (!r.ok) return toast('error', errorReply(a.lang, r.error));
  const v = r.value;
  const view = await command(deps.db, async (tx) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    if (v.outcome === 'set') {
      const closed = v.changed ? { status: 'confirmed' as const, at, ...(v.payee.holdUntil ? { holdUntil: v.payee.holdUntil } : {}) } : { status: 'unchanged' as const, at };
      return ok(await closePayeeConfirm(tx, deps, a.orgId, draftId, closed, now, to));
    }
    if (v.outcome === 'cancelled') return ok(await closePayeeConfirm(tx, deps, a.orgId, draftId, { status: 'cancelled', at }, now, to));
    // Nothing left to answer: an open card means the half hour is over; a closed one was answered before.
    return ok((await confirmCardOpen(tx, to, draftId)) ? await closePayeeConfirm(tx, deps, a.orgId, draftId, { status: 'expired', at }, now, to) : undefined);
  });
  const shown = view.ok && view.value ? { view: view.value } : {};
  if (v.outcome === 'set') return { toast: { type: 'success', text: v.changed ? T.payeeSet[a.lang] : T.payeeUnchanged[a.lang] }, ...shown };
  if (v.outcome === 'cancelled') return { toast: { type: 'info', text: T.payeeCancelled[a.lang] }, ...shown };
  return { toast: { type: 'info', text: T.payeeGone[a.lang] }, ...shown };
}
