// Builds the visitor fields: who, from which company, phone, day, time, how many and why.
import type { VisitFields } from '../../../domain/nlu/index.js';
import { formatDay } from './calendar.js';
import { resolveDate } from './date-expr.js';
import type { Extraction } from './extract.js';
import { COMPANY_SUFFIXES, isCityName, NAME_TITLES } from './gazetteer.js';
import { englishNameAndCompany, isChineseName, isCompanyName, splitBeforeTitledName, splitCompanyAndName } from './names.js';
import { MASK, rawSpan } from './normalize.js';
import { findPurpose } from './purpose.js';
import { isAdvance, isEstimate } from './extract.js';
import { NEED_WORDS, visitNeeds } from './visit-needs.js';
import { findRecurrence, firstWeekdayFrom } from './visit-recurrence.js';

/** Pieces of Chinese text between separators, 的 and 和: candidates for a name or a company. */
const SEGMENT = new RegExp(`[^\\s,，、;；。:：!！?？()（）【】\\[\\]"“”'‘’${MASK}的和与及跟]+`, 'g');
const LEAD =
  /^(?:登记|预约|新增|安排|帮我|帮忙|麻烦|请|有|来自|是|为|访客|来访人|来访者|联系人|对接人|候选人|面试者|应聘者|来宾|客人|客户|嘉宾|贵宾|领导|电话|手机|姓名|名字|公司|单位|我们|我司|将|会|要|预计|一位|两位|一行|共)+/;
const TRAIL = /(?:来访|到访|来公司|来我司|来我们公司|来我们这|来参观|来拜访|来面试|来洽谈|来开会|来|到|要来|会来|过来|拜访|参观|一下|登记|预约|一行|等人|等|们|同志)+$/;
const COMES_FOR = /(?:要|会|将)?(?:过来|来|到)[\u4e00-\u9fff]*$/;
const LABELLED_NAME = new RegExp(`(?:访客|来访人|来访者|来宾|客人|姓名|名字)\\s*[:：是为]\\s*([^\\s,，、;；。${MASK}]{2,8})`);
const LABELLED_COMPANY = new RegExp(`(?:公司|单位|企业)\\s*[:：是为]\\s*([^\\s,，、;；。${MASK}]{2,30})`);
const COMPANY_THEN_NAME = new RegExp(`^(.+?(?:${COMPANY_SUFFIXES}))(.+)$`);
const PURPOSE_WORDS = /洽谈|会谈|谈|面试|参观|开会|交流|考察|验收|培训|签约|送货|维修|审计|合作|会议|来访|到访|登记|接待|人$|^(?:那天|当天|这天|那日|当日|届时|到时|下午|上午|晚上|中午)$/;
/** "周大福的何小姐": a company, 的, and a person with a title. */
const OF_TITLED = new RegExp(`([\\u4e00-\\u9fff]{2,12})的([\\u4e00-\\u9fff]{1,3}(?:${NAME_TITLES}))`);

interface Who {
  name?: string;
  company?: string;
}

function chineseNameAndCompany(x: Extraction): Who {
  const { doc } = x;
  const who: Who = {};
  const label = LABELLED_NAME.exec(doc.norm);
  if (label && isChineseName(label[1] as string)) who.name = rawSpan(doc, label.index + label[0].length - (label[1] as string).length, label.index + label[0].length);
  const company = LABELLED_COMPANY.exec(doc.norm);
  if (company) who.company = rawSpan(doc, company.index + company[0].length - (company[1] as string).length, company.index + company[0].length);
  const of = OF_TITLED.exec(doc.work);
  if (of && isChineseName(of[2] as string)) {
    const lead = LEAD.exec(of[1] as string)?.[0].length ?? 0;
    const company = (of[1] as string).slice(lead);
    const at = of.index + lead;
    if (company.length >= 2 && !isCityName(company) && !PURPOSE_WORDS.test(company)) {
      who.company ??= rawSpan(doc, at, at + company.length);
      const nameAt = of.index + (of[1] as string).length + 1;
      who.name ??= rawSpan(doc, nameAt, nameAt + (of[2] as string).length);
    }
  }
  let unclassified: string | undefined;
  for (const m of doc.work.matchAll(SEGMENT)) {
    let s = m[0];
    const lead = LEAD.exec(s)?.[0].length ?? 0;
    s = s.slice(lead);
    const trail = TRAIL.exec(s)?.[0].length ?? 0;
    s = s.slice(0, s.length - trail);
    // "陈师傅来送货": what follows 来/到 is the errand, not part of the name.
    const errand = COMES_FOR.exec(s);
    if (errand && errand.index >= 2) s = s.slice(0, errand.index);
    if (s.length < 2 || !/^[\u4e00-\u9fffa-z0-9&.\- ]+$/.test(s)) continue;
    const at = m.index + lead;
    const raw = (from: number, to: number) => rawSpan(doc, at + from, at + to);
    const split = splitCompanyAndName(s) ?? (() => {
      const c = COMPANY_THEN_NAME.exec(s);
      return c && isChineseName(c[2] as string) ? { company: c[1] as string, name: c[2] as string } : undefined;
    })() ?? splitBeforeTitledName(s);
    if (split) {
      const companyAt = s.indexOf(split.company);
      const nameAt = s.indexOf(split.name, companyAt === 0 ? split.company.length : 0);
      who.company ??= raw(companyAt, companyAt + split.company.length);
      who.name ??= raw(nameAt, nameAt + split.name.length);
    } else if (isCompanyName(s)) who.company ??= raw(0, s.length);
    else if (isChineseName(s)) who.name ??= raw(0, s.length);
    else if (/[\u4e00-\u9fff]/.test(s) && !PURPOSE_WORDS.test(s) && !isCityName(s)) unclassified ??= raw(0, s.length);
  }
  // A leftover word beside a recognised name is most likely the company ("美团", "字节跳动").
  if (who.company === undefined && unclassified !== undefined && who.name !== undefined) who.company = unclassified;
  return who;
}

