// Matching card transactions to expense lines: the same amount and currency, a date within the window, the same
// employee when the transaction names one, the most alike merchant first. Near-linear: lines are bucketed by
// currency:amount, so each transaction only looks at lines of its exact amount.
import { merchantSimilarity } from './merchant.js';

export interface MatchTxn {
  readonly id: string;
  readonly employeeId?: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly date: string;
  readonly merchant: string;
}

export interface MatchLine {
  readonly id: string;
  readonly employeeId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly date: string;
  readonly merchant?: string;
}

export interface Match {
  readonly txnId: string;
  readonly lineId: string;
  readonly score: number;
  readonly reasons: string[];
}

export interface MatchOptions {
  dateWindowDays?: number;
  /** A candidate with a merchant less alike than this is still a match when it is the only one within a day. */
  minMerchantScore?: number;
  /** Filled with the number of transaction × line pairs compared (to check the matcher stays near-linear). */
  stats?: { comparisons: number };
}

const dayOf = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

/**
 * One-to-one matches, deterministic whatever the input order: candidate pairs are scored (merchant similarity, then
 * closeness in days) and taken best first; each line and each transaction is used once. Refunds match nothing.
 */
export function matchTransactions(txns: readonly MatchTxn[], lines: readonly MatchLine[], o: MatchOptions = {}): { matches: Match[]; unmatched: string[] } {
  const window = o.dateWindowDays ?? 3;
  const minScore = o.minMerchantScore ?? 0.35;
  // currency:amount → employee → lines: a transaction that names its cardholder looks only at that person's lines of
  // the same amount, so a thousand ¥45 taxi rides of different people do not make the matcher quadratic.
  const buckets = new Map<string, Map<string, MatchLine[]>>();
  for (const l of lines) {
    const k = `${l.currency}:${l.amountMinor}`;
    let byEmployee = buckets.get(k);
    if (!byEmployee) buckets.set(k, (byEmployee = new Map()));
    const list = byEmployee.get(l.employeeId);
    if (list) list.push(l);
    else byEmployee.set(l.employeeId, [l]);
  }
  const pairs: { t: MatchTxn; l: MatchLine; merchant: number; days: number }[] = [];
  let comparisons = 0;
  for (const t of txns) {
    if (t.amountMinor <= 0) continue;
    const byEmployee = buckets.get(`${t.currency}:${t.amountMinor}`);
    if (!byEmployee) continue;
    const candidates = t.employeeId ? (byEmployee.get(t.employeeId) ?? []) : [...byEmployee.values()].flat();
    const td = dayOf(t.date);
    for (const l of candidates) {
      comparisons++;
      const days = Math.abs(dayOf(l.date) - td);
      if (days > window) continue;
      const merchant = l.merchant ? merchantSimilarity(t.merchant, l.merchant) : 0;
      // A weak merchant match is accepted only very close in time.
      if (merchant < minScore && days > 1) continue;
      pairs.push({ t, l, merchant, days });
    }
  }
  if (o.stats) o.stats.comparisons = comparisons;
  pairs.sort((a, b) => b.merchant - a.merchant || a.days - b.days || a.t.id.localeCompare(b.t.id) || a.l.id.localeCompare(b.l.id));
  const usedT = new Set<string>();
  const usedL = new Set<string>();
  const matches: Match[] = [];
  for (const p of pairs) {
    if (usedT.has(p.t.id) || usedL.has(p.l.id)) continue;
    usedT.add(p.t.id);
    usedL.add(p.l.id);
    const reasons = ['amount', `date±${p.days}`, `merchant ${p.merchant.toFixed(2)}`, ...(p.t.employeeId ? ['employee'] : [])];
    matches.push({ txnId: p.t.id, lineId: p.l.id, score: Math.round((0.6 * p.merchant + 0.4 * (1 - p.days / (window + 1))) * 100) / 100, reasons });
  }
  matches.sort((a, b) => a.txnId.localeCompare(b.txnId));
  return { matches, unmatched: txns.filter((t) => !usedT.has(t.id)).map((t) => t.id) };
}
