// Clock times, phone numbers, head counts and trip lengths.
import { describe, expect, it } from 'vitest';
import { findCounts, findDuration } from '../../../src/nlu/rules/counts.js';
import { makeDoc } from '../../../src/nlu/rules/normalize.js';
import { findPhones } from '../../../src/nlu/rules/phones.js';
import { findTimes } from '../../../src/nlu/rules/times.js';

describe('findTimes', () => {
  it.each([
    ['下午两点', '14:00'],
    ['上午10点', '10:00'],
    ['上午十点半', '10:30'],
    ['下午3点15分', '15:15'],
    ['晚上7点', '19:00'],
    ['中午12点', '12:00'],
    ['中午1点', '13:00'],
    ['凌晨2点', '02:00'],
    ['下午四點', '16:00'],
    ['9:30', '09:30'],
    ['14:30', '14:30'],
    ['3pm', '15:00'],
    ['9am', '09:00'],
    ['9 a.m.', '09:00'],
    ['2:30pm', '14:30'],
    ['noon', '12:00'],
    ['3点', '15:00'],
  ])('%s → %s', (text, time) => {
    expect(findTimes(makeDoc(text)).map((t) => t.time)).toEqual([time]);
  });

  it('does not read 便宜一点 as one o’clock', () => {
    expect(findTimes(makeDoc('便宜一点'))).toEqual([]);
  });
});

describe('findPhones', () => {
  it.each([
    ['电话13912345678', '13912345678'],
    ['139-1234-5678', '13912345678'],
    ['+86 139 1234 5678', '+8613912345678'],
    ['0912-345-678', '0912345678'],
    ['010-12345678', '01012345678'],
    ['+1 415 555 0100', '+14155550100'],
  ])('%s → %s', (text, phone) => {
    expect(findPhones(makeDoc(text)).map((p) => p.phone)).toEqual([phone]);
  });
});

describe('findCounts', () => {
  it.each([
    ['三个人', 3, false],
    ['1人', 1, false],
    ['一行5人', 5, false],
    ['3位客人', 3, false],
    ['2 people', 2, false],
    ['party of 4', 4, false],
    ['带两个同事', 2, true],
    ['with 2 colleagues', 2, true],
  ])('%s → %i', (text, count, companions) => {
    expect(findCounts(makeDoc(text)).map((c) => [c.count, c.companions])).toEqual([[count, companions]]);
  });
});

describe('findDuration', () => {
  it.each([
    ['待三天', 2],
    ['住两晚', 2],
    ['三天两晚', 2],
    ['一周', 6],
    ['当天往返', 0],
    ['当天回', 0],
    ['for 4 days', 3],
    ['3 nights', 3],
    ['day trip', 0],
  ])('%s → return %i days after departure', (text, offset) => {
    expect(findDuration(makeDoc(text))?.returnOffset).toBe(offset);
  });

  it('is absent when no length is written', () => {
    expect(findDuration(makeDoc('明天去上海'))).toBeUndefined();
  });
});
