// The bank connector and pain.001 profile the configuration asks for.
import path from 'node:path';
import type { BankConnector } from '../../../domain/payment/bank.port.js';
import type { Config } from '../../config.js';
import { createFileExchangeConnector } from './file-exchange.js';
import { createHttpBankConnector } from './http-api.js';
import { SEPA_PROFILE, UTF8_PROFILE, type BankProfile } from './iso20022/bank-profile.js';

/** The configured connector, or undefined for BANK_CONNECTOR=none (files are built and wait). */
export function bankConnector(c: Config, now: () => number): BankConnector | undefined {
  if (c.BANK_CONNECTOR === 'http' && c.BANK_API_URL && c.BANK_KEY_ID && c.BANK_SECRET)
    return createHttpBankConnector({ baseUrl: c.BANK_API_URL, keyId: c.BANK_KEY_ID, secret: c.BANK_SECRET, timeoutMs: c.BANK_TIMEOUT_MS, now });
  if (c.BANK_CONNECTOR === 'files' && c.BANK_DIR) {
    const d = (name: string) => path.join(c.BANK_DIR!, name);
    return createFileExchangeConnector({ outDir: d('out'), inDir: d('in'), archiveDir: d('archive'), errorDir: d('error') });
  }
  return undefined;
}

export const bankProfile = (c: Config): BankProfile => (c.BANK_PROFILE === 'sepa' ? SEPA_PROFILE : UTF8_PROFILE);
