// The payout account in chat: "设置收款账户" / "set my bank account" answers with the form (inputs on Feishu and the
// console, a modal on Slack, the line to type on DingTalk); what is typed is checked and sealed for 30 minutes and
// shown back masked on a card signed for that employee only (Confirm / Cancel); a payment the bank returned asks
// "pay again to 尾号1234" or "change account". The number itself is never written to a card, a message or the
// console transcript.
import type { Executor } from '../../db/database.js';
import { cardsByKey, getCard } from '../../db/repos/chat.js';
import type { CardView, PayeeConfirmCardView, PayeeFormCardView } from '../../cards/view-model.js';
import { maskAccountNumbers, parsePayeeLine, type PayeeFormValues } from '../../domain/payment/index.js';
import { type Clock, type DomainError, type IdGenerator } from '../../domain/shared/index.js';
import type { SecretBox } from '../secrets.js';
import { draftPayeeInTx, type PayeeDraftView } from '../usecases/payments/payee-drafts.js';
import type { PayeeDeps } from '../usecases/payments/payees.js';
import { signAction } from './action-token.js';
import { deliver, type Channel, type Outgoing, type Recipient } from './deliver.js';
import { errorReply, payeeProblem, T, type Lang } from './texts.js';

/** "设置收款账户", "修改收款账户", "银行卡", "set my bank account", "change payout account" … */
const SET_PAYEE = /^(?:(?:设置|设定|修改|更改|更换|更新|变更|绑定|填写|登记)\s*)?(?:我的)?\s*(?:收款账户|收款账号|收款帐户|收款帐号|收款卡|银行卡|银行账户|银行帐户|银行账号)$|^(?:(?:set|change|update|add|edit)\s+)?(?:(?:my|a)\s+)?(?:bank|payout|payment)\s+(?:account|details|card)$/i;
/** "收款账户 张三 6222… 招商银行 308584000013", "payout account: …": the account typed on one line. */
const PAYEE_LINE = /^(?:收款账户|收款账号|收款帐户|收款帐号|银行账户|银行帐户|银行卡|payout account|bank account)\s*[:：]?\s*(\S[\s\S]*)$/i;
/** A line carries an account when it has a long run of digits or an IBAN; otherwise it is a question, shown the form. */
const HAS_ACCOUNT = /[0-9](?:[\s-]?[0-9]){5,}|\b[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{4,}/;

/** What a payee message asks for: the form, or an account typed on one line. */
export type PayeeCommand = { kind: 'form' } | { kind: 'line'; line: string };

/** Reads a message as a payee command, or undefined for anything else. */
export function payeeCommandOf(text: string): PayeeCommand | undefined {
  const t = text.trim();
  if (SET_PAYEE.test(t)) return { kind: 'form' };
  const line = PAYEE_LINE.exec(t)?.[1];
  if (line === undefined) return undefined;
  return HAS_ACCOUNT.test(line) ? { kind: 'line', line } : { kind: 'form' };
}

/** What may be kept of a message (the console's echo, a message carried to the link job): numbers masked. */
export const keptText = (text: string): string => (payeeCommandOf(text)?.kind === 'line' ? maskAccountNumbers(text) : text);

/**
 * A message to carry until its sender is linked (the chat.link outbox row): a typed account is not kept there; once
 * linked, the sender is shown the form instead.
 */
export const carriedText = (text: string, lang: Lang): string => (payeeCommandOf(text)?.kind === 'line' ? (lang === 'zh' ? '设置收款账户' : 'set my bank account') : text);

/** Form tokens last a day: the form holds nothing, what is typed into it expires with its pending entry. */
const FORM_TTL_S = 24 * 3600;

export interface PayeeChatDeps {
  clock: Clock;
  ids: IdGenerator;
  box: SecretBox;
  config?: PayeeDeps['config'];
}

/** The payee form for `to`, as a card whose submission is signed for them only. */
export function payeeFormCard(deps: Pick<PayeeChatDeps, 'ids' | 'box'>, to: Pick<Recipient, 'orgId' | 'employeeId'>, purpose: PayeeFormCardView['purpose'], now: Date): { cardKey: string; view: PayeeFormCardView } {
  const id = deps.ids.next('pyf');
  const value = signAction(deps.box, { kind: 'payee_form', org: to.orgId, id, action: 'submit', to: to.employeeId, exp: Math.floor(now.getTime() / 1000) + FORM_TTL_S });
  return { cardKey: `payee_form:${id}`, view: { kind: 'payee_form', value, purpose } };
}

/** A fresh form token for `employeeId` (Slack's modal, opened from "change account" on a returned payment). */
export const payeeFormValue = (deps: Pick<PayeeChatDeps, 'ids' | 'box'>, orgId: string, employeeId: string, now: Date): string => payeeFormCard(deps, { orgId, employeeId }, 'change', now).view.value;

/** The confirmation card of a pending account: masked, Confirm / Cancel signed for the employee until it expires. */
function confirmCard(box: SecretBox, orgId: string, employeeId: string, d: PayeeDraftView): { cardKey: string; view: PayeeConfirmCardView } {
  // The buttons outlive the entry by a day, so a late click is told the entry expired (and the card says so) rather
  // than that the button is broken; the entry itself is gone after its half hour whatever the token says.
  const exp = Math.floor(new Date(d.expiresAt).getTime() / 1000) + 24 * 3600;
  const sign = (action: 'confirm' | 'cancel') => signAction(box, { kind: 'payee', org: orgId, id: d.id, action, to: employeeId, exp });
  return {
    cardKey: `payee:${d.id}`,
    view: {
      kind: 'payee_confirm',
      holderName: d.holderName,
      bankName: d.bankName,
      masked: d.masked,
      ...(d.cnaps ? { cnaps: d.cnaps } : {}),
      ...(d.bic ? { bic: d.bic } : {}),
      currency: d.currency,
      holdHours: d.holdHours,
      expiresAt: d.expiresAt,
      buttons: [
        { action: 'confirm', value: sign('confirm'), label: { zh: '确认设置', en: 'Confirm' } },
        { action: 'cancel', value: sign('cancel') },
      ],
    },
  };
}

/** Where a submission came from and who sent it. */
export interface PayeeSubmission {
  to: Recipient;
  chatId: string;
  lang: Lang;
  values: PayeeFormValues;
  /** The form card it was typed into (closed once the account is taken), absent for a typed line. */
  formId?: string;
}

/** A submission refused: the field at fault and the sentence for the employee. */
export interface PayeeRefusal {
  field?: string;
  text: string;
}

/**
 * Checks and seals what was typed, in the caller's transaction, and sends the confirmation card (the form card, if
 * any, closes; an older pending account's card says it was replaced). Returns the messages to send, or the refusal.
 */
export async function submitPayee(tx: Executor, deps: PayeeChatDeps, s: PayeeSubmission, how: 'form' | 'line'): Promise<{ ok: true; replies: Outgoing[]; formView?: CardView } | { ok: false; refusal: PayeeRefusal }> {
  const now = deps.clock.now();
  const drafted = await draftPayeeInTx(tx, deps, { orgId: s.to.orgId, employeeId: s.to.employeeId, channel: s.to.channel, chatId: s.chatId, locale: s.lang, values: s.values });
  if (!drafted.ok) return { ok: false, refusal: refusalOf(drafted.error, s.lang, how) };
  for (const id of drafted.value.dropped) await closePayeeConfirm(tx, deps, s.to.orgId, id, { status: 'replaced', at: now.toISOString() }, now);
  const formView = s.formId ? await closeCard<PayeeFormCardView>(tx, deps, s.to, `payee_form:${s.formId}`, (v) => ({ ...v, closed: { status: 'submitted', at: now.toISOString() } }), now) : undefined;
  return { ok: true, replies: [{ text: T.payeeCheck[s.lang] }, confirmCard(deps.box, s.to.orgId, s.to.employeeId, drafted.value.draft)], ...(formView ? { formView } : {}) };
}

function refusalOf(e: DomainError, lang: Lang, how: 'form' | 'line'): PayeeRefusal {
  if (e.code !== 'PAYEE.INVALID_ACCOUNT') return { text: errorReply(lang, e) };
  const d = e.details as { field?: string; reason?: string } | undefined;
  return { ...(d?.field ? { field: d.field } : {}), text: payeeProblem(lang, d ?? {}, how) };
}

/**
 * A payee command in a message: the form, or the typed line checked and shown back masked for confirmation (or the
 * polite refusal naming the field).
 */
export async function payeeCommand(tx: Executor, deps: PayeeChatDeps, cmd: PayeeCommand, s: Omit<PayeeSubmission, 'values' | 'formId'>): Promise<Outgoing[]> {
  if (cmd.kind === 'form') return [{ text: T.payeeFormIntro[s.lang] }, payeeFormCard(deps, s.to, 'set', deps.clock.now())];
  const submitted = await submitPayee(tx, deps, { ...s, values: parsePayeeLine(cmd.line) }, 'line');
  return submitted.ok ? submitted.replies : [{ text: submitted.refusal.text }];
}

/**
 * Redraws every copy of a card with `change` applied (all chats the employee has it in), returning the copy on
 * `to`'s channel for the click's answer.
 */
export async function closeCard<V extends CardView>(tx: Executor, deps: { ids: IdGenerator }, to: Pick<Recipient, 'orgId' | 'channel' | 'employeeId'>, cardKey: string, change: (v: V) => V, now: Date): Promise<CardView | undefined> {
  let mine: CardView | undefined;
  for (const card of await cardsByKey(tx, to.orgId, cardKey)) {
    const view = change(card.view as V);
    await deliver(tx, deps.ids, { orgId: to.orgId, channel: card.channel as Channel, employeeId: card.recipientId, address: card.address, locale: card.locale === 'en' ? 'en' : 'zh' }, { cardKey, view }, now);
    if (card.channel === to.channel && card.recipientId === to.employeeId) mine = view;
  }
  return mine;
}

/** Closes every copy of a pending account's confirmation card (confirmed, cancelled, expired, replaced). */
export function closePayeeConfirm(tx: Executor, deps: { ids: IdGenerator }, orgId: string, draftId: string, closed: NonNullable<PayeeConfirmCardView['closed']>, now: Date, to?: Pick<Recipient, 'channel' | 'employeeId'>): Promise<CardView | undefined> {
  return closeCard<PayeeConfirmCardView>(tx, deps, { orgId, channel: to?.channel ?? 'web', employeeId: to?.employeeId ?? '' }, `payee:${draftId}`, (v) => ({ ...v, buttons: [], closed }), now);
}

/** Whether the clicker's copy of a confirmation card is still open (a click on it after the entry expired). */
export async function confirmCardOpen(tx: Executor, to: Pick<Recipient, 'orgId' | 'channel' | 'employeeId'>, draftId: string): Promise<boolean> {
  const card = await getCard(tx, to.orgId, `payee:${draftId}`, to.channel, to.employeeId);
  return Boolean(card && !(card.view as PayeeConfirmCardView).closed);
}
