// Reconciliation: matching quality on generated statements with planted noise (10 % batch bookings, 5 % without
// EndToEndId with the reference only in the remittance text, 2 % returns, 1 % fees, money in and foreign debits,
// a handful of amounts shared by everyone), and the time of parse + match against parse alone on a 100,000-payment
// statement. Run alone: `npm run bench -- --only reconcile`. No database: persisting matches is not timed here.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { reconcileFiles } from '../src/cli/reconcile.js';
import { readStatementEvents } from '../src/integrations/bank/iso20022/read/index.js';
import { generateScenario } from '../test/fakes/bank/recon-scenario.js';

export interface ReconcileQuality {
  seed: number;
  payments: number;
  matchable: number;
  automatic: number;
  wrong: number;
  precision: number;
  recall: number;
  byRule: Record<string, number>;
}

export interface ReconcileBenchResult {
  quality: ReconcileQuality[];
  large: { payments: number; entries: number; megabytes: number; parseMs: number; parseAndMatchMs: number; ratio: number; heapPeakMb: number };
  pass: { noWrong: boolean; recall: boolean };
}

async function parseOnly(file: string): Promise<number> {
  let entries = 0;
  for await (const e of readStatementEvents(createReadStream(file))) if (e.type === 'entry') entries += 1;
  return entries;
}

export async function runReconcileBench(o: { payments?: number; log: (m: string) => void }): Promise<ReconcileBenchResult> {
  const quality: ReconcileQuality[] = [];
  for (const seed of [1, 2, 3]) {
    const s = generateScenario({ payments: 20_000, seed });
    const out = await reconcileFiles(s.csv, Readable.from([Buffer.from(s.xml)]));
    let wrong = 0;
    const byRule: Record<string, number> = {};
    for (const m of out.matched) {
      byRule[m.rule] = (byRule[m.rule] ?? 0) + 1;
      if (s.truth.get(m.payment) !== m.entry) wrong += 1;
    }
    const automatic = out.matched.length;
    const q = { seed, payments: s.payments.length, matchable: s.truth.size, automatic, wrong, precision: automatic ? (automatic - wrong) / automatic : 1, recall: (automatic - wrong) / s.truth.size, byRule };
    quality.push(q);
    o.log(`  seed ${seed}: ${q.payments} payments, ${q.matchable} matchable; ${automatic} matched automatically, ${wrong} wrong; precision ${(q.precision * 100).toFixed(2)} %, recall ${(q.recall * 100).toFixed(2)} % (${JSON.stringify(byRule)})`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-reconcile-'));
  try {
    const n = o.payments ?? 100_000;
    const s = generateScenario({ payments: n, seed: 11 });
    const file = path.join(dir, 'statement.xml');
    writeFileSync(file, s.xml);
    const megabytes = Buffer.byteLength(s.xml) / 1e6;
    let heapPeak = 0;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 20);
    // Warm both paths once on a small file, then time each on the large one.
    await parseOnly(file);
    const t0 = performance.now();
    const entries = await parseOnly(file);
    const parseMs = performance.now() - t0;
    const t1 = performance.now();
    await reconcileFiles(s.csv, createReadStream(file));
    const parseAndMatchMs = performance.now() - t1;
    clearInterval(sampler);
    const large = { payments: n, entries, megabytes, parseMs, parseAndMatchMs, ratio: parseAndMatchMs / parseMs, heapPeakMb: heapPeak / 1e6 };
    o.log(`  ${n} payments, ${entries} entries (${megabytes.toFixed(1)} MB): parse ${parseMs.toFixed(0)} ms, parse + match ${parseAndMatchMs.toFixed(0)} ms (× ${large.ratio.toFixed(2)}), heap peak of this process ${large.heapPeakMb.toFixed(0)} MB (the generated file and CSV held in memory included)`);
    return { quality, large, pass: { noWrong: quality.every((q) => q.wrong === 0), recall: quality.every((q) => q.recall >= 0.98) } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
