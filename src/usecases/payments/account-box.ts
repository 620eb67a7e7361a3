// Account numbers at rest: sealed in the secret box (AES-256-GCM) as `{accountNumber?, iban?}`, opened only where a
// file for the bank is built or a masked form is shown.
import type { AccountSecret } from '../../../domain/payment/index.js';
import type { SecretBox } from '../../secrets.js';

export const sealAccount = (box: SecretBox, secret: AccountSecret): string => box.encrypt(JSON.stringify(secret));
export const openAccount = (box: SecretBox, enc: string): AccountSecret => JSON.parse(box.decrypt(enc)) as AccountSecret;
