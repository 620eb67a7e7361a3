// statement inspect: the CLI contract numbers for every camt fixture, expected values taken from the files independently.
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Iso20022ReadError } from '../../src/integrations/bank/iso20022/read/index.js';
import { inspectStatement, NoStatementError, type StatementSummary } from '../../src/cli/statement-inspect.js';
import { root } from './cli-process.js';
import { runNpmCli } from './npm-cli.js';

const fixture = (name: string) => path.join(root, 'test/fixtures/iso20022', name);

/**
 * Expected CLI output per file: counted and summed with a separate Python/ElementTree script and checked by eye
 * against the README's feature list (not pasted from this reader). Totals are in the account currency; entries in
 * another currency are left out (svapnil-gs-us: EUR 29.06 debit; camt053_v08_CH_UBS: EUR 20.97 debit).
 */
const EXPECTED: readonly (readonly [string, StatementSummary])[] = [
['dvbern-postfinance-054v04-batch8.xml', {format: 'camt.054.001.04', account: 'CH0309000000250090342', entries: 1, transactions: 8, totalCredit: {minor: 62000, currency: 'CHF'}, totalDebit: {minor: 0, currency: 'CHF'}}],
  ['genkgo-v02-two-stmt.xml', {format: 'camt.053.001.02', account: 'NL26VAYB8060476890', entries: 1, transactions: 1, totalCredit: {minor: 885, currency: 'EUR'}, totalDebit: {minor: 0, currency: 'EUR'}, openingBalance: {minor: 1815, currency: 'EUR'}, closingBalance: {minor: 2700, currency: 'EUR'}}],
  ['irp-iso-mdr-v02-sek.xml', {format: 'camt.053.001.02', account: '50000000054910000003', entries: 3, transactions: 3, totalCredit: {minor: 13567850, currency: 'SEK'}, totalDebit: {minor: 20000000, currency: 'SEK'}, openingBalance: {minor: 50000000, currency: 'SEK'}, closingBalance: {minor: 43567850, currency: 'SEK'}}],
  ['moov-fi-054v02-info.xml', {format: 'camt.054.001.02', account: 'FI7433010001222090', entries: 6, transactions: 13, totalCredit: {minor: 560000, currency: 'EUR'}, totalDebit: {minor: 523005, currency: 'EUR'}}],
  ['moov-fi-v02-batch-fx.xml', {format: 'camt.053.001.02', account: 'FI7433010001222090', entries: 10, transactions: 13, totalCredit: {minor: 2307500, currency: 'EUR'}, totalDebit: {minor: 943017, currency: 'EUR'}, openingBalance: {minor: 1000000, currency: 'EUR'}, closingBalance: {minor: 2364483, currency: 'EUR'}}],
  ['moov-lt-v02-no-opbd.xml', {format: 'camt.053.001.02', account: 'LT007180000000000000', entries: 4, transactions: 4, totalCredit: {minor: 0, currency: 'EUR'}, totalDebit: {minor: 276808, currency: 'EUR'}}],
  ['moov-postfinance-054v04-esr.xml', {format: 'camt.054.001.04', account: 'CH2909000000250094239', entries: 2, transactions: 6, totalCredit: {minor: 153700, currency: 'CHF'}, totalDebit: {minor: 14700, currency: 'CHF'}}],
  ['subite-be-v02-int-amounts.xml', {format: 'camt.053.001.02', account: 'BE86463768548050', entries: 3, transactions: 3, totalCredit: {minor: 78990440, currency: 'EUR'}, totalDebit: {minor: 78990440, currency: 'EUR'}, openingBalance: {minor: 0, currency: 'EUR'}, closingBalance: {minor: 0, currency: 'EUR'}}],
  ['subite-lt-054v10-bulk.xml', {format: 'camt.054.001.10', account: 'LT809872649478701594', entries: 1, transactions: 41, totalCredit: {minor: 0, currency: 'EUR'}, totalDebit: {minor: 19467225, currency: 'EUR'}}],
  ['subite-lt-v08-two-stmt.xml', {format: 'camt.053.001.08', account: 'LT625883379695428516', entries: 14, transactions: 14, totalCredit: {minor: 92830549, currency: 'EUR'}, totalDebit: {minor: 408474816, currency: 'EUR'}, openingBalance: {minor: 2404502950, currency: 'EUR'}, closingBalance: {minor: 2088858683, currency: 'EUR'}}],
  ['svapnil-abnamro-v02-batch-prcd.xml', {format: 'camt.053.001.02', account: 'NL77ABNA0574908765', entries: 13, transactions: 29, totalCredit: {minor: 2800, currency: 'EUR'}, totalDebit: {minor: 92800, currency: 'EUR'}, openingBalance: {minor: 100001, currency: 'EUR'}, closingBalance: {minor: 10001, currency: 'EUR'}}],
  ['svapnil-gs-uk-v02-two-stmt.xml', {format: 'camt.053.001.02', account: '60000635', entries: 0, transactions: 0, totalCredit: {minor: 0, currency: 'GBP'}, totalDebit: {minor: 0, currency: 'GBP'}, openingBalance: {minor: 6820651, currency: 'GBP'}, closingBalance: {minor: 6820651, currency: 'GBP'}}],
  ['svapnil-gs-us-v02-debit-bal-fx.xml', {format: 'camt.053.001.02', account: 'DD01100056869', entries: 15, transactions: 15, totalCredit: {minor: 10000, currency: 'USD'}, totalDebit: {minor: 4000, currency: 'USD'}, openingBalance: {minor: -84368620, currency: 'USD'}, closingBalance: {minor: -84666515, currency: 'USD'}}],
  ['svapnil-ing-v02-prcd-opbd.xml', {format: 'camt.053.001.02', account: 'NL08INGB0000001234', entries: 9, transactions: 9, totalCredit: {minor: 99000, currency: 'EUR'}, totalDebit: {minor: 38500, currency: 'EUR'}, openingBalance: {minor: 100000, currency: 'EUR'}, closingBalance: {minor: 160500, currency: 'EUR'}}],
  ['svapnil-nordea-fi-v02.xml', {format: 'camt.053.001.02', account: 'FI8529501800030574', entries: 6, transactions: 6, totalCredit: {minor: 1010050, currency: 'EUR'}, totalDebit: {minor: 150050, currency: 'EUR'}, openingBalance: {minor: 20050, currency: 'EUR'}, closingBalance: {minor: 880050, currency: 'EUR'}}],
  ['via-postfinance-054v04-reversal.xml', {format: 'camt.054.001.04', account: 'CH0309000000250090342', entries: 4, transactions: 5, totalCredit: {minor: 8056, currency: 'CHF'}, totalDebit: {minor: 2153, currency: 'CHF'}}],
  ['via-vrbank-v02-debit-prcd.xml', {format: 'camt.053.001.02', account: 'DE14740618130000033626', entries: 4, transactions: 5, totalCredit: {minor: 100, currency: 'EUR'}, totalDebit: {minor: 1100, currency: 'EUR'}, openingBalance: {minor: -3306, currency: 'EUR'}, closingBalance: {minor: 2306, currency: 'EUR'}}],
  ['via-wise-v10-dttm.xml', {format: 'camt.053.001.10', account: '11111111', entries: 1, transactions: 1, totalCredit: {minor: 19586, currency: 'USD'}, totalDebit: {minor: 0, currency: 'USD'}, closingBalance: {minor: 60680, currency: 'USD'}}],
  ['camt053_v02_DE_VR-Bank.xml', {format: 'camt.053.001.02', account: 'DE14740618130000033626', entries: 4, transactions: 5, totalCredit: {minor: 100, currency: 'EUR'}, totalDebit: {minor: 1100, currency: 'EUR'}, openingBalance: {minor: 3306, currency: 'EUR'}, closingBalance: {minor: 2306, currency: 'EUR'}}],
  ['camt053_v02_NL_ING_batch.xml', {format: 'camt.053.001.02', account: 'NL18INGB00012345678', entries: 3, transactions: 3, totalCredit: {minor: 768800, currency: 'EUR'}, totalDebit: {minor: 475374, currency: 'EUR'}, openingBalance: {minor: 732980, currency: 'EUR'}, closingBalance: {minor: 2303820, currency: 'EUR'}}],
  ['camt053_v04_CH_PostFinance.xml', {format: 'camt.053.001.04', account: 'CH0309000000250090342', entries: 13, transactions: 32, totalCredit: {minor: 181056, currency: 'CHF'}, totalDebit: {minor: 127295, currency: 'CHF'}, openingBalance: {minor: 32215216, currency: 'CHF'}, closingBalance: {minor: 32268977, currency: 'CHF'}}],
  ['camt053_v08_CH_UBS.xml', {format: 'camt.053.001.08', account: 'CH1111111111111111111', entries: 3, transactions: 3, totalCredit: {minor: 56325, currency: 'CHF'}, totalDebit: {minor: 0, currency: 'CHF'}, openingBalance: {minor: 8272195, currency: 'CHF'}, closingBalance: {minor: 8451525, currency: 'CHF'}}],
  ['camt054_v02_genkgo.xml', {format: 'camt.054.001.02', account: 'CH2801234000123456789', entries: 1, transactions: 3, totalCredit: {minor: 0, currency: 'SEK'}, totalDebit: {minor: 20000000, currency: 'SEK'}}],
  ['camt054_v08_CH_PostFinance.xml', {format: 'camt.054.001.08', account: 'CH2909000000250094239', entries: 1, transactions: 1, totalCredit: {minor: 52210, currency: 'CHF'}, totalDebit: {minor: 0, currency: 'CHF'}}],
];

