// Account numbers at rest: sealed in the secret box (AES-256-GCM) as `{accountNumber?, iban?}`, opened only where a
// file for the bank is built or a masked form is shown.
import { accountSecretOf, maskedAccount, type AccountSecret, type BankAccountInput } from '../../../domain/payment/index.js';
import type { SecretBox } from '../../secrets.js';

export const sealAccount = (box: SecretBox, secret: AccountSecret): string => box.encrypt(JSON.stringify(secret));
export const openAccount = (box: SecretBox, enc: string): AccountSecret => JSON.parse(box.decrypt(enc)) as AccountSecret;

/** The columns every stored account has (payees, pending chat entries, company accounts). */
export interface StoredAccount {
  holderName: string;
  bankName: string;
  accountEnc: string;
  accountLast4: string;
  cnaps: string | null;
  bic: string | null;
  currency: string;
}

/**
 * A checked account as it is stored: the number sealed, its last four digits kept for masked display; with its
 * masked forms for the caller's audit row and messages.
 */
export function storedAccount(box: SecretBox, a: BankAccountInput & { currency: string }): { columns: StoredAccount; masked: { zh: string; en: string } } {
  const secret = accountSecretOf(a);
  const masked = maskedAccount(secret);
  const columns: StoredAccount = { holderName: a.holderName, bankName: a.bankName, accountEnc: sealAccount(box, secret), accountLast4: masked.en.slice(-4), cnaps: a.cnaps ?? null, bic: a.bic ?? null, currency: a.currency };
  return { columns, masked };
}
