// What the bot says about receipts sent in chat, in Chinese and English: the acknowledgement, and each refusal with
// what to do instead.
import type { DomainError } from '../../domain/shared/index.js';
import type { Lang } from './texts.js';

/** The types we read, as a person would name them. */
const READABLE = { zh: '照片（JPG、PNG、WEBP、HEIC）、PDF，或数电票/电子发票的 XML、OFD 文件', en: 'a photo (JPG, PNG, WEBP, HEIC), a PDF, or the e-invoice (数电票) XML or OFD file' };

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

export const RECEIPT_TEXTS = {
  gotIt: { zh: '收到，正在读取…', en: 'Got it, reading your receipt…' },
  confirmed: { zh: '已确认，票据已记到费用明细。', en: 'Confirmed: the receipt is on your expense.' },
  alreadyConfirmed: { zh: '这张票据已确认过了。', en: 'This receipt was already confirmed.' },
  unreadNote: {
    zh: '未能识别票据内容。文件已保存；添加这笔费用时请填写金额和日期。',
    en: 'I could not read this receipt. The file is kept; give the amount and date when you add the expense.',
  },
  modelNote: { zh: '以上内容由模型识别，请核对后确认。', en: 'Read by the model: please check before you confirm.' },
} satisfies Record<string, Record<Lang, string>>;

/** The file is larger than receipts may be. */
export function tooLarge(lang: Lang, limit: number, actual?: number): string {
  const got = actual === undefined ? '' : lang === 'zh' ? `（${size(actual)}）` : ` (${size(actual)})`;
  return lang === 'zh' ? `文件太大${got}，票据最大 ${size(limit)}。请压缩或重新拍照后再发。` : `That file is too large${got}: receipts may be at most ${size(limit)}. Please send a smaller photo or file.`;
}

/** A type we do not read, and which we do. */
export function unsupported(lang: Lang, name?: string): string {
  const what = name ? (lang === 'zh' ? `（${name}）` : ` (${name})`) : '';
  return lang === 'zh' ? `暂时读不了这种文件${what}。可以发送：${READABLE.zh}。` : `I can't read this kind of file${what}. Please send ${READABLE.en}.`;
}

/** The invoice was claimed before: who, when, on which line; nothing was kept. */
export function duplicate(lang: Lang, e: DomainError): string {
  const d = (e.details ?? {}) as { firstEmployee?: string; firstDate?: string; firstLineId?: string; number?: string };
  const no = d.number ? (lang === 'zh' ? `（号码 ${d.number}）` : ` (no. ${d.number})`) : '';
  if (lang === 'zh') return `这张发票${no}已经报过了：${d.firstEmployee ?? '有人'}${d.firstDate ? `于 ${d.firstDate} ` : ''}登记在费用 ${d.firstLineId ?? ''}。同一张发票不能重复报销，这次没有保存。`;
  return `This invoice${no} was already claimed${d.firstEmployee ? ` by ${d.firstEmployee}` : ''}${d.firstDate ? ` on ${d.firstDate}` : ''} (expense ${d.firstLineId ?? ''}). The same invoice can't be claimed twice, so I didn't keep it.`;
}

/** The platform would not give us the file (gone, or served from somewhere we do not fetch from). */
export function couldNotFetch(lang: Lang): string {
  return lang === 'zh' ? '没能取到这个文件，请重新发送一次。' : "I couldn't fetch that file; please send it again.";
}

/** Why an otherwise readable file was refused (an invoice whose fields do not hold up, say). */
export function refusedOther(lang: Lang, e: DomainError): string {
  return lang === 'zh' ? `这份票据没能登记：${e.message}` : `I couldn't record this receipt: ${e.message}`;
}
