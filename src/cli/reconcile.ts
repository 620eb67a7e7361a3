// `reconcile --payments PAYMENTS.csv --statement FILE.xml`: a finance dry run of the default reconciliation rules,
// without a database. The payments file has the header id,endToEndId,amount,currency,date,counterpartyName,
// counterpartyAccount,reference (amount a decimal string, date YYYY-MM-DD, empty fields allowed); the statement is a
// camt.053 or camt.054, of which the first statement (or notification) is reconciled.
import { parse } from 'csv-parse/sync';
import { currencyExponent } from '../../domain/money/index.js';
import { DEFAULT_SETTINGS, reconcile, statementLines, type OpenPayment } from '../../domain/reconciliation/index.js';
import type { Entry } from '../../domain/payment/statement.js';
import { readStatementEvents, type XmlInput } from '../integrations/bank/iso20022/read/index.js';

export const PAYMENT_COLUMNS = ['id', 'endToEndId', 'amount', 'currency', 'date', 'counterpartyName', 'counterpartyAccount', 'reference'] as const;

/** A payments file that cannot be read: the row (1 = the header) and what is wrong. */
export class PaymentsFileError extends Error {}

/** What the command prints. */
export interface ReconcileOutput {
  matched: { payment: string; entry: string; rule: string }[];
  unmatchedPayments: string[];
  unmatchedEntries: string[];
}

/** "1234.5" in `currency` → minor units; more decimals than the currency has are allowed only as trailing zeros. */
function minorOf(text: string, currency: string): number | string {
  const exponent = currencyExponent(currency) ?? (/^[A-Z]{3}$/.test(currency) ? 2 : undefined);
  if (exponent === undefined) return `currency "${currency}" is not an ISO 4217 code`;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return `amount "${text}" is not a positive decimal number such as 1234.50`;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) return `amount "${text}" has more decimals than ${currency} has (${exponent})`;
  const minor = Number(m[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : `amount "${text}" is too large`;
}

/** Reads the payments file. Throws PaymentsFileError naming the row and field at fault. */
export function readPaymentsCsv(text: string): OpenPayment[] {
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: false, trim: true }) as string[][];
  } catch (e) {
    throw new PaymentsFileError(`not a CSV file: ${(e as Error).message}`);
  }
  const header = rows[0];
  if (!header) throw new PaymentsFileError('the file is empty (expected the header ' + PAYMENT_COLUMNS.join(',') + ')');
  const at = new Map(header.map((h, i) => [h, i]));
  const missing = PAYMENT_COLUMNS.filter((c) => !at.has(c));
  if (missing.length > 0) throw new PaymentsFileError(`row 1: the header lacks ${missing.join(', ')} (expected ${PAYMENT_COLUMNS.join(',')})`);
  const ids = new Set<string>();
  return rows.slice(1).map((row, i) => {
    const n = i + 2;
    const get = (c: (typeof PAYMENT_COLUMNS)[number]) => row[at.get(c)!] ?? '';
    const id = get('id');
    if (!id) throw new PaymentsFileError(`row ${n}: id is empty`);
    if (ids.has(id)) throw new PaymentsFileError(`row ${n}: id ${id} appears twice`);
    ids.add(id);
    const currency = get('currency').toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw new PaymentsFileError(`row ${n}: currency "${get('currency')}" is not a three-letter ISO 4217 code`);
    const minor = minorOf(get('amount'), currency);
    if (typeof minor === 'string') throw new PaymentsFileError(`row ${n}: ${minor}`);
    const date = get('date');
    if (date && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))) throw new PaymentsFileError(`row ${n}: date "${date}" is not YYYY-MM-DD`);
    const opt = (c: (typeof PAYMENT_COLUMNS)[number]) => get(c) || undefined;
    const name = opt('counterpartyName');
    const account = opt('counterpartyAccount');
    const e2e = opt('endToEndId');
    const reference = opt('reference');
    return {
      id,
      ...(e2e ? { endToEndId: e2e } : {}),
      amount: { minor, currency },
      ...(date ? { date } : {}),
      counterparty: { ...(name ? { name } : {}), ...(account ? { account } : {}) },
      ...(reference ? { reference } : {}),
    };
  });
}

/** The entries of the first statement of a camt file (the rest of the file is still read, so a broken file is refused). */
async function firstStatementEntries(input: XmlInput): Promise<Entry[]> {
  const entries: Entry[] = [];
  for await (const event of readStatementEvents(input)) if (event.type === 'entry' && event.statementIndex === 0) entries.push(event.entry);
  return entries;
}

/**
 * Runs the default rules. Each payment is printed once: matched (to the transaction that paid it out, else to the
 * one that brought it back) or unmatched; each transaction once per payment it settles (a batch booking settles
 * several), or unmatched (fees and lines without a payment included).
 */
export async function reconcileFiles(paymentsCsv: string, statement: XmlInput): Promise<ReconcileOutput> {
  const payments = readPaymentsCsv(paymentsCsv);
  const lines = statementLines({ entries: await firstStatementEntries(statement) });
  const result = reconcile(lines, payments, DEFAULT_SETTINGS);
  const settledBy = new Map<string, { entry: string; rule: string }>();
  for (const kind of ['payment', 'return'] as const) {
    for (const m of result.matches) {
      if (m.kind !== kind) continue;
      for (const id of m.paymentIds) if (!settledBy.has(id)) settledBy.set(id, { entry: m.lineRef, rule: m.rule });
    }
  }
  const printedLines = new Set([...settledBy.values()].map((v) => v.entry));
  return {
    matched: payments.flatMap((p) => {
      const s = settledBy.get(p.id);
      return s ? [{ payment: p.id, entry: s.entry, rule: s.rule }] : [];
    }),
    unmatchedPayments: payments.filter((p) => !settledBy.has(p.id)).map((p) => p.id),
    unmatchedEntries: lines.filter((l) => !printedLines.has(l.ref)).map((l) => l.ref),
  };
}
