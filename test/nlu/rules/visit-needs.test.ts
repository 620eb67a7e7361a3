// A visit request read for what the visitors need: resources, reception types, level, amount, end time and how many come.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../../src/nlu/index.js';

const ctx = { today: '2026-12-07', timeZone: 'Asia/Shanghai' };
const visit = (text: string) => parseRules(text, ctx).visit;

describe('visit needs in the request', () => {
  it('reads a group, its resources and the meal from a Chinese sentence', () => {
    expect(parseRules('明天下午两点ABC科技王强等2人来访，需要会议室和午餐', ctx)).toEqual({
      intent: 'visit',
      visit: { visitorName: '王强', company: 'ABC科技', visitDate: '2026-12-08', startTime: '14:00', headcount: 2, resources: ['meeting_room', 'meal'], receptionTypes: ['meal'] },
    });
  });

  it('reads "and 2 colleagues" as three visitors, and a sentence with lunch as a visit, not an expense', () => {
    const p = parseRules('Wang Qiang and 2 colleagues from ABC Tech visiting tomorrow 2pm, need a meeting room and lunch', ctx);
    expect(p.intent).toBe('visit');
    expect(p.visit).toMatchObject({ visitorName: 'Wang Qiang', company: 'ABC Tech', headcount: 3, startTime: '14:00', resources: ['meeting_room', 'meal'], receptionTypes: ['meal'] });
  });

  it('reads a car, lodging, a VIP level, an end time and an estimate', () => {
    expect(visit('后天9:30 字节跳动张三一行3人来参观，需要用车和住宿，贵宾')).toMatchObject({ headcount: 3, resources: ['car', 'lodging'], receptionTypes: ['transport', 'lodging'], level: 'vip' });
    expect(visit('Visitor: John Smith from Acme Corp, Friday 3pm to 5pm, dinner and gifts')).toMatchObject({ startTime: '15:00', endTime: '17:00', receptionTypes: ['meal', 'gift'] });
    expect(visit('下周三上午10点华为李明来访，预计招待费800元')).toMatchObject({ estimatedAmount: { minor: 80_000, currency: 'CNY' } });
  });

  it('does not take a hotel for alcohol, nor the resources for the purpose', () => {
    const v = visit('明天上午10点腾讯刘洋来访，安排酒店和会议室');
    expect(v?.receptionTypes).toEqual(['lodging']);
    expect(v?.purpose).toBeUndefined();
  });
});
