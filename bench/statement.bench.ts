// Large-statement benchmark: writes a 100,000-entry camt.053 (~70 MB) with a streamed write, then times our streaming
// reader on it in a child process (parse only) and reports its peak RSS. Not wired into bench/run.ts.
//
//   npx tsx bench/statement.bench.ts [--entries 100000] [--mode events|statements] [--keep]
//
// Mode `events` consumes readStatementEvents (entries handed out one by one, nothing kept); `statements` consumes
// readStatements, which keeps one statement's entries (all 100,000 here) as objects until the statement closes.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { parseArgs } from 'node:util';

/** The RSS the issue allows for parsing the 100,000-entry file. */
export const STATEMENT_RSS_LIMIT_MB = 256;

/** What the generated file must read back as, so a fast but wrong parse is caught. */
export interface GeneratedStatement {
  file: string;
  bytes: number;
  entries: number;
  creditMinor: number;
  debitMinor: number;
}

import type { ParseMeasurement } from './lib/camt-parse-child.js';

export type { ParseMeasurement };

export interface StatementBenchResult {
  generated: GeneratedStatement;
  /** Megabytes of RSS of a Node process that only starts (the floor under `parse.peakRssMb`). */
  nodeBaselineRssMb: number;
  parse: ParseMeasurement;
  correct: boolean;
  withinRss: boolean;
}

function entryXml(i: number, minor: number, credit: boolean): string {
  const amount = `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
  const day = `2026-11-${String((i % 28) + 1).padStart(2, '0')}`;
  const party = credit ? 'Dbtr' : 'Cdtr';
  return (
    `<Ntry><NtryRef>${i}</NtryRef><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts>` +
    `<BookgDt><Dt>${day}</Dt></BookgDt><ValDt><Dt>${day}</Dt></ValDt><AcctSvcrRef>SVC${i}</AcctSvcrRef>` +
    `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>` +
    `<NtryDtls><TxDtls><Refs><MsgId>MSG${i}</MsgId><PmtInfId>PMT${i}</PmtInfId><EndToEndId>E2E-${i}</EndToEndId></Refs>` +
    `<AmtDtls><TxAmt><Amt Ccy="EUR">${amount}</Amt></TxAmt></AmtDtls>` +
    `<RltdPties><${party}><Nm>Counterparty number ${i % 997}</Nm></${party}><${party}Acct><Id><IBAN>DE${String(i).padStart(20, '0')}</IBAN></Id></${party}Acct></RltdPties>` +
    `<RmtInf><Ustrd>Reimbursement ${i} for travel and expenses, claim ${i * 7}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n`
  );
}

/**
 * Writes a camt.053.001.02 with one statement of `entries` entries to `file`, streaming with backpressure so the
 * generator itself stays small. Amounts are deterministic; the totals are returned for checking the parse.
 */
export async function writeLargeCamt053(file: string, entries: number): Promise<GeneratedStatement> {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  let credit = 0;
  let debit = 0;
  await write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>' +
      '<GrpHdr><MsgId>BENCH-1</MsgId><CreDtTm>2026-12-01T00:00:00</CreDtTm></GrpHdr><Stmt><Id>BENCH-STMT-1</Id><ElctrncSeqNb>1</ElctrncSeqNb>' +
      '<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy><Svcr><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></Svcr></Acct>' +
      '<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-01</Dt></Dt></Bal>\n',
  );
  for (let i = 0; i < entries; i++) {
    const minor = ((i * 7919) % 500_000) + 1;
    const isCredit = i % 3 !== 0;
    if (isCredit) credit += minor;
    else debit += minor;
    await write(entryXml(i, minor, isCredit));
  }
  const closing = credit - debit;
  const abs = Math.abs(closing);
  await write(
    `<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}</Amt>` +
      `<CdtDbtInd>${closing < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>2026-11-30</Dt></Dt></Bal>` +
      '</Stmt></BkToCstmrStmt></Document>\n',
  );
  out.end();
  await once(out, 'finish');
  return { file, bytes: statSync(file).size, entries, creditMinor: credit, debitMinor: debit };
}

/**
 * Bundles the child (bench/lib/camt-parse-child.ts) with esbuild (as `npm run build` does for the server) so the child runs plain JavaScript: the RSS
 * measured is the reader's and Node's, not the TypeScript loader's (tsx alone adds about 35 MB).
 */
async function bundleChild(dir: string): Promise<string> {
  const out = path.join(dir, 'camt-parse-child.mjs');
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'camt-parse-child.ts');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'error' });
  return out;
}

/** Runs the parse in a fresh Node process on the bundled reader (so the RSS is the reader's alone) and returns what it measured. */
export async function measureParse(file: string, mode: 'events' | 'statements'): Promise<ParseMeasurement> {
  const script = await bundleChild(path.dirname(file));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, file, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`parse child exited ${code}`));
      else resolve(JSON.parse(out) as ParseMeasurement);
    });
  });
}

/** Peak RSS of a bare `node -e` on this machine, for reading the parse figure. */
function baselineRss(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', 'process.stdout.write(String(Math.round(process.resourceUsage().maxRSS / 1024)))'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => resolve(Number(out)));
  });
}

/** Generates the file in a temp directory, measures the parse, checks the totals and removes the file unless `keep`. */
export async function runStatementBench(o: { entries: number; mode: 'events' | 'statements'; keep?: boolean }): Promise<StatementBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'camt-bench-'));
  try {
    const generated = await writeLargeCamt053(path.join(dir, 'camt053-large.xml'), o.entries);
    const parse = await measureParse(generated.file, o.mode);
    const nodeBaselineRssMb = await baselineRss();
    const correct = parse.entries === generated.entries && parse.creditMinor === generated.creditMinor && parse.debitMinor === generated.debitMinor;
    return { generated, nodeBaselineRssMb, parse, correct, withinRss: parse.peakRssMb < STATEMENT_RSS_LIMIT_MB };
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { entries: { type: 'string' }, mode: { type: 'string' }, keep: { type: 'boolean' } } });
  const mode = values.mode === 'statements' ? 'statements' : 'events';
  const result = await runStatementBench({ entries: Number(values.entries ?? 100_000), mode, keep: values.keep ?? false });
  console.log(JSON.stringify(result, null, 2));
  process.exitCode = result.correct ? 0 : 1;
}
