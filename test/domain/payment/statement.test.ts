// Statement integrity checks: balances reconcile, openings follow closings, sequence numbers have no gaps.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStatement, type BankStatement, type Entry } from '../../../domain/payment/statement.js';
import { readStatements, type XmlInput } from '../../../src/integrations/bank/iso20022/read/index.js';
import { root } from '../../cli/cli-process.js';

const fixtureText = (name: string) => readFileSync(path.join(root, 'test/fixtures/iso20022', name), 'utf8');

async function statementsOf(input: XmlInput): Promise<BankStatement[]> {
  const out: BankStatement[] = [];
  for await (const s of readStatements(input)) out.push(s);
  return out;
}

const eur = (minor: number) => ({ minor, currency: 'EUR' });

function entry(minor: number, creditDebit: 'CRDT' | 'DBIT', status?: string): Entry {
  return { amount: eur(minor), creditDebit, reversal: false, ...(status !== undefined && { status }), batch: {}, transactions: [] };
}

function statement(over: Partial<BankStatement>): BankStatement {
  return {
    kind: 'camt.053',
    version: 'camt.053.001.02',
    messageId: 'M',
    statementId: 'S2',
    account: { iban: 'DE00', currency: 'EUR' },
    entries: [],
    ...over,
  };
}

describe('checkStatement on real files', () => {
  it('passes a statement that reconciles (PostFinance sample)', async () => {
    const [s] = await statementsOf([fixtureText('camt053_v04_CH_PostFinance.xml')]);
    expect(s?.entries).toHaveLength(13);
    expect(checkStatement(s as BankStatement)).toEqual([]);
  });

  it('counts entries without Sts as booked (Lithuanian v08 statement reconciles only so)', async () => {
    const [s] = await statementsOf([fixtureText('subite-lt-v08-two-stmt.xml')]);
    expect(checkStatement(s as BankStatement)).toEqual([]);
  });

  it('fails the same file with one cent edited in the closing balance, naming the numbers', async () => {
    const edited = fixtureText('camt053_v04_CH_PostFinance.xml').replace('>322689.77<', '>322689.78<');
    const [s] = await statementsOf([edited]);
    const failures = checkStatement(s as BankStatement);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: 'BALANCE_MISMATCH', expected: 32268977, actual: 32268978 });
    expect(failures[0]?.message).toContain('opening 322152.16 CHF');
    expect(failures[0]?.message).toContain('= 322689.77 CHF, but closing is 322689.78 CHF');
  });

  it('fails the VR-Bank file whose opening was flipped to a debit', async () => {
    const [s] = await statementsOf([fixtureText('via-vrbank-v02-debit-prcd.xml')]);
    const failures = checkStatement(s as BankStatement);
    // −33.06 + 1.00 − 11.00 = −43.06, but the closing says 23.06.
    expect(failures.map((f) => [f.code, f.expected, f.actual])).toEqual([['BALANCE_MISMATCH', -4306, 2306]]);
  });

  it('accepts the second of two consecutive statements against the first', async () => {
    const [first, second] = await statementsOf([fixtureText('genkgo-v02-two-stmt.xml')]);
    expect(checkStatement(second as BankStatement, first)).toEqual([]);
  });
});

describe('checkStatement rules', () => {
  it('reconciles booked entries only: pending and information entries do not move the balance', () => {
    const s = statement({
      openingBalance: { amount: eur(1000), code: 'OPBD' },
      closingBalance: { amount: eur(1300), code: 'CLBD' },
      entries: [entry(500, 'CRDT', 'BOOK'), entry(200, 'DBIT', 'BOOK'), entry(999, 'DBIT', 'PDNG'), entry(77, 'CRDT', 'INFO')],
    });
    expect(checkStatement(s)).toEqual([]);
    const wrong = statement({ ...s, closingBalance: { amount: eur(1301), code: 'CLBD' } });
    expect(checkStatement(wrong).map((f) => f.code)).toEqual(['BALANCE_MISMATCH']);
  });

  it('skips the balance check when either balance is missing', () => {
    const s = statement({ openingBalance: { amount: eur(1000), code: 'OPBD' }, entries: [entry(5, 'CRDT')] });
    expect(checkStatement(s)).toEqual([]);
  });

  it('reports an opening that differs from the previous closing', () => {
    const previous = statement({ statementId: 'S1', closingBalance: { amount: eur(1000), code: 'CLBD' } });
    const s = statement({ openingBalance: { amount: eur(900), code: 'OPBD' } });
    const [failure] = checkStatement(s, previous);
    expect(failure).toMatchObject({ code: 'OPENING_NOT_PREVIOUS_CLOSING', expected: 1000, actual: 900 });
    expect(failure?.message).toBe('statement S2: opening 9.00 EUR differs from the closing 10.00 EUR of statement S1');
  });

  it('reports gaps in electronic and legal sequence numbers with the numbers', () => {
    const previous = statement({ statementId: 'S1', electronicSequence: 41, legalSequence: 7 });
    expect(checkStatement(statement({ electronicSequence: 42, legalSequence: 8 }), previous)).toEqual([]);
    const failures = checkStatement(statement({ electronicSequence: 44, legalSequence: 7 }), previous);
    expect(failures.map((f) => [f.code, f.expected, f.actual])).toEqual([
      ['SEQUENCE_GAP', 42, 44],
      ['SEQUENCE_GAP', 8, 7],
    ]);
    expect(failures[0]?.message).toBe('statement S2: electronic sequence number 44 does not follow the previous 41 (expected 42)');
  });
});
