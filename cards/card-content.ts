// Platform-neutral card content: every renderer first turns a CardView into this localized plain text, then
// lays it out and escapes it for its platform. Nothing here is escaped; nothing here knows a platform.
import { receiptRead } from './receipt-content.js';
import { formatCalendarDate, formatDateTime, formatDay, formatMoneyView, oneLine } from './format.js';
import {
  CARD_STATES, FIELDS, HISTORY_ACTIONS, MISC, NOTICE_MESSAGES, NOTICE_TITLES, REQUEST_TYPES, STATUSES, TRANSPORT,
  allProgress, categoryLabel, closedLine, decidedLine, fill, joinNames, submittedLine,
} from './i18n.js';
import { base, type CardContent, type HistoryLine, type LabelledText, type ListLine, type NoteLine } from './content-types.js';
import { expenseConfirm, itinerary, ledgerNotice } from './lifecycle-content.js';
import { payeeConfirm, payeeForm, paymentReturned } from './payee-content.js';
import { visitForm } from './visit-form-content.js';
import { digestContent } from './digest-content.js';
import { visitPlanLines, visitSchedule } from './visit-content.js';
import type {
  ApprovalCardView, BudgetView, CardView, DraftCardView, HistoryEntryView, Locale, NoticeCardView,
  PolicyNoteView, RenderOptions, RequestFacts, RequestListView, StepView,
} from './view-model.js';


export type { CardContent, HistoryLine, LabelledText, ListLine, NoteLine, Tone } from './content-types.js';

const SEVERITY_LABEL = { block: MISC.severityBlock, warn: MISC.severityWarn, info: MISC.severityInfo } as const;

/**
 * What the request is about, in the reader's language: a written title as given, else named by its facts (the
 * destination of a trip, the category and merchant of an expense, the company and visitor of a visit).
 */
export function subjectOf(f: RequestFacts, locale: Locale): string {
  const written = oneLine(f.title);
  if (written) return written;
  const parts =
    f.type === 'trip' ? [f.trip?.destination]
    : f.type === 'expense' ? [f.expense ? categoryLabel(f.expense.category, locale) : undefined, f.expense?.merchant]
    : f.type === 'visit' ? [f.visit?.company, f.visit?.visitorName]
    : [];
  return parts.filter((x): x is string => Boolean(x?.trim())).map(oneLine).join(' · ');
}

function titleOf(facts: RequestFacts, locale: Locale): string {
  const subject = subjectOf(facts, locale);
  return subject ? `${REQUEST_TYPES[facts.type][locale]} · ${subject}` : REQUEST_TYPES[facts.type][locale];
}

function factsOf(f: RequestFacts, locale: Locale, timeZone: string): { facts: LabelledText[]; paragraphs: LabelledText[] } {
  const facts: LabelledText[] = [];
  const paragraphs: LabelledText[] = [];
  const add = (key: keyof typeof FIELDS, value: string | number | undefined, into = facts): void => {
    if (value === undefined || value === '') return;
    into.push({ label: FIELDS[key][locale], value: typeof value === 'number' ? String(value) : into === facts ? oneLine(value) : value.trim() });
  };
  add('requester', f.requester);
  add('department', f.department);
  if (f.amount) add('amount', formatMoneyView(f.amount, locale));
  if (f.trip) {
    const { origin, destination } = f.trip;
    // Without an origin the route is just the destination: a "?" would read as a question to the approver.
    if (origin && destination) add('route', `${oneLine(origin)} → ${oneLine(destination)}`);
    else if (origin || destination) add('route', oneLine((origin ?? destination)!));
    if (f.trip.departDate) add('departDate', formatCalendarDate(f.trip.departDate, locale));
    if (f.trip.returnDate) add('returnDate', formatCalendarDate(f.trip.returnDate, locale));
    if (f.trip.transport) add('transport', TRANSPORT[f.trip.transport][locale]);
    add('travellers', f.trip.travellers);
    add('purpose', f.trip.purpose, paragraphs);
  }
  if (f.expense) {
    add('category', categoryLabel(f.expense.category, locale));
    if (f.expense.date) add('expenseDate', formatCalendarDate(f.expense.date, locale));
    add('merchant', f.expense.merchant);
    add('description', f.expense.description, paragraphs);
  }
  if (f.visit && (f.visit.visitors?.length || f.visit.start)) {
    // A registered visit: its own fields (visitors masked, window, site, resources, chosen types' estimates).
    facts.push(...visitPlanLines(f.visit, locale, timeZone));
    add('purpose', f.visit.purpose, paragraphs);
  } else if (f.visit) {
    add('visitor', f.visit.visitorName);
    add('company', f.visit.company);
    if (f.visit.visitDate) add('visitDate', formatCalendarDate(f.visit.visitDate, locale));
    add('visitTime', f.visit.startTime);
    add('headcount', f.visit.headcount);
    add('purpose', f.visit.purpose, paragraphs);
  }
  if (f.reimbursement) {
    const r = f.reimbursement;
    add('lines', r.lines);
    if (r.applications.length) add('applications', r.applications.map(oneLine).join(locale === 'zh' ? '、' : ', '));
    if (r.advanceOffset) add('advanceOffset', formatMoneyView(r.advanceOffset, locale));
    if (r.payable) add('payable', formatMoneyView(r.payable, locale));
    if (r.allocations && r.allocations.length > 1) add('allocation', r.allocations.map((a) => `${oneLine(a.label)} ${formatMoneyView(a.amount, locale)}`).join(locale === 'zh' ? '；' : '; '));
  }
  if (f.paymentRun) {
    const r = f.paymentRun;
    add('payments', r.count);
    if (r.byCurrency.length > 0) add('byCurrency', r.byCurrency.map((c) => `${formatMoneyView(c.amount, locale)} (${c.count})`).join(locale === 'zh' ? '；' : '; '));
    if (r.largest.length > 0) add('largestPayees', r.largest.map((p) => `${oneLine(p.name)} ${formatMoneyView(p.amount, locale)}`).join(locale === 'zh' ? '；' : '; '));
    add('held', r.held);
  }
  if (f.advance) {
    add('purpose', f.advance.purpose, paragraphs);
    if (f.advance.outstanding) add('outstanding', formatMoneyView(f.advance.outstanding, locale));
  }
  add('requestId', f.number);
  return { facts, paragraphs };
}

