// Card content of business reception: a registered visit's fields (on its draft, approval and notice cards) and the
// schedule card its staff get on approval and again before it starts. Only the chosen reception types are shown.
import { base, type CardContent, type LabelledText } from './content-types.js';
import { formatDateTime, formatMoneyView, oneLine } from './format.js';
import type { Locale, RenderOptions, VisitPlanFacts, VisitScheduleCardView } from './view-model.js';

type Bi = { readonly zh: string; readonly en: string };

const LABELS = {
  visitors: { zh: '访客', en: 'Visitors' },
  level: { zh: '接待级别', en: 'Level' },
  window: { zh: '来访时间', en: 'When' },
  site: { zh: '接待地点', en: 'Site' },
  address: { zh: '地址', en: 'Address' },
  host: { zh: '接待人', en: 'Host' },
  companions: { zh: '陪同人员', en: 'Accompanied by' },
  resources: { zh: '所需资源', en: 'Resources' },
  estimate: { zh: '预计', en: 'Estimate' },
  basis: { zh: '估算依据', en: 'Estimate basis' },
  company: { zh: '来访单位', en: 'Company' },
  advance: { zh: '申请借款', en: 'Advance requested' },
  hospitalityAvailable: { zh: '部门接待预算可用', en: 'Hospitality budget available' },
  hostAdvances: { zh: '接待人未结借款', en: 'Host’s outstanding advances' },
  purpose: { zh: '事由', en: 'Purpose' },
  requestId: { zh: '申请编号', en: 'Request no.' },
  role: { zh: '你的角色', en: 'Your role' },
  firstWindow: { zh: '首次来访', en: 'First visit' },
  repeats: { zh: '周期', en: 'Repeats' },
  dates: { zh: '来访日期', en: 'Dates' },
  perVisit: { zh: '预计（每次）', en: 'Estimate per visit' },
  assumed: { zh: '未说明次数或截止日期，按默认次数登记，可编辑修改', en: 'no count or end given: the default was taken, edit to change it' },
} as const satisfies Record<string, Bi>;

const LEVELS: Readonly<Record<NonNullable<VisitPlanFacts['level']>, Bi>> = { vip: { zh: '贵宾', en: 'VIP' }, standard: { zh: '普通', en: 'Standard' } };

export const RESOURCES: Readonly<Record<NonNullable<VisitPlanFacts['resources']>[number], Bi>> = {
  meeting_room: { zh: '会议室', en: 'Meeting room' },
  equipment: { zh: '设备', en: 'Equipment' },
  car: { zh: '用车', en: 'Car' },
  meal: { zh: '用餐', en: 'Meals' },
  lodging: { zh: '住宿', en: 'Lodging' },
};

export const RECEPTION_TYPE_LABELS: Readonly<Record<NonNullable<VisitPlanFacts['estimate']>[number]['type'], Bi>> = {
  visit: { zh: '接待', en: 'Reception' },
  meal: { zh: '餐饮', en: 'Meals' },
  alcohol: { zh: '酒水', en: 'Alcohol' },
  lodging: { zh: '住宿', en: 'Lodging' },
  transport: { zh: '交通', en: 'Transport' },
  gift: { zh: '礼品', en: 'Gifts' },
};

const BASIS: Readonly<Record<NonNullable<VisitPlanFacts['estimateBasis']>, Bi>> = {
  standard: { zh: '未填写金额，按接待标准（人数 × 标准）估算', en: 'No amount given: estimated from the reception standards for the party' },
  given: { zh: '按申请人填写的金额', en: 'As given by the requester' },
};

const SCHEDULE_TITLES: Readonly<Record<VisitScheduleCardView['occasion'], Bi>> = {
  approved: { zh: '来访已批准 · 接待安排', en: 'Visit approved · reception schedule' },
  reminder: { zh: '来访提醒 · 即将到访', en: 'Visit reminder · arriving soon' },
};

const ROLES: Readonly<Record<VisitScheduleCardView['role'], Bi>> = {
  host: { zh: '接待人', en: 'Host' },
  companion: { zh: '陪同人员', en: 'Accompanying' },
  desk: { zh: '前台接待', en: 'Reception desk' },
};

const list = (items: readonly string[], locale: Locale) => items.map(oneLine).join(locale === 'zh' ? '、' : ', ');

/** "王强（ABC科技 · 采购总监 · ****8000）". */
function visitorLine(v: NonNullable<VisitPlanFacts['visitors']>[number], locale: Locale): string {
  const extra = [v.company, v.title, v.mobile].filter((x): x is string => Boolean(x?.trim())).map(oneLine).join(' · ');
  return extra ? (locale === 'zh' ? `${oneLine(v.name)}（${extra}）` : `${oneLine(v.name)} (${extra})`) : oneLine(v.name);
}

