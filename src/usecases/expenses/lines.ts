// Expense lines typed in (API, console) and the employee's one-click answers to draft lines (confirm / dismiss).
import { checkClientRef } from '../idempotency.js';
import type { Db, Tx } from '../../../db/database.js';
import { getRequest } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getLine, insertLine, updateLine, type LineRow } from '../../../db/repos/expense-lines.js';
import { getEmployee, getOrganisation } from '../../../db/repos/org.js';
import { moveLine, validateLineInput, type LineInput, type LineStatus, type PaidBy } from '../../../domain/expense/index.js';
import type { InvoiceData } from '../../../domain/invoice/index.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { command } from '../unit-of-work.js';
import { localDate } from '../org-time.js';
import { attachInvoiceInTx } from './invoices.js';

type Deps = { db: Db; clock: Clock; ids: IdGenerator };

export interface NewLineInput extends LineInput {
  employeeId: string;
  /** The approved trip or reception this spend belongs to (must be the employee's). */
  applicationId?: string;
  paidBy?: PaidBy;
  invoice?: InvoiceData;
  /** The caller's id for this line: sending it again returns the first line. */
  clientRef?: string;
}

/** Records a line (and its invoice, duplicate-checked) in one transaction. */
export function createLine(deps: Deps, orgId: string, actorId: string, input: NewLineInput): Promise<Result<LineRow>> {
  return command<LineRow>(deps.db, async (tx) => {
    const org = await getOrganisation(tx, orgId);
    if (!org) return err(domainError('NOT_FOUND', `organisation ${orgId} does not exist`));
    const today = localDate(deps.clock.now(), org.timeZone);
    const valid = validateLineInput(input, today);
    if (!valid.ok) return valid;
    if (input.clientRef) {
      const same = await checkClientRef(tx, orgId, 'client-ref:line', input.clientRef, input);
      if (!same.ok) return same;
    }
    const employee = await getEmployee(tx, orgId, input.employeeId);
    if (!employee?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `employeeId: no active employee ${input.employeeId}`, { field: 'employeeId' }));
    if (input.applicationId) {
      const app = await applicationOf(tx, orgId, input.applicationId, employee.id);
      if (!app.ok) return app;
    }
    const now = deps.clock.now();
    const { line, created } = await insertLine(tx, {
      id: deps.ids.next('exl'),
      orgId,
      employeeId: employee.id,
      departmentId: employee.departmentId,
      category: input.category,
      amountMinor: input.amount.minor,
      currency: input.amount.currency,
      date: input.date,
      merchant: input.merchant ?? null,
      description: input.description ?? null,
      applicationId: input.applicationId ?? null,
      source: 'manual',
      sourceRef: input.clientRef ?? null,
      paidBy: input.paidBy ?? 'personal',
      status: 'open',
      createdAt: now,
      updatedAt: now,
    });
    if (!created) return ok(line);
    if (input.invoice) {
      const inv = await attachInvoiceInTx(tx, deps, orgId, line, input.invoice, 'manual', today);
      if (!inv.ok) return inv;
    }
    await appendAudit(tx, { orgId, actorId, action: 'expense.create', subjectType: 'expense_line', subjectId: line.id, after: { amountMinor: line.amountMinor, currency: line.currency, category: line.category, applicationId: line.applicationId }, at: now });
    return ok((await getLine(tx, orgId, line.id))!);
  });
}

/** The approved application a line may be tagged to: the employee's own trip or reception. */
export async function applicationOf(tx: Tx, orgId: string, id: string, employeeId: string): Promise<Result<{ id: string; type: string }>> {
  const app = await getRequest(tx, orgId, id);
  if (!app || app.submitterId !== employeeId) return err(domainError('EXPENSE.INVALID', `applicationId: ${id} is not one of this employee's requests`, { field: 'applicationId' }));
  if (app.status !== 'approved') return err(domainError('EXPENSE.INVALID', `applicationId: ${id} is ${app.status}, not approved`, { field: 'applicationId' }));
  return ok({ id: app.id, type: app.type });
}

/**
 * The employee's answer to a draft line: `confirm` makes it claimable, `dismiss` sets it aside. Only the line's
 * employee may answer; a second click gets the same answer (the line has already moved).
 */
export function answerDraftLine(deps: Deps, orgId: string, lineId: string, employeeId: string, answer: 'confirm' | 'dismiss'): Promise<Result<{ line: LineRow; changed: boolean }>> {
  return command<{ line: LineRow; changed: boolean }>(deps.db, (tx) => answerDraftLineInTx(tx, deps, orgId, lineId, employeeId, answer));
}

/** The body of answerDraftLine, for use cases that answer a line in a transaction of their own (a receipt confirmed in chat). */
export async function answerDraftLineInTx(tx: Tx, deps: { clock: Clock }, orgId: string, lineId: string, employeeId: string, answer: 'confirm' | 'dismiss'): Promise<Result<{ line: LineRow; changed: boolean }>> {
  const line = await getLine(tx, orgId, lineId, true);
  if (!line) return err(domainError('NOT_FOUND', `no expense line ${lineId}`));
  if (line.employeeId !== employeeId) return err(domainError('AUTH.FORBIDDEN', 'only the employee who spent it can confirm this expense'));
  const to = answer === 'confirm' ? 'open' : 'dismissed';
  if (line.status === to) return ok({ line, changed: false });
  const moved = moveLine({ id: line.id, status: line.status as LineStatus }, to);
  if (!moved.ok) return moved;
  const now = deps.clock.now();
  await updateLine(tx, orgId, lineId, { status: to }, now);
  await appendAudit(tx, { orgId, actorId: employeeId, action: `expense.${answer}`, subjectType: 'expense_line', subjectId: lineId, before: { status: line.status }, after: { status: to }, at: now });
  return ok({ line: { ...line, status: to }, changed: true });
}
