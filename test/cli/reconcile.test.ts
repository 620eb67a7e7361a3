// `cli reconcile --payments P.csv --statement S.xml`: the contract's JSON on a real bank file (expected matches read
// from the file by hand), on generated statements with planted noise (no wrong match, ≥ 98 % of the matchable
// found, every payment and transaction printed once), and clear refusals of bad input, as a child process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPaymentsCsv, reconcileFiles, type ReconcileOutput } from '../../src/cli/reconcile.js';
import { generateScenario, type Scenario } from '../fakes/bank/recon-scenario.js';
import { root } from './cli-process.js';
import { runNpmCli } from './npm-cli.js';

const fixture = (name: string) => path.join(root, 'test/fixtures/iso20022', name);
const HEADER = 'id,endToEndId,amount,currency,date,counterpartyName,counterpartyAccount,reference';

/** Right and wrong automatic matches against the scenario's truth; every payment and transaction printed once. */
function score(s: Scenario, out: ReconcileOutput) {
  let right = 0;
  let wrong = 0;
  for (const m of out.matched) {
    if (s.truth.get(m.payment) === m.entry) right += 1;
    else wrong += 1;
  }
  const printed = [...out.matched.map((m) => m.payment), ...out.unmatchedPayments];
  expect(printed.sort()).toEqual(s.payments.map((p) => p.id).sort());
  // A transaction is matched (to each payment of its batch) or unmatched, never both.
  const matchedEntries = new Set(out.matched.map((m) => m.entry));
  expect(out.unmatchedEntries.filter((e) => matchedEntries.has(e))).toEqual([]);
  expect(new Set(out.unmatchedEntries).size).toBe(out.unmatchedEntries.length);
  return { right, wrong, recall: right / s.truth.size };
}

