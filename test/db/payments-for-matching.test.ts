// The payments a statement is matched against, read through a cursor a batch at a time: the same rows in the same
// order as one query, whatever the batch size, and the cursor closed so the transaction can read again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.js';
import { paymentsForMatching, type PaymentToMatch } from '../../db/repos/reconciliation.js';
import { generateScenario } from '../fakes/bank/recon-scenario.js';
import { seedScenarioPayments } from '../helpers/statement-scenario.js';
import { testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedScenarioPayments(t.database.db, 'demo', 'dac_pfm', generateScenario({ payments: 40, seed: 3 }));
  // One payment no longer on its way and one of another file: found only by its EndToEndId or its file's reference.
  await t.database.db.execute(sql`UPDATE payments SET status = 'settled' WHERE org_id = 'demo' AND id = 'PAY-000002'`);
  await t.database.db.execute(sql`UPDATE payments SET status = 'settled', msg_id = 'MSG-OTHER' WHERE org_id = 'demo' AND id = 'PAY-000003'`);
});
afterAll(() => t.close());

const read = async (o: { endToEndIds: string[]; batchRefs: string[] }, batch?: number) =>
  t.database.db.transaction(async (tx) => {
    const batches: PaymentToMatch[][] = [];
    for await (const b of paymentsForMatching(tx, 'demo', o, batch)) batches.push(b);
    // The cursor is closed: the same transaction declares it again.
    const again: PaymentToMatch[] = [];
    for await (const b of paymentsForMatching(tx, 'demo', o, batch)) again.push(...b);
    return { batches, again };
  });

describe('payments for matching', () => {
  it('reads the payments on their way and those named by EndToEndId or file, oldest first, a batch at a time', async () => {
    const o = { endToEndIds: ['E2E000002'], batchRefs: ['MSG-OTHER'] };
    const { batches, again } = await read(o, 7);
    expect(batches.map((b) => b.length)).toEqual([7, 7, 7, 7, 7, 5]);
    const ids = batches.flat().map((p) => p.id);
    const want = rowsOf<{ id: string }>(
      await t.database.db.execute(sql`SELECT id FROM payments WHERE org_id = 'demo' AND (status IN ('planned', 'submitted', 'accepted') OR end_to_end_id = 'E2E000002' OR msg_id = 'MSG-OTHER') ORDER BY created_at, id`),
    ).map((r) => r.id);
    expect(ids).toEqual(want);
    expect(ids).toContain('PAY-000002');
    expect(ids).toContain('PAY-000003');
    expect(again).toEqual(batches.flat());
    const first = batches[0]![0]!;
    expect(first).toEqual({ id: first.id, endToEndId: expect.stringMatching(/^E2E/), amountMinor: expect.any(Number), currency: 'EUR', movedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), holderName: expect.any(String), msgId: 'MSG-SCENARIO', pmtInfId: expect.any(String) });
  });

  it('leaves out payments no longer on their way that nothing names', async () => {
    const { batches } = await read({ endToEndIds: [], batchRefs: [] });
    const ids = batches.flat().map((p) => p.id);
    expect(batches).toHaveLength(1);
    expect(ids).toHaveLength(38);
    expect(ids).not.toContain('PAY-000002');
  });

  it('gives the same rows in the same order whatever the batch size', async () => {
    const o = { endToEndIds: ['E2E000002'], batchRefs: [] };
    const whole = (await read(o, 1_000)).batches.flat();
    for (const size of [1, 13, 39, 40]) expect((await read(o, size)).batches.flat()).toEqual(whole);
  });
});
