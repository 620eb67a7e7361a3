// Card content of payout accounts in chat: the form an employee fills in, the masked account they confirm, and a
// payment the bank returned (退票) with Pay again / Change account. Wording in both languages lives here.
import { base, type CardContent, type FormContent, type LabelledText } from './content-types.js';
import { formatDateTime, formatMoneyView, oneLine } from './format.js';
import { BUTTONS, CARD_STATES, FIELDS, fill } from './i18n.js';
import type { Locale, PayeeConfirmCardView, PayeeFormCardView, PaymentReturnedCardView, RenderOptions } from './view-model.js';

type Bi = { readonly zh: string; readonly en: string };

const W = {
  // Short enough for a Slack modal's title (24 characters).
  setTitle: { zh: '设置收款账户', en: 'Set payout account' },
  changeTitle: { zh: '更换收款账户', en: 'Change payout account' },
  toFill: { zh: '待填写', en: 'To fill in' },
  submitted: { zh: '已提交', en: 'Submitted' },
  formNote: {
    zh: '报销款将付到这个账户。账号只加密保存，卡片和消息里只显示尾号；提交后请在确认卡片上核对。',
    en: 'Your reimbursements are paid to this account. The number is kept encrypted and shown only by its last four digits; check it on the confirmation card after you submit.',
  },
  formSubmitted: { zh: '已提交，请在下方的确认卡片上核对。', en: 'Submitted: check it on the confirmation card below.' },
  typedHint: {
    zh: '请直接回复一行，各项用空格分开：\n收款账户 户名 账号 开户行 联行号\n例如：收款账户 张三 6212345678901234569 招商银行 308584000013\n境外账户：收款账户 户名 IBAN 开户行 BIC 币种',
    en: 'Reply with one line, the parts separated by spaces:\npayout account <holder> <account number> <bank> <CNAPS code>\ne.g. payout account Zhang San 6212345678901234569 China Merchants Bank 308584000013\nAbroad: payout account <holder> <IBAN> <bank> <BIC> <currency>',
  },
  confirmTitle: { zh: '请确认收款账户', en: 'Please confirm your payout account' },
  holdNote: { zh: '新设或更换的账户，付款将暂缓 {hours} 小时（防止他人冒改账户的安全冷静期）。', en: 'Payments to a new or changed account wait {hours} hours (a safety pause against someone else changing it).' },
  validUntil: { zh: '请在 {when} 前确认。', en: 'Confirm before {when}.' },
  confirmed: { zh: '已设置为收款账户', en: 'Set as your payout account' },
  heldUntil: { zh: '，{when} 前的付款暂缓', en: '; payments wait until {when}' },
  unchanged: { zh: '与现有收款账户相同，未作更改', en: 'The same as your current account: nothing changed' },
  cancelled: { zh: '已取消，未作更改', en: 'Cancelled: nothing changed' },
  expired: { zh: '已过期，未作更改。需要时请重新发送「设置收款账户」。', en: 'Expired: nothing changed. Send "set my bank account" again when you want to.' },
  replaced: { zh: '已被之后填写的账户替代', en: 'Replaced by the account you entered after it' },
  returnedTitle: { zh: '付款被退回', en: 'Payment returned' },
  returnedReason: { zh: '退回原因', en: 'Why it came back' },
  returnedAccount: { zh: '原收款账户', en: 'Paid to' },
  returnedAsk: {
    zh: '请确认账户无误后重新付款，或更换收款账户。在你回复之前，这笔款项不会再次付出。',
    en: 'Confirm the account to have it paid again, or change it. Until you answer, it is not paid again.',
  },
  awaitingAnswer: { zh: '待你确认', en: 'Waiting for you' },
  payAgain: { zh: '已确认原账户，下一批付款将重新支付', en: 'Account confirmed: the next payment run pays it again' },
  changed: { zh: '已更换收款账户，新账户的冷静期结束后重新支付', en: 'Account changed: paid again to the new account once its safety pause is over' },
} as const satisfies Record<string, Bi>;

const LABELS = {
  holderName: { zh: '户名', en: 'Account holder' },
  account: { zh: '账号 / IBAN', en: 'Account number / IBAN' },
  maskedAccount: { zh: '账号', en: 'Account' },
  bankName: { zh: '开户行', en: 'Bank' },
  bankCode: { zh: '联行号（境外账户填 BIC）', en: 'CNAPS code (BIC abroad)' },
  cnaps: { zh: '联行号', en: 'CNAPS code' },
  bic: { zh: 'BIC', en: 'BIC' },
  currency: { zh: '币种', en: 'Currency' },
  currencyInput: { zh: '币种（可不填，默认公司记账币种）', en: 'Currency (optional: the company’s by default)' },
  note: { zh: '说明', en: 'Note' },
} as const satisfies Record<string, Bi>;

const PLACEHOLDERS = {
  holderName: { zh: '与银行开户名一致', en: 'As the bank has it' },
  account: { zh: '银行卡号或账号', en: 'Card or account number, or IBAN' },
  bankName: { zh: '例如：招商银行上海分行', en: 'e.g. China Merchants Bank, Shanghai' },
  bankCode: { zh: '12 位联行号', en: '12-digit CNAPS code, or BIC' },
  currency: { zh: 'CNY', en: 'CNY' },
} as const satisfies Record<string, Bi>;

