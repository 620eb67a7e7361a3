// Card content of a receipt sent in chat: what was read from it (seller, date, amount, tax), where it went, and the
// one-click confirm.
import { base, type CardContent, type LabelledText } from './content-types.js';
import { formatCalendarDate, formatDateTime, formatMoneyView, oneLine } from './format.js';
import type { LocalizedText, ReceiptReadCardView, RenderOptions } from './view-model.js';

const T = {
  title: { zh: '票据已读取', en: 'Receipt read' },
  titleUnread: { zh: '票据已收到', en: 'Receipt received' },
  seller: { zh: '销售方', en: 'Seller' },
  date: { zh: '开票日期', en: 'Date' },
  total: { zh: '价税合计', en: 'Amount' },
  tax: { zh: '税额', en: 'Tax' },
  number: { zh: '发票号码', en: 'Invoice no.' },
  file: { zh: '文件', en: 'File' },
  readBy: { zh: '读取方式', en: 'Read' },
  xml: { zh: '电子发票（数电票）原文，已核对', en: 'from the e-invoice itself, exact' },
  model: { zh: '由模型从图片识别，请核对', en: 'from the photo by the model: please check' },
  none: { zh: '未能识别内容', en: 'could not be read' },
  line: { zh: '费用明细', en: 'Expense line' },
  matched: { zh: '已匹配到金额和日期相同的费用', en: 'attached to your open expense of the same amount and date' },
  new: { zh: '已生成待确认的费用', en: 'a new draft expense was made from it' },
  toConfirm: { zh: '待确认', en: 'To confirm' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
} satisfies Record<string, LocalizedText>;

export function receiptRead(v: ReceiptReadCardView, o: RenderOptions): CardContent {
  const { locale } = o;
  const read = v.readBy !== 'none';
  const title = `${(read ? T.title : T.titleUnread)[locale]}${v.seller ? ` · ${oneLine(v.seller)}` : ''}${v.total ? ` ${formatMoneyView(v.total, locale)}` : ''}`;
  const facts: LabelledText[] = [
    ...(v.seller ? [{ label: T.seller[locale], value: oneLine(v.seller) }] : []),
    ...(v.date ? [{ label: T.date[locale], value: formatCalendarDate(v.date, locale) }] : []),
    ...(v.total ? [{ label: T.total[locale], value: formatMoneyView(v.total, locale) }] : []),
    ...(v.tax ? [{ label: T.tax[locale], value: formatMoneyView(v.tax, locale) }] : []),
    ...(v.number ? [{ label: T.number[locale], value: oneLine(v.number) }] : []),
    ...(v.filename ? [{ label: T.file[locale], value: oneLine(v.filename) }] : []),
    { label: T.readBy[locale], value: T[v.readBy][locale] },
    ...(v.line ? [{ label: T.line[locale], value: T[v.line.how][locale] }] : []),
  ];
  const closed = v.closed;
  const statusText = closed ? T.confirmed[locale] : v.buttons.length > 0 ? T.toConfirm[locale] : (read ? T.title : T.titleUnread)[locale];
  return {
    ...base(o), kind: 'receipt_read', title, facts, paragraphs: [],
    status: closed ? 'confirmed' : v.buttons.length > 0 ? 'draft' : 'notice', statusText, tone: closed ? 'success' : read ? 'info' : 'warning',
    outcome: closed ? `${statusText} · ${formatDateTime(closed.at, locale, o.timeZone)}` : v.note?.[locale], buttons: closed ? [] : v.buttons, summary: `${statusText} · ${title}`,
  };
}
