// Account identifier checks: IBAN mod-97 and country lengths, BIC shape, CNAPS codes, Chinese accounts and UnionPay
// cards, and masking.
import { describe, expect, it } from 'vitest';
import {
  luhnValid,
  maskAccount,
  maskAccountLatin,
  validateBic,
  validateCnAccount,
  validateCnaps,
  validateIban,
} from '../../../domain/payment/account.js';

const code = (r: { ok: boolean; error?: { code: string } }): string | undefined => (r.ok ? undefined : r.error?.code);

describe('validateIban', () => {
  it.each(['DE89370400440532013000', 'GB82WEST12345698765432', 'NL91ABNA0417164300', 'BE68539007547034', 'NO9386011117947', 'FR1420041010050500013M02606'])(
    'accepts the published example %s',
    (iban) => {
      expect(validateIban(iban)).toEqual({ ok: true, value: iban });
    },
  );

  it('accepts the paper form with spaces and lower case, returning the electronic form', () => {
    expect(validateIban('de89 3704 0044 0532 0130 00')).toEqual({ ok: true, value: 'DE89370400440532013000' });
  });

  it('refuses a changed digit by the mod-97 check', () => {
    expect(code(validateIban('DE89370400440532013001'))).toBe('ACCOUNT.IBAN_CHECKSUM');
  });

  it('refuses two swapped digits', () => {
    expect(code(validateIban('DE89370400440532010300'))).toBe('ACCOUNT.IBAN_CHECKSUM');
  });

  it('refuses a length that does not match the country', () => {
    expect(code(validateIban('DE8937040044053201300'))).toBe('ACCOUNT.IBAN_LENGTH');
    expect(code(validateIban('NL91ABNA04171643001'))).toBe('ACCOUNT.IBAN_LENGTH');
  });

  it('refuses what is not shaped like an IBAN', () => {
    expect(code(validateIban('6222020200112345679'))).toBe('ACCOUNT.IBAN_FORMAT');
    expect(code(validateIban('DE89-3704-0044-0532-0130-0!'))).toBe('ACCOUNT.IBAN_FORMAT');
    expect(code(validateIban(''))).toBe('ACCOUNT.IBAN_FORMAT');
  });
});

describe('validateBic', () => {
  it('accepts 8 and 11 characters and upper-cases', () => {
    expect(validateBic('INGBNL2A')).toEqual({ ok: true, value: 'INGBNL2A' });
    expect(validateBic('icbkcnbjshi')).toEqual({ ok: true, value: 'ICBKCNBJSHI' });
  });

  it('refuses other lengths and shapes', () => {
    for (const bad of ['INGBNL2', 'INGBNL2AX', 'INGBNL2AXXXX', '1NGBNL2A', 'INGB1L2A', 'INGBNL1A', 'INGBNL2O']) {
      expect(code(validateBic(bad)), bad).toBe('ACCOUNT.BIC_FORMAT');
    }
  });
});

describe('validateCnaps', () => {
  it('accepts exactly 12 digits', () => {
    expect(validateCnaps('102100099996')).toEqual({ ok: true, value: '102100099996' });
  });

  it('refuses 11 or 13 digits and letters', () => {
    for (const bad of ['10210009999', '1021000999961', '10210009999A']) expect(code(validateCnaps(bad)), bad).toBe('ACCOUNT.CNAPS_FORMAT');
  });
});

describe('validateCnAccount', () => {
  it('accepts a corporate deposit account without any checksum', () => {
    // 21 digits, not card-shaped: no public check digit exists, so none is applied.
    expect(validateCnAccount('110060149018001234567')).toEqual({ ok: true, value: '110060149018001234567' });
  });

  it('accepts a UnionPay card number whose Luhn digit matches, spaces removed', () => {
    expect(validateCnAccount('6222 0202 0011 2345 679')).toEqual({ ok: true, value: '6222020200112345679' });
    expect(validateCnAccount('621483012345678902').ok).toBe(true);
  });

  it('refuses a UnionPay card number with a wrong digit', () => {
    expect(code(validateCnAccount('6222020200112345678'))).toBe('ACCOUNT.CARD_CHECKSUM');
  });

  it('does not Luhn-check a number starting 62 that is too long to be a card', () => {
    expect(validateCnAccount('62220202001123456780').ok).toBe(true);
  });

  it('refuses letters, too short and too long numbers', () => {
    for (const bad of ['1234567', '1'.repeat(31), '11006014901800123X']) expect(code(validateCnAccount(bad)), bad).toBe('ACCOUNT.CN_ACCOUNT_FORMAT');
  });
});

describe('luhnValid', () => {
  it('agrees with the classic test card number', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});

describe('masking', () => {
  it('shows only the last four digits', () => {
    expect(maskAccount('6222 0202 0011 2345 679')).toBe('尾号5679');
    expect(maskAccountLatin('DE89370400440532013000')).toBe('****3000');
  });

  it('shows nothing of a number too short to hide', () => {
    expect(maskAccount('12345')).toBe('尾号****');
    expect(maskAccountLatin('12345')).toBe('****');
  });
});
