// Importing statements: stored once, checked (balances, continuity with the previous statement, sequence numbers),
// a failed check recorded and audited while the file is still kept and applied.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/database.js';
import { readStatements } from '../../../src/integrations/bank/iso20022/read/index.js';
import { forImport, importStatement, statementsForImport, type StatementForImport } from '../../../src/usecases/payments/statement-import.js';
import { generateScenario } from '../../fakes/bank/recon-scenario.js';
import { seedScenarioPayments } from '../../helpers/statement-scenario.js';
import type { BankStatement } from '../../../domain/payment/index.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { addOrganisation } from '../../helpers/two-orgs.js';
import { eventMessages } from '../../../src/usecases/publish.js';
import { randomIds } from '../../../src/runtime.js';

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

describe('a large statement', () => {
  it('is applied in chunks: each match settled once with its audit row, notice and vouchers (numbered without gaps); streamed or whole, the same; again, nothing', async () => {
    // 2,300 payments: more than four chunks of the import, with batches, returns, fees and noise.
    const s = generateScenario({ payments: 2_300, seed: 5 });
    await seedScenarioPayments(t.database.db, 'demo', 'dac_scn', s);
    let streamed: StatementForImport | undefined;
    for await (const x of statementsForImport([s.xml])) streamed ??= x;
    expect(streamed).toEqual(forImport(await first(s.xml)));
    const r = await importStatement(t.deps, 'demo', 'dac_scn', streamed!, 'scenario.xml');
    expect(r.ok).toBe(true);
    const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await t.database.db.execute(query));
    const status = new Map((await q<{ id: string; status: string }>(sql`SELECT id, status FROM payments WHERE org_id = 'demo' AND run_id = 'prun_scenario'`)).map((x) => [x.id, x.status]));
    const audits = new Map((await q<{ id: string; n: number }>(sql`SELECT subject_id AS id, count(*)::int AS n FROM audit_log WHERE org_id = 'demo' AND action = 'payment.settled' GROUP BY subject_id`)).map((x) => [x.id, x.n]));
    const vouchers = new Map((await q<{ id: string; n: number }>(sql`SELECT source_id AS id, count(*)::int AS n FROM vouchers WHERE org_id = 'demo' AND kind = 'payment_settled' GROUP BY source_id`)).map((x) => [x.id, x.n]));
    const notices = new Set((await q<{ key: string }>(sql`SELECT key FROM outbox WHERE org_id = 'demo' AND key LIKE 'notify:payment_settled:%'`)).map((x) => x.key));
    const matchedOn = new Map((await q<{ ref: string; id: string }>(sql`SELECT ref, unnest(payment_ids) AS id FROM bank_statement_lines WHERE org_id = 'demo' AND state = 'matched'`)).map((x) => [x.id, x.ref]));
    let settled = 0;
    for (const p of s.payments) {
      const want = s.truth.get(p.id);
      if (want === undefined || s.kinds.get(p.id) === 'remittance') {
        // Nothing settles a payment the statement does not hold (nor one only named in words our payments never wrote).
        expect(audits.get(p.id), p.id).toBeUndefined();
        continue;
      }
      settled++;
      expect([p.id, matchedOn.get(p.id), audits.get(p.id), vouchers.get(p.id), notices.has(`notify:payment_settled:${p.id}`)]).toEqual([p.id, want, 1, 1, true]);
      expect(['settled', 'returned']).toContain(status.get(p.id));
    }
    expect(settled).toBeGreaterThan(2_000);
    expect(r.ok && r.value.settled).toBe(settled);
    // Every voucher of the month numbered, 1 to N, in one run of numbers.
    const numbers = (await q<{ number: string }>(sql`SELECT number FROM vouchers WHERE org_id = 'demo' AND period = '2026-11' AND status = 'booked'`)).map((x) => Number(x.number.slice(8))).sort((a, b) => a - b);
    expect(numbers.length).toBeGreaterThan(settled);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    // Each booked voucher announced once to the ERP, its event exactly what eventMessages makes of the stored row.
    const booked = await q<{ id: string; number: string; period: string; kind: string; source_type: string; source_id: string; date: string; memo: string; lines: unknown; created_at: string }>(
      sql`SELECT id, number, period, kind, source_type, source_id, date, memo, lines, created_at::text FROM vouchers WHERE org_id = 'demo' AND status = 'booked' ORDER BY id`,
    );
    const events = new Map((await q<{ key: string; topic: string; payload: unknown }>(sql`SELECT key, topic, payload FROM outbox WHERE org_id = 'demo' AND key LIKE 'voucher:%'`)).map((x) => [x.key, x]));
    expect(events.size).toBe(booked.length);
    for (const v of booked) {
      const [want] = eventMessages(randomIds, [{ type: 'voucher.booked', orgId: 'demo', subject: { type: 'voucher', id: v.id }, at: new Date(v.created_at), payload: { number: v.number, period: v.period, kind: v.kind, source: { type: v.source_type, id: v.source_id }, date: v.date, memo: v.memo, lines: v.lines } }], `voucher:${v.id}`);
      expect(events.get(want!.key)).toEqual({ key: want!.key, topic: want!.topic, payload: want!.payload });
    }
    const counts = async () => (await q<{ n: number }>(sql`SELECT (SELECT count(*) FROM outbox WHERE org_id = 'demo') + (SELECT count(*) FROM vouchers WHERE org_id = 'demo') + (SELECT count(*) FROM audit_log WHERE org_id = 'demo') AS n`))[0]!.n;
    const before = await counts();
    const again = await importStatement(t.deps, 'demo', 'dac_scn', streamed!, 'scenario-again.xml');
    expect(again.ok && again.value.duplicate).toBe(true);
    expect(await counts()).toBe(before);
  });
});
