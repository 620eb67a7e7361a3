// The parser against its scored test set (test/nlu/corpus): dev.jsonl was tuned against; held-out.jsonl was written
// apart and not read while tuning. Targets from the issue: at least 97 % of fields right, fewer than 1 % wrong (a value
// given but different: worse than leaving it out and asking). `npm run --silent nlu:score` prints the figures per kind.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/nlu/index.js';
import { fieldMatches, valueAt } from './scoring.js';

const here = path.dirname(fileURLToPath(import.meta.url));

interface CorpusCase {
  kind: string;
  text: string;
  today?: string;
  expect: Record<string, unknown>;
}

function measure(file: string): { fields: number; correct: number; wrong: number; misses: string[] } {
  const cases = readFileSync(path.join(here, 'corpus', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusCase);
  let fields = 0;
  let correct = 0;
  let wrong = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const out = parseRules(c.text, { today: c.today ?? '2026-11-18', timeZone: 'Asia/Shanghai' });
    for (const [p, expected] of Object.entries(c.expect)) {
      fields++;
      const actual = valueAt(out, p);
      if (fieldMatches(actual, expected)) correct++;
      else {
        if (actual !== undefined) wrong++;
        misses.push(`${c.kind} ${p}: ${JSON.stringify(actual)} (expected ${JSON.stringify(expected)}) in ${c.text}`);
      }
    }
  }
  return { fields, correct, wrong, misses };
}

describe('the parser on its scored test set', () => {
  it.each(['dev.jsonl', 'held-out.jsonl'])('%s: at least 97 percent of fields right and fewer than 1 percent wrong', (file) => {
    const r = measure(file);
    expect(r.fields).toBeGreaterThan(500);
    expect(r.correct / r.fields, r.misses.join('\n')).toBeGreaterThanOrEqual(0.97);
    expect(r.wrong / r.fields, r.misses.join('\n')).toBeLessThan(0.01);
  });
});
