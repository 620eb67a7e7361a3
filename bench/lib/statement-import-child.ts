// Child process of bench/reconcile-e2e.bench.ts (bundled by it with esbuild, so its RSS is the import's, not tsx's):
//   node statement-import-child.mjs parse FILE                      parse only, with the streaming reader
//   node statement-import-child.mjs import FILE URL ORG ACCOUNT     parse + match + persist through importStatement
// Prints one ImportMeasurement as JSON. With BENCH_QUERY_LOG set, every round trip is counted by statement shape.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../db/open.js';
import { readStatementEvents } from '../../src/integrations/bank/iso20022/read/index.js';
import { randomIds, systemClock } from '../../src/runtime.js';
import { importStatement, statementsForImport } from '../../src/usecases/payments/statement-import.js';

/** What the child measured: wall time from the first byte read to the commit, and the peak RSS of its whole life. */
export interface ImportMeasurement {
  mode: 'parse' | 'import';
  ms: number;
  peakRssMb: number;
  entries: number;
  /** Import only: what importStatement returned. */
  result?: { duplicate: boolean; checks: string[]; settled: number; returned: number; open: number };
  error?: string;
}

type Measured = Omit<ImportMeasurement, 'peakRssMb'>;

async function parseOnly(file: string): Promise<Measured> {
  const started = performance.now();
  let entries = 0;
  for await (const e of readStatementEvents(createReadStream(file))) if (e.type === 'entry') entries += 1;
  return { mode: 'parse', entries, ms: Math.round(performance.now() - started) };
}

async function importFile(file: string, url: string, orgId: string, accountId: string): Promise<Measured> {
  // The import runs in one transaction on one connection; the pool is opened before the clock starts (below).
  const database = await openDatabase({ url, poolSize: 2, backgroundPoolSize: 1, migrate: false });
  try {
    const started = performance.now();
    let entries = 0;
    let result: ImportMeasurement['result'];
    // As the bank fetch reads them: streamed, each entry kept only as its lines.
    for await (const stmt of statementsForImport(createReadStream(file))) {
      entries += stmt.entryCount;
      const r = await importStatement({ db: database.db, clock: systemClock, ids: randomIds }, orgId, accountId, stmt, path.basename(file));
      if (!r.ok) return { mode: 'import', entries, ms: Math.round(performance.now() - started), error: `${r.error.code}: ${r.error.message}` };
      result = { duplicate: r.value.duplicate, checks: r.value.checks.map((c) => c.code), settled: r.value.settled, returned: r.value.returned, open: r.value.open };
    }
    return { mode: 'import', entries, ms: Math.round(performance.now() - started), ...(result ? { result } : {}) };
  } finally {
    await database.close();
  }
}

const [mode, file, url, orgId, accountId] = process.argv.slice(2);
if (mode && file) {
  if (process.env.BENCH_QUERY_LOG) await import('./query-counter.js');
  let m: Measured;
  try {
    m = mode === 'import' ? await importFile(file, url!, orgId!, accountId!) : await parseOnly(file);
  } catch (e) {
    // drizzle's message repeats the whole statement and its parameters: the first 400 characters say enough.
    const message = e instanceof Error ? e.message : String(e);
    m = { mode: mode === 'import' ? 'import' : 'parse', entries: 0, ms: 0, error: message.length > 400 ? `${message.slice(0, 400)}…` : message };
  }
  // maxRSS is in kilobytes: the peak over the child's whole life.
  const out: ImportMeasurement = { ...m, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
