// What the bot says, in Chinese and English. One table; the chat use cases pick by the user's language.
import type { FieldKey, DraftProblem } from '../../domain/conversation/index.js';
import { formatAmount } from '../../domain/money/index.js';
import type { DomainError, DomainErrorCode } from '../../domain/shared/index.js';

export type Lang = 'zh' | 'en';

/** The language of a message: Chinese when it has any CJK character, else the employee's own locale. */
export function languageOf(text: string, fallback: Lang): Lang {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(text) ? 'zh' : /[a-z]{2,}/i.test(text) ? 'en' : fallback;
}

export const QUESTIONS: Readonly<Record<FieldKey, Record<Lang, string>>> = {
  'trip.destination': { zh: '要去哪个城市？', en: 'Where are you going?' },
  'trip.departDate': { zh: '哪天出发？', en: 'When do you leave?' },
  'trip.returnDate': { zh: '什么时候回来？', en: 'When do you return?' },
  'expense.amount': { zh: '金额是多少？（例如 128元、$45.20）', en: 'How much was it? (e.g. $45.20, ¥128)' },
  'expense.date': { zh: '是哪天的费用？', en: 'What date was the expense?' },
  'visit.visitorName': { zh: '来访人叫什么名字？', en: "What is the visitor's name?" },
  'visit.visitDate': { zh: '哪天来访？', en: 'Which day is the visit?' },
  'visit.startTime': { zh: '几点到？（例如 下午两点、14:30）', en: 'What time do they arrive? (e.g. 2pm, 14:30)' },
};

const ZH_WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const EN_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "12月4日（周五）" / "Fri 4 Dec" for a `YYYY-MM-DD`. */
export function dayWithWeekday(iso: string, lang: Lang): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const dow = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return lang === 'zh' ? `${m}月${d}日（周${ZH_WEEKDAYS[dow]}）` : `${EN_WEEKDAYS[dow]} ${d} ${EN_MONTHS[m - 1]}`;
}

const CONFIRM: Readonly<Partial<Record<FieldKey, Record<Lang, (day: string) => string>>>> = {
  'trip.departDate': { zh: (d) => `您是说 ${d}出发吗？回复「是」，或告诉我日期。`, en: (d) => `Do you mean leaving on ${d}? Reply "yes", or tell me the date.` },
  'trip.returnDate': { zh: (d) => `您是说 ${d}返回吗？回复「是」，或告诉我日期。`, en: (d) => `Do you mean coming back on ${d}? Reply "yes", or tell me the date.` },
  'expense.date': { zh: (d) => `您是说 ${d}的费用吗？回复「是」，或告诉我日期。`, en: (d) => `Do you mean the expense was on ${d}? Reply "yes", or tell me the date.` },
  'visit.visitDate': { zh: (d) => `您是说 ${d}来访吗？回复「是」，或告诉我日期。`, en: (d) => `Do you mean the visit is on ${d}? Reply "yes", or tell me the date.` },
};

/** The question that names a value the parser was unsure of, so one word confirms it. */
export function confirmQuestion(key: FieldKey, value: string, lang: Lang): string {
  const ask = CONFIRM[key];
  return ask && /^\d{4}-\d{2}-\d{2}$/.test(value) ? ask[lang](dayWithWeekday(value, lang)) : QUESTIONS[key][lang];
}

export const PROBLEMS: Readonly<Record<DraftProblem, Record<Lang, string>>> = {
  RETURN_BEFORE_DEPARTURE: { zh: '返回日期早于出发日期，请重新说一下回程日期。', en: 'The return date is before the departure. When do you return?' },
  EXPENSE_IN_FUTURE: { zh: '费用日期在今天之后，请确认日期。', en: 'That expense date is in the future. What date was it?' },
  VISIT_IN_PAST: { zh: '来访日期已经过去了，请确认日期。', en: 'That visit date has passed. Which day is the visit?' },
};