function notesOf(violations: readonly PolicyNoteView[], locale: Locale): NoteLine[] {
  const rank = { block: 0, warn: 1, info: 2 } as const;
  const seen = new Set<string>();
  // One warning once: the same sentence from two sources (a claim's lines and the claim) is shown at its strictest.
  return [...violations]
    .sort((a, b) => rank[a.severity] - rank[b.severity])
    .map((v) => ({ severity: v.severity, label: SEVERITY_LABEL[v.severity][locale], text: oneLine(v.message[locale]) }))
    .filter((n) => !seen.has(n.text) && Boolean(seen.add(n.text)));
}

function budgetOf(b: BudgetView | undefined, locale: Locale): CardContent['budget'] {
  if (b === undefined) return undefined;
  const label = FIELDS.budget[locale];
  if ('none' in b) return { label, text: MISC.noBudget[locale], over: false };
  const before = formatMoneyView(b.availableBefore, locale);
  if (b.notComparable) return { label, text: fill(MISC.budgetNotComparable[locale], { before, currency: b.notComparable.currency }), over: false };
  let text = `${before} → ${formatMoneyView(b.availableAfter, locale)}`;
  if (b.converted) text += fill(MISC.budgetConverted[locale], { from: formatMoneyView(b.converted.from, locale), rate: b.converted.rate, amount: formatMoneyView(b.converted.amount, locale) });
  const over = locale === 'zh' ? `（${MISC.overBudget.zh}）` : ` (${MISC.overBudget.en})`;
  return { label, text: b.overBudget ? text + over : text, over: b.overBudget };
}

function stepOf(s: StepView | undefined, locale: Locale): LabelledText | undefined {
  if (s === undefined) return undefined;
  const name = oneLine(s.name);
  const head = s.mode === 'all'
    ? allProgress(name, s.approved.length, s.approved.length + s.pending.length, locale)
    : `${name} · ${MISC.anyMode[locale]}`;
  const waiting = s.pending.length > 0 ? ` · ${fill(MISC.waitingFor[locale], { names: joinNames(s.pending.map(oneLine), locale) })}` : '';
  return { label: FIELDS.step[locale], value: head + waiting };
}

function historyOf(entries: readonly HistoryEntryView[], o: RenderOptions): HistoryLine[] {
  const { locale } = o;
  return entries.map((h) => {
    const step = h.step ? (locale === 'zh' ? `（${oneLine(h.step)}）` : ` (${oneLine(h.step)})`) : '';
    const comment = h.comment ? `${locale === 'zh' ? '：' : ': '}${oneLine(h.comment)}` : '';
    const actor = h.system ? MISC.system[locale] : oneLine(h.actor);
    return { at: h.at, when: formatDateTime(h.at, locale, o.timeZone), text: `${actor} ${HISTORY_ACTIONS[h.action][locale]}${step}${comment}` };
  });
}


function commentOf(comment: string | undefined, locale: Locale): LabelledText | undefined {
  return comment ? { label: FIELDS.comment[locale], value: comment.trim() } : undefined;
}

function draft(v: DraftCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const title = titleOf(v.facts, locale);
  const closed = v.closed;
  const state = closed ? CARD_STATES[closed.status][locale] : CARD_STATES.awaitingConfirmation[locale];
  // A submitted draft became a request: it shows the number people will use for it.
  const { facts, paragraphs } = factsOf(closed?.number ? { ...v.facts, number: closed.number } : v.facts, locale, o.timeZone);
  if (v.justification) paragraphs.push({ label: FIELDS.justification[locale], value: v.justification.trim() });
  return {
    ...base(o), kind: 'draft', title, facts, paragraphs,
    status: closed ? closed.status : 'draft', statusText: state,
    tone: closed ? DRAFT_TONE[closed.status] : 'info',
    notes: notesOf(v.violations, locale), budget: budgetOf(v.budget, locale),
    outcome: closed ? closedLine(closed.status, formatDateTime(closed.at, locale, o.timeZone), locale, closed.number) : undefined,
    buttons: closed ? [] : v.buttons, summary: `${state} · ${title}`,
  };
}

