// Text with no travel, expense or visit signal is not a request: a transport word alone is talk, not a trip.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../../src/nlu/index.js';

const ctx = { today: '2026-12-02', timeZone: 'Asia/Shanghai' };

describe('no signal, no request', () => {
  it('answers unknown for nonsense and small talk in both languages', () => {
    for (const text of ['asdf qwerty 蓝色的大象会飞吗', '蓝色的大象会飞吗', 'can pigs fly?', 'what a lovely day', 'hello there', '今天天气不错']) expect(parseRules(text, ctx).intent, text).toBe('unknown');
  });

  it('still takes a transport word with a date, a place or a trip word as a trip', () => {
    for (const text of ['明天飞', '下周二去上海', '出差', 'fly to Beijing tomorrow', 'business trip next week']) expect(parseRules(text, ctx).intent, text).toBe('trip');
  });

  it('reads a bare answer as part of the open conversation', () => {
    expect(parseRules('高铁', ctx, 'trip').intent).toBe('trip');
  });
});
