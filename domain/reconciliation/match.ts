// The reconciliation engine: statement lines against open payments, rule by rule in the organisation's order. A rule
// proposes pairs with a confidence; a pair is made automatically only when it is at or above the threshold and
// unambiguous (the line has that one candidate under the rule and the payment that one line), otherwise it is a
// suggestion for a person. Precision first: an automatic match is never a guess between equals.
import type { Money } from '../money/index.js';
import type { StatementLine } from './lines.js';
import { DEFAULT_SETTINGS, type ReconciliationSettings, type RuleSpec } from './rules.js';
import { accountKey, compactRef, daysBetween, nameSimilarity, referenceRuns } from './text.js';

/** A payment we sent and have not seen settled: what the bank's lines are matched against. */
export interface OpenPayment {
  readonly id: string;
  readonly endToEndId?: string;
  /** Positive: the amount sent. */
  readonly amount: Money;
  /** The requested execution date (YYYY-MM-DD). */
  readonly date?: string;
  readonly counterparty: { readonly name?: string; readonly account?: string };
  /** What we wrote in the remittance information (an invoice number, the batch's PmtInfId…). */
  readonly reference?: string;
  /** The MsgId and PmtInfId of the file that carried it: a batch booking names one of them. */
  readonly batchRefs?: readonly string[];
}

export interface Match {
  /** One line settles one payment; a batch line settles several. */
  readonly lineRef: string;
  readonly paymentIds: readonly string[];
  /** The rule (by name) that made it. */
  readonly rule: string;
  readonly confidence: number;
  /** `payment`: the money went out; `return`: it came back (a return or reversal of the payment). */
  readonly kind: 'payment' | 'return';
}

export interface Suggestion {
  readonly lineRef: string;
  readonly paymentIds: readonly string[];
  readonly rule: string;
  readonly confidence: number;
  /** Why it was not made automatically. */
  readonly reason: 'ambiguous' | 'below_threshold' | 'amount_differs';
}

export interface ReconcileResult {
  readonly matches: readonly Match[];
  /** Lines recognised as bank fees (by the rule named). */
  readonly fees: readonly { readonly lineRef: string; readonly rule: string }[];
  /** Lines an `ignore` rule says are not the company's business. */
  readonly ignored: readonly { readonly lineRef: string; readonly rule: string }[];
  readonly suggestions: readonly Suggestion[];
  /** Payments no line settled, in the order given. */
  readonly unmatchedPayments: readonly string[];
  /** Lines neither matched nor recognised as fees, in statement order. */
  readonly unmatchedLines: readonly string[];
}

interface State {
  readonly lines: readonly StatementLine[];
  readonly payments: readonly OpenPayment[];
  readonly threshold: number;
  /** Lines settled (matched or fee) and payments settled by an outgoing line. */
  readonly doneLines: Set<string>;
  readonly donePayments: Set<string>;
  /** Payments a return was matched to (a payment is returned once). */
  readonly returned: Set<string>;
  readonly matches: Match[];
  readonly fees: { lineRef: string; rule: string }[];
  readonly ignored: { lineRef: string; rule: string }[];
  readonly suggestions: Suggestion[];
}

/** A proposed pair (or line → several payments) with its confidence. */
interface Candidate {
  readonly line: StatementLine;
  readonly payments: readonly OpenPayment[];
  readonly confidence: number;
}

const within = (a: Money, b: Money, tolerance: number) => a.currency === b.currency && Math.abs(a.minor - b.minor) <= tolerance;
/** Money out of the account: where our payments show. */
const isOutgoing = (l: StatementLine) => l.creditDebit === 'DBIT' && !l.reversal;
/** Money back: a credit (a returned payment, or a debit reversed by the bank). */
const isIncoming = (l: StatementLine) => l.creditDebit === 'CRDT';

/**
 * Accepts the candidates that are above the threshold and unambiguous; the rest become suggestions. `byLine` holds
 * every candidate of each line under one rule; a payment named by candidates of two lines is ambiguous for both.
 */
function settle(s: State, rule: string, byLine: ReadonlyMap<string, Candidate[]>, kind: Match['kind']): void {
  const claims = new Map<string, number>();
  for (const cands of byLine.values()) for (const c of cands) for (const p of c.payments) claims.set(p.id, (claims.get(p.id) ?? 0) + 1);
  for (const [lineRef, cands] of byLine) {
    const best = cands.length === 1 ? cands[0]! : undefined;
    const unique = best !== undefined && best.payments.every((p) => claims.get(p.id) === 1);
    if (best && unique && best.confidence >= s.threshold) {
      s.matches.push({ lineRef, paymentIds: best.payments.map((p) => p.id), rule, confidence: best.confidence, kind });
      s.doneLines.add(lineRef);
      for (const p of best.payments) (kind === 'payment' ? s.donePayments : s.returned).add(p.id);
      continue;
    }
    for (const c of cands) {
      s.suggestions.push({ lineRef, paymentIds: c.payments.map((p) => p.id), rule, confidence: c.confidence, reason: unique ? 'below_threshold' : 'ambiguous' });
    }
  }
}

