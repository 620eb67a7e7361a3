// Card / payment feed CSV files (bank and card-provider exports, English or Chinese headers) → card transactions, with
// every malformed row reported by row number and field while the rest are still read. Parsed by csv-parse.
import { parse } from 'csv-parse/sync';
import type { CardTransaction, FeedRowError } from '../../../domain/cardfeed/index.js';
import { parseDay, parseDecimal } from './amounts.js';

type Field = 'id' | 'transactionDate' | 'postedDate' | 'amount' | 'currency' | 'merchant' | 'cardLast4' | 'employee' | 'mcc' | 'description';

const ALIASES: Readonly<Record<Field, readonly string[]>> = {
  id: ['id', 'transaction_id', 'transaction id', 'reference', '交易流水号', '流水号', '交易编号', '参考号'],
  transactionDate: ['transaction_date', 'transaction date', 'date', '交易日期', '交易时间'],
  postedDate: ['posted_date', 'posted date', 'posting date', '记账日期', '入账日期'],
  amount: ['amount', '金额', '交易金额'],
  currency: ['currency', '币种', '交易币种'],
  merchant: ['merchant', 'merchant name', '商户名称', '商户', '交易对手'],
  cardLast4: ['card_last4', 'card last4', 'card', '卡号后四位', '卡号'],
  employee: ['employee', 'employee_id', 'employee email', 'email', 'cardholder', '员工', '持卡人', '员工邮箱'],
  mcc: ['mcc', '商户类别码'],
  description: ['description', 'memo', '摘要', '备注', '交易说明'],
};
const REQUIRED: readonly Field[] = ['id', 'transactionDate', 'amount', 'merchant'];

export function parseCardCsv(text: string, o: { provider: string; defaultCurrency?: string }): { rows: CardTransaction[]; errors: FeedRowError[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (e) {
    return { rows: [], errors: [{ row: 0, message: `not a readable CSV file: ${(e as Error).message}` }] };
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const col = {} as Record<Field, number>;
  for (const f of Object.keys(ALIASES) as Field[]) col[f] = header.findIndex((h) => ALIASES[f].includes(h));
  const missing = REQUIRED.filter((f) => col[f] < 0);
  if (missing.length) return { rows: [], errors: [{ row: 0, message: `the header has no column for ${missing.join(', ')} (found: ${header.join(', ') || 'nothing'})` }] };
  if (col.currency < 0 && !o.defaultCurrency) return { rows: [], errors: [{ row: 0, field: 'currency', message: 'no currency column; pass a default currency' }] };

  const rows: CardTransaction[] = [];
  const errors: FeedRowError[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    const get = (f: Field) => (col[f] >= 0 ? (r[col[f]] ?? '').trim() : '');
    const fail = (field: string, message: string) => errors.push({ row: i, field, message });
    const id = get('id');
    if (!id) {
      fail('id', 'missing transaction id');
      continue;
    }
    if (seen.has(id)) {
      fail('id', `transaction ${id} appears twice in this file`);
      continue;
    }
    const currency = (get('currency') || o.defaultCurrency || '').toUpperCase();
    const amount = parseDecimal(get('amount'), currency);
    if ('problem' in amount) {
      fail(amount.problem.startsWith('unsupported') ? 'currency' : 'amount', amount.problem);
      continue;
    }
    const transactionDate = parseDay(get('transactionDate'));
    if (!transactionDate) {
      fail('transactionDate', `'${get('transactionDate')}' is not a date`);
      continue;
    }
    const postedRaw = get('postedDate');
    const postedDate = postedRaw ? parseDay(postedRaw) : transactionDate;
    if (!postedDate) {
      fail('postedDate', `'${postedRaw}' is not a date`);
      continue;
    }
    const merchant = get('merchant');
    if (!merchant) {
      fail('merchant', 'missing merchant');
      continue;
    }
    seen.add(id);
    const last4 = get('cardLast4').replace(/\D/g, '').slice(-4);
    rows.push({
      row: i,
      externalId: id,
      provider: o.provider,
      amount: { minor: amount.minor, currency },
      transactionDate,
      postedDate,
      merchant,
      ...(last4 ? { cardLast4: last4 } : {}),
      ...(get('employee') ? { employeeRef: get('employee') } : {}),
      ...(get('mcc') ? { mcc: get('mcc') } : {}),
      ...(get('description') ? { description: get('description') } : {}),
    });
  }
  return { rows, errors };
}
