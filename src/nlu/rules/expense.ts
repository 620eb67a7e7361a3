// Builds the expense fields: category from the words used, the amount, the day it was spent, where.
import type { ExpenseFields } from '../../../domain/nlu/index.js';
import { formatDay } from './calendar.js';
import { resolveDate } from './date-expr.js';
import type { Extraction } from './extract.js';
import { categoryIn } from './keywords.js';
import { rawSpan } from './normalize.js';

const TOTAL_BEFORE = /(?:共|一共|总共|合计|总计|总额|总价|\btotal(?:\s+of)?|\bin\s+total)\s*(?:是|为|:|：)?\s*$/;
const CN_MERCHANT = /([\u4e00-\u9fff]{2,8}?)(酒店|宾馆|饭店|餐厅|酒楼|咖啡|超市|便利店|药房|药店|书店|火锅|烤鸭)/;
const MERCHANT_LEAD = /^(?:报销|报|在|去|买|付|的|住|了|入住|昨天|今天|前天)+/;
const EN_MERCHANT = /\bat\s+((?:[A-Z][\w&'-]*)(?:\s+[A-Z][\w&'-]*){0,3})/;
const EN_NOT_MERCHANT = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Noon|The Airport|Airport)/;

function merchant(x: Extraction): string | undefined {
  const cn = CN_MERCHANT.exec(x.doc.work);
  if (cn) {
    const lead = MERCHANT_LEAD.exec(cn[1] as string)?.[0].length ?? 0;
    const name = (cn[1] as string).slice(lead);
    if (name.length >= 2) return rawSpan(x.doc, cn.index + lead, cn.index + (cn[1] as string).length + (cn[2] as string).length);
  }
  const en = EN_MERCHANT.exec(x.doc.raw);
  if (en && !EN_NOT_MERCHANT.test(en[1] as string)) return (en[1] as string).trim();
  return undefined;
}

/** Expense fields found in `x`; the category is always set ('other' when no word names one). */
export function expenseFields(x: Extraction, today: number): ExpenseFields {
  const fields: ExpenseFields = { category: categoryIn(x.doc.norm) ?? 'other' };
  const { norm } = x.doc;
  const written = x.amounts.filter((a) => a.explicit);
  const pool = written.length > 0 ? written : x.amounts;
  const amount = pool.find((a) => TOTAL_BEFORE.test(norm.slice(Math.max(0, a.start - 10), a.start))) ?? pool[0];
  if (amount) fields.amount = { minor: amount.minor, currency: amount.currency };
  const [first] = x.dates;
  const day = first === undefined ? undefined : resolveDate(first.from, today, 'past');
  if (day !== undefined) fields.date = formatDay(day);
  const where = merchant(x);
  if (where) fields.merchant = where;
  return fields;
}