const openLines = (s: State, pick: (l: StatementLine) => boolean) => s.lines.filter((l) => !s.doneLines.has(l.ref) && pick(l));
const openPayments = (s: State) => s.payments.filter((p) => !s.donePayments.has(p.id));

function add<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function endToEndRule(s: State, r: Extract<RuleSpec, { kind: 'end_to_end_id' }>): void {
  const byId = new Map<string, OpenPayment[]>();
  for (const p of openPayments(s)) if (p.endToEndId) add(byId, p.endToEndId.trim(), p);
  const byLine = new Map<string, Candidate[]>();
  for (const l of openLines(s, isOutgoing)) {
    if (!l.endToEndId) continue;
    for (const p of byId.get(l.endToEndId.trim()) ?? []) {
      if (l.amount && !within(l.amount, p.amount, r.amountToleranceMinor)) {
        s.suggestions.push({ lineRef: l.ref, paymentIds: [p.id], rule: r.name, confidence: 0.6, reason: 'amount_differs' });
        continue;
      }
      if (l.amount === undefined && l.batch === undefined) {
        // The bank gave our id but no amount for this transaction (a breakdown without amounts): the id is ours and
        // unique, so it still decides, a little less surely.
        add(byLine, l.ref, { line: l, payments: [p], confidence: 0.95 });
        continue;
      }
      if (l.amount) add(byLine, l.ref, { line: l, payments: [p], confidence: 1 });
    }
  }
  settle(s, r.name, byLine, 'payment');
}

/**
 * Up to `limit` sets of exactly `count` payments of `pool` adding up to `total` (amounts are positive). A bounded
 * search: a pool too large to search in reasonable time gives no set (left for a person), never a guess.
 */
export function subsetsSumming(pool: readonly OpenPayment[], count: number, total: number, limit: number): OpenPayment[][] {
  if (count < 2 || count > pool.length || pool.length > 60) return [];
  const sorted = [...pool].sort((a, b) => a.amount.minor - b.amount.minor);
  const out: OpenPayment[][] = [];
  const chosen: OpenPayment[] = [];
  let budget = 200_000;
  const search = (from: number, left: number, rest: number): void => {
    if (out.length >= limit || --budget < 0) return;
    if (left === 0) {
      if (rest === 0) out.push([...chosen]);
      return;
    }
    for (let i = from; i <= sorted.length - left; i++) {
      const a = sorted[i]!.amount.minor;
      // Sorted ascending: the smallest `left` amounts from here already exceed what is left.
      if (a * left > rest) break;
      // Equal amounts are not skipped: two sets that differ only by which equal payment are two answers (a guess).
      chosen.push(sorted[i]!);
      search(i + 1, left - 1, rest - a);
      chosen.pop();
      if (out.length >= limit) return;
    }
  };
  search(0, count, total);
  return out;
}

function batchRule(s: State, r: Extract<RuleSpec, { kind: 'batch' }>): void {
  const open = openPayments(s);
  const byRef = new Map<string, OpenPayment[]>();
  for (const p of open) for (const ref of new Set([p.reference, ...(p.batchRefs ?? [])].filter((x): x is string => !!x).map(compactRef))) add(byRef, ref, p);
  const byLine = new Map<string, Candidate[]>();
  for (const l of openLines(s, isOutgoing)) {
    if (!l.batch || !l.amount) continue;
    const total = (ps: readonly OpenPayment[]) => ps.reduce((sum, p) => sum + p.amount.minor, 0);
    const fits = (ps: readonly OpenPayment[]) =>
      ps.length > 1 && ps.every((p) => p.amount.currency === l.amount!.currency) && total(ps) === l.amount!.minor && (l.batch!.count === undefined || l.batch!.count === ps.length);
    // The batch's own references, as we wrote them on its payments.
    let found = false;
    for (const ref of [l.batch.pmtInfId, l.batch.msgId]) {
      const ps = ref ? byRef.get(compactRef(ref)) : undefined;
      if (ps && fits(ps)) {
        add(byLine, l.ref, { line: l, payments: ps, confidence: 0.97 });
        found = true;
        break;
      }
    }
    if (found || l.batch.count === undefined) continue;
    // Else: payments of one execution date near the booking, exactly as many as the batch says and adding up to it,
    // if exactly one such set exists among that date's payments (a second set makes it a guess).
    const byDate = new Map<string, OpenPayment[]>();
    for (const p of open) {
      const d = daysBetween(p.date, l.date);
      if (p.date && d !== undefined && d >= 0 && d <= r.dateWindowDays && p.amount.currency === l.amount.currency) add(byDate, p.date, p);
    }
    const sets = [...byDate.values()].flatMap((ps) => subsetsSumming(ps, l.batch!.count!, l.amount!.minor, 2));
    for (const ps of sets) if (fits(ps)) add(byLine, l.ref, { line: l, payments: ps, confidence: sets.length === 1 ? 0.92 : 0.6 });
  }
  settle(s, r.name, byLine, 'payment');
}

