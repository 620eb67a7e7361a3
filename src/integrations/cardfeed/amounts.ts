// Decimal amounts and dates as card feeds write them, read without floats.
import { currencyExponent } from '../../../domain/money/index.js';

/** "1,234.50" / "-12.30" / "(12.30)" → minor units in `currency`; undefined with a reason when it cannot be read exactly. */
export function parseDecimal(text: string, currency: string): { minor: number } | { problem: string } {
  const exp = currencyExponent(currency);
  if (exp === undefined) return { problem: `unsupported currency ${currency}` };
  let s = text.trim().replace(/[,\s¥￥$€£]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return { problem: `'${text}' is not an amount` };
  const frac = m[2] ?? '';
  if (frac.length > exp) return { problem: `'${text}' has more decimals than ${currency} allows (${exp})` };
  const minor = Number(m[1]) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { problem: `'${text}' is too large` };
  return { minor: negative ? -minor : minor };
}

/** 2026-11-03, 2026/11/3, 20261103 or 2026年11月3日 → '2026-11-03'; undefined when not a real date. */
export function parseDay(text: string): string | undefined {
  const m = /^(\d{4})[-/年.]?(\d{1,2})[-/月.]?(\d{1,2})日?(?:[ T].*)?$/.exec(text.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}
