// The finance digest as platform-neutral card content: yesterday's payments by state, bank lines matched and open,
// the open exceptions, and the budget burn chart; a day without any of it is one line.
import { base, type CardContent, type LabelledText } from './content-types.js';
import type { DigestCardView, Tally } from './digest-view.js';
import { formatCalendarDate, formatMoneyView } from './format.js';
import { fill } from './i18n.js';
import type { Locale, RenderOptions } from './view-model.js';

const T = {
  title: { zh: '财务日报 · {day}', en: 'Finance digest · {day}' },
  payments: { zh: '付款', en: 'Payments' },
  matched: { zh: '已对账流水', en: 'Bank lines matched' },
  unmatched: { zh: '未匹配流水', en: 'Bank lines unmatched' },
  exceptions: { zh: '待处理异常', en: 'Open exceptions' },
  exceptionsValue: { zh: '{n} 项', en: '{n}' },
  none: { zh: '无', en: 'none' },
  quiet: { zh: '昨日没有付款和银行流水，也没有待处理的异常。', en: 'No payments and no bank lines yesterday, and no open exceptions.' },
  quietStatus: { zh: '无动态', en: 'Quiet day' },
  needsYou: { zh: '有待处理', en: 'Needs a person' },
  allClear: { zh: '已全部对账', en: 'All matched' },
  count: { zh: '{n} 笔', en: '{n}' },
} as const;

const STATUS: Readonly<Record<string, { zh: string; en: string }>> = {
  planned: { zh: '待提交', en: 'planned' },
  submitted: { zh: '已提交', en: 'submitted' },
  accepted: { zh: '银行已受理', en: 'accepted' },
  settled: { zh: '已到账', en: 'settled' },
  rejected: { zh: '被拒', en: 'rejected' },
  returned: { zh: '已退票', en: 'returned' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};

/** "12 笔 ¥34,000.00 + US$120.00" / "12 · ¥34,000.00 + US$120.00". */
function tallyText(t: Tally, locale: Locale): string {
  if (t.count === 0) return T.none[locale];
  const money = t.amounts.map((m) => formatMoneyView(m, locale)).join(' + ');
  return `${fill(T.count[locale], { n: t.count })}${locale === 'zh' ? ' ' : ' · '}${money}`.trim();
}

/** Nothing happened and nothing waits: the digest says so in one line. */
export function isQuietDigest(v: DigestCardView): boolean {
  return v.payments.every((p) => p.count === 0) && v.matched.count === 0 && v.unmatched.count === 0 && v.exceptions === 0;
}

export function digestContent(v: DigestCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const title = fill(T.title[locale], { day: formatCalendarDate(v.day, locale) });
  if (isQuietDigest(v)) {
    return {
      ...base(o), kind: 'digest', title, facts: [], paragraphs: [], status: 'quiet', statusText: T.quietStatus[locale], tone: 'muted',
      outcome: T.quiet[locale], buttons: [], summary: `${title} · ${T.quiet[locale]}`,
    };
  }
  const sep = locale === 'zh' ? '；' : '; ';
  const byStatus = v.payments.filter((p) => p.count > 0).map((p) => `${(STATUS[p.status] ?? { zh: p.status, en: p.status })[locale]} ${tallyText(p, locale)}`);
  const facts: LabelledText[] = [
    { label: T.payments[locale], value: byStatus.length > 0 ? byStatus.join(sep) : T.none[locale] },
    { label: T.matched[locale], value: tallyText(v.matched, locale) },
    { label: T.unmatched[locale], value: tallyText(v.unmatched, locale) },
    { label: T.exceptions[locale], value: fill(T.exceptionsValue[locale], { n: v.exceptions }) },
  ];
  const needs = v.exceptions > 0 || v.unmatched.count > 0;
  const statusText = needs ? T.needsYou[locale] : T.allClear[locale];
  return {
    ...base(o), kind: 'digest', title, facts, paragraphs: [], status: needs ? 'attention' : 'clear', statusText, tone: needs ? 'warning' : 'success',
    buttons: [], summary: `${title} · ${T.exceptions[locale]} ${v.exceptions}`,
    ...(v.chart && v.chart.bars.length > 0 ? { chart: v.chart } : {}),
    ...(v.chartUrl ? { chartUrl: v.chartUrl } : {}),
    links: v.links.map((l) => ({ label: l.label[locale], url: l.url })),
  };
}
