// Bad files from the bank never vanish and never change anything: a status report for a payment file we never sent,
// a statement for an account that is not ours, and a truncated file are set aside (file exchange: moved to error/
// with the reason beside them) and audited.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/database.js';
import { createFileExchangeConnector } from '../../../src/integrations/bank/file-exchange.js';
import { UTF8_PROFILE } from '../../../src/integrations/bank/iso20022/bank-profile.js';
import { fetchBankFiles } from '../../../src/usecases/payments/bank-answers.js';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const fixture = (name: string) => new URL(`../../fixtures/iso20022/${name}`, import.meta.url);

describe('bank files that belong to nothing', () => {
  it('are set aside with their reason and audited; nothing is applied', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bank-bad-'));
    const dirs = { outDir: path.join(root, 'out'), inDir: path.join(root, 'in'), archiveDir: path.join(root, 'archive'), errorDir: path.join(root, 'error') };
    for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
    copyFileSync(fixture('svapnil-gs-pain002v03-accepted.xml'), path.join(dirs.inDir, 'a-status.xml'));
    copyFileSync(fixture('camt053_v04_CH_PostFinance.xml'), path.join(dirs.inDir, 'b-statement.xml'));
    const camt = readFileSync(fixture('camt053_v04_CH_PostFinance.xml'), 'utf8');
    writeFileSync(path.join(dirs.inDir, 'c-truncated.xml'), camt.slice(0, Math.floor(camt.length / 2)));
    const bank = createFileExchangeConnector(dirs);
    const r = await fetchBankFiles({ ...t.deps, bank, profile: UTF8_PROFILE }, 'demo', 'files');
    expect(r.processed).toBe(0);
    const reasons = Object.fromEntries(r.failed.map((f) => [f.name, f.reason]));
    expect(reasons['a-status.xml']).toContain('unknown payment file');
    expect(reasons['b-statement.xml']).toContain('not one of demo');
    expect(reasons['b-statement.xml']).not.toContain('CH0309000000250090342');
    expect(reasons['c-truncated.xml']).toMatch(/truncated/i);
    expect(readdirSync(dirs.inDir)).toEqual([]);
    expect(readdirSync(dirs.errorDir).filter((f) => f.endsWith('.xml')).sort()).toEqual(['a-status.xml', 'b-statement.xml', 'c-truncated.xml']);
    const audited = rowsOf<{ subject_id: string }>(await t.database.db.execute(sql`SELECT subject_id FROM audit_log WHERE org_id = 'demo' AND action = 'bank_file.set_aside' ORDER BY subject_id`));
    expect(audited.map((a) => a.subject_id)).toEqual(['a-status.xml', 'b-statement.xml', 'c-truncated.xml']);
    const stored = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM bank_statements WHERE org_id = 'demo'`));
    expect(stored[0]!.n).toBe(0);
  });
});
