// Card content of the travel and expense lifecycle: the itinerary, a draft expense to confirm, a money notice.
import { base, type CardContent, type LabelledText, type Tone } from './content-types.js';
import { formatCalendarDate, formatDateTime, formatMoneyView, oneLine } from './format.js';
import { CARD_STATES, FIELDS, LEDGER_TITLES, LIFECYCLE, ORDER_STATUSES, PAYMENTS, categoryLabel } from './i18n.js';
import type { ExpenseConfirmCardView, ItineraryCardView, LedgerNoticeCardView, Locale, RenderOptions } from './view-model.js';

/** 'YYYY-MM-DDTHH:MM' (a local time where it happens) as "12月1日 08:30" / "Dec 1, 08:30". */
function formatTime(t: string, locale: Locale): string {
  return `${formatCalendarDate(t.slice(0, 10), locale)} ${t.slice(11, 16)}`;
}

const ICON = { flight: '✈️', train: '🚄', hotel: '🏨' } as const;
const ORDER_TONE: Readonly<Record<string, Tone>> = { failed: 'danger', cancelled: 'muted' };

export function itinerary(v: ItineraryCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const title = `${LIFECYCLE.itinerary[locale]} · ${oneLine(v.title)}`;
  const when = (t: string) => formatTime(t, locale);
  const facts: LabelledText[] = [
    { label: FIELDS.traveller[locale], value: oneLine(v.traveller) },
    { label: FIELDS.route[locale], value: oneLine(v.destination) },
    { label: FIELDS.departDate[locale], value: formatCalendarDate(v.departDate, locale) },
    { label: FIELDS.returnDate[locale], value: formatCalendarDate(v.returnDate, locale) },
    ...v.items.map((i) => {
      const time = i.departAt ? `${when(i.departAt)}${i.arriveAt ? `–${when(i.arriveAt)}` : ''}` : i.checkIn && i.checkOut ? `${formatCalendarDate(i.checkIn, locale)} – ${formatCalendarDate(i.checkOut, locale)}` : '';
      const parts = [time, i.cabinOrSeat?.[locale], formatMoneyView(i.amount, locale), PAYMENTS[i.payment][locale], ORDER_STATUSES[i.status][locale], i.orderId].filter((x): x is string => Boolean(x));
      return { label: `${ICON[i.kind]} ${oneLine(i.description)}`, value: parts.join(' · ') };
    }),
    { label: FIELDS.total[locale], value: formatMoneyView(v.total, locale) },
    ...(v.budget ? [{ label: FIELDS.frozen[locale], value: formatMoneyView(v.budget.frozen, locale) }] : []),
    ...(v.budget?.available ? [{ label: FIELDS.budget[locale], value: formatMoneyView(v.budget.available, locale) }] : []),
    ...(v.number ? [{ label: FIELDS.requestId[locale], value: v.number }] : []),
  ];
  const failed = v.items.some((i) => i.status === 'failed');
  const tone: Tone = failed ? 'warning' : v.items.length > 0 && v.items.every((i) => ORDER_TONE[i.status] === 'muted') ? 'muted' : 'success';
  const statusText = v.note?.[locale] ?? LIFECYCLE.itinerary[locale];
  return { ...base(o), kind: 'itinerary', title, facts, paragraphs: [], status: failed ? 'attention' : 'booked', statusText, tone, outcome: v.note?.[locale], buttons: [], summary: `${title} · ${formatMoneyView(v.total, locale)}` };
}

export function expenseConfirm(v: ExpenseConfirmCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const title = `${LIFECYCLE.confirmExpense[locale]} · ${oneLine(v.merchant)} ${formatMoneyView(v.amount, locale)}`;
  const facts: LabelledText[] = [
    { label: FIELDS.source[locale], value: (v.source === 'card' ? LIFECYCLE.fromCard : LIFECYCLE.fromSupplier)[locale] },
    { label: FIELDS.amount[locale], value: formatMoneyView(v.amount, locale) },
    { label: FIELDS.expenseDate[locale], value: formatCalendarDate(v.date, locale) },
    { label: FIELDS.merchant[locale], value: oneLine(v.merchant) },
    { label: FIELDS.category[locale], value: categoryLabel(v.category, locale) },
    ...(v.trip ? [{ label: FIELDS.trip[locale], value: oneLine(v.trip.title) }] : []),
  ];
  const closed = v.closed;
  const statusText = closed ? LIFECYCLE[closed.status][locale] : CARD_STATES.awaitingConfirmation[locale];
  return {
    ...base(o), kind: 'expense_confirm', title, facts, paragraphs: v.match ? [{ label: FIELDS.description[locale], value: v.match[locale] }] : [],
    status: closed ? closed.status : 'draft', statusText, tone: closed ? (closed.status === 'confirmed' ? 'success' : 'muted') : 'info',
    outcome: closed ? `${statusText} · ${formatDateTime(closed.at, locale, o.timeZone)}` : undefined, buttons: closed ? [] : v.buttons, summary: `${statusText} · ${title}`,
  };
}

export function ledgerNotice(v: LedgerNoticeCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const heading = LEDGER_TITLES[v.event][locale];
  const facts = [...v.lines.map((l) => ({ label: l.label[locale], value: formatMoneyView(l.amount, locale) })), ...(v.number ? [{ label: FIELDS.requestId[locale], value: v.number }] : [])];
  // A payment that failed or came back asks the employee to act: shown as a warning, not a success.
  const tone = v.event === 'payment_rejected' || v.event === 'payment_returned' || v.event === 'payee_changed' ? 'warning' : 'success';
  return { ...base(o), kind: 'ledger_notice', title: v.title ? `${heading} · ${oneLine(v.title)}` : heading, facts, paragraphs: [], status: v.event, statusText: heading, tone, outcome: v.note?.[locale], buttons: [], summary: `${heading} · ${facts.map((f) => `${f.label} ${f.value}`).join('，')}` };
}
