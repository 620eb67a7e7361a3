// Period keys from dates and back.
import { describe, expect, it } from 'vitest';
import { isPeriodDate, parsePeriodKey, periodKeyFor, periodsContaining } from '../../../domain/budget/index.js';
import { unwrap } from '../../../domain/shared/index.js';

describe('periodKeyFor', () => {
  it('names the month, quarter and year of a date', () => {
    expect(periodKeyFor('2026-11-05', 'month')).toBe('2026-11');
    expect(periodKeyFor('2026-11-05', 'quarter')).toBe('2026-Q4');
    expect(periodKeyFor('2026-11-05', 'year')).toBe('2026');
    expect(periodKeyFor('2026-03-31', 'quarter')).toBe('2026-Q1');
    expect(periodKeyFor('2026-04-01', 'quarter')).toBe('2026-Q2');
  });

  it('periodsContaining gives all three keys', () => {
    expect(periodsContaining('2024-02-29')).toEqual(['2024-02', '2024-Q1', '2024']);
  });

  it('throws on a date that does not exist', () => {
    expect(isPeriodDate('2026-02-29')).toBe(false);
    expect(isPeriodDate('2026-2-01')).toBe(false);
    expect(() => periodKeyFor('2026-02-29', 'month')).toThrow(RangeError);
  });
});

describe('parsePeriodKey', () => {
  it('gives the kind and the [start, end) dates', () => {
    expect(unwrap(parsePeriodKey('2026-11'))).toEqual({ kind: 'month', start: '2026-11-01', end: '2026-12-01' });
    expect(unwrap(parsePeriodKey('2026-12'))).toEqual({ kind: 'month', start: '2026-12-01', end: '2027-01-01' });
    expect(unwrap(parsePeriodKey('2026-Q4'))).toEqual({ kind: 'quarter', start: '2026-10-01', end: '2027-01-01' });
    expect(unwrap(parsePeriodKey('2026-Q2'))).toEqual({ kind: 'quarter', start: '2026-04-01', end: '2026-07-01' });
    expect(unwrap(parsePeriodKey('2026'))).toEqual({ kind: 'year', start: '2026-01-01', end: '2027-01-01' });
  });

  it.each(['2026-13', '2026-Q5', '2026-00', '26', '2026-1', '2026-q4', '', '2026-11-01', '9999'])(
    'refuses %j with VALIDATION.INVALID',
    (key) => {
      const r = parsePeriodKey(key);
      expect(r.ok ? undefined : r.error.code).toBe('VALIDATION.INVALID');
    },
  );

  it('round-trips: every date lies in the periods named for it', () => {
    for (const date of ['2026-01-01', '2026-06-30', '2026-12-31', '2028-02-29']) {
      for (const key of periodsContaining(date)) {
        const p = unwrap(parsePeriodKey(key));
        expect(p.start <= date && date < p.end).toBe(true);
      }
    }
  });
});
