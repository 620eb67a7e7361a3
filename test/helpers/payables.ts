// An open payable owed to an employee, as an approved reimbursement leaves one, for tests of payment runs; and a
// returned payment of one, for tests of the returned-payment card.
import { insertPayable } from '../../db/repos/advances.js';
import { activePayee, insertPayments } from '../../db/repos/payments.js';
import { isoId } from '../../domain/payment/index.js';
import { ok } from '../../domain/shared/index.js';
import { awaitPayees } from '../../src/usecases/payments/returned-payments.js';
import { command } from '../../src/usecases/unit-of-work.js';
import { randomIds } from '../../src/runtime.js';
import { dueOnFor } from '../../src/usecases/payments/payable-due.js';
import type { TestApp } from './app.js';

/**
 * Creates an open CNY (or `currency`) payable of `minor` to `employeeId` and returns its id. It falls due the way the
 * product's payables do (dueOnFor, no payment terms) unless `dueOn` names the day.
 */
export async function openPayable(t: TestApp, orgId: string, employeeId: string, minor: number, currency = 'CNY', dueOn?: string): Promise<string> {
  const id = randomIds.next('pay');
  const now = t.clock.now();
  await insertPayable(t.database.db, { id, orgId, sourceType: 'reimbursement', sourceId: randomIds.next('req'), payeeType: 'employee', payeeId: employeeId, amountMinor: minor, currency, status: 'open', dueOn: dueOn ?? (await dueOnFor(t.database.db, orgId, now, 0)), createdAt: now });
  return id;
}

/**
 * A payment to `employeeId`'s current account that the bank returned (退票) with `reasonCode`, as a statement import
 * leaves it: the payment returned, its payable open and waiting for the employee, who is sent the card. For chat
 * tests; the bank path itself is tested in test/usecases/payments/money-out.test.ts.
 */
export async function returnedPayment(t: TestApp, employeeId: string, minor: number, reasonCode = 'AC04'): Promise<{ paymentId: string; payableId: string }> {
  const payableId = await openPayable(t, 'demo', employeeId, minor);
  const payee = await activePayee(t.database.db, 'demo', 'employee', employeeId);
  if (!payee) throw new Error(`${employeeId} has no payout account`);
  const paymentId = randomIds.next('pmt');
  const now = t.clock.now();
  await command(t.database.db, async (tx) => {
    await insertPayments(tx, [{ id: paymentId, orgId: 'demo', runId: randomIds.next('prun'), payableId, payeeId: payee.id, ownerType: 'employee', ownerId: employeeId, amountMinor: minor, currency: 'CNY', endToEndId: isoId('E2E', paymentId), msgId: 'MSG-test', pmtInfId: 'PMI-test', status: 'returned', reasonCode, reasonText: null, retryOf: null, createdAt: now, updatedAt: now }]);
    await awaitPayees(tx, 'demo', [{ id: paymentId, payableId, ownerType: 'employee', ownerId: employeeId }], now);
    return ok(undefined);
  });
  return { paymentId, payableId };
}
