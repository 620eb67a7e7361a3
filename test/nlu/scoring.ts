// Field-accuracy scoring for request parsing, as described in /work/shared/nlu/README.md: every expected dotted path is
// one field; it scores when the parser's value there equals the expected one (or any of a list of accepted values),
// strings compared ignoring case and spaces.
import { readFileSync } from 'node:fs';

export type Expectation = Record<string, unknown>;

export interface Case {
  text: string;
  expect: Expectation;
}

/** Reads a JSONL file of {text, expect} cases. */
export function readCases(path: string): Case[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Case);
}

/** The value at `a.b.c` in `value`, or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  let v: unknown = value;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const canon = (s: string): string => s.replace(/\s+/g, '').toLowerCase();

/** True when `actual` matches `expected` (a value, or an array of accepted values). */
export function fieldMatches(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) return expected.some((e) => fieldMatches(actual, e));
  if (typeof expected === 'string') return typeof actual === 'string' && canon(actual) === canon(expected);
  return actual === expected;
}

export interface FieldMiss {
  text: string;
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface Score {
  fields: number;
  correct: number;
  accuracy: number;
  misses: FieldMiss[];
}

/** Scores `parse` over `cases`. */
export function score(cases: readonly Case[], parse: (text: string) => unknown): Score {
  let fields = 0;
  let correct = 0;
  const misses: FieldMiss[] = [];
  for (const c of cases) {
    const out = parse(c.text);
    for (const [path, expected] of Object.entries(c.expect)) {
      fields++;
      const actual = valueAt(out, path);
      if (fieldMatches(actual, expected)) correct++;
      else misses.push({ text: c.text, path, expected, actual });
    }
  }
  return { fields, correct, accuracy: fields === 0 ? 1 : correct / fields, misses };
}