describe('statement inspect on real bank files', () => {
  it.each(EXPECTED)('%s gives the contract numbers', async (file, expected) => {
    const { summary } = await inspectStatement(createReadStream(fixture(file)));
    expect(summary).toStrictEqual(expected);
  });

  it('leaves a EUR debit on a USD account out of the USD totals and reports it', async () => {
    const { summary, excluded } = await inspectStatement(createReadStream(fixture('svapnil-gs-us-v02-debit-bal-fx.xml')));
    expect(summary.totalDebit).toEqual({ minor: 4000, currency: 'USD' });
    expect(excluded).toEqual({ EUR: 2906 });
  });

  it('summarises only the first of two statements but counts both', async () => {
    const { summary, statements } = await inspectStatement(createReadStream(fixture('svapnil-gs-uk-v02-two-stmt.xml')));
    expect(statements).toBe(2);
    expect(summary.account).toBe('60000635');
    expect(summary.entries).toBe(0);
  });

  it('refuses a camt document without any statement', async () => {
    const xml = '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr></BkToCstmrStmt></Document>';
    await expect(inspectStatement([xml])).rejects.toBeInstanceOf(NoStatementError);
  });

  it('refuses a statement that breaks after the first Stmt (never a partial summary)', async () => {
    const xml = '<Document><BkToCstmrStmt><Stmt><Id>1</Id><Acct><Id><IBAN>X</IBAN></Id></Acct></Stmt><Stmt><Id>2</Stmt></BkToCstmrStmt></Document>';
    await expect(inspectStatement([xml])).rejects.toThrow(Iso20022ReadError);
  });
});

