// Reading expense lines: a list by employee, status or application; one line with its invoice and receipts; a stored
// receipt file.
import type { Db } from '../../../db/database.js';
import { getLine, listLines, type LineRow } from '../../../db/repos/expense-lines.js';
import { getInvoice, getReceipt, receiptsOfLine } from '../../../db/repos/invoices.js';
import { domainError, err, ok, type Result } from '../../../domain/shared/index.js';
import type { ReceiptStore } from '../../integrations/storage/receipt-store.js';

/** The organisation's lines matching the filter, oldest first. */
export function linesOf(deps: { db: Db }, orgId: string, filter: Parameters<typeof listLines>[2]): Promise<LineRow[]> {
  return listLines(deps.db, orgId, filter);
}

export interface LineDetail {
  line: LineRow;
  invoice: ({ id: string; source: string } & Record<string, unknown>) | null;
  receipts: { id: string; contentType: string; filename: string | null; size: number; sha256: string; uploadedBy: string; createdAt: string }[];
}

/** Line `id` with its invoice (the stored invoice data) and its receipts' metadata; NOT_FOUND when there is none. */
export async function lineDetail(deps: { db: Db }, orgId: string, id: string): Promise<Result<LineDetail>> {
  const line = await getLine(deps.db, orgId, id);
  if (!line) return err(domainError('NOT_FOUND', `no expense line ${id}`));
  const invoice = line.invoiceId ? await getInvoice(deps.db, orgId, line.invoiceId) : undefined;
  const receipts = (await receiptsOfLine(deps.db, orgId, line.id)).map((r) => ({ id: r.id, contentType: r.contentType, filename: r.filename, size: r.size, sha256: r.sha256, uploadedBy: r.uploadedBy, createdAt: r.createdAt.toISOString() }));
  return ok({ line, invoice: invoice ? { id: invoice.id, source: invoice.source, ...(invoice.data as object) } : null, receipts });
}

/** The bytes of receipt `id` with its type and hash; NOT_FOUND when the row or the stored file is missing. */
export async function receiptFile(deps: { db: Db; receipts: ReceiptStore }, orgId: string, id: string): Promise<Result<{ bytes: Uint8Array; contentType: string; sha256: string }>> {
  const row = await getReceipt(deps.db, orgId, id);
  const stored = row ? await deps.receipts.get(row.storageKey) : undefined;
  if (!row || !stored) return err(domainError('NOT_FOUND', `no receipt ${id}`));
  return ok({ bytes: stored.bytes, contentType: row.contentType, sha256: row.sha256 });
}
