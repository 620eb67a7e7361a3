// What the rules decide of a statement's lines: the payments they may be read as the rules need them (the candidates),
// reconciled, and kept by line position until the import stores the lines and moves the payments (statement-import.ts).
import type { Executor } from '../../../db/database.js';
import { paymentsForMatching } from '../../../db/repos/reconciliation.js';
import { reconcile, remembered, sharedValues, type OpenPayment, type StatementLine } from '../../../domain/reconciliation/index.js';
import { settingsFor } from '../reconciliation/rules.js';

/** A bank fee on a statement line, booked against the bank account it was taken from. */
export interface BankFee {
  statementRowId: string;
  ref: string;
  date: string;
  amount: { minor: number; currency: string };
  bankAccountId: string;
  text?: string | undefined;
}

/** A payment a line settles or returns, with the line's day (and the bank's reason for a return). */
export interface PaymentToMove {
  id: string;
  date: string;
  reason?: string | undefined;
}

/**
 * Payments to settle or return, held as columns until their chunk comes: a 100,000-payment statement holds three
 * arrays of strings the lines and candidates already have, not an object per payment through all the moves.
 */
export class PaymentsToMove {
  private readonly ids: string[] = [];
  private readonly dates: string[] = [];
  private readonly reasons: (string | undefined)[] = [];

  get length(): number {
    return this.ids.length;
  }

  push(id: string, date: string, reason: string | undefined): void {
    this.ids.push(id);
    this.dates.push(date);
    this.reasons.push(reason);
  }

  slice(from: number, to: number): PaymentToMove[] {
    const out: PaymentToMove[] = [];
    for (let i = from; i < Math.min(to, this.ids.length); i++) out.push({ id: this.ids[i]!, date: this.dates[i]!, reason: this.reasons[i] });
    return out;
  }
}

type DecidedState = 'matched' | 'returned' | 'fee' | 'not_ours';
type Suggested = { paymentIds: readonly string[]; rule: string; confidence: number; reason: string };

/**
 * What the rules decided of each line, by the line's position in the statement: arrays beside the lines instead of
 * maps of objects by reference, so storing 100,000 lines holds little more than the lines themselves.
 */
export interface Decisions {
  state: (DecidedState | undefined)[];
  rule: (string | undefined)[];
  paymentIds: (readonly string[] | undefined)[];
  /** What the rules proposed without being sure, by line (best first, five at most). */
  suggested: Map<number, Suggested[]>;
  toSettle: PaymentsToMove;
  toReturn: PaymentsToMove;
  fees: BankFee[];
}

export const isBooked = (l: StatementLine) => l.status === undefined || l.status === 'BOOK';

/**
 * Reconciles the statement's booked lines with the payments they may be, and keeps what the rules decided of each
 * line. The candidates and the rules' result are dropped when it returns.
 */
export async function decideLines(tx: Executor, orgId: string, all: readonly StatementLine[], statementRowId: string, debtorAccountId: string, today: string): Promise<Decisions> {
  const lines = all.every(isBooked) ? all : all.filter(isBooked);
  const result = reconcile(lines, await matchCandidates(tx, orgId, lines), (await settingsFor(tx, orgId)).settings);
  const at = new Map<string, number>();
  for (let i = 0; i < all.length; i++) if (isBooked(all[i]!)) at.set(all[i]!.ref, i);
  const d: Decisions = { state: new Array(all.length), rule: new Array(all.length), paymentIds: new Array(all.length), suggested: new Map(), toSettle: new PaymentsToMove(), toReturn: new PaymentsToMove(), fees: [] };
  const decide = (ref: string, state: DecidedState, rule: string, paymentIds: readonly string[] | undefined) => {
    const i = at.get(ref)!;
    d.state[i] = state;
    d.rule[i] = rule;
    d.paymentIds[i] = paymentIds;
    return all[i]!;
  };
  for (const m of result.matches) {
    const line = decide(m.lineRef, m.kind === 'payment' ? 'matched' : 'returned', m.rule, m.paymentIds);
    for (const id of m.paymentIds) (m.kind === 'payment' ? d.toSettle : d.toReturn).push(id, line.date ?? today, line.returnReason);
  }
  for (const f of result.fees) {
    const line = decide(f.lineRef, 'fee', f.rule, undefined);
    d.fees.push({ statementRowId, ref: line.ref, date: line.date ?? today, amount: line.amount!, bankAccountId: debtorAccountId, text: line.texts[0] ?? line.counterparty.name });
  }
  for (const f of result.ignored) decide(f.lineRef, 'not_ours', f.rule, undefined);
  // What the rules proposed without being sure: kept on the open line for the person who decides it (best first).
  for (const x of [...result.suggestions].sort((a, b) => b.confidence - a.confidence)) {
    const i = at.get(x.lineRef)!;
    const list = d.suggested.get(i) ?? [];
    if (list.length < 5) list.push({ paymentIds: x.paymentIds, rule: x.rule, confidence: x.confidence, reason: x.reason });
    d.suggested.set(i, list);
  }
  return d;
}

/**
 * The payments the booked lines may be, as the rules read them. The payee's name as the bank holds it: the amount +
 * counterparty rule compares it. Our payment files write the EndToEndId in the remittance text too (bank-send.ts):
 * where a bank drops the field, the reference rule finds it. Read a batch of rows at a time, and what payments have
 * in common is one object for all of them (the day, the payee, the file's references, the amount): against 100,000
 * payments the candidates are most of what the import holds while the rules run.
 */
async function matchCandidates(tx: Executor, orgId: string, lines: readonly StatementLine[]): Promise<OpenPayment[]> {
  const unique = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  const share = sharedValues();
  const payees = new Map<string, OpenPayment['counterparty']>();
  const files = new Map<string, Map<string, readonly string[]>>();
  const out: OpenPayment[] = [];
  const rows = paymentsForMatching(tx, orgId, {
    endToEndIds: unique(lines.map((l) => l.endToEndId)),
    batchRefs: unique(lines.flatMap((l) => (l.batch ? [l.batch.msgId, l.batch.pmtInfId] : []))),
  });
  for await (const batch of rows) {
    for (const p of batch) {
      out.push({
        id: p.id,
        endToEndId: p.endToEndId,
        reference: p.endToEndId,
        amount: share.money({ minor: p.amountMinor, currency: share.text(p.currency) }),
        date: share.text(p.movedOn),
        counterparty: p.holderName ? remembered(payees, p.holderName, () => ({ name: share.text(p.holderName!) })) : NO_NAME,
        batchRefs: sharedIn(files, p.msgId, p.pmtInfId, () => [share.text(p.msgId), p.pmtInfId]),
      });
    }
  }
  return out;
}

/** Shared by every candidate whose payee has no name on record. */
const NO_NAME: OpenPayment['counterparty'] = Object.freeze({});

/** `remembered` under two keys (a file's MsgId and its PmtInfId). */
function sharedIn<K, V>(m: Map<string, Map<K, V>>, outer: string, inner: K, make: () => V): V {
  let byInner = m.get(outer);
  if (byInner === undefined) m.set(outer, (byInner = new Map()));
  return remembered(byInner, inner, make);
}
