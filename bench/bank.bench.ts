// Bank files: parsing a generated 100,000-entry camt.053 (~70 MB) with our streaming reader, beside `xmllint --stream
// --noout` on the same file (the parse floor; libxml2-utils is installed when xmllint is missing) and the JavaScript
// peer iso20022.js (whole-document); and building + XSD-validating a 10,000-payment pain.001.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPain001Bench, type Pain001BenchResult } from './pain001.bench.js';
import { measureParse, STATEMENT_RSS_LIMIT_MB, writeLargeCamt053, type GeneratedStatement, type ParseMeasurement } from './statement.bench.js';

export interface BankBenchResult {
  generated: Omit<GeneratedStatement, 'file'>;
  ours: ParseMeasurement;
  xmllint: { ms: number; peakRssMb: number | null } | { error: string };
  peer: { ms: number; peakRssMb: number; entries: number } | { error: string };
  /** Our parse time ÷ xmllint's (target ≤ 2). */
  ratioToXmllint: number | null;
  correct: boolean;
  pass: { xmllint: boolean | null; rss: boolean; peer: boolean | null };
  pain001: Pain001BenchResult;
}

const here = path.dirname(fileURLToPath(import.meta.url));

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** xmllint, installed from Debian's libxml2-utils when missing (the bench may run as root on a fresh machine). */
function ensureXmllint(log: (m: string) => void): boolean {
  if (has('xmllint')) return true;
  log('  xmllint missing: installing libxml2-utils');
  try {
    execFileSync('sh', ['-c', 'apt-get install -y -qq libxml2-utils >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libxml2-utils >/dev/null 2>&1)'], { stdio: 'ignore', timeout: 300_000 });
  } catch {
    /* reported below */
  }
  return has('xmllint');
}

/** Wall time and peak RSS (GNU time's %M, when /usr/bin/time exists) of one command. */
function timed(cmd: string, args: string[]): Promise<{ ms: number; peakRssMb: number | null; stdout: string; code: number | null }> {
  const gnuTime = has('/usr/bin/time');
  const [bin, argv] = gnuTime ? ['/usr/bin/time', ['-f', '%M', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, argv as string[], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Math.round(performance.now() - started);
      const kb = gnuTime ? Number(stderr.trim().split('\n').pop()) : NaN;
      resolve({ ms, peakRssMb: Number.isFinite(kb) ? Math.round(kb / 1024) : null, stdout, code });
    });
  });
}

export async function runBankBench(o: { entries?: number; payments?: number; log: (m: string) => void }): Promise<BankBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bank-bench-'));
  try {
    const generated = await writeLargeCamt053(path.join(dir, 'camt053-large.xml'), o.entries ?? 100_000);
    o.log(`  generated a ${generated.entries}-entry camt.053 (${(generated.bytes / 1e6).toFixed(1)} MB)`);
    const ours = await measureParse(generated.file, 'events');
    o.log(`  ours: ${ours.ms} ms, peak RSS ${ours.peakRssMb} MB`);
    let xmllint: BankBenchResult['xmllint'];
    if (ensureXmllint(o.log)) {
      const x = await timed('xmllint', ['--stream', '--noout', generated.file]);
      xmllint = x.code === 0 ? { ms: x.ms, peakRssMb: x.peakRssMb } : { error: `xmllint exited ${x.code}` };
    } else xmllint = { error: 'xmllint not available (apt-get install libxml2-utils failed)' };
    o.log(`  xmllint --stream: ${'ms' in xmllint ? `${xmllint.ms} ms, peak RSS ${xmllint.peakRssMb ?? '?'} MB` : xmllint.error}`);
    const p = await timed(process.execPath, ['--max-old-space-size=8192', path.join(here, 'lib', 'peer-camt-child.mjs'), generated.file]);
    let peer: BankBenchResult['peer'];
    try {
      peer = p.code === 0 ? (JSON.parse(p.stdout) as { ms: number; peakRssMb: number; entries: number }) : { error: `iso20022.js child exited ${p.code}` };
    } catch {
      peer = { error: 'iso20022.js child printed no result' };
    }
    o.log(`  iso20022.js (whole document): ${'ms' in peer ? `${peer.ms} ms, peak RSS ${peer.peakRssMb} MB, ${peer.entries} entries` : peer.error}`);
    const pain001 = await runPain001Bench({ payments: o.payments ?? 10_000 });
    o.log(`  pain.001 of ${o.payments ?? 10_000} payments: build ${Math.round(pain001.buildMs)} ms, XSD validation ${Math.round(pain001.validateMs)} ms, ${(pain001.bytes / 1e6).toFixed(1)} MB`);
    const ratio = 'ms' in xmllint && xmllint.ms > 0 ? ours.ms / xmllint.ms : null;
    const { file: _file, ...g } = generated;
    return {
      generated: g,
      ours,
      xmllint,
      peer,
      ratioToXmllint: ratio,
      correct: ours.entries === generated.entries && ours.creditMinor === generated.creditMinor && ours.debitMinor === generated.debitMinor,
      pass: { xmllint: ratio === null ? null : ratio <= 2, rss: ours.peakRssMb < STATEMENT_RSS_LIMIT_MB, peer: 'ms' in peer ? ours.ms < peer.ms : null },
      pain001,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
