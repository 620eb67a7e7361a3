// What one bank accepts in a pain.001 beyond the XSD: character set, name and remittance lengths, service level and
// charge bearer. The XSD allows 140-character UTF-8 names; SEPA banks take 70 Latin characters and refuse the rest.

/** Who pays the charges: SLEV (scheme rules, SEPA), SHAR (shared), DEBT (debtor), CRED (creditor). */
export type ChargeBearer = 'SLEV' | 'SHAR' | 'DEBT' | 'CRED';

/** A bank's pain.001 requirements. */
export interface BankProfile {
  /** A short name for logs and errors, e.g. 'sepa' or 'cn-utf8'. */
  readonly id: string;
  /** 'epc': the SEPA Latin subset, other characters transliterated; 'utf8': any character (Chinese kept). */
  readonly charset: 'epc' | 'utf8';
  /** Longest party name, in characters: 70 under EPC rules, 140 by the XSD. */
  readonly maxNameLength: number;
  /** Longest `RmtInf/Ustrd`, in characters (140 by the XSD and EPC). */
  readonly maxRemittanceLength: number;
  /** `PmtTpInf/SvcLvl/Cd` for every batch, e.g. 'SEPA'; absent leaves the bank's default. */
  readonly serviceLevel?: string;
  /** `ChrgBr` for every batch; absent leaves the bank's default. */
  readonly chargeBearer?: ChargeBearer;
}

/** A SEPA bank: EPC characters, 70-character names, service level SEPA, charges by scheme rules. */
export const SEPA_PROFILE: BankProfile = Object.freeze({
  id: 'sepa',
  charset: 'epc',
  maxNameLength: 70,
  maxRemittanceLength: 140,
  serviceLevel: 'SEPA',
  chargeBearer: 'SLEV',
});

/**
 * A bank taking UTF-8 pain.001 (foreign banks in China and Chinese banks' ISO 20022 host-to-host channels): Chinese
 * names kept, 140-character names, charges shared (the usual default for non-SEPA transfers).
 */
export const UTF8_PROFILE: BankProfile = Object.freeze({
  id: 'utf8',
  charset: 'utf8',
  maxNameLength: 140,
  maxRemittanceLength: 140,
  chargeBearer: 'SHAR',
});
