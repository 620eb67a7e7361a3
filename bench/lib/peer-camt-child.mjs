// Child process of bench/bank.bench.ts: the JavaScript peer (iso20022.js) parsing the same camt.053, whole-document.
//   node peer-camt-child.mjs FILE   → prints {"ms":…,"peakRssMb":…,"entries":…}
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { CashManagementEndOfDayReport } from 'iso20022.js';

const file = process.argv[2];
const started = performance.now();
const report = CashManagementEndOfDayReport.fromXML(readFileSync(file, 'utf8'));
const entries = report.entries.length;
const ms = Math.round(performance.now() - started);
process.stdout.write(`${JSON.stringify({ ms, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), entries })}\n`);
