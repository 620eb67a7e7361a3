// Whatever is typed, the rule parser answers quickly with output the shared schema accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParsedRequestSchema } from '../../domain/nlu/index.js';
import { parseRules } from '../../src/nlu/index.js';

const ctx = { today: '2026-11-18', timeZone: 'Asia/Shanghai' };
const pieces = ['明天', '下周二', '去', '上海', '出差', '报销', '打车', '58元', '¥', '1,280', '$45.20', '来访', '下午两点', '张伟', '3人', '，', ' ', '12/3', '待三天', 'Dec 7-11', '两千三百', 'to Paris', '批了吗', '13912345678', '3块5', '周', '号', '.', '-'];

describe('parseRules on arbitrary input', () => {
  it('always returns schema-valid output for random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        expect(ParsedRequestSchema.safeParse(parseRules(s, ctx)).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('always returns schema-valid output for shuffled request fragments', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const out = parseRules(parts.join(''), ctx);
        expect(ParsedRequestSchema.safeParse(out).success).toBe(true);
        const amount = out.expense?.amount ?? out.trip?.estimatedAmount;
        if (amount) expect(Number.isInteger(amount.minor)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic', () => {
    const text = '下周一去广州出差，周三回来，坐飞机';
    expect(parseRules(text, ctx)).toEqual(parseRules(text, ctx));
  });

  it('rejects a context whose today is not a date', () => {
    expect(() => parseRules('明天去上海', { today: '18/11/2026', timeZone: 'Asia/Shanghai' })).toThrow(RangeError);
  });
});