export const T = {
  help: {
    zh: '我可以帮你：\n• 出差申请：「下周二去上海出差，周四回，高铁」\n• 费用报销：「打车去机场 45元 昨天」\n• 来访登记：「明天下午两点华为王强来访」\n• 「报销」把待报销的费用（差旅订单、公司卡消费）一起提交，「说明：……」给超标提醒附上原因\n• 「设置收款账户」填写报销款打到的银行账户\n• 「我的申请」查看进度，「撤回 <申请号>」撤回申请',
    en: 'I can help with:\n• Trips: "train to Shanghai next Tuesday, back Thursday"\n• Expenses: "taxi to airport $45 yesterday"\n• Visitors: "Ken Tanaka of Sony visits tomorrow 3pm"\n• "claim" gathers your open expenses (travel orders, card charges) into one reimbursement; "reason: …" explains a policy warning\n• "set my bank account" sets the account your reimbursements are paid to\n• "my requests" shows progress; "withdraw <request id>" withdraws one',
  },
  notUnderstood: {
    zh: '抱歉，我没听懂。可以这样说：「下周二去上海出差，周四回」或「午饭 36元 今天」。发送「帮助」查看更多。',
    en: 'Sorry, I did not get that. Try "train to Shanghai next Tuesday, back Thursday" or "lunch $12 today". Send "help" for more.',
  },
  unknownUser: {
    zh: '你好！我还不认识你的账号。请让管理员在组织同步中关联你的账号（邮箱或手机号一致即可自动关联），然后再试一次。',
    en: "Hi! I don't know your account yet. Ask your admin to link it in the organisation sync (a matching email or mobile links it automatically), then try again.",
  },
  noRequests: { zh: '你还没有申请。', en: 'You have no requests yet.' },
  draftReady: { zh: '请确认以下申请：', en: 'Please check this request:' },
  justifyHint: { zh: '有超标提醒。如需向审批人说明原因，请回复「说明：……」，再点提交。', en: 'There are policy warnings. To explain them to your approver, reply "reason: …" before you submit.' },
  justified: { zh: '已记下说明，审批人会看到。', en: 'Noted: your approver will see the reason.' },
  nothingToClaim: { zh: '你没有待报销的费用。完成的差旅订单、确认过的公司卡消费和批准的费用会自动出现在这里。', en: 'You have nothing to claim yet. Completed travel orders, confirmed card charges and approved expenses show up here by themselves.' },
  claimReady: { zh: '以下费用可以一起报销，确认后点提交：', en: 'These expenses can be claimed together; check and submit:' },
  nothingToJustify: { zh: '现在没有待提交的申请可以附说明。', en: 'There is no draft waiting to be submitted to add a reason to.' },
  cancelled: { zh: '已取消。', en: 'Cancelled.' },
  editHint: { zh: '请直接告诉我要改的内容，例如「改成周五回」。', en: 'Tell me what to change, e.g. "return on Friday".' },
  draftClosed: { zh: '这个草稿已经处理过了。', en: 'This draft was already handled.' },
  lineConfirmed: { zh: '已确认，这笔费用可以报销了。', en: 'Confirmed: this expense is ready to claim.' },
  lineDismissed: { zh: '已标记为非公务费用。', en: 'Marked as not a business expense.' },
  withdrawn: { zh: '已撤回。', en: 'Withdrawn.' },
  withdrawWhich: { zh: '要撤回哪一个？请发送「撤回 <申请号>」。', en: 'Which one? Send "withdraw <request id>".' },
  noSuchRequest: { zh: '没有找到这个申请。', en: 'No such request.' },
  notYourCard: { zh: '这张卡片不是发给你的，无法操作。', en: 'This card was not sent to you, so you cannot act on it.' },
  invalidButton: { zh: '这个按钮已失效，请刷新卡片。', en: 'This button is no longer valid. Please refresh the card.' },
  reasonNeeded: { zh: '请填写原因。', en: 'Please give a reason.' },
  done: { zh: '已处理。', en: 'Done.' },
  payeeFormIntro: { zh: '请填写收款账户，提交后会请你再核对一次：', en: 'Enter your payout account; you will check it once more before it counts:' },
  payeeCheck: { zh: '请核对以下账户，确认后才会生效：', en: 'Check this account; it counts only once you confirm:' },
  payeeFormReceived: { zh: '已收到，请在确认卡片上核对。', en: 'Received: check it on the confirmation card.' },
  payeeSet: { zh: '收款账户已设置。', en: 'Your payout account is set.' },
  payeeUnchanged: { zh: '这就是你现在的收款账户，未作更改。', en: 'That is your payout account already; nothing changed.' },
  payeeCancelled: { zh: '已取消，收款账户未更改。', en: 'Cancelled: your payout account is unchanged.' },
  payeeGone: { zh: '这次填写已过期或已处理，需要时请重新发送「设置收款账户」。', en: 'This entry expired or was already answered. Send "set my bank account" to start again.' },
  returnAnswered: { zh: '这笔退回的款项已经处理过了。', en: 'This returned payment was already answered.' },
  changeAccountHint: { zh: '请填写新的收款账户。确认后，退回的款项会在冷静期结束后付到新账户。', en: 'Enter your new payout account. Once you confirm, the returned payment goes to it after the safety pause.' },
} as const satisfies Record<string, Record<Lang, string>>;

