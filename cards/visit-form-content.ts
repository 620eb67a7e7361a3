// Card content of the visit registration form (来访登记): the inputs an employee fills in to register a visit, the
// sentence to send where a card takes no input (DingTalk), a refused submission sent back with what was typed and why,
// and the form once registered. Wording in both languages lives here; field names are what the submission returns.
import { base, type CardContent, type FormContent, type FormField } from './content-types.js';
import { BUTTONS } from './i18n.js';
import { RESOURCES } from './visit-content.js';
import type { Locale, RenderOptions, VisitFormCardView } from './view-model.js';

type Bi = { readonly zh: string; readonly en: string };

/** The fields of the visit form, in the order asked; a site is asked only when the organisation has several. */
export const VISIT_FORM_FIELDS = ['visitors', 'company', 'title', 'mobile', 'idNumber', 'level', 'purpose', 'date', 'startTime', 'endTime', 'site', 'companions', 'resources', 'estimate'] as const;
export type VisitFormField = (typeof VISIT_FORM_FIELDS)[number];

/** What each field is called, also in the sentence that refuses it. */
export const VISIT_FORM_LABELS: Readonly<Record<VisitFormField, Bi>> = {
  visitors: { zh: '来访人姓名', en: 'Visitor names' },
  company: { zh: '来访单位', en: 'Company' },
  title: { zh: '职务', en: 'Title' },
  mobile: { zh: '手机号', en: 'Mobile' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  level: { zh: '接待级别', en: 'Visitor level' },
  purpose: { zh: '来访事由', en: 'Purpose' },
  date: { zh: '来访日期', en: 'Date' },
  startTime: { zh: '开始时间', en: 'Start time' },
  endTime: { zh: '结束时间', en: 'End time' },
  site: { zh: '接待地点', en: 'Site' },
  companions: { zh: '陪同人员', en: 'Accompanying staff' },
  resources: { zh: '所需资源', en: 'Resources' },
  estimate: { zh: '预计金额（元）', en: 'Estimated amount (CNY)' },
};

/** What the input itself says, where a label alone would leave a question. */
const INPUT_LABELS: Partial<Record<VisitFormField, Bi>> = {
  title: { zh: '职务（可不填）', en: 'Title (optional)' },
  mobile: { zh: '第一位来访人的手机号（可不填，用于发送来访邀请）', en: 'Mobile of the first visitor (optional: the invitation is texted to it)' },
  idNumber: { zh: '第一位来访人的身份证号（可不填）', en: 'ID number of the first visitor (optional)' },
  companions: { zh: '陪同人员（同事姓名，可不填）', en: 'Accompanying staff (colleagues’ names, optional)' },
  resources: { zh: '所需资源（可不选）', en: 'Resources (optional)' },
  estimate: { zh: '预计金额（元，可不填：按接待标准估算）', en: 'Estimated amount in CNY (optional: estimated from the standards)' },
};

const PLACEHOLDERS: Readonly<Record<VisitFormField, Bi>> = {
  visitors: { zh: '多人用逗号、顿号或换行分开，例如：王强、李娜', en: 'Several: separate with commas or new lines, e.g. Wang Qiang, Li Na' },
  company: { zh: '例如：ABC科技', en: 'e.g. ABC Tech' },
  title: { zh: '例如：采购总监', en: 'e.g. Head of purchasing' },
  mobile: { zh: '例如：13800138000', en: 'e.g. +8613800138000' },
  idNumber: { zh: '18 位居民身份证号', en: '18-character resident ID number' },
  level: { zh: '请选择', en: 'Choose' },
  purpose: { zh: '例如：商务洽谈', en: 'e.g. Contract talks' },
  date: { zh: '选择日期', en: 'Pick a date' },
  startTime: { zh: '例如：14:00', en: 'e.g. 14:00' },
  endTime: { zh: '例如：16:00', en: 'e.g. 16:00' },
  site: { zh: '请选择', en: 'Choose' },
  companions: { zh: '例如：李娜、王芳', en: 'e.g. Li Na, Wang Fang' },
  resources: { zh: '可多选', en: 'Any of these' },
  estimate: { zh: '例如：800', en: 'e.g. 800' },
};

const LEVEL_OPTIONS: readonly { value: 'vip' | 'standard'; label: Bi }[] = [
  { value: 'standard', label: { zh: '普通', en: 'Standard' } },
  { value: 'vip', label: { zh: '贵宾（VIP）', en: 'VIP' } },
];

const W = {
  title: { zh: '来访登记', en: 'Register a visit' },
  toFill: { zh: '待填写', en: 'To fill in' },
  submitted: { zh: '已登记', en: 'Registered' },
  note: {
    zh: '提交后按来访申请送审批，审批通过后接待人员会收到接待安排。手机号和身份证号只加密保存，卡片上只显示尾号。时间按公司所在时区。',
    en: 'Once submitted the visit goes for approval; when approved, the staff receiving it get the schedule. Mobile and ID numbers are kept encrypted and shown only by their last four. Times are in the company’s time zone.',
  },
  noteLabel: { zh: '说明', en: 'Note' },
  done: { zh: '已提交审批', en: 'Submitted for approval' },
  typedHint: {
    zh: '钉钉卡片无法填写表单，请直接发一句话登记来访，例如：\n明天下午两点ABC科技王强等2人来访，需要会议室和午餐\n缺少的信息我会再问你。',
    en: 'DingTalk cards take no input: register the visit in one sentence instead, e.g.\nWang Qiang and 2 colleagues from ABC Tech visiting tomorrow 2pm, need a meeting room and lunch\nI will ask for anything missing.',
  },
} as const satisfies Record<string, Bi>;

const REQUIRED: ReadonlySet<VisitFormField> = new Set(['visitors', 'company', 'level', 'purpose', 'date', 'startTime', 'endTime', 'site']);
const MAX_LENGTH: Partial<Record<VisitFormField, number>> = { visitors: 1000, company: 120, title: 60, mobile: 20, idNumber: 18, purpose: 200, companions: 300, estimate: 12 };
const KINDS: Partial<Record<VisitFormField, FormField['kind']>> = { visitors: 'multiline', level: 'select', date: 'date', startTime: 'time', endTime: 'time', site: 'select', resources: 'multi_select' };

/** The visit form's inputs for `v` (its sites), filled with what a refused submission had. */
export function visitFormFields(v: Pick<VisitFormCardView, 'sites' | 'refill'>, locale: Locale): FormField[] {
  const options: Partial<Record<VisitFormField, FormField['options']>> = {
    level: LEVEL_OPTIONS.map((o) => ({ value: o.value, label: o.label[locale] })),
    site: v.sites.map((s) => ({ value: s.id, label: s.name })),
    resources: (Object.keys(RESOURCES) as (keyof typeof RESOURCES)[]).map((r) => ({ value: r, label: RESOURCES[r][locale] })),
  };
  return VISIT_FORM_FIELDS.filter((name) => name !== 'site' || v.sites.length > 1).map((name) => {
    const typed = v.refill?.values[name] ?? (name === 'level' ? 'standard' : undefined);
    return {
      name,
      label: (INPUT_LABELS[name] ?? VISIT_FORM_LABELS[name])[locale],
      placeholder: PLACEHOLDERS[name][locale],
      required: REQUIRED.has(name),
      maxLength: MAX_LENGTH[name] ?? 64,
      ...(KINDS[name] ? { kind: KINDS[name] } : {}),
      ...(options[name] ? { options: options[name] } : {}),
      ...(typed ? { value: typed } : {}),
    };
  });
}

/** The form's title (also the Slack modal's). */
export const visitFormTitle = (locale: Locale): string => W.title[locale];

export function visitForm(v: VisitFormCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const title = W.title[locale];
  const c = v.closed;
  const statusText = c ? W.submitted[locale] : W.toFill[locale];
  const form: FormContent | undefined = c
    ? undefined
    : {
        name: 'visit_form', title, value: v.value, fields: visitFormFields(v, locale), submitLabel: BUTTONS.submit[locale], openLabel: title, openAction: 'open_form',
        typedHint: W.typedHint[locale], ...(v.refill ? { problem: v.refill.problem } : {}),
      };
  const outcome = c ? `${W.done[locale]}${c.number ? `${locale === 'zh' ? '：' : ': '}${c.number}` : ''}` : undefined;
  return {
    ...base(o), kind: 'visit_form', title, status: c ? 'submitted' : 'draft', statusText, tone: c ? 'muted' : v.refill ? 'warning' : 'info',
    facts: [], paragraphs: c ? [] : [{ label: W.noteLabel[locale], value: W.note[locale] }],
    outcome, buttons: [], ...(form ? { form } : {}), summary: `${statusText} · ${title}`,
  };
}