describe('cli reconcile', () => {
  it('matches a real bank statement: by EndToEndId, by amount and creditor account, each transaction of a batch', async () => {
    const csv = [
      HEADER,
      'P-A,EndToEndReference,2.00,EUR,2013-12-27,Wayne Enterprises,DE24302201900609832118,',
      // The bank wrote NOTPROVIDED: found by amount and the creditor's IBAN (written with spaces here).
      'P-B,,3.00,EUR,2013-12-27,Testkonto Nummer 2,DE58 7406 1813 0100 0336 26,',
      'P-C,STZV-EtE27122013-11:02-1,3.5,EUR,2013-12-27,Testkonto Nummer 1,,',
      'P-D,STZV-EtE27122013-11:02-2,2.50,EUR,,,,',
      // Same amount as P-A, no id, no account: nothing on the statement is its.
      'P-E,,2.00,EUR,2013-12-27,Wayne Enterprises,,',
    ].join('\n');
    const out = await reconcileFiles(csv, createReadStream(fixture('camt053_v02_DE_VR-Bank.xml')));
    expect(out).toEqual({
      matched: [
        { payment: 'P-A', entry: '1.1', rule: 'endToEndId' },
        { payment: 'P-B', entry: '2.1', rule: 'amountCounterparty' },
        { payment: 'P-C', entry: '4.1', rule: 'endToEndId' },
        { payment: 'P-D', entry: '4.2', rule: 'endToEndId' },
      ],
      unmatchedPayments: ['P-E'],
      // The credit (a return booking) settles none of these payments.
      unmatchedEntries: ['3.1'],
    });
  });

  it('reconciles generated statements with batches, lost ids, returns, fees and repeated amounts: no wrong match', async () => {
    for (const seed of [7, 20261207]) {
      const s = generateScenario({ payments: 3_000, seed });
      const out = await reconcileFiles(s.csv, Readable.from([Buffer.from(s.xml)]));
      const { wrong, recall } = score(s, out);
      expect(wrong).toBe(0);
      expect(recall).toBeGreaterThanOrEqual(0.98);
      // Every planted noise line (fees, money in, foreign debits, returns) is left unmatched.
      for (const ref of s.noise) expect(out.unmatchedEntries).toContain(ref);
      expect(new Set(out.matched.map((m) => m.rule))).toEqual(new Set(['endToEndId', 'batch', 'reference']));
    }
  });

  it('reads the payments file strictly and says which row and field are wrong', () => {
    expect(readPaymentsCsv(`${HEADER}\nP1,,1234.5,eur,,,,\nP2,,500,JPY,,,,\nP3,,500.00,JPY,2026-11-30,"Wang, Qiang",,R-1\n`)).toEqual([
      { id: 'P1', amount: { minor: 123_450, currency: 'EUR' }, counterparty: {} },
      { id: 'P2', amount: { minor: 500, currency: 'JPY' }, counterparty: {} },
      { id: 'P3', amount: { minor: 500, currency: 'JPY' }, date: '2026-11-30', counterparty: { name: 'Wang, Qiang' }, reference: 'R-1' },
    ]);
    const bad: [string, RegExp][] = [
      ['id,amount,currency\nP1,1,EUR', /row 1: the header lacks endToEndId, date, counterpartyName, counterpartyAccount, reference/],
      [`${HEADER}\nP1,,12.345,EUR,,,,`, /row 2: amount "12.345" has more decimals than EUR has \(2\)/],
      [`${HEADER}\nP1,,-5,EUR,,,,`, /row 2: amount "-5" is not a positive decimal number/],
      [`${HEADER}\nP1,,5,EURO,,,,`, /row 2: currency "EURO" is not a three-letter ISO 4217 code/],
      [`${HEADER}\nP1,,5,EUR,30.11.2026,,,`, /row 2: date "30.11.2026" is not YYYY-MM-DD/],
      [`${HEADER}\nP1,,5,EUR,,,,\nP1,,6,EUR,,,,`, /row 3: id P1 appears twice/],
      ['', /the file is empty/],
    ];
    for (const [csv, message] of bad) expect(() => readPaymentsCsv(csv)).toThrow(message);
  });

  it('runs as `npm run --silent cli -- reconcile`: one JSON object on stdout, or exit 2 with the reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reconcile-'));
    const s = generateScenario({ payments: 200, seed: 3 });
    writeFileSync(path.join(dir, 'payments.csv'), s.csv);
    writeFileSync(path.join(dir, 'statement.xml'), s.xml);
    writeFileSync(path.join(dir, 'bad.csv'), `${HEADER}\nP1,,one euro,EUR,,,,\n`);
    writeFileSync(path.join(dir, 'broken.xml'), s.xml.slice(0, 2_000));

    const ok = await runNpmCli(['reconcile', '--payments', path.join(dir, 'payments.csv'), '--statement', path.join(dir, 'statement.xml')]);
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.stdout) as ReconcileOutput;
    expect(Object.keys(out)).toEqual(['matched', 'unmatchedPayments', 'unmatchedEntries']);
    expect(score(s, out).wrong).toBe(0);

    const refused = await Promise.all([
      runNpmCli(['reconcile', '--payments', path.join(dir, 'bad.csv'), '--statement', path.join(dir, 'statement.xml')]),
      runNpmCli(['reconcile', '--payments', path.join(dir, 'payments.csv'), '--statement', path.join(dir, 'broken.xml')]),
      runNpmCli(['reconcile', '--payments', path.join(dir, 'missing.csv'), '--statement', path.join(dir, 'statement.xml')]),
      runNpmCli(['reconcile', '--payments', path.join(dir, 'payments.csv')]),
    ]);
    expect(refused.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(refused.map((r) => r.stdout)).toEqual(['', '', '', '']);
    expect(refused[0]!.stderr).toMatch(/bad\.csv: row 2: amount "one euro" is not a positive decimal number/);
    expect(refused[1]!.stderr).toMatch(/broken\.xml: /);
    expect(refused[2]!.stderr).toMatch(/missing\.csv: cannot read: no such file/);
    expect(refused[3]!.stderr).toMatch(/usage: .*reconcile --payments PAYMENTS\.csv --statement FILE\.xml/);
  });
});
