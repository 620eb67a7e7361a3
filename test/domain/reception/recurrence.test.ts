import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeRecurrence, expandRecurrence, MAX_OCCURRENCES, RecurrenceSchema, visitOccurrences, zonedInstant, type RecurrenceInput } from '../../../domain/reception/index.js';

const rule = (r: RecurrenceInput) => RecurrenceSchema.parse(r);
const at = (iso: string) => new Date(iso);
const starts = (r: ReturnType<typeof expandRecurrence>) => (r.ok ? r.value.map((o) => o.start.toISOString()) : r.error);

describe('expandRecurrence', () => {
  it('repeats a weekly Tuesday 10:00 visit in Shanghai four times at 10:00 local', () => {
    const r = expandRecurrence({ start: at('2026-12-08T10:00:00+08:00'), end: at('2026-12-08T12:00:00+08:00') }, rule({ frequency: 'weekly', count: 4 }), 'Asia/Shanghai');
    expect(starts(r)).toEqual(['2026-12-08T02:00:00.000Z', '2026-12-15T02:00:00.000Z', '2026-12-22T02:00:00.000Z', '2026-12-29T02:00:00.000Z']);
    expect(r.ok && r.value.map((o) => o.end.getTime() - o.start.getTime())).toEqual([7_200_000, 7_200_000, 7_200_000, 7_200_000]);
  });

  it('takes several weekdays across the year end', () => {
    const r = expandRecurrence({ start: at('2026-12-29T09:00:00+08:00'), end: at('2026-12-29T10:00:00+08:00') }, rule({ frequency: 'weekly', weekdays: ['tue', 'thu'], count: 5 }), 'Asia/Shanghai');
    expect(starts(r)).toEqual(['2026-12-29T01:00:00.000Z', '2026-12-31T01:00:00.000Z', '2027-01-05T01:00:00.000Z', '2027-01-07T01:00:00.000Z', '2027-01-12T01:00:00.000Z']);
  });

  it('starts on the first listed weekday after a start on another day', () => {
    const r = expandRecurrence({ start: at('2026-12-07T14:00:00+08:00'), end: at('2026-12-07T15:00:00+08:00') }, rule({ frequency: 'weekly', weekdays: ['wed'], count: 2 }), 'Asia/Shanghai');
    expect(starts(r)).toEqual(['2026-12-09T06:00:00.000Z', '2026-12-16T06:00:00.000Z']);
  });

  it('runs daily over the end of February, in a common and in a leap year', () => {
    const feb = (y: number) => expandRecurrence({ start: at(`${y}-02-27T14:00:00+08:00`), end: at(`${y}-02-27T16:00:00+08:00`) }, rule({ frequency: 'daily', count: 3 }), 'Asia/Shanghai');
    expect(starts(feb(2027))).toEqual(['2027-02-27T06:00:00.000Z', '2027-02-28T06:00:00.000Z', '2027-03-01T06:00:00.000Z']);
    expect(starts(feb(2028))).toEqual(['2028-02-27T06:00:00.000Z', '2028-02-28T06:00:00.000Z', '2028-02-29T06:00:00.000Z']);
  });

  it('ends on the local date `until` names, month ends included', () => {
    const r = expandRecurrence({ start: at('2027-01-29T09:00:00+08:00'), end: at('2027-01-29T10:00:00+08:00') }, rule({ frequency: 'daily', interval: 2, until: '2027-02-04' }), 'Asia/Shanghai');
    expect(starts(r)).toEqual(['2027-01-29T01:00:00.000Z', '2027-01-31T01:00:00.000Z', '2027-02-02T01:00:00.000Z', '2027-02-04T01:00:00.000Z']);
  });

  it('counts the local date, not UTC’s: an 07:00 Shanghai visit is the day before in UTC', () => {
    const r = expandRecurrence({ start: at('2026-12-08T07:00:00+08:00'), end: at('2026-12-08T08:00:00+08:00') }, rule({ frequency: 'weekly', until: '2026-12-15' }), 'Asia/Shanghai');
    expect(starts(r)).toEqual(['2026-12-07T23:00:00.000Z', '2026-12-14T23:00:00.000Z']);
  });

  it('skips weeks with an interval', () => {
    const r = expandRecurrence({ start: at('2026-12-08T10:00:00+08:00'), end: at('2026-12-08T11:00:00+08:00') }, rule({ frequency: 'weekly', interval: 2, count: 3 }), 'Asia/Shanghai');
    expect(starts(r)).toEqual(['2026-12-08T02:00:00.000Z', '2026-12-22T02:00:00.000Z', '2027-01-05T02:00:00.000Z']);
  });

  it('keeps 10:00 local in Berlin across the spring and autumn changes', () => {
    const spring = expandRecurrence({ start: at('2027-03-21T10:00:00+01:00'), end: at('2027-03-21T11:30:00+01:00') }, rule({ frequency: 'weekly', count: 2 }), 'Europe/Berlin');
    expect(spring.ok && spring.value.map((o) => [o.start.toISOString(), o.end.toISOString()])).toEqual([
      ['2027-03-21T09:00:00.000Z', '2027-03-21T10:30:00.000Z'],
      ['2027-03-28T08:00:00.000Z', '2027-03-28T09:30:00.000Z'],
    ]);
    const autumn = expandRecurrence({ start: at('2026-10-18T10:00:00+02:00'), end: at('2026-10-18T11:00:00+02:00') }, rule({ frequency: 'weekly', count: 2 }), 'Europe/Berlin');
    expect(starts(autumn)).toEqual(['2026-10-18T08:00:00.000Z', '2026-10-25T09:00:00.000Z']);
  });

  it('moves a wall time the spring change skips an hour later, and takes the first of a repeated one', () => {
    expect(zonedInstant('2027-03-28', (2 * 60 + 30) * 60_000, 'Europe/Berlin').toISOString()).toBe('2027-03-28T01:30:00.000Z'); // 03:30 CEST
    expect(zonedInstant('2026-10-25', (2 * 60 + 30) * 60_000, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST, the first
    expect(zonedInstant('2026-12-08', 10 * 3_600_000, 'Asia/Shanghai').toISOString()).toBe('2026-12-08T02:00:00.000Z');
  });

  it('keeps a visit that ends after midnight ending the next local day', () => {
    const r = expandRecurrence({ start: at('2026-12-08T22:00:00+08:00'), end: at('2026-12-09T01:00:00+08:00') }, rule({ frequency: 'daily', count: 2 }), 'Asia/Shanghai');
    expect(r.ok && r.value.map((o) => o.end.toISOString())).toEqual(['2026-12-08T17:00:00.000Z', '2026-12-09T17:00:00.000Z']);
  });

  it(`allows ${MAX_OCCURRENCES} occurrences and refuses more, naming the field`, () => {
    const first = { start: at('2026-12-08T10:00:00+08:00'), end: at('2026-12-08T11:00:00+08:00') };
    const ok = expandRecurrence(first, rule({ frequency: 'weekly', count: MAX_OCCURRENCES }), 'Asia/Shanghai');
    expect(ok.ok && ok.value).toHaveLength(MAX_OCCURRENCES);
    const byCount = expandRecurrence(first, rule({ frequency: 'weekly', count: MAX_OCCURRENCES + 1 }), 'Asia/Shanghai');
    expect(!byCount.ok && [byCount.error.code, byCount.error.details?.field]).toEqual(['VALIDATION.INVALID', 'recurrence.count']);
    const byUntil = expandRecurrence(first, rule({ frequency: 'daily', until: '2027-12-31' }), 'Asia/Shanghai');
    expect(!byUntil.ok && [byUntil.error.code, byUntil.error.details?.field]).toEqual(['VALIDATION.INVALID', 'recurrence.until']);
    expect(!byUntil.ok && byUntil.error.message).toContain(`at most ${MAX_OCCURRENCES}`);
  });

  it('refuses a rule without a bound, with two, weekdays on a daily rule, an end before the start, or overlapping visits', () => {
    const first = { start: at('2026-12-08T10:00:00+08:00'), end: at('2026-12-08T11:00:00+08:00') };
    const field = (r: RecurrenceInput) => {
      const x = expandRecurrence(first, rule(r), 'Asia/Shanghai');
      return x.ok ? 'accepted' : x.error.details?.field;
    };
    expect(field({ frequency: 'weekly' })).toBe('recurrence');
    expect(field({ frequency: 'weekly', count: 2, until: '2027-01-01' })).toBe('recurrence');
    expect(field({ frequency: 'daily', weekdays: ['mon'], count: 2 })).toBe('recurrence.weekdays');
    expect(field({ frequency: 'daily', until: '2026-12-01' })).toBe('recurrence.until');
    const long = expandRecurrence({ start: first.start, end: at('2026-12-10T10:00:00+08:00') }, rule({ frequency: 'daily', count: 2 }), 'Asia/Shanghai');
    expect(!long.ok && [long.error.details?.field, long.error.message]).toEqual(['recurrence', expect.stringContaining('before the next one starts')]);
  });

  it('makes every occurrence at the same local time, in order, as many as asked (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_OCCURRENCES }), fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 23 }), fc.constantFrom('Europe/Berlin', 'Asia/Shanghai'), (count, day, hour, zone) => {
        const d = new Date(Date.UTC(2027, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
        const start = zonedInstant(d, hour * 3_600_000 + 15 * 60_000, zone);
        const r = expandRecurrence({ start, end: new Date(start.getTime() + 3_600_000) }, rule({ frequency: 'weekly', count }), zone);
        if (!r.ok) return false;
        const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' });
        const local = r.value.map((o) => fmt.format(o.start));
        return r.value.length === count && r.value.every((o, i) => i === 0 || o.start > r.value[i - 1]!.start) && (hour === 2 || local.every((l) => l === local[0]));
      }),
    );
  });
});

describe('describeRecurrence', () => {
  it('says the rule in Chinese and English', () => {
    expect(describeRecurrence({ frequency: 'weekly', weekdays: ['tue', 'thu'], count: 4 }, 'zh')).toBe('每周二、周四，共4次');
    expect(describeRecurrence({ frequency: 'weekly', count: 4 }, 'en', 'tue')).toBe('weekly on Tue, 4 times');
    expect(describeRecurrence({ frequency: 'daily', until: '2026-12-20' }, 'zh')).toBe('每天，至2026-12-20');
    expect(describeRecurrence({ frequency: 'daily', interval: 2, count: 3 }, 'en')).toBe('every 2 days, 3 times');
  });
});

describe('visitOccurrences', () => {
  it('is the window itself without a recurrence', () => {
    const v = { start: at('2026-12-08T10:00:00+08:00'), end: at('2026-12-08T11:00:00+08:00') };
    expect(visitOccurrences(v, 'Asia/Shanghai')).toEqual({ ok: true, value: [v] });
  });
});