/** "好的，下一批付款将重新支付至尾号1234。" after "pay again" on a returned payment. */
export function payAgainDone(lang: Lang, last4?: string): string {
  const to = last4 ? (lang === 'zh' ? `至尾号${last4}` : ` to ****${last4}`) : '';
  return lang === 'zh' ? `好的，下一批付款将重新支付${to}。` : `OK: the next payment run pays it again${to}.`;
}

const PAYEE_FIELDS: Readonly<Record<string, Record<Lang, string>>> = {
  holderName: { zh: '户名', en: 'account holder' },
  account: { zh: '账号', en: 'account number' },
  bankName: { zh: '开户行', en: 'bank' },
  bankCode: { zh: '联行号（或 BIC）', en: 'CNAPS code (or BIC)' },
  currency: { zh: '币种', en: 'currency' },
};

/** Why an account typed in chat was refused, by the rule it broke (the codes of domain/payment's checks). */
const PAYEE_REASONS: Readonly<Record<string, Record<Lang, string>>> = {
  'ACCOUNT.CARD_CHECKSUM': { zh: '账号的校验位对不上，可能有一位输错了。', en: 'The account number’s check digit does not match: a digit may be mistyped.' },
  'ACCOUNT.CN_ACCOUNT_FORMAT': { zh: '账号应为 8 到 30 位数字。', en: 'An account number has 8 to 30 digits.' },
  'ACCOUNT.IBAN_FORMAT': { zh: 'IBAN 格式不对：应以国家代码和两位校验数字开头。', en: 'That IBAN is not well formed: it starts with a country code and two check digits.' },
  'ACCOUNT.IBAN_LENGTH': { zh: 'IBAN 的长度与所属国家不符。', en: 'That IBAN has the wrong length for its country.' },
  'ACCOUNT.IBAN_CHECKSUM': { zh: 'IBAN 校验不通过，可能有一位输错了。', en: 'The IBAN check digits do not match: a character may be mistyped.' },
  'ACCOUNT.BIC_FORMAT': { zh: 'BIC 应为 8 或 11 位字母和数字。', en: 'A BIC has 8 or 11 letters and digits.' },
  'ACCOUNT.CNAPS_FORMAT': { zh: '联行号应为 12 位数字。', en: 'A CNAPS code has exactly 12 digits.' },
  'ACCOUNT.CNAPS_MISSING': { zh: '人民币账户需要填写开户行的 12 位联行号。', en: 'A CNY account needs its bank’s 12-digit CNAPS code.' },
  CURRENCY: { zh: '币种应为三位字母代码，例如 CNY、USD。', en: 'The currency is a three-letter code such as CNY or USD.' },
};

/**
 * A polite refusal of an account typed in chat, naming the field and what is wrong with it, then how to go on: on a
 * form what was typed is still there; a typed line is sent again.
 */
