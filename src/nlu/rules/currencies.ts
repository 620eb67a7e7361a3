// Words and symbols that name a currency, before or after the number, mapped to ISO 4217 codes.
import { SUPPORTED_CURRENCIES } from '../../../domain/money/index.js';

/** Written before the number: ¥199, US$45, HK$230, NT$1490, €38.50, RMB 500. Longest first. */
const PREFIX_SYMBOLS: Readonly<Record<string, string>> = {
  'us$': 'USD', 'usd$': 'USD', 'hk$': 'HKD', 'nt$': 'TWD', 'ntd': 'TWD', 's$': 'SGD', 'sg$': 'SGD', 'a$': 'AUD', 'au$': 'AUD',
  'c$': 'CAD', 'ca$': 'CAD', 'nz$': 'NZD', 'mop$': 'MOP', 'jp¥': 'JPY', 'rmb': 'CNY', '人民币': 'CNY', '¥': 'CNY', '$': 'USD',
  '€': 'EUR', '£': 'GBP', '₩': 'KRW', '₹': 'INR', '円': 'JPY', '美元': 'USD', '欧元': 'EUR', '港币': 'HKD', '港元': 'HKD', '日元': 'JPY',
  'rs.': 'INR', 'rs': 'INR', 'rm': 'MYR', '₪': 'ILS', '฿': 'THB',
  ringgits: 'MYR', ringgit: 'MYR', 'malaysian ringgits': 'MYR', 'malaysian ringgit': 'MYR', 'malaysia ringgits': 'MYR', 'malaysia ringgit': 'MYR',
  新台币: 'TWD', 台币: 'TWD', 美金: 'USD', 英镑: 'GBP', 韩元: 'KRW', 新加坡元: 'SGD', 澳元: 'AUD', 加元: 'CAD', 澳门元: 'MOP',
};

/** Written after the number: 58块, 36元, 500日元, 20 euros. */
const SUFFIX_WORDS: Readonly<Record<string, string>> = {
  元: 'CNY', 块钱: 'CNY', 块: 'CNY', 圆: 'CNY', 人民币: 'CNY', rmb: 'CNY', yuan: 'CNY', kuai: 'CNY',
  美元: 'USD', 美金: 'USD', 刀: 'USD', dollars: 'USD', dollar: 'USD', bucks: 'USD',
  欧元: 'EUR', 欧: 'EUR', euros: 'EUR', euro: 'EUR',
  日元: 'JPY', 日币: 'JPY', 円: 'JPY', yen: 'JPY',
  港币: 'HKD', 港元: 'HKD', 港纸: 'HKD', 新台币: 'TWD', 台币: 'TWD',
  英镑: 'GBP', pounds: 'GBP', pound: 'GBP', 韩元: 'KRW', 韩币: 'KRW', won: 'KRW',
  新加坡元: 'SGD', 新币: 'SGD', 澳元: 'AUD', 澳币: 'AUD', 加元: 'CAD', 加币: 'CAD', 卢布: 'RUB', 泰铢: 'THB', 瑞郎: 'CHF',
  // Hong Kong usage: 蚊 is the dollar (七蚊, 五蚊半).
  蚊: 'HKD', 港币蚊: 'HKD', 澳门元: 'MOP', 葡币: 'MOP', 卢比: 'INR', 林吉特: 'MYR', 新西兰元: 'NZD', 纽币: 'NZD',
  // Symbols written after the number: 10$, 10k$, 3.14US$, 20€, 5£.
  $: 'USD', us$: 'USD', 'hk$': 'HKD', '€': 'EUR', '£': 'GBP',
  usd: 'USD', quid: 'GBP', renminbi: 'CNY', rupees: 'INR', rupee: 'INR', rs: 'INR', ringgits: 'MYR', ringgit: 'MYR', rm: 'MYR',
  'malaysian ringgits': 'MYR', 'malaysian ringgit': 'MYR', 'malaysia ringgits': 'MYR', 'malaysia ringgit': 'MYR',
  'kuwaiti dinars': 'KWD', 'kuwaiti dinar': 'KWD', 'lebanese pounds': 'LBP', 'lebanese pound': 'LBP', 'egyptian pounds': 'EGP',
  'egyptian pound': 'EGP', egyptianpound: 'EGP', 'qatari riyals': 'QAR', 'qatari riyal': 'QAR', 'saudi riyals': 'SAR',
  'saudi riyal': 'SAR', saudiriyal: 'SAR', shekels: 'ILS', shekel: 'ILS', baht: 'THB', dirhams: 'AED', dirham: 'AED',
  'swiss francs': 'CHF', francs: 'CHF', rubles: 'RUB', roubles: 'RUB', 'us dollars': 'USD', 'us dollar': 'USD',
  'hong kong dollars': 'HKD', 'hong kong dollar': 'HKD', 'singapore dollars': 'SGD', 'singapore dollar': 'SGD',
  'australian dollars': 'AUD', 'australian dollar': 'AUD', 'canadian dollars': 'CAD', 'canadian dollar': 'CAD',
};

/** Markers that are ordinary abbreviations in lower case ("rm 305" is a room): a currency only when capitalised. */
const CAPITALISED_ONLY = new Set(['rm', 'rs']);

/** ISO codes that are also everyday English words: recognised only when typed in capitals ("TRY 50", not "try 5 times"). */
const WORD_LIKE_CODES = new Set(['try', 'pen', 'cop', 'all', 'lak', 'php', 'mop', 'top']);

const escape = (s: string): string => s.replace(/[$.*+?^()[\]{}|\\]/g, '\\$&');
const alternation = (keys: Iterable<string>): string =>
  [...keys]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');

const CODES = SUPPORTED_CURRENCIES.map((c) => c.toLowerCase());

/** Regular-expression fragment for a currency written before the number. */
export const PREFIX_PATTERN = `${alternation(Object.keys(PREFIX_SYMBOLS))}|(?<![a-z])(?:${CODES.join('|')})(?![a-z])`;
/** Regular-expression fragment for a currency written after the number. */
export const SUFFIX_PATTERN = `(?:${alternation(Object.keys(SUFFIX_WORDS))})(?![a-z])|(?:${CODES.join('|')})(?![a-z])`;

/**
 * The ISO code for a currency marker as found in the normalised text; `raw` is the same span as typed (to tell
 * "TRY" from "try"). Undefined when the marker is not a currency here.
 */
export function currencyOf(marker: string, raw: string): string | undefined {
  const m = marker.trim();
  if (CAPITALISED_ONLY.has(m.replace(/\.$/, '')) && raw.trim() === raw.trim().toLowerCase()) return undefined;
  const known = PREFIX_SYMBOLS[m] ?? SUFFIX_WORDS[m];
  if (known !== undefined) return known;
  if (!/^[a-z]{3}$/.test(m)) return undefined;
  if (WORD_LIKE_CODES.has(m) && raw.trim() !== m.toUpperCase()) return undefined;
  return m.toUpperCase();
}