function referenceKeys(l: StatementLine, compiled: RegExp | undefined): Set<string> {
  if (!compiled) return referenceRuns(l.texts);
  const out = new Set<string>();
  for (const t of l.texts) for (const m of t.matchAll(compiled)) out.add(compactRef(m[1] ?? m[0]));
  return out;
}

function referenceRule(s: State, r: Extract<RuleSpec, { kind: 'reference' }>): void {
  const compiled = r.pattern ? new RegExp(r.pattern, 'giu') : undefined;
  const byRef = new Map<string, OpenPayment[]>();
  for (const p of openPayments(s)) {
    // The payment's reference and its EndToEndId (banks that drop the id often keep it in the text).
    for (const ref of new Set([p.reference, p.endToEndId].filter((x): x is string => !!x).map(compactRef))) if (ref.length >= 4) add(byRef, ref, p);
  }
  const byLine = new Map<string, Candidate[]>();
  for (const l of openLines(s, isOutgoing)) {
    if (!l.amount || l.texts.length === 0) continue;
    const named = new Map<string, OpenPayment>();
    for (const key of referenceKeys(l, compiled)) for (const p of byRef.get(key) ?? []) named.set(p.id, p);
    const alone = [...named.values()].filter((p) => within(l.amount!, p.amount, r.amountToleranceMinor));
    for (const p of alone) add(byLine, l.ref, { line: l, payments: [p], confidence: 0.95 });
    if (alone.length > 0) continue;
    // One transfer for several payments, each named in the text, adding up to it exactly.
    const all = [...named.values()];
    if (all.length > 1 && all.every((p) => p.amount.currency === l.amount!.currency) && all.reduce((n, p) => n + p.amount.minor, 0) === l.amount.minor) {
      add(byLine, l.ref, { line: l, payments: all, confidence: 0.93 });
      continue;
    }
    for (const p of all) s.suggestions.push({ lineRef: l.ref, paymentIds: [p.id], rule: r.name, confidence: 0.5, reason: 'amount_differs' });
  }
  settle(s, r.name, byLine, 'payment');
}

function amountCounterpartyRule(s: State, r: Extract<RuleSpec, { kind: 'amount_counterparty' }>): void {
  // Open payments by currency, sorted by amount: each line looks up the payments within its tolerance.
  const byCurrency = new Map<string, OpenPayment[]>();
  for (const p of openPayments(s)) add(byCurrency, p.amount.currency, p);
  for (const list of byCurrency.values()) list.sort((a, b) => a.amount.minor - b.amount.minor);
  const firstAtLeast = (list: readonly OpenPayment[], minor: number) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.amount.minor < minor) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const byLine = new Map<string, Candidate[]>();
  for (const l of openLines(s, isOutgoing)) {
    if (!l.amount || l.batch) continue;
    const list = byCurrency.get(l.amount.currency);
    if (!list) continue;
    const lineAccount = accountKey(l.counterparty.account);
    for (let i = firstAtLeast(list, l.amount.minor - r.amountToleranceMinor); i < list.length && list[i]!.amount.minor <= l.amount.minor + r.amountToleranceMinor; i++) {
      const p = list[i]!;
      const d = daysBetween(p.date, l.date);
      if (d !== undefined && Math.abs(d) > r.dateWindowDays) continue;
      let confidence: number;
      const paymentAccount = accountKey(p.counterparty.account);
      if (lineAccount && paymentAccount) {
        // Both accounts known: they decide (a name alike on another account is someone else).
        if (lineAccount !== paymentAccount) continue;
        confidence = 0.96;
      } else {
        const sim = nameSimilarity(l.counterparty.name, p.counterparty.name);
        if (sim < r.minNameSimilarity) continue;
        confidence = sim === 1 ? 0.93 : sim >= 0.9 ? 0.91 : 0.8;
      }
      // An exact amount is stronger evidence than one within the tolerance; a date in the window than no date.
      if (p.amount.minor !== l.amount.minor) confidence -= 0.05;
      if (d === undefined) confidence -= 0.02;
      add(byLine, l.ref, { line: l, payments: [p], confidence });
    }
  }
  settle(s, r.name, byLine, 'payment');
}

