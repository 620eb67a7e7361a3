// A recurring visit read from one sentence: how often, on which weekdays, how many times or until when, and the first
// day (the first named weekday from today when no date is written). 2026-12-07 is a Monday.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../../src/nlu/index.js';

const ctx = { today: '2026-12-07', timeZone: 'Asia/Shanghai' };
const parse = (text: string) => parseRules(text, ctx);

describe('recurring visits in a sentence', () => {
  it('reads 每周二…共4次 as weekly on Tuesdays, four times, from the next Tuesday', () => {
    expect(parse('每周二上午10点ABC科技王强来访，共4次')).toEqual({
      intent: 'visit',
      visit: { visitorName: '王强', company: 'ABC科技', visitDate: '2026-12-08', startTime: '10:00', recurrence: { frequency: 'weekly', weekdays: ['tue'], count: 4 } },
    });
  });

  it('reads 每天…连续三天 as daily, three times, from today', () => {
    expect(parse('每天下午两点ABC科技王强来访，连续三天').visit).toMatchObject({ visitDate: '2026-12-07', startTime: '14:00', recurrence: { frequency: 'daily', count: 3 } });
  });

  it('reads several weekdays and an end date, the listed weekday not taken for the first day', () => {
    expect(parse('每周二、周四上午10点ABC科技王强来访，到12月20日').visit).toMatchObject({ visitDate: '2026-12-08', recurrence: { frequency: 'weekly', weekdays: ['tue', 'thu'], until: '2026-12-20' } });
  });

  it('reads English: every Tuesday for 4 weeks, the possessive company, every other Monday 5 times', () => {
    expect(parse("ABC's Wang Qiang visits every Tuesday at 10am for 4 weeks")).toEqual({
      intent: 'visit',
      visit: { visitorName: 'Wang Qiang', company: 'ABC', visitDate: '2026-12-08', startTime: '10:00', recurrence: { frequency: 'weekly', weekdays: ['tue'], count: 4 } },
    });
    expect(parse('Wang Qiang from ABC visits every other Monday at 3pm, 5 times').visit).toMatchObject({ visitDate: '2026-12-07', recurrence: { frequency: 'weekly', interval: 2, weekdays: ['mon'], count: 5 } });
    // Two weekdays "for 4 weeks" are eight visits.
    expect(parse('Wang Qiang from ABC visits every Tuesday and Thursday at 10am for 4 weeks').visit?.recurrence).toEqual({ frequency: 'weekly', weekdays: ['tue', 'thu'], count: 8 });
  });

  it('leaves the count out when none is said, and a single visit without a recurrence', () => {
    expect(parse('每周三ABC科技王强来访').visit?.recurrence).toEqual({ frequency: 'weekly', weekdays: ['wed'] });
    expect(parse('明天下午两点ABC科技王强等2人来访').visit?.recurrence).toBeUndefined();
  });
});
