// A value the user did not give stays absent, so the bot asks for it instead of guessing.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/nlu/index.js';
import { valueAt } from './scoring.js';

const ctx = { today: '2026-11-18', timeZone: 'Asia/Shanghai' };

describe('parseRules never invents', () => {
  it.each([
    ['下周去上海出差', ['trip.departDate', 'trip.returnDate', 'trip.transport', 'trip.travellers', 'trip.estimatedAmount']],
    ['北京出差，下周，两个人', ['trip.departDate', 'trip.origin']],
    ['月底去大连出差', ['trip.departDate']],
    ['明天去上海', ['trip.returnDate', 'trip.transport']],
    ['宽带费 199元 本月', ['expense.date']],
    ['报销上周去上海的高铁票 553元', ['expense.date']],
    ['Lunch 58', ['expense.amount']],
    ['taxi 35 yesterday', ['expense.amount']],
    ['买墨盒 ¥265', ['expense.date']],
    ['12月5日上午 小米 一行4人 来参观', ['visit.startTime', 'visit.visitorName', 'visit.phone']],
    ['后天有访客，王芳，字节跳动，2位', ['visit.startTime', 'visit.phone']],
  ])('%s leaves %j absent', (text, paths) => {
    const out = parseRules(text, ctx);
    for (const p of paths) expect(valueAt(out, p), p).toBeUndefined();
  });

  it('answers only the intent for a status question or small talk', () => {
    expect(parseRules('我的出差申请批了吗', ctx)).toEqual({ intent: 'status' });
    expect(parseRules('讲个笑话', ctx)).toEqual({ intent: 'unknown' });
  });
});
