// The request-understanding corpus (test/nlu/corpus/*.jsonl, see its README) is well formed: every line a case of a
// known kind, every expected path a field of ParsedRequest and every expected value one the schema accepts, real
// calendar dates, integer amounts, enough cases per kind and no sentence twice. Accuracy is scored elsewhere
// (scripts/nlu-score.ts); this file holds no threshold.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ParsedRequestSchema } from '../../domain/nlu/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEV = path.join(HERE, 'corpus/dev.jsonl');
const HELD_OUT = path.join(HERE, 'corpus/held-out.jsonl');
const SHARED_EXAMPLES = process.env.NLU_EXAMPLES ?? path.resolve(HERE, '../../../shared/nlu/examples.jsonl');

const KINDS = [
  'weekday-relative',
  'ordinal-weekday',
  'holiday-cn',
  'festival-lunar',
  'holiday-en',
  'date-rare-en',
  'date-rare-zh',
  'cantonese-date',
  'money-zh-small-units',
  'money-hk',
  'money-financial-numerals',
  'money-zh-large',
  'money-en-words',
  'form-zh',
  'form-en',
  'mixed-intent',
  'plain-zh',
  'plain-en',
  'plain-traditional',
] as const;

interface Line {
  file: string;
  line: number;
  raw: string;
}

function lines(file: string): Line[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((raw, i) => ({ file: path.basename(file), line: i + 1, raw }))
    .filter((l) => l.raw.trim() !== '');
}

interface CorpusCase {
  kind: string;
  text: string;
  today?: string;
  expect: Record<string, unknown>;
}

const parse = (l: Line): CorpusCase => JSON.parse(l.raw) as CorpusCase;

/** The schema of the field at a dotted path of ParsedRequest, optional wrappers removed, or undefined. */
function fieldSchema(dotted: string): z.ZodType | undefined {
  let s: z.ZodType = ParsedRequestSchema;
  for (const key of dotted.split('.')) {
    while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    if (!(s instanceof z.ZodObject)) return undefined;
    const next = (s.shape as Record<string, z.ZodType | undefined>)[key];
    if (next === undefined) return undefined;
    s = next;
  }
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}

