// An advance (借款) asked for in a visit request is read as the advance, not as the estimate nor as money spent:
// before or after the amount, in Chinese and English, beside an estimate or without one.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../../src/nlu/index.js';

const ctx = { today: '2026-12-07', timeZone: 'Asia/Shanghai' };
const cny = (minor: number) => ({ minor, currency: 'CNY' });

describe('an advance in a visit request', () => {
  it('reads "借款2000元" as the advance of a Chinese visit, which stays a visit', () => {
    expect(parseRules('明天下午两点ABC科技王强等2人来访，需要会议室和午餐，借款2000元', ctx)).toEqual({
      intent: 'visit',
      visit: { visitorName: '王强', company: 'ABC科技', visitDate: '2026-12-08', startTime: '14:00', headcount: 2, resources: ['meeting_room', 'meal'], receptionTypes: ['meal'], advanceAmount: cny(200_000) },
    });
  });

  it('tells the advance from the estimate, whichever comes first and however it is cued', () => {
    expect(parseRules('明天下午两点ABC科技王强来访，预计招待费3000元，借款2000元', ctx).visit).toMatchObject({ estimatedAmount: cny(300_000), advanceAmount: cny(200_000) });
    expect(parseRules('下周三上午10点华为李明来访，预借备用金1500元，预算3000', ctx).visit).toMatchObject({ estimatedAmount: cny(300_000), advanceAmount: cny(150_000) });
    expect(parseRules('后天上午9点腾讯刘洋来访，需要午餐，申请2000元借款', ctx).visit).toMatchObject({ advanceAmount: cny(200_000) });
    expect(parseRules('后天上午9点腾讯刘洋来访，需要午餐，申请2000元借款', ctx).visit?.estimatedAmount).toBeUndefined();
  });

  it('reads "advance 2000 CNY" in English, before or after the amount', () => {
    const p = parseRules('Wang Qiang from ABC Tech is visiting tomorrow at 2pm, needs a meeting room and lunch, advance 2000 CNY', ctx);
    expect(p).toEqual({
      intent: 'visit',
      visit: { visitorName: 'Wang Qiang', company: 'ABC Tech', visitDate: '2026-12-08', startTime: '14:00', resources: ['meeting_room', 'meal'], receptionTypes: ['meal'], advanceAmount: cny(200_000) },
    });
    expect(parseRules('Visitor John Smith from Acme Corp Friday 3pm, dinner, budget CNY 3000, cash advance of CNY 1,000', ctx).visit).toMatchObject({ estimatedAmount: cny(300_000), advanceAmount: cny(100_000) });
    expect(parseRules('Sarah Lee from Globex visiting tomorrow 10am, lunch, CNY 800 as an advance', ctx).visit).toMatchObject({ advanceAmount: cny(80_000) });
  });

  it('leaves an estimate alone when no advance is asked, and "in advance" is not one', () => {
    expect(parseRules('下周三上午10点华为李明来访，预计招待费800元', ctx).visit).toMatchObject({ estimatedAmount: cny(80_000) });
    expect(parseRules('下周三上午10点华为李明来访，预计招待费800元', ctx).visit?.advanceAmount).toBeUndefined();
    const v = parseRules('Sarah Lee from Globex visiting tomorrow 10am, book lunch in advance, budget 800 CNY', ctx).visit;
    expect(v).toMatchObject({ estimatedAmount: cny(80_000) });
    expect(v?.advanceAmount).toBeUndefined();
  });

  it('answers the advance question with the visit as context', () => {
    expect(parseRules('借款500元', ctx, 'visit')).toEqual({ intent: 'visit', visit: { advanceAmount: cny(50_000) } });
    expect(parseRules('advance 500 CNY', ctx, 'visit')).toEqual({ intent: 'visit', visit: { advanceAmount: cny(50_000) } });
  });
});