describe('npm run --silent cli -- statement inspect', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stmt-inspect-'));
  const good = readFileSync(fixture('svapnil-nordea-fi-v02.xml'), 'utf8');

  it('prints the one-line JSON summary of the one-line Lithuanian v08 file', async () => {
    const run = await runNpmCli(['statement', 'inspect', fixture('subite-lt-v08-two-stmt.xml')]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toStrictEqual(EXPECTED.find(([f]) => f === 'subite-lt-v08-two-stmt.xml')?.[1]);
  });

  it('prints the debit balances of the Goldman Sachs US file and notes the EUR entry on stderr', async () => {
    const run = await runNpmCli(['statement', 'inspect', fixture('svapnil-gs-us-v02-debit-bal-fx.xml')]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as StatementSummary;
    expect(out.openingBalance).toEqual({ minor: -84368620, currency: 'USD' });
    expect(out.closingBalance).toEqual({ minor: -84666515, currency: 'USD' });
    expect(run.stderr).toContain('EUR 2906');
  });

  it('exits 2 with the usage on one line for unknown commands', async () => {
    const run = await runNpmCli(['statement', 'show', fixture('genkgo-v02-two-stmt.xml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cli: usage: cli statement inspect FILE | cli status-report inspect FILE | cli reconcile --payments PAYMENTS.csv --statement FILE.xml\n');
  });

  it.each([
    ['missing', path.join(dir, 'nope.xml'), /nope\.xml: cannot read: no such file/],
    ['truncated', 'truncated.xml', /truncated XML: the file ends at line \d+, column \d+/],
    ['malformed', 'malformed.xml', /malformed XML at line 54, column \d+/],
    ['a pain.002', fixture('svapnil-gs-pain002v03-accepted.xml'), /expected a camt.053 or camt.054 document, got pain.002/],
  ])('exits 2 with one line on stderr for a %s file', async (_label, file, message) => {
    writeFileSync(path.join(dir, 'truncated.xml'), good.slice(0, 4000));
    writeFileSync(path.join(dir, 'malformed.xml'), good.replace('</Amt>', '</Amtx>'));
    const run = await runNpmCli(['statement', 'inspect', path.isAbsolute(file) ? file : path.join(dir, file)]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