function returnRule(s: State, r: Extract<RuleSpec, { kind: 'return' }>): void {
  const byKey = new Map<string, OpenPayment[]>();
  for (const p of s.payments) {
    if (s.returned.has(p.id)) continue;
    for (const ref of new Set([p.endToEndId, p.reference].filter((x): x is string => !!x).map(compactRef))) if (ref.length >= 4) add(byKey, ref, p);
  }
  const byLine = new Map<string, Candidate[]>();
  for (const l of openLines(s, isIncoming)) {
    if (!l.amount) continue;
    const saysReturn = l.returnReason !== undefined || l.reversal;
    // Money in naming a payment only in its text is a return only when the bank says it is one.
    if (!l.endToEndId && !saysReturn) continue;
    const keys = l.endToEndId ? new Set([compactRef(l.endToEndId)]) : referenceRuns(l.texts);
    const seen = new Set<string>();
    for (const key of keys) {
      for (const p of byKey.get(key) ?? []) {
        if (seen.has(p.id) || !within(l.amount, p.amount, 0)) continue;
        seen.add(p.id);
        add(byLine, l.ref, { line: l, payments: [p], confidence: saysReturn ? 0.97 : 0.9 });
      }
    }
  }
  settle(s, r.name, byLine, 'return');
}

function feeRule(s: State, r: Extract<RuleSpec, { kind: 'fee' }>): void {
  const patterns = r.patterns.map((p) => new RegExp(p, 'iu'));
  for (const l of openLines(s, isOutgoing)) {
    if (!l.amount || l.endToEndId || l.batch) continue;
    if (r.maxAmountMinor !== undefined && l.amount.minor > r.maxAmountMinor) continue;
    const said = [...l.texts, l.counterparty.name ?? ''];
    if (!said.some((t) => patterns.some((p) => p.test(t)))) continue;
    s.fees.push({ lineRef: l.ref, rule: r.name });
    s.doneLines.add(l.ref);
  }
}

function ignoreRule(s: State, r: Extract<RuleSpec, { kind: 'ignore' }>): void {
  const patterns = r.patterns.map((p) => new RegExp(p, 'iu'));
  for (const l of openLines(s, () => true)) {
    const said = [...l.texts, l.counterparty.name ?? ''];
    if (!said.some((t) => patterns.some((p) => p.test(t)))) continue;
    s.ignored.push({ lineRef: l.ref, rule: r.name });
    s.doneLines.add(l.ref);
  }
}

/**
 * Reconciles `lines` (one statement's, see `statementLines`) against `payments` with the organisation's rules in
 * order. Every line ends up matched, a fee, or unmatched; every payment matched or unmatched (a return is recorded as
 * a match of kind `return` and does not settle the payment). Pure and deterministic: the same input gives the same result.
 */
export function reconcile(lines: readonly StatementLine[], payments: readonly OpenPayment[], settings: ReconciliationSettings = DEFAULT_SETTINGS): ReconcileResult {
  const s: State = {
    lines,
    payments,
    threshold: settings.autoThreshold,
    doneLines: new Set(),
    donePayments: new Set(),
    returned: new Set(),
    matches: [],
    fees: [],
    ignored: [],
    suggestions: [],
  };
  for (const r of settings.rules) {
    if (r.kind === 'end_to_end_id') endToEndRule(s, r);
    else if (r.kind === 'batch') batchRule(s, r);
    else if (r.kind === 'reference') referenceRule(s, r);
    else if (r.kind === 'amount_counterparty') amountCounterpartyRule(s, r);
    else if (r.kind === 'return') returnRule(s, r);
    else if (r.kind === 'ignore') ignoreRule(s, r);
    else feeRule(s, r);
  }
  // A suggestion for a line or payment that a later rule settled is moot.
  const suggestions = s.suggestions.filter((x) => !s.doneLines.has(x.lineRef) && x.paymentIds.every((id) => !s.donePayments.has(id)));
  return {
    matches: s.matches,
    fees: s.fees,
    ignored: s.ignored,
    suggestions,
    unmatchedPayments: payments.filter((p) => !s.donePayments.has(p.id)).map((p) => p.id),
    unmatchedLines: lines.filter((l) => !s.doneLines.has(l.ref)).map((l) => l.ref),
  };
}
