// Validating a new organisation (tenant): its id, name, IANA time zone and ISO 4217 default currency.
import { isSupportedCurrency } from '../money/index.js';
import { domainError, err, ok, type Result } from '../shared/index.js';
import type { Organisation } from './org.types.js';

/**
 * Organisation ids: letters, digits, `_ . -`, starting with a letter or digit. Stricter than other API ids (no `:` or
 * `@`) because an organisation id is embedded in other keys, e.g. web identities `<orgId>:<employeeId>`.
 */
export const ORG_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_CURRENCY = 'CNY';

export interface NewOrganisationInput {
  id: string;
  name: string;
  timeZone?: string | undefined;
  currency?: string | undefined;
}

/** True when `zone` is an IANA time zone this runtime knows (Intl throws a RangeError for unknown ones). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a new organisation's fields; VALIDATION.INVALID names the field, MONEY.UNSUPPORTED_CURRENCY an unknown code.
 * The time zone is returned as given (Intl also accepts lower case, but the calendar code compares names).
 */
export function newOrganisation(input: NewOrganisationInput): Result<Organisation> {
  const name = input.name.trim();
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const currency = input.currency ?? DEFAULT_CURRENCY;
  if (!ORG_ID_PATTERN.test(input.id))
    return err(domainError('VALIDATION.INVALID', `id ${JSON.stringify(input.id)}: use 1-64 letters, digits, _ . - starting with a letter or digit`, { field: 'id' }));
  if (name.length === 0 || name.length > 200) return err(domainError('VALIDATION.INVALID', 'name: give 1-200 characters', { field: 'name' }));
  if (!isTimeZone(timeZone)) return err(domainError('VALIDATION.INVALID', `timeZone ${JSON.stringify(timeZone)}: not an IANA time zone such as Asia/Shanghai`, { field: 'timeZone' }));
  if (!isSupportedCurrency(currency)) return err(domainError('MONEY.UNSUPPORTED_CURRENCY', `currency ${JSON.stringify(currency)}: not a supported ISO 4217 code`, { field: 'currency' }));
  return ok({ id: input.id, name, timeZone, defaultCurrency: currency });
}
