// What the bot says about the visit registration form, in Chinese and English: the form offered, a submission refused
// (naming the field, saying everything typed is still there), registered, or already registered.
import { VISIT_FORM_LABELS, type VisitFormField } from '../../cards/visit-form-content.js';
import type { Lang } from './texts.js';

type Bi = Readonly<Record<Lang, string>>;

export const VISIT_FORM_TEXTS = {
  intro: { zh: '请填写来访登记表，提交后送审批：', en: 'Fill in the visit form; it goes for approval once submitted:' },
  offer: { zh: '也可以直接填写下面的来访登记表。', en: 'Or fill in the visit form below.' },
  missing: { zh: '还没有填写。', en: 'it is missing.' },
  tooMany: { zh: '一次最多登记 50 位来访人，人数更多请分几次登记。', en: 'at most 50 visitors can be registered at once; register a larger party in parts.' },
  idNumber: { zh: '不是有效的 18 位居民身份证号（校验位对不上）。', en: 'this is not a valid 18-character resident ID number (its check character does not agree).' },
  level: { zh: '请选择“普通”或“贵宾（VIP）”。', en: 'choose Standard or VIP.' },
  date: { zh: '请填写日期，例如 2026-12-08。', en: 'give a date, e.g. 2026-12-08.' },
  time: { zh: '请填写时间，例如 14:00。', en: 'give a time of day, e.g. 14:00.' },
  endBeforeStart: { zh: '结束时间要晚于开始时间。', en: 'the visit must end after it starts.' },
  site: { zh: '不是公司的接待地点，请从列表中选择。', en: 'this is not one of the company’s sites; choose one from the list.' },
  resources: { zh: '请从列表中选择。', en: 'choose from the list.' },
  estimate: { zh: '请填写金额数字（元），例如 800。', en: 'give the amount as a number of yuan, e.g. 800.' },
  again: { zh: '请修改后再提交，其他已填写的内容都还在。', en: 'Please correct it and submit again; everything else you typed is still there.' },
  received: { zh: '已提交来访申请 {number}，等待审批。', en: 'Visit request {number} submitted for approval.' },
  already: { zh: '这张来访登记表已经提交过（{number}），不会重复登记。', en: 'This visit form was already submitted ({number}); it is not registered twice.' },
} as const satisfies Record<string, Bi>;

/** A number that cannot take a text, said with its last four only. */
export const invalidFormMobile = (lang: Lang, masked: string): string =>
  lang === 'zh'
    ? `${masked} 不是能接收短信的手机号（大陆手机号为 11 位、以 13–19 开头；境外号码请带国家代码，如 +85291234567），也可以不填。`
    : `${masked} cannot receive a text (a mainland number has 11 digits starting 13–19; add the country code for others, e.g. +85291234567), or leave it empty.`;

export const formTimePassed = (lang: Lang, when: string): string =>
  lang === 'zh' ? `来访时间（${when}）已经过去了，请填写之后的时间。` : `that time (${when}) has already passed; give a time ahead.`;

export const unknownCompanion = (lang: Lang, name: string): string =>
  lang === 'zh' ? `没有找到在职同事「${name}」。` : `no active colleague is called “${name}”.`;

export const ambiguousCompanion = (lang: Lang, name: string): string =>
  lang === 'zh' ? `有多位同事叫「${name}」，请改填其员工编号。` : `several colleagues are called “${name}”; give their employee id instead.`;

/** "「手机号」13800… 不是…。请修改后再提交，其他已填写的内容都还在。" — the field at fault named first. */
export function formProblem(lang: Lang, field: VisitFormField | undefined, why: string): string {
  const label = field ? VISIT_FORM_LABELS[field][lang] : undefined;
  const head = !label ? why : lang === 'zh' ? `「${label}」${why}` : `${label}: ${why}`;
  return `${head}${lang === 'zh' ? '' : ' '}${VISIT_FORM_TEXTS.again[lang]}`;
}
