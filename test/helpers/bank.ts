// The fake bank on loopback wired into a test app as its HTTP bank connector, and the steps the payment tests share:
// drain the outbox, and take a proposed run through submission and approval.
import { expect } from 'vitest';
import type { BankConnector } from '../../domain/payment/bank.port.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { createHttpBankConnector } from '../../src/integrations/bank/http-api.js';
import { UTF8_PROFILE } from '../../src/integrations/bank/iso20022/bank-profile.js';
import { outboxHandlers } from '../../src/services.js';
import type { BankDeps } from '../../src/usecases/payments/bank-answers.js';
import { startFakeBank, type FakeBank } from '../fakes/bank/fake-bank.js';
import type { TestApp } from './app.js';

/** The demo organisation's account at the fake bank, and the key the connector signs with. */
export const DEBTOR = '121909876510601';
export const BANK_KEY = { id: 'k-test', secret: 'bank-secret-for-tests-0123456789' };

/** Starts the fake bank on the test's clock and makes it the app's bank connector (also for the outbox handlers). */
export async function connectFakeBank(t: TestApp): Promise<{ fake: FakeBank; connector: BankConnector; bank: BankDeps }> {
  const now = () => t.clock.now().getTime();
  const fake = await startFakeBank({ keys: { [BANK_KEY.id]: BANK_KEY.secret }, accounts: { [DEBTOR]: { currency: 'CNY', openingMinor: 100_000_000, name: '星河科技有限公司' } }, now });
  const connector = createHttpBankConnector({ baseUrl: fake.url, keyId: BANK_KEY.id, secret: BANK_KEY.secret, timeoutMs: 5_000, now });
  (t.deps as { bank?: unknown }).bank = connector;
  return { fake, connector, bank: { ...t.deps, bank: connector, profile: UTF8_PROFILE } };
}

/** Runs the outbox until a pass claims nothing (at most 20 passes), retries due at once. */
export async function drainOutbox(t: TestApp): Promise<void> {
  for (let i = 0; i < 20; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 5, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
}

/** Proposes a run of what is due (e_sarah), submits it and has e_zhaomin approve it; returns the run's id. */
export async function approvedRun(t: TestApp): Promise<string> {
  const run = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
  expect(run.status).toBe(201);
  const s = await t.call('POST', `/api/v1/payment-runs/${run.body.run.id}/submit`, { actorId: 'e_sarah' });
  expect(s.status).toBe(200);
  expect((await t.call('POST', `/api/v1/approvals/${s.body.run.approvalId}/actions`, { actorId: 'e_zhaomin', action: 'approve' })).body.status).toBe('approved');
  return run.body.run.id as string;
}
