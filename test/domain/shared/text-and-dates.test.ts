import { describe, expect, it } from 'vitest';
import { cleanText, hasUnstorableText, isCalendarDate } from '../../../domain/shared/index.js';
import { aboveCeiling, ceilingMinor } from '../../../domain/money/index.js';

describe('calendar dates', () => {
  it.each(['2026-02-28', '2024-02-29', '2000-02-29', '2026-12-31', '1999-01-01'])('takes %s', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['2026-02-30', '2025-02-29', '1900-02-29', '2099-99-99', '2026-04-31', '2026-00-10', '2026-1-5', 'not-a-date', '', '2026-12-01T00:00:00Z', 20261201])('refuses %s', (d) => expect(isCalendarDate(d)).toBe(false));
});

describe('amount ceilings', () => {
  it('defaults to 100 million major units in each currency', () => {
    expect(ceilingMinor('CNY')).toBe(10_000_000_000);
    expect(ceilingMinor('JPY')).toBe(100_000_000);
    expect(aboveCeiling({ minor: Number.MAX_SAFE_INTEGER, currency: 'CNY' })).toBe(true);
    expect(aboveCeiling({ minor: 10_000_000_000, currency: 'CNY' })).toBe(false);
  });
  it('takes a ceiling per currency and a default for the rest', () => {
    expect(ceilingMinor('CNY', { CNY: 500, '*': 7 })).toBe(500);
    expect(ceilingMinor('USD', { CNY: 500, '*': 7 })).toBe(7);
  });
});

describe('chat text cleaning', () => {
  it('drops NUL, replaces unpaired surrogates and keeps pairs', () => {
    expect(cleanText('taxi\u0000 45')).toBe('taxi 45');
    expect(cleanText('a\uD800b')).toBe('a\uFFFDb');
    expect(cleanText('a\uDC00b')).toBe('a\uFFFDb');
    expect(cleanText('打车 🚕')).toBe('打车 🚕');
  });
});

describe('text a database cannot hold', () => {
  it('finds NUL and unpaired surrogates, every time it is asked (no regex state carried over)', () => {
    for (let i = 0; i < 3; i++) {
      expect(hasUnstorableText('taxi\u0000')).toBe(true);
      expect(hasUnstorableText('a\uD800b')).toBe(true);
      expect(hasUnstorableText('\uDC00')).toBe(true);
      expect(hasUnstorableText('打车 🚕')).toBe(false);
    }
  });
});
