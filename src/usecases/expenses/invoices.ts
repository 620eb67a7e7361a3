// Attaching an invoice to an expense line: validate its fields, claim its identity keys organisation-wide (a second
// claim of the same invoice is refused naming the first), store it — all in the caller's transaction.
import { actingEmployeeOf } from '../authorise.js';
import type { Db, Tx } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getLine, updateLine, type LineRow } from '../../../db/repos/expense-lines.js';
import { claimInvoiceKeys, insertInvoice } from '../../../db/repos/invoices.js';
import { getEmployee } from '../../../db/repos/org.js';
import { invoiceIdentityKeys, validateInvoice, type InvoiceData } from '../../../domain/invoice/index.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { orgDate } from '../org-time.js';
import { command } from '../unit-of-work.js';

type Deps = { db: Db; clock: Clock; ids: IdGenerator };

export interface AttachedInvoice {
  invoiceId: string;
  lineId: string;
  keys: string[];
}

/** Attaches an invoice in its own transaction; only the line's employee (or finance, `asFinance`) may. */
export function attachInvoice(deps: Deps, orgId: string, lineId: string, actorId: string, data: InvoiceData, source: 'manual' | 'xml' | 'model'): Promise<Result<AttachedInvoice>> {
  return command<AttachedInvoice>(deps.db, async (tx) => {
    const line = await getLine(tx, orgId, lineId, true);
    if (!line) return err(domainError('NOT_FOUND', `no expense line ${lineId}`));
    const who = await actingEmployeeOf(tx, orgId, actorId);
    if (!who.ok) return who;
    const actor = who.value;
    if (line.employeeId !== actor.id && !actor.finance) return err(domainError('AUTH.FORBIDDEN', 'only the employee who spent it (or finance) can attach its invoice'));
    return attachInvoiceInTx(tx, deps, orgId, line, data, source, await orgDate(tx, orgId, deps.clock.now()), actor.id);
  });
}

/** The body of attachInvoice for use cases that create the line in the same transaction. */
export async function attachInvoiceInTx(tx: Tx, deps: { clock: Clock; ids: IdGenerator }, orgId: string, line: LineRow, data: InvoiceData, source: 'manual' | 'xml' | 'model', today: string, actorId = line.employeeId): Promise<Result<AttachedInvoice>> {
  if (line.status === 'reimbursed') return err(domainError('EXPENSE.NOT_EDITABLE', `expense line ${line.id} is already reimbursed`));
  if (line.invoiceId) return err(domainError('EXPENSE.NOT_EDITABLE', `expense line ${line.id} already has invoice ${line.invoiceId}`, { invoiceId: line.invoiceId }));
  const valid = validateInvoice(data, today);
  if (!valid.ok) return valid;
  const invoice = valid.value;
  const invoiceId = deps.ids.next('inv');
  const keys = invoiceIdentityKeys(invoice);
  const taken = await claimInvoiceKeys(tx, orgId, invoiceId, line.id, keys);
  if (taken.length > 0) {
    const first = taken[0]!;
    const firstLine = await getLine(tx, orgId, first.lineId);
    const who = firstLine ? await getEmployee(tx, orgId, firstLine.employeeId) : undefined;
    const when = firstLine ? await orgDate(tx, orgId, firstLine.createdAt) : undefined;
    return err(
      domainError('INVOICE.DUPLICATE', `invoice ${invoice.code ? `${invoice.code}/` : ''}${invoice.number} was already claimed on expense line ${first.lineId}${who ? ` by ${who.name}` : ''}${when ? ` on ${when}` : ''}`, {
        field: 'invoice',
        firstLineId: first.lineId,
        firstInvoiceId: first.invoiceId,
        matchedKey: first.key,
        ...(who ? { firstEmployee: who.name } : {}),
        ...(when ? { firstDate: when } : {}),
        number: invoice.number,
      }),
    );
  }
  const now = deps.clock.now();
  await insertInvoice(tx, {
    id: invoiceId,
    orgId,
    lineId: line.id,
    kind: invoice.kind,
    number: invoice.number,
    code: invoice.code ?? null,
    totalMinor: invoice.total.minor,
    currency: invoice.total.currency,
    issueDate: invoice.issueDate,
    data: invoice,
    source,
    createdAt: now,
  });
  await updateLine(tx, orgId, line.id, { invoiceId }, now);
  await appendAudit(tx, { orgId, actorId, action: 'expense.invoice', subjectType: 'expense_line', subjectId: line.id, after: { invoiceId, number: invoice.number, total: invoice.total, source }, at: now });
  return ok({ invoiceId, lineId: line.id, keys });
}