/** The payee form's inputs, in the order asked; names are the fields the submission returns. */
export function payeeFormFields(locale: Locale): FormContent['fields'] {
  return [
    { name: 'holderName', label: LABELS.holderName[locale], placeholder: PLACEHOLDERS.holderName[locale], required: true, maxLength: 140 },
    { name: 'account', label: LABELS.account[locale], placeholder: PLACEHOLDERS.account[locale], required: true, maxLength: 42 },
    { name: 'bankName', label: LABELS.bankName[locale], placeholder: PLACEHOLDERS.bankName[locale], required: true, maxLength: 140 },
    { name: 'bankCode', label: LABELS.bankCode[locale], placeholder: PLACEHOLDERS.bankCode[locale], required: false, maxLength: 20 },
    { name: 'currency', label: LABELS.currencyInput[locale], placeholder: PLACEHOLDERS.currency[locale], required: false, maxLength: 3 },
  ];
}

/** The title of the payee form (also the Slack modal's). */
export const payeeFormTitle = (purpose: PayeeFormCardView['purpose'], locale: Locale): string => (purpose === 'change' ? W.changeTitle : W.setTitle)[locale];

export function payeeForm(v: PayeeFormCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const title = payeeFormTitle(v.purpose, locale);
  const statusText = v.closed ? W.submitted[locale] : W.toFill[locale];
  const form: FormContent | undefined = v.closed
    ? undefined
    : { name: 'payee_form', title, value: v.value, fields: payeeFormFields(locale), submitLabel: BUTTONS.submit[locale], openLabel: BUTTONS.enter_account[locale], openAction: 'enter_account', typedHint: W.typedHint[locale] };
  return {
    ...base(o), kind: 'payee_form', title, status: v.closed ? 'submitted' : 'draft', statusText, tone: v.closed ? 'muted' : 'info',
    facts: [], paragraphs: v.closed ? [] : [{ label: LABELS.note[locale], value: W.formNote[locale] }],
    outcome: v.closed ? W.formSubmitted[locale] : undefined, buttons: [], ...(form ? { form } : {}), summary: `${statusText} · ${title}`,
  };
}

const CONFIRM_CLOSED: Readonly<Record<NonNullable<PayeeConfirmCardView['closed']>['status'], Bi>> = {
  confirmed: W.confirmed, unchanged: W.unchanged, cancelled: W.cancelled, expired: W.expired, replaced: W.replaced,
};

export function payeeConfirm(v: PayeeConfirmCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const title = W.confirmTitle[locale];
  const facts: LabelledText[] = [
    { label: LABELS.holderName[locale], value: oneLine(v.holderName) },
    { label: LABELS.bankName[locale], value: oneLine(v.bankName) },
    { label: LABELS.maskedAccount[locale], value: v.masked[locale] },
    ...(v.cnaps ? [{ label: LABELS.cnaps[locale], value: v.cnaps }] : []),
    ...(v.bic ? [{ label: LABELS.bic[locale], value: v.bic }] : []),
    { label: LABELS.currency[locale], value: v.currency },
  ];
  const c = v.closed;
  const note = [v.holdHours > 0 ? fill(W.holdNote[locale], { hours: v.holdHours }) : '', fill(W.validUntil[locale], { when: formatDateTime(v.expiresAt, locale, o.timeZone) })].filter(Boolean).join(locale === 'zh' ? '' : ' ');
  const closedText = c ? CONFIRM_CLOSED[c.status][locale] + (c.status === 'confirmed' && c.holdUntil ? fill(W.heldUntil[locale], { when: formatDateTime(c.holdUntil, locale, o.timeZone) }) : '') : undefined;
  const statusText = c ? CONFIRM_CLOSED[c.status][locale].split(/[，,:：]/)[0]! : CARD_STATES.awaitingConfirmation[locale];
  return {
    ...base(o), kind: 'payee_confirm', title, facts, paragraphs: c ? [] : [{ label: LABELS.note[locale], value: note }],
    status: c ? c.status : 'draft', statusText, tone: c ? (c.status === 'confirmed' ? 'success' : 'muted') : 'info',
    outcome: closedText, buttons: c ? [] : v.buttons, summary: `${statusText} · ${title} · ${v.masked[locale]}`,
  };
}

export function paymentReturned(v: PaymentReturnedCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const heading = W.returnedTitle[locale];
  const title = v.title ? `${heading} · ${oneLine(v.title)}` : heading;
  const facts: LabelledText[] = [
    { label: FIELDS.amount[locale], value: formatMoneyView(v.amount, locale) },
    { label: W.returnedReason[locale], value: oneLine(v.reason[locale]) },
    { label: W.returnedAccount[locale], value: `${oneLine(v.account.bankName)} ${v.account.masked[locale]}` },
    ...(v.number ? [{ label: FIELDS.requestId[locale], value: v.number }] : []),
  ];
  const c = v.closed;
  const outcome = c ? `${(c.status === 'pay_again' ? W.payAgain : W.changed)[locale]} · ${formatDateTime(c.at, locale, o.timeZone)}` : undefined;
  return {
    ...base(o), kind: 'payment_returned', title, facts, paragraphs: c ? [] : [{ label: LABELS.note[locale], value: W.returnedAsk[locale] }],
    status: c ? c.status : 'pending', statusText: c ? heading : W.awaitingAnswer[locale], tone: c ? 'success' : 'warning',
    outcome, buttons: c ? [] : v.buttons, summary: `${heading} · ${formatMoneyView(v.amount, locale)} · ${v.reason[locale]}`,
  };
}
