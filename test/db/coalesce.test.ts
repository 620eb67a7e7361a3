import { describe, expect, it } from 'vitest';
import { coalesce } from '../../db/coalesce.js';

describe('coalesce (calls of one event-loop turn share one run)', () => {
  it('runs once for the calls made together and gives each caller its own result', async () => {
    const runs: number[][] = [];
    const double = coalesce(async (keys: number[]) => {
      runs.push(keys);
      return keys.map((k) => k * 2);
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(await double(5)).toBe(10);
    expect(runs).toEqual([[1, 2, 3], [5]]);
  });

  it('fails every caller of a batch whose run failed, and the next batch runs afresh', async () => {
    let fail = true;
    const f = coalesce(async (keys: string[]) => {
      if (fail) throw new Error('database unavailable');
      return keys;
    });
    const results = await Promise.allSettled([f('a'), f('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await f('c')).toBe('c');
  });
});
