// Fitting names and remittance text to a bank: EPC transliteration, XML-illegal characters, cuts by code point.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cut, fitText, toEpc } from '../../../../src/integrations/bank/iso20022/text-fit.js';

const EPC = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

describe('toEpc', () => {
  it('drops accents and spells out letters without a base form', () => {
    expect(toEpc('Ærøskøbing Straße, François Łódź, Œuvre')).toBe('AEroskobing Strasse, Francois Lodz, OEuvre');
  });

  it('turns full-width and Chinese punctuation into ASCII', () => {
    expect(toEpc('（北京）ＡＢＣ１２３，报销。')).toBe('(?)ABC123,?.');
  });

  it('marks each run of characters without a Latin form with one "?" and keeps the Latin parts', () => {
    expect(toEpc('报销 Berlin trip 差旅费')).toBe('? Berlin trip ?');
    expect(toEpc('Иван Петров')).toBe('? ?');
  });

  it('maps signs outside the set to close equivalents', () => {
    expect(toEpc('R&D @ "ACME" #12; 50%')).toBe("R+D (at) 'ACME' No.12, 50 pct");
  });

  it('always yields EPC characters only (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => EPC.test(toEpc(s))));
  });
});

describe('fitText', () => {
  it('removes characters XML cannot carry and squashes whitespace, in both charsets', () => {
    expect(fitText('张\u0000伟\u0007\n\t 先生', 'utf8', 140)).toBe('张伟 先生');
    expect(fitText('a\uD800b', 'utf8', 140)).toBe('ab');
  });

  it('keeps Chinese under utf8 and cuts by characters, not UTF-16 units', () => {
    expect(fitText('张伟', 'utf8', 140)).toBe('张伟');
    expect(fitText('𠮷'.repeat(5), 'utf8', 3)).toBe('𠮷𠮷𠮷');
  });

  it('never returns more than the maximum (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: 140 }), fc.constantFrom('epc' as const, 'utf8' as const), (s, max, charset) => {
        expect(Array.from(fitText(s, charset, max)).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe('cut', () => {
  it('leaves short text alone and trims the end of cut text', () => {
    expect(cut('abc', 5)).toBe('abc');
    expect(cut('ab cd', 3)).toBe('ab');
  });
});

describe('currency signs', () => {
  it('spells out € but does not guess the currency behind $ or ¥', () => {
    expect(toEpc('€5 $5 ¥5')).toBe('EUR5 ?5 ?5');
  });
});
