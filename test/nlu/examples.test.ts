// Field accuracy of the rule parser on the shared examples (relative to 2026-11-18, Asia/Shanghai).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ParsedRequestSchema } from '../../domain/nlu/index.js';
import { parseRules } from '../../src/nlu/index.js';
import { readCases, score } from './scoring.js';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/nlu-examples.jsonl');
const ctx = { today: '2026-11-18', timeZone: 'Asia/Shanghai' };

describe('rule parser on the shared examples', () => {
  const cases = readCases(fixture);

  it('reads the whole fixture', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it('scores at least 95% field accuracy', () => {
    const result = score(cases, (text) => parseRules(text, ctx));
    console.log(`nlu examples: ${result.correct}/${result.fields} fields = ${(result.accuracy * 100).toFixed(1)}%`);
    for (const m of result.misses) console.log(`  miss ${m.path} in ${JSON.stringify(m.text)}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('returns schema-valid output for every example', () => {
    for (const c of cases) expect(ParsedRequestSchema.safeParse(parseRules(c.text, ctx)).success, c.text).toBe(true);
  });
});
