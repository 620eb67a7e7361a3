// Payees: where an employee's (or a supplier's) money goes, how it is shown, and the cooling-off hold after a change.
import { z } from 'zod';
import { domainError, err, ok, type Result } from '../shared/index.js';
import { maskAccount, maskAccountLatin, validateBic, validateCnAccount, validateCnaps, validateIban } from './account.js';

/** An account as entered: a domestic account number with its bank's CNAPS code, or an IBAN with a BIC abroad. */
export const BankAccountInputSchema = z
  .strictObject({
    holderName: z.string().trim().min(1).max(140),
    bankName: z.string().trim().min(1).max(140),
    /** Domestic account number (digits; spaces and dashes as people type them are removed). */
    accountNumber: z.string().trim().max(40).optional(),
    /** 12-digit CNAPS bank code (联行号), required for a domestic CNY account. */
    cnaps: z.string().trim().optional(),
    iban: z.string().trim().max(42).optional(),
    bic: z.string().trim().optional(),
    /** The currency the account is paid in (default: the organisation's). */
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  })
  .refine((a) => Boolean(a.accountNumber) !== Boolean(a.iban), { message: 'give either accountNumber (domestic) or iban, not both' });
/** An account as entered. */
export type BankAccountInput = z.infer<typeof BankAccountInputSchema>;

/** Reads an account as entered (a body, a sync row); PAYEE.INVALID_ACCOUNT names each bad field. */
export function readAccountInput(raw: unknown): Result<BankAccountInput> {
  const parsed = BankAccountInputSchema.safeParse(raw);
  if (parsed.success) return ok(parsed.data as BankAccountInput);
  return err(domainError('PAYEE.INVALID_ACCOUNT', parsed.error.issues.map((i) => `${i.path.join('.') || 'account'}: ${i.message}`).join('; ')));
}

/** The part of a checked account that is kept encrypted: its number or its IBAN. */
export const accountSecretOf = (a: BankAccountInput): AccountSecret => (a.accountNumber ? { accountNumber: a.accountNumber } : { iban: a.iban! });

/** What is kept encrypted: the numbers. Everything else on a payee is shown. */
export interface AccountSecret {
  readonly accountNumber?: string;
  readonly iban?: string;
}

/** Who a payee belongs to. */
export type PayeeOwner = { readonly type: 'employee'; readonly id: string } | { readonly type: 'supplier'; readonly id: string };

/** A payee as the rest of the system sees it: the numbers only as their last four digits. */
export interface PayeeView {
  readonly id: string;
  readonly owner: PayeeOwner;
  readonly holderName: string;
  readonly bankName: string;
  readonly cnaps?: string;
  readonly bic?: string;
  readonly currency: string;
  /** `尾号1234` / `****1234`. */
  readonly masked: { readonly zh: string; readonly en: string };
  /** Payments to this payee wait until then (a changed account's cooling-off period). */
  readonly holdUntil?: string;
  readonly source: 'sync' | 'employee' | 'finance';
  readonly updatedAt: string;
}

/** Digits and letters only, upper-case: how account numbers and IBANs are compared and stored. */
export const compactAccount = (s: string): string => s.replace(/[\s-]/g, '').toUpperCase();

/** An account number or IBAN as shown: `尾号1234` and `****1234` (see account.ts). */
export function maskedAccount(secret: AccountSecret): { zh: string; en: string } {
  const n = secret.accountNumber ?? secret.iban ?? '';
  return { zh: maskAccount(n), en: maskAccountLatin(n) };
}

/**
 * Checks an account as entered and returns it normalised: a domestic number (with its CNAPS code for CNY) or an
 * IBAN (with a BIC when given). PAYEE.INVALID_ACCOUNT names the field and why.
 */
export function normaliseAccount(input: BankAccountInput, defaultCurrency: string): Result<BankAccountInput & { currency: string }> {
  const bad = (field: string, e: { code: string; message: string }) => err(domainError('PAYEE.INVALID_ACCOUNT', `${field}: ${e.message}`, { field, reason: e.code }));
  const currency = input.currency ?? defaultCurrency;
  let out: BankAccountInput & { currency: string } = { ...input, currency };
  if (input.accountNumber !== undefined) {
    const n = validateCnAccount(input.accountNumber);
    if (!n.ok) return bad('accountNumber', n.error);
    out = { ...out, accountNumber: n.value };
    if (currency === 'CNY' && input.cnaps === undefined && input.bic === undefined)
      return err(domainError('PAYEE.INVALID_ACCOUNT', 'cnaps: a domestic CNY account needs its bank\'s 12-digit CNAPS code (联行号)', { field: 'cnaps', reason: 'ACCOUNT.CNAPS_MISSING' }));
  }
  if (input.iban !== undefined) {
    const i = validateIban(input.iban);
    if (!i.ok) return bad('iban', i.error);
    out = { ...out, iban: i.value };
  }
  if (input.cnaps !== undefined) {
    const c = validateCnaps(input.cnaps);
    if (!c.ok) return bad('cnaps', c.error);
    out = { ...out, cnaps: c.value };
  }
  if (input.bic !== undefined) {
    const b = validateBic(input.bic);
    if (!b.ok) return bad('bic', b.error);
    out = { ...out, bic: b.value };
  }
  return ok(out);
}

/** How long a change of account holds the payee's payments unless PAYEE_CHANGE_HOLD_HOURS says otherwise. */
export const DEFAULT_PAYEE_CHANGE_HOLD_HOURS = 24;

/**
 * When payments to a payee may go again after its account was set: a change of an existing account holds them for
 * `holdHours` (the usual defence against account takeover: a fraudster who changes the account is noticed by the
 * employee, who is told on chat, before any money moves). The first account an organisation sync sets is not held;
 * the first one an employee types in is, like a change, because nobody else has vouched for it.
 */
export function holdAfterChange(previous: AccountSecret | undefined, next: AccountSecret, source: PayeeView['source'], now: Date, holdHours: number): Date | undefined {
  const same = previous && compactAccount(previous.accountNumber ?? previous.iban ?? '') === compactAccount(next.accountNumber ?? next.iban ?? '');
  if (same) return undefined;
  if (!previous && source === 'sync') return undefined;
  if (holdHours <= 0) return undefined;
  return new Date(now.getTime() + holdHours * 3_600_000);
}

/** True while a payee's payments are held. */
export const onHold = (p: { holdUntil?: string | Date | null }, now: Date): boolean =>
  Boolean(p.holdUntil) && new Date(p.holdUntil as string | Date).getTime() > now.getTime();
