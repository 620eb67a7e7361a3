// Comparing what banks write with what we sent: references inside free remittance text, account numbers written with
// or without spaces, and counterparty names written differently ("ACME GmbH" / "Acme", "北京某某科技有限公司" / "某某科技").

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text: runs of letters and digits, upper case, width-normalised. */
const words = (s: string): string[] => [...s.normalize('NFKC').toUpperCase().matchAll(WORD)].map((m) => m[0]);

/** A reference as compared: letters and digits only, upper case ("inv-2024/001" → "INV2024001"). */
export const compactRef = (ref: string): string => words(ref).join('');

/**
 * Every reference the texts can be holding, as `compactRef` writes it: each run of up to `maxWords` consecutive whole
 * words, joined (64 characters at most). A reference is "in the text" when it is one of these: separators and case
 * may differ ("INV 2024-001" holds "inv2024001"), but it must start and end where words do ("INV20240012" does not
 * hold "INV2024001").
 */
export function referenceRuns(texts: readonly string[], maxWords = 8): Set<string> {
  const out = new Set<string>();
  for (const t of texts) {
    const w = words(t);
    for (let i = 0; i < w.length; i++) {
      let run = '';
      for (let j = i; j < w.length && j - i < maxWords; j++) {
        run += w[j];
        if (run.length > 64) break;
        out.add(run);
      }
    }
  }
  return out;
}

/** An account number as compared: IBAN or local, without spaces, dashes or case. */
export const accountKey = (account: string | undefined): string | undefined => {
  const k = account?.replace(/[\s\-./]/g, '').toUpperCase();
  return k ? k : undefined;
};

// Legal forms and filler words that say nothing about who a company is.
const LEGAL = new Set(
  'GMBH AG KG OHG UG SE SA SAS SARL SRL SPA BV NV LTD LIMITED PLC LLC LLP INC CORP CORPORATION CO COMPANY AB AS OY OYJ APS KFT SPZOO PTE PTY THE AND UND ET'.split(' '),
);
const CJK_LEGAL = /(股份有限公司|有限责任公司|有限公司|集团|公司|株式会社)$/u;

/** The words of a name that identify it: case, accents, punctuation and legal forms dropped. */
export function nameWords(name: string): string[] {
  const plain = name.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFKC').toUpperCase();
  const words: string[] = [];
  for (const m of plain.matchAll(WORD)) {
    let w = m[0];
    // A run of CJK characters is one word; its trailing legal form goes.
    if (/\p{Script=Han}/u.test(w)) w = w.replace(CJK_LEGAL, '');
    if (w && !LEGAL.has(w)) words.push(w);
  }
  return words;
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  const chars = [...s];
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  if (chars.length === 1) out.set(chars[0]!, 1);
  return out;
}

/**
 * How alike two counterparty names are, 0…1: the Dice coefficient of the character pairs of their identifying words
 * (order-independent: "Wang Qiang" and "QIANG WANG" are alike). 1 when one name's words are exactly the other's.
 */
export function nameSimilarity(a: string | undefined, b: string | undefined): number {
  if (!a || !b) return 0;
  const wa = nameWords(a).sort();
  const wb = nameWords(b).sort();
  if (wa.length === 0 || wb.length === 0) return 0;
  const ja = wa.join('');
  const jb = wb.join('');
  if (ja === jb) return 1;
  const ga = bigrams(ja);
  const gb = bigrams(jb);
  let shared = 0;
  let total = 0;
  for (const [g, n] of ga) {
    shared += Math.min(n, gb.get(g) ?? 0);
    total += n;
  }
  for (const n of gb.values()) total += n;
  return total === 0 ? 0 : (2 * shared) / total;
}

/** Day numbers of the dates seen (a statement has few distinct days and its rules compare them millions of times). */
const dayNumbers = new Map<string, number>();

/** The day number of a YYYY-MM-DD date (days since 1970-01-01), NaN when malformed. */
function dayNumber(date: string): number {
  const key = date.slice(0, 10);
  let n = dayNumbers.get(key);
  if (n === undefined) {
    const t = Date.parse(`${key}T00:00:00Z`);
    n = Number.isNaN(t) ? Number.NaN : Math.round(t / 86_400_000);
    if (dayNumbers.size >= 20_000) dayNumbers.clear();
    dayNumbers.set(key, n);
  }
  return n;
}

/** Whole days from `a` to `b` (YYYY-MM-DD), or undefined when either is missing or malformed. */
export function daysBetween(a: string | undefined, b: string | undefined): number | undefined {
  if (!a || !b) return undefined;
  const d = dayNumber(b) - dayNumber(a);
  return Number.isNaN(d) ? undefined : d;
}
