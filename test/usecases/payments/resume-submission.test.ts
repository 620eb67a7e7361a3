// An instance that dies while its payment file is at the bank: the outbox row it claimed stays leased for
// OUTBOX_LEASE_MS, then another dispatcher (or the restarted one) takes it up and sends the same file under the same
// MsgId; the bank answers DU01, the status report settles it, and nothing is paid twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/database.js';
import { claimDue } from '../../../db/repos/outbox.js';
import { paymentsOfRun } from '../../../db/repos/payments.js';
import type { BankConnector } from '../../../domain/payment/bank.port.js';
import { loadConfig } from '../../../src/config.js';
import { dispatchOnce } from '../../../src/jobs/dispatcher.js';
import { silentLogger } from '../../../src/log.js';
import { UTF8_PROFILE } from '../../../src/integrations/bank/iso20022/bank-profile.js';
import { outboxHandlers } from '../../../src/services.js';
import { submitBankFile } from '../../../src/usecases/payments/bank-send.js';
import type { FakeBank } from '../../fakes/bank/fake-bank.js';
import { openPayable } from '../../helpers/payables.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { connectFakeBank, DEBTOR } from '../../helpers/bank.js';

const HOUR = 3_600_000;

let t: TestApp;
let fake: FakeBank;
let connector: BankConnector;
beforeAll(async () => {
  t = await testApp({ OUTBOX_LEASE_MS: '5000' });
  ({ fake, connector } = await connectFakeBank(t));
});
afterAll(async () => {
  await fake.stop();
  await t.close();
});

describe('a submission cut off by a dead instance', () => {
  it('OUTBOX_LEASE_MS is a setting (default 60 s, at least 1 s)', () => {
    expect(loadConfig({ DATA_DIR: 'memory://' }).OUTBOX_LEASE_MS).toBe(60_000);
    expect(t.deps.config.OUTBOX_LEASE_MS).toBe(5_000);
    expect(() => loadConfig({ DATA_DIR: 'memory://', OUTBOX_LEASE_MS: '10' })).toThrow('OUTBOX_LEASE_MS');
  });

  it('is resumed after the lease under the same MsgId: one accepted, the rest DU01, booked once', async () => {
    expect((await t.call('POST', '/api/v1/debtor-accounts', { actorId: 'e_zhaomin', name: '基本户', account: { holderName: '星河科技有限公司', bankName: '招商银行上海分行', accountNumber: DEBTOR, cnaps: '308290003020' } })).status).toBe(201);
    expect((await t.call('PUT', '/api/v1/payees/employee/e_lina', { actorId: 'e_sarah', account: { holderName: '李娜', bankName: '工商银行', accountNumber: '6222020200112230', cnaps: '102100099996' } })).status).toBe(200);
    t.clock.advance(25 * HOUR);
    await openPayable(t, 'demo', 'e_lina', 56_000);
    const run = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
    const s = await t.call('POST', `/api/v1/payment-runs/${run.body.run.id}/submit`, { actorId: 'e_sarah' });
    expect((await t.call('POST', `/api/v1/approvals/${s.body.run.approvalId}/actions`, { actorId: 'e_zhaomin', action: 'approve' })).body.status).toBe('approved');
    const planned = await paymentsOfRun(t.database.db, 'demo', run.body.run.id);
    const [{ msg_id: msgId }] = rowsOf<{ msg_id: string }>(await t.database.db.execute(sql`SELECT msg_id FROM bank_messages WHERE org_id = 'demo' AND run_id = ${run.body.run.id}`)) as [{ msg_id: string }];

    // The instance that dies: it claims bank.submit with its lease, its file reaches the bank, and no answer is ever handled.
    const [claimed] = await claimDue(t.database.db, 10, t.deps.config.OUTBOX_LEASE_MS, t.clock.now(), { only: ['bank.submit'] });
    expect(claimed?.payload).toEqual({ msgId });
    const dying: BankConnector = { ...connector, submit: async (f) => (await connector.submit(f), new Promise<never>(() => undefined)) };
    void submitBankFile({ ...t.deps, bank: dying, profile: UTF8_PROFILE }, 'demo', msgId);
    const posts = () => fake.calls.filter((c) => c.method === 'POST' && c.path === '/v1/payment-files');
    for (let i = 0; i < 200 && posts().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(posts().map((c) => [c.status, c.idempotencyKey])).toEqual([[201, msgId]]);

    const pass = () => dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 5, concurrency: 4, baseDelayMs: 0, leaseMs: t.deps.config.OUTBOX_LEASE_MS, clock: t.clock }, silentLogger);
    // Within the lease nobody else touches it.
    t.clock.advance(4_000);
    await pass();
    expect(posts()).toHaveLength(1);
    // After it, a live dispatcher takes it up: the same file, the same MsgId, DU01; then the status report accepts it.
    t.clock.advance(2_000);
    for (let i = 0; i < 5; i++) await pass();
    expect(posts().map((c) => [c.status, c.idempotencyKey])).toEqual([
      [201, msgId],
      [409, msgId],
    ]);
    const after = await paymentsOfRun(t.database.db, 'demo', run.body.run.id);
    expect(after.map((p) => [p.endToEndId, p.status])).toEqual(planned.map((p) => [p.endToEndId, 'accepted']));
    expect(fake.bank.bookedPayments().filter((b) => b.msgId === msgId)).toHaveLength(1);
    expect(rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM bank_messages WHERE org_id = 'demo'`))[0]!.n).toBe(1);
  });
});
