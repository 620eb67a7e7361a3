// An open payable owed to an employee, as an approved reimbursement leaves one, for tests of payment runs.
import { insertPayable } from '../../db/repos/advances.js';
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