const DRAFT_TONE = { submitted: 'success', cancelled: 'muted', editing: 'pending', replaced: 'muted' } as const;

const DECISION_TONE = { approved: 'success', rejected: 'danger', returned: 'warning', withdrawn: 'muted' } as const;

function approval(v: ApprovalCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const title = titleOf(v.facts, locale);
  const d = v.decided;
  const { facts, paragraphs } = factsOf(v.facts, locale, o.timeZone);
  if (v.justification) paragraphs.push({ label: FIELDS.justification[locale], value: v.justification.trim() });
  const statusText = d ? STATUSES[d.status][locale] : CARD_STATES.awaitingApproval[locale];
  const outcome = d ? decidedLine(d.status, oneLine(d.by), formatDateTime(d.at, locale, o.timeZone), locale) : undefined;
  return {
    ...base(o), kind: 'approval', title, facts, paragraphs,
    status: d ? d.status : 'pending', statusText, tone: d ? DECISION_TONE[d.status] : 'pending',
    notes: notesOf(v.violations, locale), budget: budgetOf(v.budget, locale),
    step: d ? undefined : stepOf(v.step, locale), history: historyOf(v.history, o),
    outcome, comment: commentOf(d?.comment, locale), buttons: d ? [] : v.buttons,
    summary: `${outcome ?? statusText} · ${title}`,
  };
}

const NOTICE_TONE = {
  submitted: 'info', approved: 'success', rejected: 'danger', returned: 'warning', withdrawn: 'muted', reminder: 'pending', escalated: 'danger',
} as const;

function notice(v: NoticeCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const heading = NOTICE_TITLES[v.event][locale];
  const when = v.at ? formatDateTime(v.at, locale, o.timeZone) : undefined;
  const by = v.by ? oneLine(v.by) : undefined;
  let outcome: string | undefined;
  if (v.event === 'reminder' || v.event === 'escalated') outcome = NOTICE_MESSAGES[v.event][locale];
  else if (by !== undefined && when !== undefined) outcome = v.event === 'submitted' ? submittedLine(by, when, locale) : decidedLine(v.event, by, when, locale);
  const { facts, paragraphs } = factsOf(v.facts, locale, o.timeZone);
  const title = titleOf(v.facts, locale);
  const subject = subjectOf(v.facts, locale);
  return {
    ...base(o), kind: 'notice', title: subject ? `${heading} · ${subject}` : heading, facts: [{ label: REQUEST_TYPES[v.facts.type][locale], value: subject || REQUEST_TYPES[v.facts.type][locale] }, ...facts],
    paragraphs, status: v.event, statusText: heading, tone: NOTICE_TONE[v.event], outcome,
    comment: commentOf(v.comment, locale), buttons: v.buttons ?? [], summary: `${heading} · ${title}`,
  };
}

function list(v: RequestListView, o: RenderOptions): CardContent {
  const { locale } = o;
  const items: ListLine[] = v.items.map((i) => ({
    requestId: i.requestId,
    title: oneLine(i.title),
    status: i.status,
    meta: [i.number, REQUEST_TYPES[i.type][locale], STATUSES[i.status][locale], i.amount ? formatMoneyView(i.amount, locale) : undefined, formatDay(i.at, locale, o.timeZone)]
      .filter((x): x is string => x !== undefined)
      .join(' · '),
  }));
  const title = MISC.myRequests[locale];
  return {
    ...base(o), kind: 'list', title, status: 'list', statusText: '', tone: 'info', facts: [], paragraphs: [], buttons: [], list: items,
    outcome: items.length === 0 ? MISC.noRequests[locale] : undefined, summary: `${title} (${items.length})`,
  };
}

/** Localized, unescaped content of `view`; the one place where card wording is decided. */
export function cardContent(view: CardView, options: RenderOptions): CardContent {
  switch (view.kind) {
    case 'draft':
      return draft(view, options);
    case 'approval':
      return approval(view, options);
    case 'notice':
      return notice(view, options);
    case 'list':
      return list(view, options);
    case 'itinerary':
      return itinerary(view, options);
    case 'expense_confirm':
      return expenseConfirm(view, options);
    case 'ledger_notice':
      return ledgerNotice(view, options);
    case 'receipt_read':
      return receiptRead(view, options);
    case 'payee_form':
      return payeeForm(view, options);
    case 'payee_confirm':
      return payeeConfirm(view, options);
    case 'payment_returned':
      return paymentReturned(view, options);
    case 'digest':
      return digestContent(view, options);
    case 'visit_schedule':
      return visitSchedule(view, options);
    case 'visit_form':
      return visitForm(view, options);
  }
}