export function payeeProblem(lang: Lang, problem: { field?: string; reason?: string }, how: 'form' | 'line'): string {
  const field = PAYEE_FIELDS[problem.field ?? '']?.[lang];
  const why =
    problem.reason === 'MISSING' && field ? (lang === 'zh' ? `还缺少${field}。` : `The ${field} is missing.`)
    : problem.reason === 'TOO_LONG' && field ? (lang === 'zh' ? `${field}太长了。` : `The ${field} is too long.`)
    : (PAYEE_REASONS[problem.reason ?? '']?.[lang] ?? ERROR_REPLIES['PAYEE.INVALID_ACCOUNT'][lang]);
  const next = how === 'form'
    ? { zh: '请改正后再提交，其他已填写的内容都还在。', en: 'Please correct it and submit again; everything else you typed is still there.' }
    : { zh: '请改正后把整行重新发一次。', en: 'Please correct it and send the whole line again.' };
  return `${why}${lang === 'zh' ? '' : ' '}${next[lang]}`;
}

const DONE_VERBS: Readonly<Record<'approve' | 'reject' | 'return' | 'withdraw' | 'submit', Record<Lang, string>>> = {
  approve: { zh: '已同意', en: 'Approved' },
  reject: { zh: '已驳回', en: 'Rejected' },
  return: { zh: '已退回修改', en: 'Returned for changes' },
  withdraw: { zh: '已撤回', en: 'Withdrew' },
  submit: { zh: '已提交', en: 'Submitted' },
};

/** Who a request is and whose: "张伟的出差申请 TR-0042" / "Zhang Wei's trip request TR-0042". `kind` is the localized type. */
export function requestLabel(lang: Lang, o: { submitter?: string; kind: string; number: string }): string {
  if (lang === 'zh') return `${o.submitter ? `${o.submitter}的` : ''}${o.kind} ${o.number}`;
  const kind = o.kind.charAt(0).toLowerCase() + o.kind.slice(1);
  return `${o.submitter ? `${o.submitter}'s ` : 'the '}${kind} ${o.number}`;
}

/**
 * What the clicker hears after acting on a request: "已同意 张伟的出差申请 TR-0042，已转 部门负责人 审批。" /
 * "Approved Zhang Wei's trip request TR-0042; it now goes to Department head."
 */
export function actedOn(lang: Lang, action: keyof typeof DONE_VERBS, label: string, next?: string): string {
  const verb = DONE_VERBS[action][lang];
  if (lang === 'zh') return `${verb} ${label}${action === 'submit' ? '，等待审批' : next ? `，已转 ${next} 审批` : ''}。`;
  return `${verb} ${label}${action === 'submit' ? ' for approval' : next ? `; it now goes to ${next}` : ''}.`;
}

/** "已由 王强 于 11月18日 10:05 同意" / "already approved by Wang Qiang at Nov 18, 10:05". */
export function alreadyDecided(lang: Lang, status: string, by: string, at: Date, timeZone: string): string {
  const when = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
  const verbs: Record<string, Record<Lang, string>> = {
    approved: { zh: '审批通过', en: 'approved' },
    rejected: { zh: '驳回', en: 'rejected' },
    returned: { zh: '退回', en: 'returned' },
    withdrawn: { zh: '撤回', en: 'withdrawn' },
  };
  const verb = verbs[status] ?? { zh: '处理', en: status };
  return lang === 'zh' ? `已由 ${by} 于 ${when} ${verb.zh}` : `Already ${verb.en} by ${by} at ${when}`;
}

/** "预算不足，未批准：需要 ¥2,520.00，可用 ¥260.00" — the approval was refused and nothing changed. */
export function budgetExceeded(lang: Lang, needed: { minor: number; currency: string }, available: { minor: number; currency: string }): string {
  const money = (m: { minor: number; currency: string }) => `${m.currency === 'CNY' ? '¥' : `${m.currency} `}${formatAmount(m)}`;
  return lang === 'zh' ? `预算不足，未能批准：需要 ${money(needed)}，可用 ${money(available)}。请调整预算或驳回。` : `Not approved: the budget is short. It needs ${money(needed)} and has ${money(available)} left. Adjust the budget or reject.`;
}

/**
 * Every error code as the chat says it, so a person never reads the engine's English sentence in a Chinese chat.
 * Keyed by the whole code union: a new code is a compile error here until it has words.
 */
