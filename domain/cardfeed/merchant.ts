// How alike two merchant names are, for Chinese and Latin names ("滴滴出行" vs "DIDI*滴滴出行科技", "STARBUCKS #1234
// SHANGHAI" vs "Starbucks"): normalise, then the best of token containment and a character-bigram Dice coefficient.

const SUFFIXES = /(有限责任公司|股份有限公司|有限公司|分公司|公司|CO\.?,?\s*LTD\.?|LIMITED|LTD\.?|INC\.?|CORP\.?|LLC)/gi;

/** Half-width, upper case, no digits, punctuation or company suffixes. */
export function normaliseMerchant(s: string): string {
  return s
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase()
    .replace(SUFFIXES, ' ')
    .replace(/[0-9#*_.,;:!?'"()[\]{}\-/\\|&@]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  const t = s.replace(/\s+/g, '');
  for (let i = 0; i < t.length - 1; i++) {
    const g = t.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Similarity in [0, 1]; 1 when one normalised name contains the other's words. */
export function merchantSimilarity(a: string, b: string): number {
  const x = normaliseMerchant(a);
  const y = normaliseMerchant(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const tx = x.split(' ').filter((w) => w.length > 1);
  const ty = y.split(' ').filter((w) => w.length > 1);
  const [short, long] = tx.length <= ty.length ? [tx, y] : [ty, x];
  const contained = short.length > 0 && short.every((w) => long.includes(w)) ? 0.9 : 0;
  const bx = bigrams(x);
  const by = bigrams(y);
  let inter = 0;
  let total = 0;
  for (const [g, n] of bx) {
    inter += Math.min(n, by.get(g) ?? 0);
    total += n;
  }
  for (const n of by.values()) total += n;
  const dice = total === 0 ? 0 : (2 * inter) / total;
  return Math.max(contained, dice);
}