/** Visit fields found in `x`; absent fields were not written. */
export function visitFields(x: Extraction, today: number): VisitFields {
  const fields: VisitFields = {};
  const who = x.doc.cjk ? chineseNameAndCompany(x) : {};
  const en = englishNameAndCompany(x.doc.raw);
  const name = who.name ?? en.name;
  const company = who.company ?? en.company;
  if (name) fields.visitorName = name;
  if (company) fields.company = company;
  const [phone] = x.phones;
  if (phone) fields.phone = phone.phone;
  const recurring = findRecurrence(x.doc);
  // A date after 到/至/until ends a recurring visit; the first other date (or the first weekday named) starts it.
  const isEnd = (d: { start: number }) => recurring !== undefined && /(?:到|至|直到|截至|截止|until|till|through|to)\s*$/.test(x.doc.norm.slice(Math.max(0, d.start - 8), d.start));
  const inRule = (d: { start: number }) => recurring?.span !== undefined && d.start >= recurring.span[0] && d.start < recurring.span[1];
  const [first] = x.dates.filter((d) => !isEnd(d) && !inRule(d));
  const end = x.dates.find(isEnd);
  const day = first === undefined ? undefined : resolveDate(first.from, today, 'future');
  if (day !== undefined) fields.visitDate = formatDay(day);
  if (recurring) {
    const until = end === undefined ? undefined : resolveDate(end.from, today, 'future');
    fields.recurrence = { ...recurring.rule, ...(until !== undefined && recurring.rule.count === undefined ? { until: formatDay(until) } : {}) };
    if (fields.visitDate === undefined) fields.visitDate = formatDay(recurring.weekdays ? firstWeekdayFrom(today, recurring.weekdays) : today);
  }
  const [time, until] = x.times;
  if (time) fields.startTime = time.time;
  // "3pm to 5pm", "下午两点到四点": a second time after the first is when the visit ends.
  if (time && until && until.time > time.time) fields.endTime = until.time;
  const [count] = x.counts;
  // "王强等2人" counts everyone; "Wang Qiang and 2 colleagues" counts the others besides the one named.
  if (count) fields.headcount = Math.min(500, count.count + (count.companions && name ? 1 : 0));
  const purpose = findPurpose(x.doc, { exclude: /^(?:来访|到访|拜访我|参观我)/ });
  if (purpose && !NEED_WORDS.test(purpose)) fields.purpose = purpose;
  const needs = visitNeeds(x.doc.norm);
  if (needs.resources.length > 0) fields.resources = needs.resources;
  if (needs.receptionTypes.length > 0) fields.receptionTypes = needs.receptionTypes;
  if (needs.level) fields.level = needs.level;
  // Money in a visit request is an advance the host asks for when cued so ("借款2000元"); otherwise what the host
  // expects to spend on it: written with a currency, or cued as an estimate.
  const advance = x.amounts.find((a) => isAdvance(x.doc, a));
  if (advance && advance.minor > 0) fields.advanceAmount = { minor: advance.minor, currency: advance.currency };
  const amount = x.amounts.find((a) => a !== advance && !isAdvance(x.doc, a) && (a.explicit || isEstimate(x.doc, a)));
  if (amount && amount.minor > 0) fields.estimatedAmount = { minor: amount.minor, currency: amount.currency };
  return fields;
}