/** "12月8日 14:00–16:00", or both ends in full when the visit spans days. */
export function visitWindow(start: string, end: string | undefined, locale: Locale, timeZone: string): string {
  const from = formatDateTime(start, locale, timeZone);
  if (!end) return from;
  const to = formatDateTime(end, locale, timeZone);
  const day = (s: string) => s.slice(0, s.lastIndexOf(' '));
  return day(from) === day(to) ? `${from}–${to.slice(to.lastIndexOf(' ') + 1)}` : `${from} – ${to}`;
}

/** The labelled lines of a registered visit, in the order a receptionist reads them. */
export function visitPlanLines(v: VisitPlanFacts, locale: Locale, timeZone: string): LabelledText[] {
  const out: LabelledText[] = [];
  const add = (label: Bi, value: string | undefined) => value && out.push({ label: label[locale], value });
  if (v.visitors?.length) add(LABELS.visitors, list(v.visitors.map((x) => visitorLine(x, locale)), locale));
  if (v.level) add(LABELS.level, LEVELS[v.level][locale]);
  if (v.start) add(v.series ? LABELS.firstWindow : LABELS.window, visitWindow(v.start, v.end, locale, timeZone));
  if (v.series) {
    add(LABELS.repeats, v.series.assumed ? `${v.series.rule[locale]}${locale === 'zh' ? `（${LABELS.assumed.zh}）` : ` (${LABELS.assumed.en})`}` : v.series.rule[locale]);
    const day = (iso: string) => {
      const s = formatDateTime(iso, locale, timeZone);
      return s.slice(0, s.lastIndexOf(' ')).replace(/,$/, '');
    };
    add(LABELS.dates, list(v.series.starts.map(day), locale));
  }
  add(LABELS.site, v.site && oneLine(v.site));
  add(LABELS.address, v.address && oneLine(v.address));
  add(LABELS.host, v.host && oneLine(v.host));
  if (v.companions?.length) add(LABELS.companions, list(v.companions, locale));
  if (v.resources?.length) add(LABELS.resources, list(v.resources.map((r) => RESOURCES[r][locale]), locale));
  const estimate = v.series ? LABELS.perVisit : LABELS.estimate;
  for (const e of v.estimate ?? []) out.push({ label: `${estimate[locale]} · ${RECEPTION_TYPE_LABELS[e.type][locale]}`, value: formatMoneyView(e.amount, locale) });
  if (v.series?.total) out.push({ label: locale === 'zh' ? `预计合计（${v.series.starts.length}次）` : `Estimate, ${v.series.starts.length} visits`, value: formatMoneyView(v.series.total, locale) });
  if (v.estimate?.length && v.estimateBasis) add(LABELS.basis, BASIS[v.estimateBasis][locale]);
  if (v.advance) add(LABELS.advance, formatMoneyView(v.advance, locale));
  if (v.hospitalityAvailable !== undefined) add(LABELS.hospitalityAvailable, v.hospitalityAvailable ? formatMoneyView(v.hospitalityAvailable, locale) : locale === 'zh' ? '未设置预算' : 'no budget set');
  if (v.hostAdvances) add(LABELS.hostAdvances, advancesOwed(v.hostAdvances, locale));
  return out;
}

/** "2 笔，共 ¥3,000.00" / "2, totalling CNY 3,000.00"; "无" / "none". */
function advancesOwed(o: NonNullable<VisitPlanFacts['hostAdvances']>, locale: Locale): string {
  if (o.count === 0) return locale === 'zh' ? '无' : 'none';
  const total = o.totals.map((m) => formatMoneyView(m, locale)).join(' + ');
  return locale === 'zh' ? `${o.count} 笔，共 ${total}` : `${o.count}, totalling ${total}`;
}

/** The schedule card the host, the companions and the reception desk get. */
export function visitSchedule(v: VisitScheduleCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const heading = SCHEDULE_TITLES[v.occasion][locale];
  const who = v.visit.company ?? v.visit.visitors?.[0]?.name;
  const title = who ? `${heading} · ${oneLine(who)}` : heading;
  const facts = [
    { label: LABELS.role[locale], value: ROLES[v.role][locale] },
    ...(v.visit.company ? [{ label: LABELS.company[locale], value: oneLine(v.visit.company) }] : []),
    ...visitPlanLines({ ...v.visit, estimate: [] }, locale, o.timeZone),
    ...(v.number ? [{ label: LABELS.requestId[locale], value: v.number }] : []),
  ];
  const paragraphs = v.visit.purpose ? [{ label: LABELS.purpose[locale], value: v.visit.purpose.trim() }] : [];
  const when = v.visit.start ? visitWindow(v.visit.start, v.visit.end, locale, o.timeZone) : '';
  return {
    ...base(o), kind: 'visit_schedule', title, facts, paragraphs, status: v.occasion, statusText: heading,
    tone: v.occasion === 'reminder' ? 'pending' : 'success', buttons: [], summary: when ? `${title} · ${when}` : title,
  };
}
