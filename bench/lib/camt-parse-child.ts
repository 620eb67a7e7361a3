// Child process of bench/statement.bench.ts: parses one camt file with our streaming reader and prints what it measured.
//   node camt-parse-child.mjs FILE events|statements   (bundled by the bench; also runs under tsx)
import { createReadStream } from 'node:fs';
import { readStatementEvents, readStatements } from '../../src/integrations/bank/iso20022/read/index.js';

/** What the child process measured. */
export interface ParseMeasurement {
  mode: 'events' | 'statements';
  ms: number;
  peakRssMb: number;
  entries: number;
  creditMinor: number;
  debitMinor: number;
}

/** Child side: parses `file` and prints one ParseMeasurement as JSON. */
export async function parseInChild(file: string, mode: 'events' | 'statements'): Promise<void> {
  const started = performance.now();
  let entries = 0;
  let creditMinor = 0;
  let debitMinor = 0;
  const add = (cd: string, minor: number) => {
    entries += 1;
    if (cd === 'CRDT') creditMinor += minor;
    else debitMinor += minor;
  };
  if (mode === 'events') {
    for await (const e of readStatementEvents(createReadStream(file))) if (e.type === 'entry') add(e.entry.creditDebit, e.entry.amount.minor);
  } else {
    for await (const s of readStatements(createReadStream(file))) for (const e of s.entries) add(e.creditDebit, e.amount.minor);
  }
  const ms = Math.round(performance.now() - started);
  // maxRSS is in kilobytes: the peak over the child's life, loader included.
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const m: ParseMeasurement = { mode, ms, peakRssMb, entries, creditMinor, debitMinor };
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

const [file, mode] = process.argv.slice(2);
if (file) await parseInChild(file, mode === 'statements' ? 'statements' : 'events');
