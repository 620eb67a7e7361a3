// The working copy keeps offsets: every character maps to exactly one character.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDoc } from '../../../src/nlu/rules/normalize.js';
import { TRADITIONAL_TO_SIMPLIFIED } from '../../../src/nlu/rules/traditional.js';

describe('makeDoc', () => {
  it('simplifies traditional characters, folds full-width forms and lower-cases ASCII', () => {
    expect(makeDoc('從上海飛香港，下週二').norm).toBe('从上海飞香港，下周二');
    expect(makeDoc('ＮＴ＄１２０').norm).toBe('nt$120');
    expect(makeDoc('Team LUNCH').norm).toBe('team lunch');
  });

  it('maps only single characters to single characters', () => {
    for (const [from, to] of TRADITIONAL_TO_SIMPLIFIED) {
      expect([from.length, to.length]).toEqual([1, 1]);
      expect(from).not.toBe(to);
    }
  });

  it('keeps the length of any text, so spans cut from the original are as written', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        expect(makeDoc(s).norm.length).toBe(s.length);
      }),
    );
  });
});
