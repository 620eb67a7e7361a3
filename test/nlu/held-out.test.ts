// The rule parser on utterances it was not written against (Simplified, Traditional and English).
import { describe, expect, it } from 'vitest';
import { ParsedRequestSchema } from '../../domain/nlu/index.js';
import { parseRules } from '../../src/nlu/index.js';
import { HELD_OUT } from './held-out-cases.js';
import { score, valueAt } from './scoring.js';

const parse = (text: string, today = '2026-11-18') => parseRules(text, { today, timeZone: 'Asia/Shanghai' });

describe('rule parser on held-out utterances', () => {
  it('covers at least 40 varied utterances', () => {
    expect(HELD_OUT.length).toBeGreaterThanOrEqual(40);
  });

  it.each(HELD_OUT.map((c) => [c.text, c] as const))('parses %s', (_text, c) => {
    const out = parse(c.text, c.today);
    expect(ParsedRequestSchema.safeParse(out).success).toBe(true);
    const { misses } = score([c], () => out);
    expect(misses.map((m) => `${m.path}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(valueAt(out, m.path))}`)).toEqual([]);
  });
});