/** True for a YYYY-MM-DD string naming a real calendar day. */
function isRealDate(s: unknown): boolean {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const canon = (s: string): string => s.replace(/\s+/g, '').toLowerCase();

const dev = lines(DEV);
const heldOut = lines(HELD_OUT);

describe('request-understanding corpus', () => {
  for (const [name, file] of [
    ['dev', dev],
    ['held-out', heldOut],
  ] as const) {
    describe(name, () => {
      it('has one JSON case a line with only the known keys, a known kind, a text and a valid today', () => {
        const problems: string[] = [];
        for (const l of file) {
          let c: CorpusCase;
          try {
            c = parse(l);
          } catch (e) {
            problems.push(`${l.file}:${l.line}: not JSON (${(e as Error).message})`);
            continue;
          }
          const where = `${l.file}:${l.line}`;
          if (c === null || typeof c !== 'object' || Array.isArray(c)) {
            problems.push(`${where}: not an object`);
            continue;
          }
          const extra = Object.keys(c).filter((k) => !['kind', 'text', 'today', 'expect'].includes(k));
          if (extra.length > 0) problems.push(`${where}: unknown keys ${extra.join(', ')}`);
          if (!(KINDS as readonly string[]).includes(c.kind)) problems.push(`${where}: unknown kind ${JSON.stringify(c.kind)}`);
          if (typeof c.text !== 'string' || c.text.trim() === '' || c.text.length > 500) problems.push(`${where}: text must be a non-empty string`);
          if (c.today !== undefined && !isRealDate(c.today)) problems.push(`${where}: today ${JSON.stringify(c.today)} is not a YYYY-MM-DD date`);
          if (c.expect === null || typeof c.expect !== 'object' || Array.isArray(c.expect) || Object.keys(c.expect).length === 0) {
            problems.push(`${where}: expect must be a non-empty object`);
          }
        }
        expect(problems).toEqual([]);
      });

      it('expects an intent and only ParsedRequest fields, each with values the schema accepts', () => {
        const problems: string[] = [];
        for (const l of file) {
          const c = parse(l);
          const where = `${l.file}:${l.line}`;
          if (!('intent' in c.expect)) problems.push(`${where}: no expected intent`);
          for (const [p, expected] of Object.entries(c.expect)) {
            const schema = fieldSchema(p);
            if (schema === undefined) {
              problems.push(`${where}: ${p} is not a field of ParsedRequest`);
              continue;
            }
            if (schema instanceof z.ZodObject || schema instanceof z.ZodArray) {
              problems.push(`${where}: ${p} is not a leaf field (expect its parts, e.g. ${p}.minor)`);
              continue;
            }
            const accepted = Array.isArray(expected) ? expected : [expected];
            if (accepted.length === 0) problems.push(`${where}: ${p} lists no accepted value`);
            for (const v of accepted) {
              if (!schema.safeParse(v).success) problems.push(`${where}: ${p} = ${JSON.stringify(v)} is not a value the schema accepts`);
              if (/(Date|date|until)$/.test(p) && !isRealDate(v)) problems.push(`${where}: ${p} = ${JSON.stringify(v)} is not a real date`);
              if (p.endsWith('.minor') && !(Number.isInteger(v) && (v as number) > 0)) problems.push(`${where}: ${p} = ${JSON.stringify(v)} is not a positive integer`);
            }
          }
          const parts = (prefix: string): string[] => Object.keys(c.expect).filter((p) => p.startsWith(prefix));
          for (const amount of ['trip.estimatedAmount', 'expense.amount', 'visit.estimatedAmount', 'visit.advanceAmount']) {
            if (parts(`${amount}.currency`).length > 0 && parts(`${amount}.minor`).length === 0) problems.push(`${where}: ${amount}.currency without ${amount}.minor`);
          }
          const intent = c.expect.intent;
          for (const section of ['trip', 'expense', 'visit']) {
            if (parts(`${section}.`).length > 0 && intent !== section) problems.push(`${where}: ${section} fields with intent ${JSON.stringify(intent)}`);
          }
        }
        expect(problems).toEqual([]);
      });
    });
  }

  it('has at least 15 dev cases of every kind and at least 300 in all', () => {
    const counts = new Map<string, number>();
    for (const l of dev) counts.set(parse(l).kind, (counts.get(parse(l).kind) ?? 0) + 1);
    const short = KINDS.filter((k) => (counts.get(k) ?? 0) < 15).map((k) => `${k}: ${counts.get(k) ?? 0}`);
    expect(short).toEqual([]);
    expect(dev.length).toBeGreaterThanOrEqual(300);
  });

  it('has at least 100 held-out cases, every kind among them', () => {
    expect(heldOut.length).toBeGreaterThanOrEqual(100);
    const kinds = new Set(heldOut.map((l) => parse(l).kind));
    expect(KINDS.filter((k) => !kinds.has(k))).toEqual([]);
  });

  it('has no sentence twice, within or across the two files, nor one of the shared examples', () => {
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const l of [...dev, ...heldOut]) {
      const key = canon(parse(l).text);
      const before = seen.get(key);
      if (before !== undefined) dupes.push(`${l.file}:${l.line} repeats ${before}`);
      else seen.set(key, `${l.file}:${l.line}`);
    }
    if (existsSync(SHARED_EXAMPLES)) {
      for (const l of lines(SHARED_EXAMPLES)) {
        const before = seen.get(canon((JSON.parse(l.raw) as { text: string }).text));
        if (before !== undefined) dupes.push(`${before} is shared example ${l.line}`);
      }
    }
    expect(dupes).toEqual([]);
  });
});
