// `statement inspect FILE`: the summary of the first statement (or notification) of a camt.053 / camt.054 file.
import { readStatementEvents, type XmlInput } from '../integrations/bank/iso20022/read/index.js';
import type { StatementBalance, StatementHeader } from '../../domain/payment/statement.js';

/** A signed amount as printed. */
export interface PrintedAmount {
  readonly minor: number;
  readonly currency: string;
}

/** The JSON object `statement inspect` prints. */
export interface StatementSummary {
  readonly format: string;
  readonly account: string;
  readonly entries: number;
  readonly transactions: number;
  readonly totalCredit: PrintedAmount;
  readonly totalDebit: PrintedAmount;
  readonly openingBalance?: PrintedAmount;
  readonly closingBalance?: PrintedAmount;
}

/** The summary plus what was left out of it, for a note on stderr. */
export interface StatementInspection {
  readonly summary: StatementSummary;
  /** Entries in another currency than the statement's, per currency: not in the totals (no rate to convert them). */
  readonly excluded: Readonly<Record<string, number>>;
  /** How many statements the file holds (only the first is summarised). */
  readonly statements: number;
}

/** Currency used when a statement names none anywhere (no account currency, balance or entry): ISO 4217 "no currency". */
const NO_CURRENCY = 'XXX';

const printed = (b: StatementBalance | undefined): PrintedAmount | undefined =>
  b === undefined ? undefined : { minor: b.amount.minor, currency: b.amount.currency };

/**
 * Summarises the first statement of `input` and reads the rest of the file to the end, so a file that breaks later
 * is still refused. Totals are the sums of `Ntry/Amt` by `CdtDbtInd` over all entries whatever their status
 * (reversals count as their indicator says), in the statement currency: the account's `Ccy`, else the opening,
 * closing or first entry's currency. Entries booked in another currency (e.g. a EUR debit on a USD account) are left
 * out of the totals and reported in `excluded`: adding EUR cents to USD cents would be wrong, and the file gives no
 * booked counter-value on the entry itself. Throws Iso20022ReadError as the reader does, and when the file holds no
 * statement.
 */
export async function inspectStatement(input: XmlInput): Promise<StatementInspection> {
  const byCurrency = new Map<string, { credit: number; debit: number }>();
  let firstEntryCurrency: string | undefined;
  let entries = 0;
  let transactions = 0;
  let header: StatementHeader | undefined;
  let statements = 0;
  for await (const event of readStatementEvents(input)) {
    if (event.statementIndex > 0) {
      if (event.type === 'statement') statements += 1;
      continue;
    }
    if (event.type === 'entry') {
      const { entry } = event;
      entries += 1;
      transactions += Math.max(entry.transactions.length, 1);
      firstEntryCurrency ??= entry.amount.currency;
      const sums = byCurrency.get(entry.amount.currency) ?? { credit: 0, debit: 0 };
      if (entry.creditDebit === 'CRDT') sums.credit += entry.amount.minor;
      else sums.debit += entry.amount.minor;
      byCurrency.set(entry.amount.currency, sums);
    } else {
      header = event.header;
      statements += 1;
    }
  }
  if (!header) throw new NoStatementError();
  const currency =
    header.account.currency ?? header.openingBalance?.amount.currency ?? header.closingBalance?.amount.currency ?? firstEntryCurrency ?? NO_CURRENCY;
  const own = byCurrency.get(currency) ?? { credit: 0, debit: 0 };
  const excluded: Record<string, number> = {};
  for (const [c, sums] of byCurrency) if (c !== currency) excluded[c] = sums.credit + sums.debit;
  const opening = printed(header.openingBalance);
  const closing = printed(header.closingBalance);
  return {
    summary: {
      format: header.version,
      account: header.account.iban ?? header.account.other ?? '',
      entries,
      transactions,
      totalCredit: { minor: own.credit, currency },
      totalDebit: { minor: own.debit, currency },
      ...(opening && { openingBalance: opening }),
      ...(closing && { closingBalance: closing }),
    },
    excluded,
    statements,
  };
}

/** A well-formed camt document without any `Stmt` / `Ntfctn`. */
export class NoStatementError extends Error {
  override readonly name = 'NoStatementError';
  constructor() {
    super('the file holds no statement or notification (no Stmt / Ntfctn element)');
  }
}
