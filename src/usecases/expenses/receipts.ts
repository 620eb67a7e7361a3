// Attaching a receipt file (image, PDF or e-invoice XML) to an expense line. The file is stored first (outside the
// transaction); an e-invoice XML is read deterministically and its invoice attached, duplicate-checked, in the same
// transaction as the receipt row. What a model reads from an image is returned as a suggestion, never saved unasked.
import { actingEmployeeOf } from '../authorise.js';
import type { Db } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getLine } from '../../../db/repos/expense-lines.js';
import { insertReceipt } from '../../../db/repos/invoices.js';
import type { InvoiceData } from '../../../domain/invoice/index.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import type { InvoiceExtractor } from '../../integrations/invoice/extract.js';
import type { ReceiptStore } from '../../integrations/storage/receipt-store.js';
import { orgDate } from '../org-time.js';
import { command } from '../unit-of-work.js';
import { attachInvoiceInTx, type AttachedInvoice } from './invoices.js';

/** What may be uploaded as a receipt. */
export const RECEIPT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf', 'application/xml', 'text/xml', 'application/ofd'] as const;

export interface ReceiptUpload {
  bytes: Uint8Array;
  contentType: string;
  filename?: string;
}

export interface ReceiptResult {
  receiptId: string;
  lineId: string;
  size: number;
  sha256: string;
  /** Set when an e-invoice XML was read and attached. */
  invoice?: AttachedInvoice;
  /** What a model read from an image or PDF, for the employee to check and attach (not saved). */
  suggestion?: { invoice: Partial<InvoiceData>; confidence?: number };
  /** Why nothing was read from the file, when nothing was. */
  extraction?: string;
}

type Deps = { db: Db; clock: Clock; ids: IdGenerator; receipts: ReceiptStore; extractor: InvoiceExtractor; maxBytes: number };

export async function attachReceipt(deps: Deps, orgId: string, lineId: string, actorId: string, file: ReceiptUpload): Promise<Result<ReceiptResult>> {
  const type = file.contentType.split(';')[0]!.trim().toLowerCase();
  if (!(RECEIPT_TYPES as readonly string[]).includes(type)) return err(domainError('RECEIPT.INVALID', `Content-Type: ${type || '(none)'} is not a receipt type; send one of ${RECEIPT_TYPES.join(', ')}`, { field: 'content-type' }));
  if (file.bytes.length === 0) return err(domainError('RECEIPT.INVALID', 'the file is empty', { field: 'body' }));
  if (file.bytes.length > deps.maxBytes) return err(domainError('RECEIPT.INVALID', `the file is ${file.bytes.length} bytes; the limit is ${deps.maxBytes}`, { field: 'body' }));
  const line = await getLine(deps.db, orgId, lineId);
  if (!line) return err(domainError('NOT_FOUND', `no expense line ${lineId}`));
  const who = await actingEmployeeOf(deps.db, orgId, actorId);
  if (!who.ok) return who;
  const actor = who.value;
  if (line.employeeId !== actor.id && !actor.finance) return err(domainError('AUTH.FORBIDDEN', 'only the employee who spent it (or finance) can attach receipts'));

  const receiptId = deps.ids.next('rcp');
  const stored = await deps.receipts.put(`${orgId}/${lineId}/${receiptId}`, file.bytes, type);
  const extracted = await deps.extractor.extract({ bytes: file.bytes, contentType: type, ...(file.filename ? { filename: file.filename } : {}) });
  const fromXml = extracted.ok && extracted.source === 'xml' ? (extracted.invoice as InvoiceData) : undefined;

  const saved = await command<ReceiptResult>(deps.db, async (tx) => {
    const fresh = await getLine(tx, orgId, lineId, true);
    if (!fresh) return err(domainError('NOT_FOUND', `no expense line ${lineId}`));
    const now = deps.clock.now();
    await insertReceipt(tx, { id: receiptId, orgId, lineId, storageKey: stored.key, contentType: type, filename: file.filename ?? null, size: stored.size, sha256: stored.sha256, uploadedBy: actor.id, createdAt: now });
    let invoice: AttachedInvoice | undefined;
    if (fromXml && !fresh.invoiceId) {
      const attached = await attachInvoiceInTx(tx, deps, orgId, fresh, fromXml, 'xml', await orgDate(tx, orgId, now), actor.id);
      if (!attached.ok) return attached;
      invoice = attached.value;
    }
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'expense.receipt', subjectType: 'expense_line', subjectId: lineId, after: { receiptId, contentType: type, size: stored.size, sha256: stored.sha256, invoiceId: invoice?.invoiceId ?? null }, at: now });
    return ok({
      receiptId,
      lineId,
      size: stored.size,
      sha256: stored.sha256,
      ...(invoice ? { invoice } : {}),
      ...(extracted.ok && extracted.source !== 'xml' ? { suggestion: { invoice: extracted.invoice, ...(extracted.confidence === undefined ? {} : { confidence: extracted.confidence }) } } : {}),
      ...(!extracted.ok ? { extraction: extracted.reason } : {}),
    });
  });
  // A refused upload (e.g. a duplicate invoice) leaves no file behind.
  if (!saved.ok) await deps.receipts.delete?.(stored.key).catch(() => undefined);
  return saved;
}

