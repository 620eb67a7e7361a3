// The JSON push of card / payment transactions: the envelope is checked as a whole, each transaction on its own, so
// one bad transaction is reported (by index and field) without refusing the rest.
import { z } from 'zod';
import type { CardTransaction, FeedRowError } from '../../../domain/cardfeed/index.js';
import { currencyExponent } from '../../../domain/money/index.js';
import { parseDay, parseDecimal } from './amounts.js';

export const MAX_PUSH = 10_000;

export const CardPushSchema = z.object({
  provider: z.string().min(1).max(100),
  transactions: z.array(z.unknown()).min(1).max(MAX_PUSH),
});

const Txn = z.object({
  id: z.string().min(1).max(200),
  cardLast4: z.string().regex(/^\d{4}$/).optional(),
  employee: z.string().min(1).max(200).optional(),
  amount: z.string().optional(),
  amountMinor: z.number().int().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'a 3-letter ISO 4217 code'),
  transactionDate: z.string(),
  postedDate: z.string().optional(),
  merchant: z.string().min(1).max(300),
  mcc: z.string().max(10).optional(),
  description: z.string().max(500).optional(),
});

export function parseCardPush(body: unknown): { provider: string; rows: CardTransaction[]; errors: FeedRowError[] } {
  const env = CardPushSchema.safeParse(body);
  if (!env.success) {
    const i = env.error.issues[0]!;
    return { provider: '', rows: [], errors: [{ row: 0, field: i.path.join('.') || '(body)', message: i.message }] };
  }
  const rows: CardTransaction[] = [];
  const errors: FeedRowError[] = [];
  const seen = new Set<string>();
  env.data.transactions.forEach((raw, index) => {
    const row = index + 1;
    const t = Txn.safeParse(raw);
    if (!t.success) {
      const i = t.error.issues[0]!;
      errors.push({ row, field: i.path.join('.') || '(transaction)', message: i.message });
      return;
    }
    const x = t.data;
    if (seen.has(x.id)) return void errors.push({ row, field: 'id', message: `transaction ${x.id} appears twice in this push` });
    let minor: number;
    if (currencyExponent(x.currency) === undefined) return void errors.push({ row, field: 'currency', message: `unsupported currency ${x.currency}` });
    if (x.amountMinor !== undefined) minor = x.amountMinor;
    else if (x.amount !== undefined) {
      const a = parseDecimal(x.amount, x.currency);
      if ('problem' in a) return void errors.push({ row, field: 'amount', message: a.problem });
      minor = a.minor;
    } else return void errors.push({ row, field: 'amount', message: 'give amount (a decimal string) or amountMinor' });
    const transactionDate = parseDay(x.transactionDate);
    if (!transactionDate) return void errors.push({ row, field: 'transactionDate', message: `'${x.transactionDate}' is not a date` });
    const postedDate = x.postedDate ? parseDay(x.postedDate) : transactionDate;
    if (!postedDate) return void errors.push({ row, field: 'postedDate', message: `'${x.postedDate}' is not a date` });
    seen.add(x.id);
    rows.push({
      row,
      externalId: x.id,
      provider: env.data.provider,
      amount: { minor, currency: x.currency },
      transactionDate,
      postedDate,
      merchant: x.merchant,
      ...(x.cardLast4 ? { cardLast4: x.cardLast4 } : {}),
      ...(x.employee ? { employeeRef: x.employee } : {}),
      ...(x.mcc ? { mcc: x.mcc } : {}),
      ...(x.description ? { description: x.description } : {}),
    });
  });
  return { provider: env.data.provider, rows, errors };
}
