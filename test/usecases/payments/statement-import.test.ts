// Importing statements: stored once, checked (balances, continuity with the previous statement, sequence numbers),
// a failed check recorded and audited while the file is still kept and applied.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/database.js';
import { readStatements } from '../../../src/integrations/bank/iso20022/read/index.js';
import { importStatement } from '../../../src/usecases/payments/statement-import.js';
import type { BankStatement } from '../../../domain/payment/index.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { addOrganisation } from '../../helpers/two-orgs.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const FILE = readFileSync(new URL('../../fixtures/iso20022/camt053_v04_CH_PostFinance.xml', import.meta.url), 'utf8');
const first = async (xml: string): Promise<BankStatement> => {
  for await (const s of readStatements([xml])) return s;
  throw new Error('no statement');
};

describe('importing a statement', () => {
  it('stores a reconciling statement once: the same statement again changes nothing', async () => {
    const s = await first(FILE);
    const r = await importStatement(t.deps, 'demo', 'dac_pf', s, 'pf-85.xml');
    expect(r.ok && r.value).toMatchObject({ duplicate: false, checks: [] });
    const again = await importStatement(t.deps, 'demo', 'dac_pf', s, 'pf-85-again.xml');
    expect(again.ok && again.value).toMatchObject({ duplicate: true });
    const rows = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM bank_statements WHERE org_id = 'demo' AND debtor_account_id = 'dac_pf'`));
    expect(rows[0]!.n).toBe(1);
  });

  it('records failed checks (closing that does not add up, opening that is not the previous closing, a sequence gap) and keeps the file', async () => {
    // The next day's statement, edited: a new id, sequence 87 instead of 86, and a closing balance one franc off.
    const edited = FILE.replace('<Id>20160430375204000008574</Id>', '<Id>20160501375204000008575</Id>').replace('<ElctrncSeqNb>85</ElctrncSeqNb>', '<ElctrncSeqNb>87</ElctrncSeqNb>').replace('322689.77', '322688.77');
    const r = await importStatement(t.deps, 'demo', 'dac_pf', await first(edited), 'pf-87.xml');
    expect(r.ok).toBe(true);
    const codes = r.ok ? r.value.checks.map((c) => c.code).sort() : [];
    expect(codes).toEqual(['BALANCE_MISMATCH', 'OPENING_NOT_PREVIOUS_CLOSING', 'SEQUENCE_GAP']);
    const stored = rowsOf<{ checks: { code: string }[] }>(await t.database.db.execute(sql`SELECT checks FROM bank_statements WHERE org_id = 'demo' AND statement_id = '20160501375204000008575'`));
    expect(stored[0]!.checks.map((c) => c.code).sort()).toEqual(codes);
    const audit = rowsOf<{ action: string }>(await t.database.db.execute(sql`SELECT action FROM audit_log WHERE org_id = 'demo' AND subject_type = 'bank_statement' ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(['bank_statement.imported', 'bank_statement.check_failed']);
    const listed = await t.call('GET', '/api/v1/bank-statements?actorId=e_sarah');
    expect(listed.status).toBe(200);
    expect(listed.body.statements.map((s: { statementId: string; checks: unknown[] }) => [s.statementId, s.checks.length])).toEqual([
      ['20160430375204000008574', 0],
      ['20160501375204000008575', 3],
    ]);
    expect((await t.call('GET', '/api/v1/bank-statements?actorId=e_zhangwei')).status).toBe(403);
    // Another organisation sees none of them.
    const acme = await addOrganisation(t);
    const theirs = await acme.call('GET', `/api/v1/bank-statements?actorId=${acme.finance}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.statements).toEqual([]);
  });
});
