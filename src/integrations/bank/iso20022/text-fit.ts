// Fits free text (names, remittance lines) to what a bank accepts: the EPC Latin character set or full UTF-8, and a
// maximum length counted in characters, as the XSD's MaxNNText facets count them (code points, not UTF-16 units).

/** The SEPA (EPC) basic character set: a-z A-Z 0-9 / - ? : ( ) . , ' + and space. */
const EPC_CHAR = /^[A-Za-z0-9/\-?:().,'+ ]$/;

/**
 * Letters that Unicode decomposition does not reduce to a base letter (ß is not "s" + mark), and punctuation with a
 * close EPC equivalent. Written out by hand, following the usual German/Nordic bank conversions (ß → ss, Æ → AE).
 */
const SPECIAL: Readonly<Record<string, string>> = Object.freeze({
  ß: 'ss', ẞ: 'SS', Æ: 'AE', æ: 'ae', Œ: 'OE', œ: 'oe', Ø: 'O', ø: 'o', Å: 'A', å: 'a', Ł: 'L', ł: 'l', Đ: 'D', đ: 'd',
  Ð: 'D', ð: 'd', Þ: 'TH', þ: 'th', ı: 'i', Ħ: 'H', ħ: 'h', ĸ: 'k', Ŋ: 'N', ŋ: 'n',
  '&': '+', '@': '(at)', _: '-', '"': "'", '‘': "'", '’': "'", '“': "'", '”': "'", '–': '-', '—': '-', '#': 'No.',
  ';': ',', '!': '.', '*': '.', '%': ' pct', '=': '-', '[': '(', ']': ')', '{': '(', '}': ')', '<': '(', '>': ')',
  '|': '/', '\\': '/', '~': '-', '`': "'", '€': 'EUR', '£': 'GBP',
  // '$' and '¥' are left out on purpose: each stands for several currencies (USD/HKD/SGD…, CNY/JPY) and a wrong
  // code in a remittance line misleads more than a '?'.
  // Chinese punctuation (NFKC already turns full-width forms such as （ ） ， ： into ASCII).
  '。': '.', '、': ',', '《': "'", '》': "'", '「': "'", '」': "'", '『': "'", '』': "'", '【': '(', '】': ')', '·': '.',
  '…': '...', '～': '-',
});

/** Characters XML 1.0 cannot carry at all, plus unpaired surrogates: removed in every profile. */
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g; // eslint-disable-line no-control-regex

/** Collapses whitespace runs (tabs and line breaks included) to one space and trims. */
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * Converts text to the EPC character set. Accented letters lose their accents (é → e, ü → u: NFD then drop the
 * combining marks), full-width forms become ASCII (NFKC), the letters and signs in SPECIAL are spelled out, and every
 * run of characters with no Latin equivalent (Chinese, Cyrillic, emoji) becomes a single '?'. We do not romanise
 * Chinese: a pinyin guess of a name can be wrong (多音字), and a wrong name is worse than a visibly missing one, so
 * '?' marks the gap and the Latin parts stay readable ("报销 Berlin trip" → "? Berlin trip").
 */
export function toEpc(text: string): string {
  const out: string[] = [];
  let gap = false;
  for (const ch of text.normalize('NFKC').normalize('NFD')) {
    if (/\p{M}/u.test(ch)) continue; // a combining accent left by NFD: the base letter before it is kept
    const mapped = EPC_CHAR.test(ch) ? ch : /\s/.test(ch) ? ' ' : SPECIAL[ch];
    if (mapped !== undefined) {
      out.push(mapped);
      gap = false;
    } else if (!gap) {
      out.push('?');
      gap = true;
    }
  }
  return squash(out.join(''));
}

/** True when `text` has at least one letter or digit after conversion (an all-Chinese name has none under EPC). */
export function hasAlphanumeric(text: string): boolean {
  return /[A-Za-z0-9\p{L}\p{N}]/u.test(text);
}

/** Cuts `text` to at most `max` characters (code points) without splitting a surrogate pair, then trims. */
export function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('').trimEnd();
}

/** Makes `text` fit a bank: EPC conversion when `charset` is 'epc', XML-illegal characters removed, whitespace
 * squashed, then cut to `max` characters. */
export function fitText(text: string, charset: 'epc' | 'utf8', max: number): string {
  const clean = squash(text.replace(XML_ILLEGAL, ''));
  return cut(charset === 'epc' ? toEpc(clean) : clean, max);
}
