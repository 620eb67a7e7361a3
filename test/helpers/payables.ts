// An open payable owed to an employee, as an approved reimbursement leaves one, for tests of payment runs.
import { insertPayable } from '../../db/repos/advances.js';
import { randomIds } from '../../src/runtime.js';
import type { TestApp } from './app.js';

/** Creates an open CNY (or `currency`) payable of `minor` to `employeeId` and returns its id. */
export async function openPayable(t: TestApp, orgId: string, employeeId: string, minor: number, currency = 'CNY'): Promise<string> {
  const id = randomIds.next('pay');
  await insertPayable(t.database.db, { id, orgId, sourceType: 'reimbursement', sourceId: randomIds.next('req'), payeeType: 'employee', payeeId: employeeId, amountMinor: minor, currency, status: 'open', createdAt: t.clock.now() });
  return id;
}
