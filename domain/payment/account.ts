// Checks creditor and debtor account identifiers before money is sent: IBAN (ISO 13616), BIC (ISO 9362), CNAPS bank
// codes and Chinese domestic account numbers; plus masking for cards, pages and logs.
import { err, ok, type Result } from '../shared/index.js';

/** Stable codes for a refused account identifier. */
export type AccountErrorCode =
  | 'ACCOUNT.IBAN_FORMAT'
  | 'ACCOUNT.IBAN_LENGTH'
  | 'ACCOUNT.IBAN_CHECKSUM'
  | 'ACCOUNT.BIC_FORMAT'
  | 'ACCOUNT.CNAPS_FORMAT'
  | 'ACCOUNT.CN_ACCOUNT_FORMAT'
  | 'ACCOUNT.CARD_CHECKSUM';

/** Why an identifier was refused: a code for programs, a sentence (English) for people. */
export interface AccountError {
  readonly code: AccountErrorCode;
  readonly message: string;
}

const fail = (code: AccountErrorCode, message: string): Result<never, AccountError> => err({ code, message });

/** Removes the spaces (and the hyphens some people type) used to group digits on paper. */
const compact = (s: string): string => s.replace(/[\s-]+/g, '');

/**
 * IBAN lengths by country (ISO 13616 registry, SWIFT IBAN Registry). Only the common countries are listed: an IBAN
 * from a country not listed is still checked for shape and mod-97, which catches the typical typo anyway.
 */
const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
  AD: 24, AE: 23, AT: 20, AZ: 28, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20,
  EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, HR: 21, HU: 28, IE: 22, IL: 23,
  IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MT: 31, MU: 30, NL: 18,
  NO: 15, PK: 24, PL: 28, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TR: 26, UA: 29,
});

/** ISO 7064 MOD 97-10 over the rearranged IBAN, digit by digit so no big number is needed. */
function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const v = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48; // A=10 … Z=35
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem;
}

/**
 * Validates an IBAN (spaces allowed, any case) and returns it in electronic form (upper case, no spaces).
 * Refuses a wrong shape (ACCOUNT.IBAN_FORMAT), a length that does not match the country (ACCOUNT.IBAN_LENGTH) and
 * a failed mod-97 check (ACCOUNT.IBAN_CHECKSUM).
 */
export function validateIban(input: string): Result<string, AccountError> {
  const iban = compact(input).toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban)) {
    return fail('ACCOUNT.IBAN_FORMAT', 'An IBAN is a country code, two check digits and up to 30 letters or digits');
  }
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) {
    return fail('ACCOUNT.IBAN_LENGTH', `A ${iban.slice(0, 2)} IBAN has ${expected} characters, this one has ${iban.length}`);
  }
  if (ibanMod97(iban) !== 1) return fail('ACCOUNT.IBAN_CHECKSUM', 'The IBAN check digits do not match: a character is wrong');
  return ok(iban);
}

/**
 * Validates a BIC (ISO 9362: 8 or 11 characters: bank 4 letters, country 2 letters, location 2, optional branch 3)
 * and returns it upper-cased. The pattern is the one of pain.001.001.03's BICIdentifier, the stricter of the two
 * schema versions, so an accepted BIC fits both: location's 2nd character is not 'O', its 1st is not 0 or 1.
 */
export function validateBic(input: string): Result<string, AccountError> {
  const bic = compact(input).toUpperCase();
  if (!/^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/.test(bic)) {
    return fail('ACCOUNT.BIC_FORMAT', 'A BIC has 8 or 11 characters: 4-letter bank, 2-letter country, location and optional branch');
  }
  return ok(bic);
}

/**
 * Validates a CNAPS bank code (大额支付系统行号 / 联行号): exactly 12 digits. Its last digit is a check digit, but the
 * People's Bank of China does not publish the algorithm, so only the shape is checked; the bank refuses unknown codes.
 */
export function validateCnaps(input: string): Result<string, AccountError> {
  const code = compact(input);
  if (!/^[0-9]{12}$/.test(code)) return fail('ACCOUNT.CNAPS_FORMAT', 'A CNAPS bank code has exactly 12 digits');
  return ok(code);
}

/** Luhn (ISO/IEC 7812) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Validates a Chinese domestic account number (digits only, 8–30 long) and returns it without spaces.
 * No checksum is applied in general: Chinese corporate and personal deposit accounts have no public check digit,
 * each bank numbers them its own way. Only UnionPay card numbers (16–19 digits starting 62) carry a Luhn digit, so
 * a number of that shape is Luhn-checked (ACCOUNT.CARD_CHECKSUM): a mistyped card digit is the common error in
 * employee reimbursement details.
 */
export function validateCnAccount(input: string): Result<string, AccountError> {
  const n = compact(input);
  if (!/^[0-9]{8,30}$/.test(n)) return fail('ACCOUNT.CN_ACCOUNT_FORMAT', 'A Chinese account number has 8 to 30 digits and nothing else');
  if (looksLikeUnionPayCard(n) && !luhnValid(n)) {
    return fail('ACCOUNT.CARD_CHECKSUM', 'This looks like a UnionPay card number but its check digit does not match: a digit is wrong');
  }
  return ok(n);
}

/** True for 16–19 digits starting 62 (the UnionPay card range), the numbers that carry a Luhn digit. */
export function looksLikeUnionPayCard(digits: string): boolean {
  return /^62[0-9]{14,17}$/.test(digits);
}

/** The last four characters when the number is long enough to stay unidentifiable, else nothing. */
function tail(n: string): string {
  const c = compact(n);
  return c.length >= 8 ? c.slice(-4) : '';
}

/** Masks an account number the way Chinese banks print it: '尾号1234' ('尾号****' when too short to show a tail). */
export function maskAccount(n: string): string {
  const t = tail(n);
  return t ? `尾号${t}` : '尾号****';
}

/** Masks an account number for Latin-script locales: '****1234' ('****' when too short to show a tail). */
export function maskAccountLatin(n: string): string {
  return `****${tail(n)}`;
}
