import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatDateTime, formatDay, formatMoneyView, truncate } from '../../cards/format.js';
import { decidedLine } from '../../cards/i18n.js';

describe('formatMoneyView', () => {
  it('prints CNY with two decimals: symbol in Chinese, ISO code in English', () => {
    expect(formatMoneyView({ minor: 128000, currency: 'CNY' }, 'zh')).toBe('¥1,280.00');
    expect(formatMoneyView({ minor: 128000, currency: 'CNY' }, 'en')).toBe('CNY 1,280.00');
  });

  it('prints JPY without decimals and KWD with three', () => {
    expect(formatMoneyView({ minor: 18500, currency: 'JPY' }, 'en')).toBe('JPY 18,500');
    expect(formatMoneyView({ minor: 18500, currency: 'JPY' }, 'zh')).toBe('JP¥18,500');
    expect(formatMoneyView({ minor: 1234, currency: 'KWD' }, 'en')).toBe('KWD 1.234');
    expect(formatMoneyView({ minor: 1234, currency: 'KWD' }, 'zh')).toBe('KWD 1.234');
  });

  it('keeps every cent of amounts beyond float precision and signs negatives', () => {
    expect(formatMoneyView({ minor: 9007199254740991, currency: 'USD' }, 'en')).toBe('USD 90,071,992,547,409.91');
    expect(formatMoneyView({ minor: -5, currency: 'EUR' }, 'en')).toBe('-EUR 0.05');
    expect(formatMoneyView({ minor: -28000, currency: 'CNY' }, 'zh')).toBe('-¥280.00');
  });

  it('loses no digit for any safe integer in any exponent (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom('CNY', 'JPY', 'KWD'), fc.constantFrom('zh' as const, 'en' as const), (minor, currency, locale) => {
        const text = formatMoneyView({ minor, currency }, locale);
        expect(text.replace(/\D/g, '').replace(/^0+(?=\d)/, '')).toBe(String(Math.abs(minor)));
        expect(text.startsWith('-')).toBe(minor < 0);
        const decimals = /\.(\d+)$/.exec(text)?.[1]?.length ?? 0;
        expect(decimals).toBe({ CNY: 2, JPY: 0, KWD: 3 }[currency]);
      }),
    );
  });

  it('shows an unknown currency with two decimals rather than failing the card', () => {
    expect(formatMoneyView({ minor: 12345, currency: 'XYZ' }, 'zh')).toBe('XYZ 123.45');
  });

  it('refuses fractional minor units, which would be a bug upstream', () => {
    expect(() => formatMoneyView({ minor: 12.5, currency: 'CNY' }, 'en')).toThrow(/safe integer/);
  });
});

describe('dates', () => {
  it('shows instants in the given time zone', () => {
    const iso = '2024-11-18T02:05:00Z';
    expect(formatDateTime(iso, 'zh', 'Asia/Shanghai')).toBe('11月18日 10:05');
    expect(formatDateTime(iso, 'en', 'Asia/Shanghai')).toBe('Nov 18, 10:05');
    expect(formatDateTime(iso, 'en', 'America/New_York')).toBe('Nov 17, 21:05');
    expect(formatDateTime('2024-11-18T16:30:00Z', 'zh', 'Asia/Shanghai')).toBe('11月19日 00:30');
  });

  it('answers a repeated instant the same in each zone, and a second later by its own minute', () => {
    // Parts are remembered per zone and instant: the same instant in another zone, or an instant that crosses into the
    // next minute, must not be answered from what an earlier call worked out.
    const at = '2024-03-10T06:59:59Z';
    for (let i = 0; i < 3; i++) {
      expect(formatDateTime(at, 'en', 'America/New_York')).toBe('Mar 10, 01:59');
      expect(formatDateTime(at, 'en', 'Asia/Shanghai')).toBe('Mar 10, 14:59');
    }
    // New York's clocks jump from 02:00 to 03:00 at 07:00 UTC that day.
    expect(formatDateTime('2024-03-10T07:00:00Z', 'en', 'America/New_York')).toBe('Mar 10, 03:00');
    expect(formatDateTime('2024-03-10T07:00:00.500Z', 'zh', 'America/New_York')).toBe('3月10日 03:00');
    expect(formatDay(at, 'zh', 'Pacific/Kiritimati')).toBe('2024年3月10日');
  });

  it('shows the day with its year for lists', () => {
    expect(formatDay('2024-12-31T20:00:00Z', 'zh', 'Asia/Shanghai')).toBe('2025年1月1日');
    expect(formatDay('2024-12-31T20:00:00Z', 'en', 'UTC')).toBe('Dec 31, 2024');
  });

  it('prints calendar dates without shifting them by a zone', () => {
    expect(formatCalendarDate('2024-11-20', 'zh')).toBe('2024年11月20日');
    expect(formatCalendarDate('2024-11-20', 'en')).toBe('Nov 20, 2024');
    expect(formatCalendarDate('next Tuesday', 'en')).toBe('next Tuesday');
  });

  it('builds the decided line in both languages', () => {
    expect(decidedLine('approved', '王强', '11月18日 10:05', 'zh')).toBe('已由 王强 于 11月18日 10:05 同意');
    expect(decidedLine('approved', 'Wang Qiang', 'Nov 18, 10:05', 'en')).toBe('Approved by Wang Qiang at Nov 18, 10:05');
  });
});

describe('truncate', () => {
  it('never exceeds the limit and never splits a surrogate pair', () => {
    const text = '😀'.repeat(10);
    const out = truncate(text, 8);
    expect(out.length).toBeLessThanOrEqual(8);
    expect(out.endsWith('…')).toBe(true);
    expect(out).toBe('😀😀😀…');
    expect(truncate('short', 10)).toBe('short');
  });
});