const ERROR_REPLIES: Readonly<Record<DomainErrorCode, Record<Lang, string>>> = {
  'VALIDATION.INVALID': { zh: '内容有误，请检查后再试。', en: 'Something in it is not valid; please check and try again.' },
  NOT_FOUND: { zh: '没有找到这个申请。', en: 'No such request.' },
  'CONFLICT.VERSION': { zh: '刚刚有人同时操作了它，请再试一次。', en: 'Someone changed it at the same moment; please try again.' },
  'CONFLICT.DUPLICATE': { zh: '这条已经提交过了。', en: 'This was already submitted.' },
  'AUTH.UNAUTHENTICATED': { zh: '请先登录。', en: 'Please sign in first.' },
  'AUTH.FORBIDDEN': { zh: '你没有权限做这件事。', en: 'You are not allowed to do that.' },
  'AUTH.ACTOR_MISMATCH': { zh: '只能以你自己的身份操作。', en: 'You can only act as yourself.' },
  'IDEMPOTENCY.MISMATCH': { zh: '这次操作与之前的同一操作内容不同，未执行。', en: 'This repeats an earlier action with different content, so it was not done.' },
  'VALIDATION.INVALID_DATE': { zh: '日期无效，请说一个真实的日期。', en: 'That date does not exist; please give a real one.' },
  'MONEY.TOO_LARGE': { zh: '金额过大，请确认金额。', en: 'That amount is too large; please check it.' },
  'MONEY.INVALID_AMOUNT': { zh: '金额需要大于零。', en: 'The amount must be more than zero.' },
  'MONEY.UNSUPPORTED_CURRENCY': { zh: '暂不支持这种币种。', en: 'That currency is not supported.' },
  'MONEY.CURRENCY_MISMATCH': { zh: '币种不一致，无法合并计算。', en: 'The currencies differ, so they cannot be added up.' },
  'MONEY.OVERFLOW': { zh: '金额超出可处理的范围。', en: 'That amount is out of range.' },
  'ORG.CYCLE': { zh: '组织架构有循环，请联系管理员。', en: 'The organisation chart has a loop; please ask your admin.' },
  'ORG.UNKNOWN_DEPARTMENT': { zh: '找不到你的部门，请联系管理员。', en: 'Your department is not known; please ask your admin.' },
  'ORG.UNKNOWN_EMPLOYEE': { zh: '找不到这位员工，请联系管理员。', en: 'That employee is not known; please ask your admin.' },
  'ORG.IDENTITY_TAKEN': { zh: '这个账号已关联到其他人。', en: 'That account is linked to someone else.' },
  'ORG.TENANT_TAKEN': { zh: '这个企业已关联到其他组织。', en: 'That workspace belongs to another organisation.' },
  'ORG.EXISTS': { zh: '已经存在。', en: 'That already exists.' },
  'APPROVAL.INVALID_FLOW': { zh: '审批流程配置有误，请联系管理员。', en: 'The approval flow is misconfigured; please ask your admin.' },
  'APPROVAL.NO_FLOW': { zh: '这类申请还没有配置审批流程，请联系管理员。', en: 'No approval flow is set up for this kind of request; please ask your admin.' },
  'APPROVAL.NO_APPROVER': { zh: '找不到审批人，请联系管理员设置上级或审批人。', en: 'No approver could be found; please ask your admin to set one.' },
  'APPROVAL.NOT_PENDING': { zh: '这个申请已经处理完了。', en: 'This request is already decided.' },
  'APPROVAL.NOT_ASSIGNEE': { zh: '这一步不由你审批。', en: 'This step is not yours to approve.' },
  'APPROVAL.SELF_APPROVAL': { zh: '不能审批自己的申请。', en: 'You cannot approve your own request.' },
  'APPROVAL.ALREADY_ACTED': { zh: '你已经审批过这一步了。', en: 'You already acted on this step.' },
  'APPROVAL.COMMENT_REQUIRED': { zh: '请填写原因。', en: 'Please give a reason.' },
  'APPROVAL.NOT_SUBMITTER': { zh: '只有申请人可以撤回。', en: 'Only the requester can withdraw it.' },
  'APPROVAL.STALE_STEP': { zh: '这一步已经有人处理了。', en: 'Someone already decided this step.' },
  'BUDGET.EXCEEDED': { zh: '预算不足。', en: 'The budget is short.' },
  'BUDGET.NOT_FOUND': { zh: '找不到对应的预算。', en: 'No budget was found for it.' },
  'BUDGET.INVALID_ENTRY': { zh: '预算操作无效。', en: 'That budget change is not valid.' },
  'BUDGET.CURRENCY_MISMATCH': { zh: '金额币种与预算币种不同。', en: 'The amount is in another currency than the budget.' },
  'POLICY.INVALID_RULE': { zh: '费用政策配置有误，请联系管理员。', en: 'A policy rule is misconfigured; please ask your admin.' },
  'POLICY.BLOCKED': { zh: '不符合费用政策，无法提交。', en: 'This breaks the expense policy and cannot be submitted.' },
  'INVOICE.INVALID': { zh: '发票信息无效。', en: 'The invoice is not valid.' },
  'INVOICE.DUPLICATE': { zh: '这张发票已经报销过了。', en: 'This invoice was already claimed.' },
  'EXPENSE.INVALID': { zh: '费用信息有误。', en: 'The expense is not valid.' },
  'EXPENSE.NOT_EDITABLE': { zh: '这笔费用已经报销或处理，不能再改。', en: 'This expense was already claimed or handled and cannot change.' },
  'TRIP.INVALID': { zh: '行程信息有误。', en: 'The trip is not valid.' },
  'TRIP.NOT_ACTIVE': { zh: '这个行程已结束或已取消。', en: 'This trip is over or cancelled.' },
  'SUPPLIER.UNKNOWN_ORDER': { zh: '找不到这个订单。', en: 'No such order.' },
  'SUPPLIER.REFUSED': { zh: '差旅供应商拒绝了预订。', en: 'The travel supplier refused the booking.' },
  'SUPPLIER.UNAVAILABLE': { zh: '差旅供应商暂时无法连接，请稍后再试。', en: 'The travel supplier cannot be reached right now; please try again later.' },
  'SETTLEMENT.STATEMENT_CHANGED': { zh: '供应商这个月的对账单与已导入的不同，请与供应商核对。', en: 'The supplier\'s statement for this month differs from the one already imported; please check with the supplier.' },
  'SETTLEMENT.PERIOD_SETTLED': { zh: '这个月已与供应商结算，对账单不能再改，差异请在下月对账单中处理。', en: 'This month is already settled with the supplier; differences go on next month\'s statement.' },
  'ADVANCE.INVALID': { zh: '借款信息有误。', en: 'The advance is not valid.' },
  'REIMBURSEMENT.INVALID': { zh: '报销单信息有误。', en: 'The claim is not valid.' },
  'RECEPTION.VISIT_CLOSED': { zh: '这次来访已结束、已撤回，或访客已入场，登记信息不能再修改。', en: 'This visit is over or withdrawn, or the visitor is already in: their details can no longer be changed.' },
  'RECEPTION.VISIT_CLAIMED': { zh: '这次接待已经关联在另一张报销单上，一次接待只能报销一次。', en: 'This visit is already on another claim; a visit is claimed once.' },
  'VOUCHER.MAPPING_MISSING': { zh: '科目表里缺少这项费用的科目，凭证暂缓生成，请财务补充科目映射。', en: 'The chart of accounts has no account for this; the voucher waits until finance adds the mapping.' },
  'VOUCHER.UNBALANCED': { zh: '凭证借贷不平，未生成。', en: 'The voucher does not balance and was not made.' },
  'VOUCHER.CHART_INVALID': { zh: '科目表有误，未保存。', en: 'The chart of accounts is not valid and was not saved.' },
  'RECONCILIATION.NOT_OPEN': { zh: '这笔银行流水已经处理过了。', en: 'This bank line has already been dealt with.' },
  'RECONCILIATION.INVALID': { zh: '这样对不上账，请检查付款和金额。', en: 'That does not reconcile; check the payments and amounts.' },
  'LINK.INVALID': { zh: '这个链接无效（可能被改动过），请在聊天里重新获取。', en: 'This link is not valid (it may have been altered); get a new one in the chat.' },
  'LINK.EXPIRED': { zh: '这个链接已过期（5 分钟内有效），请在聊天里重新获取。', en: 'This link has expired (it works for 5 minutes); get a new one in the chat.' },
  'LINK.USED': { zh: '这个链接已经用过了（只能用一次），请在聊天里重新获取。', en: 'This link has been used already (it works once); get a new one in the chat.' },
  'GATE.INVALID_CODE': { zh: '无法识别这个二维码或预约号，请核对后重试。', en: 'This QR code or booking number is not recognised; check it and try again.' },
  'GATE.NOT_YET': { zh: '还没到来访时间，邀请尚未生效。', en: 'The visit has not started yet: the invitation is not valid until then.' },
  'GATE.EXPIRED': { zh: '来访时间已过，邀请已失效。', en: 'The visit is over: the invitation has expired.' },
  'GATE.WRONG_SITE': { zh: '这个邀请不是本园区/本门岗的，请引导访客前往正确地点。', en: 'This invitation is for another site; direct the visitor there.' },
  'GATE.REVOKED': { zh: '这个邀请已被取消或撤回，不能入场。', en: 'This invitation was cancelled or withdrawn: no entry.' },
  'GATE.NOT_APPROVED': { zh: '这次来访尚未审批通过，不能入场。', en: 'This visit is not approved (yet): no entry.' },
  'GATE.ALREADY_CHECKED_IN': { zh: '这位访客已经登记入场，同一邀请不能重复使用。', en: 'This visitor has already checked in: an invitation admits once.' },
  'GATE.NOT_CHECKED_IN': { zh: '这位访客尚未入场或已经离场。', en: 'This visitor has not checked in, or has already left.' },
  'RECEPTION.WATCHLISTED': { zh: '该访客在访客黑名单上，不能登记或入场，请联系安保负责人。', en: 'This visitor is on the watchlist and cannot be registered or let in; contact security.' },
  'FEED.INVALID': { zh: '交易数据有误。', en: 'The transaction data is not valid.' },
  'RECEIPT.INVALID': { zh: '票据文件无效。', en: 'The receipt file is not valid.' },
  'PAYEE.INVALID_ACCOUNT': { zh: '银行账户信息有误，请核对账号、开户行和联行号。', en: 'The bank account details are not valid; please check the number, bank and bank code.' },
  'PAYMENT.RUN_NOT_DRAFT': { zh: '这批付款已提交，不能再修改。', en: 'This payment run has been submitted and can no longer be changed.' },
  'PAYMENT.ITEM_NOT_PAYABLE': { zh: '这笔款项暂时不能支付（见原因）。', en: 'This item cannot be paid yet (see the reason).' },
  'PAYMENT.NOTHING_TO_PAY': { zh: '没有可以支付的款项。', en: 'There is nothing to pay.' },
  'PAYMENT.FILE_INVALID': { zh: '付款文件未通过校验，未发送给银行。', en: 'The payment file failed its checks and was not sent to the bank.' },
  'PAYMENT.RECEIPT_PENDING': { zh: '银行电子回单尚未取回，请稍后再试。', en: 'The bank\'s e-receipt for this payment is not here yet; try again later.' },
};

/**
 * What the chat says for a refused action, in `lang`: the policy's own findings for a block, the figures for a budget
 * that is short, else the sentence of the error's code.
 */
export function errorReply(lang: Lang, e: DomainError): string {
  if (e.code === 'POLICY.BLOCKED') {
    const violations = (e.details?.violations as { severity?: string; message?: Record<Lang, string> }[] | undefined) ?? [];
    const lines = violations.filter((v) => v.severity === 'block' && v.message?.[lang]).map((v) => `⛔ ${v.message![lang]}`);
    if (lines.length > 0) return lines.join('\n');
  }
  if (e.code === 'BUDGET.EXCEEDED' && typeof e.details?.availableMinor === 'number' && typeof e.details.requestedMinor === 'number' && typeof e.details.currency === 'string') {
    return budgetExceeded(lang, { minor: e.details.requestedMinor, currency: e.details.currency }, { minor: e.details.availableMinor, currency: e.details.currency });
  }
  return ERROR_REPLIES[e.code][lang];
}
