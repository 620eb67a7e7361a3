// Field accuracy of the rule parser on the request-understanding corpora, per file and per kind.
//
//   npm run --silent nlu:score                       dev.jsonl, held-out.jsonl and the shared examples (when present)
//   npm run --silent nlu:score -- FILE.jsonl …       the given files
//   … --misses                                        also lists every missed field
//   … --json                                          one JSON report on stdout instead of tables
//
// A case is {"kind"?, "text", "today"?, "expect": {dotted.path: value | [accepted values]}}; `today` defaults to
// 2026-11-18 and the zone is Asia/Shanghai. A field is correct when it matches (test/nlu/scoring.ts), wrong when the
// parser gave a different value (worse than nothing: it would be filed), absent when it gave none.
// The exit code is 0 whatever the accuracy; 1 when a file cannot be read or a line is not a case.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRules } from '../src/nlu/index.js';
import { score, type Expectation, type FieldMiss } from '../test/nlu/scoring.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_TODAY = '2026-11-18';
const TIME_ZONE = 'Asia/Shanghai';
const NO_KIND = '(none)';

interface CorpusCase {
  kind: string;
  text: string;
  today: string;
  expect: Expectation;
}

interface Tally {
  cases: number;
  fields: number;
  correct: number;
  wrong: number;
  absent: number;
}

interface Miss extends FieldMiss {
  kind: string;
  today: string;
  status: 'wrong' | 'absent' | 'error';
}

interface FileReport extends Tally {
  file: string;
  accuracy: number;
  wrongShare: number;
  absentShare: number;
  errors: number;
  kinds: Record<string, Tally & { accuracy: number }>;
  misses: Miss[];
}

class UnreadableFile extends Error {}

function readCorpus(file: string): CorpusCase[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UnreadableFile(`cannot read ${file}: ${(e as Error).message}`);
  }
  const cases: CorpusCase[] = [];
  raw.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new UnreadableFile(`${file}:${i + 1}: not JSON: ${(e as Error).message}`);
    }
    const c = v as Partial<Record<'kind' | 'text' | 'today', unknown>> & { expect?: unknown };
    if (typeof c.text !== 'string' || c.expect === null || typeof c.expect !== 'object' || Array.isArray(c.expect)) {
      throw new UnreadableFile(`${file}:${i + 1}: not a case (needs "text" and an "expect" object)`);
    }
    cases.push({
      kind: typeof c.kind === 'string' ? c.kind : NO_KIND,
      text: c.text,
      today: typeof c.today === 'string' ? c.today : DEFAULT_TODAY,
      expect: c.expect as Expectation,
    });
  });
  return cases;
}

const emptyTally = (): Tally => ({ cases: 0, fields: 0, correct: 0, wrong: 0, absent: 0 });
const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);

function scoreFile(file: string): FileReport {
  const cases = readCorpus(file);
  const total = emptyTally();
  const kinds = new Map<string, Tally>();
  const misses: Miss[] = [];
  let errors = 0;
  for (const c of cases) {
    let failed = false;
    const parse = (text: string): unknown => {
      try {
        return parseRules(text, { today: c.today, timeZone: TIME_ZONE });
      } catch {
        failed = true;
        return undefined;
      }
    };
    const r = score([{ text: c.text, expect: c.expect }], parse);
    if (failed) errors++;
    const k = kinds.get(c.kind) ?? emptyTally();
    kinds.set(c.kind, k);
    for (const t of [total, k]) {
      t.cases++;
      t.fields += r.fields;
      t.correct += r.correct;
    }
    for (const m of r.misses) {
      const status = failed ? 'error' : m.actual === undefined ? 'absent' : 'wrong';
      for (const t of [total, k]) {
        if (status === 'wrong') t.wrong++;
        else t.absent++;
      }
      misses.push({ ...m, kind: c.kind, today: c.today, status });
    }
  }
  return {
    file,
    ...total,
    accuracy: ratio(total.correct, total.fields),
    wrongShare: total.fields === 0 ? 0 : total.wrong / total.fields,
    absentShare: total.fields === 0 ? 0 : total.absent / total.fields,
    errors,
    kinds: Object.fromEntries([...kinds].map(([kind, t]) => [kind, { ...t, accuracy: ratio(t.correct, t.fields) }])),
    misses,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function table(rows: string[][], rightFrom: number): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i >= rightFrom ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function render(r: FileReport, withMisses: boolean): string {
  const rel = path.relative(process.cwd(), r.file) || r.file;
  const lines = [
    `${rel}: ${r.cases} cases, ${r.fields} fields`,
    `  accuracy ${pct(r.accuracy)} (${r.correct}/${r.fields})   wrong ${pct(r.wrongShare)} (${r.wrong})   absent ${pct(r.absentShare)} (${r.absent})${r.errors > 0 ? `   parser threw on ${r.errors} cases` : ''}`,
    '',
  ];
  const rows = [['kind', 'cases', 'fields', 'correct', 'wrong', 'absent', 'accuracy']];
  for (const [kind, t] of Object.entries(r.kinds).sort(([a], [b]) => a.localeCompare(b))) {
    rows.push([kind, String(t.cases), String(t.fields), String(t.correct), String(t.wrong), String(t.absent), pct(t.accuracy)]);
  }
  lines.push(...table(rows, 1).split('\n').map((l) => `  ${l}`));
  if (withMisses && r.misses.length > 0) {
    lines.push('', '  misses:');
    for (const m of r.misses) {
      const today = m.today === DEFAULT_TODAY ? '' : ` (today ${m.today})`;
      lines.push(`  [${m.kind}] ${m.status} ${m.path}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}  ${JSON.stringify(m.text)}${today}`);
    }
  }
  return lines.join('\n');
}

function main(argv: string[]): number {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const unknown = [...flags].filter((f) => f !== '--misses' && f !== '--json');
  if (unknown.length > 0) {
    process.stderr.write(`unknown option ${unknown.join(' ')} (known: --misses, --json)\n`);
    return 1;
  }
  let files = argv.filter((a) => !a.startsWith('--')).map((f) => path.resolve(f));
  if (files.length === 0) {
    files = [path.join(ROOT, 'test/nlu/corpus/dev.jsonl'), path.join(ROOT, 'test/nlu/corpus/held-out.jsonl')];
    const examples = process.env.NLU_EXAMPLES ?? path.resolve(ROOT, '../shared/nlu/examples.jsonl');
    if (process.env.NLU_EXAMPLES !== undefined || existsSync(examples)) files.push(path.resolve(examples));
  }
  let reports: FileReport[];
  try {
    reports = files.map(scoreFile);
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
  if (flags.has('--json')) {
    const withMisses = flags.has('--misses');
    const out = reports.map((r) => (withMisses ? r : { ...r, misses: undefined, missCount: r.misses.length }));
    process.stdout.write(`${JSON.stringify({ timeZone: TIME_ZONE, defaultToday: DEFAULT_TODAY, files: out }, null, 2)}\n`);
  } else {
    process.stdout.write(`${reports.map((r) => render(r, flags.has('--misses'))).join('\n\n')}\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
