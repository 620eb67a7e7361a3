// Mobile numbers for SMS: one validator (E.164, stricter for mainland China) and one mask for everything that logs.
import { domainError, err, ok, type DomainError, type Result } from '../shared/index.js';

/** E.164: "+", a country code not starting with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;
/** Mainland mobiles: 11 digits starting 13–19 (landlines and 12x/10x service numbers cannot receive these texts). */
const CN_MOBILE = /^\+861[3-9]\d{9}$/;

/** The number if it is a mobile we can text, else VALIDATION.INVALID (the message never names the number). */
export function checkMobile(raw: string): Result<string, DomainError> {
  if (!E164.test(raw)) return err(domainError('VALIDATION.INVALID', 'the mobile number must be in E.164 form, e.g. +8613800000000'));
  if (raw.startsWith('+86') && !CN_MOBILE.test(raw)) return err(domainError('VALIDATION.INVALID', 'a mainland China mobile number is +86 followed by 11 digits starting 13–19'));
  return ok(raw);
}

/**
 * The number as logs and errors may show it: every digit but the last four masked, the "+86" prefix kept because it
 * says which route a text took without identifying anyone. Anything not looking like a number is masked whole.
 */
export function maskMobile(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 5) return '****';
  const cn = raw.startsWith('+86');
  const rest = cn ? digits.slice(2) : digits;
  return `${cn ? '+86' : '+'}${'*'.repeat(rest.length - 4)}${rest.slice(-4)}`;
}

/** Masks any run of 7 or more digits in a provider's text (they quote the number in some errors) to its last four. */
export function maskDigitRuns(text: string): string {
  return text.replace(/\+?\d{3,}(\d{4})/g, (_m, last: string) => `****${last}`);
}
