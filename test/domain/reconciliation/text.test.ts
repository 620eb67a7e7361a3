// Comparing what banks write with what we sent: references in free text, accounts, names written differently.
import { describe, expect, it } from 'vitest';
import { accountKey, compactRef, daysBetween, nameSimilarity, nameWords, referenceRuns } from '../../../domain/reconciliation/index.js';

describe('references in remittance text', () => {
  it('finds a reference whatever the separators and case, only as whole words', () => {
    const runs = referenceRuns(['Payment inv 2026/000123 thank you', 'RF18 5390 0754 7034']);
    expect(runs.has(compactRef('INV-2026-000123'))).toBe(true);
    expect(runs.has(compactRef('RF18539007547034'))).toBe(true);
    // Not a reference that only starts or ends inside a word.
    expect(runs.has(compactRef('INV-2026-00012'))).toBe(false);
    expect(runs.has(compactRef('NV2026000123'))).toBe(false);
  });

  it('reads full-width characters and CJK text', () => {
    expect(referenceRuns(['货款 ＩＮＶ－２０２６－０００１２３']).has('INV2026000123')).toBe(true);
    expect(compactRef('发票 No. 12345')).toBe('发票NO12345');
  });
});

describe('accounts and names', () => {
  it('compares accounts without spaces, dashes and case', () => {
    expect(accountKey('de89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
    expect(accountKey('  ')).toBeUndefined();
  });

  it('drops legal forms, accents and word order from names', () => {
    expect(nameWords('Müller & Söhne KG')).toEqual(['MULLER', 'SOHNE']);
    expect(nameSimilarity('ACME Supplies GmbH', 'Acme Supplies')).toBe(1);
    expect(nameSimilarity('Wang Qiang', 'QIANG WANG')).toBe(1);
    expect(nameSimilarity('北京开元科技有限公司', '北京开元科技')).toBe(1);
    expect(nameSimilarity('Globex Corporation', 'Initech LLC')).toBeLessThan(0.3);
    expect(nameSimilarity('Nordwind Logistik AG', 'Nordwind Logistic')).toBeGreaterThan(0.85);
    expect(nameSimilarity(undefined, 'x')).toBe(0);
  });

  it('counts days between dates', () => {
    expect(daysBetween('2026-11-28', '2026-12-02')).toBe(4);
    expect(daysBetween('2026-12-02', '2026-11-28')).toBe(-4);
    expect(daysBetween('2026-13-45', '2026-11-28')).toBeUndefined();
    expect(daysBetween(undefined, '2026-11-28')).toBeUndefined();
  });
});
