// Receipts sent in chat: a file an employee sent the bot, once fetched from the platform, is stored, read (e-invoice
// XML deterministically, an image by the model as a suggestion) and attached to the one open line of theirs it
// matches by amount and date, or else to a new draft line; the employee confirms it with one click. Each step is one
// transaction, audited, and keyed on the platform message and file, so a redelivery or a retry does nothing twice.
import type { Db, Tx } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { chatReceiptBySource, getChatReceipt, insertChatReceipt, updateChatReceipt, type ChatReceiptRow } from '../../../db/repos/chat-receipts.js';
import { getLine, insertLine, listLines, type LineRow } from '../../../db/repos/expense-lines.js';
import { insertReceipt } from '../../../db/repos/invoices.js';
import { getEmployee } from '../../../db/repos/org.js';
import { validateLineInput } from '../../../domain/expense/index.js';
import { InvoiceDataSchema, type InvoiceData } from '../../../domain/invoice/index.js';
import { domainError, err, ok, type Clock, type DomainError, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import type { InvoiceExtractor } from '../../integrations/invoice/extract.js';
import type { ReceiptStore } from '../../integrations/storage/receipt-store.js';
import { orgDate } from '../org-time.js';
import { command } from '../unit-of-work.js';
import { attachInvoiceInTx } from './invoices.js';
import { answerDraftLineInTx } from './lines.js';
import { RECEIPT_TYPES } from './receipts.js';

export type ChatReceiptDeps = { db: Db; clock: Clock; ids: IdGenerator; receipts: ReceiptStore; extractor: InvoiceExtractor; maxBytes: number };

/** The file as fetched from the platform. */
export interface ChatReceiptFile {
  bytes: Uint8Array;
  contentType: string;
  filename?: string;
}

/** What became of a receipt sent in chat: shown to the employee on a card. */
export interface ChatReceiptOutcome {
  id: string;
  /** True when this source was taken before (a redelivery or retry): nothing was done this time. */
  repeated: boolean;
  status: string;
  readBy: 'xml' | 'model' | 'none';
  /** What was read: an e-invoice's fields (attached), or the model's suggestion (attached on confirm). */
  invoice?: Partial<InvoiceData>;
  /** `matched`: an open line of theirs with the same amount and date took it; `new`: a new draft line; absent: no line. */
  line?: { id: string; how: 'matched' | 'new'; status: string };
  /** Why nothing was read, when nothing was. */
  unread?: string;
}

/** The types a chat receipt may be: images, PDF, e-invoice XML and OFD. */
const CHAT_TYPES = RECEIPT_TYPES as readonly string[];

const outcomeOf = (row: ChatReceiptRow, repeated: boolean, line?: ChatReceiptOutcome['line']): ChatReceiptOutcome => ({
  id: row.id,
  repeated,
  status: row.status,
  readBy: row.readBy as ChatReceiptOutcome['readBy'],
  ...(row.invoice ? { invoice: row.invoice as Partial<InvoiceData> } : {}),
  ...(line ? { line } : {}),
});

/** Called in the transaction that records the outcome: the caller's card or reply goes out with it, or not at all. */
export type Announce<T> = (tx: Tx, outcome: T) => Promise<void>;

/**
 * Takes a fetched file for an employee: refuses a type we do not read or a file too large (RECEIPT.INVALID, nothing
 * stored); stores it, reads it, and in one transaction records it for its source, attaches it to the one matching
 * open line (or a new draft line when the invoice gives amount and date) with an e-invoice's data (duplicate-checked:
 * INVOICE.DUPLICATE names the first claim and nothing is kept) and audits it. A source taken before answers `repeated`.
 */
export async function takeChatReceipt(deps: ChatReceiptDeps, orgId: string, input: { sourceKey: string; employeeId: string; file: ChatReceiptFile }, announce?: Announce<ChatReceiptOutcome>): Promise<Result<ChatReceiptOutcome>> {
  const before = await chatReceiptBySource(deps.db, orgId, input.sourceKey);
  if (before) return ok(outcomeOf(before, true));
  const { file } = input;
  const type = file.contentType.split(';')[0]!.trim().toLowerCase();
  if (!CHAT_TYPES.includes(type)) return err(domainError('RECEIPT.INVALID', `${type || '(none)'} is not a receipt type we read`, { reason: 'type' }));
  if (file.bytes.length === 0) return err(domainError('RECEIPT.INVALID', 'the file is empty', { reason: 'empty' }));
  if (file.bytes.length > deps.maxBytes) return err(domainError('RECEIPT.INVALID', `the file is ${file.bytes.length} bytes; the limit is ${deps.maxBytes}`, { reason: 'size', limit: deps.maxBytes }));
  const employee = await getEmployee(deps.db, orgId, input.employeeId);
  if (!employee?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `no active employee ${input.employeeId}`));

  const extracted = await deps.extractor.extract({ bytes: file.bytes, contentType: type, ...(file.filename ? { filename: file.filename } : {}) });
  const readBy: ChatReceiptOutcome['readBy'] = extracted.ok ? extracted.source : 'none';
  const data = extracted.ok ? extracted.invoice : undefined;
  const id = deps.ids.next('crc');
  const stored = await deps.receipts.put(`${orgId}/chat/${id}`, file.bytes, type);

  const saved = await command<ChatReceiptOutcome>(deps.db, async (tx) => {
    const now = deps.clock.now();
    const today = await orgDate(tx, orgId, now);
    const claimed = await insertChatReceipt(tx, {
      id, orgId, sourceKey: input.sourceKey, employeeId: employee.id, status: 'read', readBy, storageKey: stored.key, contentType: type, filename: file.filename ?? null,
      ...(data ? { invoice: data } : {}), createdAt: now, updatedAt: now,
    });
    if (!claimed.created) return ok(outcomeOf(claimed.row, true));
    let line: ChatReceiptOutcome['line'];
    const target = data ? await lineFor(tx, deps, orgId, employee, input.sourceKey, data, readBy, today, now) : undefined;
    if (target) {
      const receiptId = deps.ids.next('rcp');
      await insertReceipt(tx, { id: receiptId, orgId, lineId: target.line.id, storageKey: stored.key, contentType: type, filename: file.filename ?? null, size: stored.size, sha256: stored.sha256, uploadedBy: employee.id, createdAt: now });
      if (readBy === 'xml') {
        const attached = await attachInvoiceInTx(tx, deps, orgId, target.line, data as InvoiceData, 'xml', today, employee.id);
        if (!attached.ok) return attached;
      }
      await updateChatReceipt(tx, orgId, id, { lineId: target.line.id, receiptId }, now);
      line = { id: target.line.id, how: target.how, status: target.line.status };
    }
    await appendAudit(tx, {
      orgId, actorId: employee.id, action: 'expense.chat_receipt', subjectType: 'chat_receipt', subjectId: id,
      after: { sourceKey: input.sourceKey, readBy, lineId: line?.id ?? null, how: line?.how ?? null, contentType: type, size: stored.size, sha256: stored.sha256 }, at: now,
    });
    const outcome: ChatReceiptOutcome = { ...outcomeOf({ ...claimed.row, lineId: line?.id ?? null }, false, line), ...(!extracted.ok ? { unread: extracted.reason } : {}) };
    await announce?.(tx, outcome);
    return ok(outcome);
  });
  // A refused file (a duplicate invoice) and a repeat leave no second copy behind; the unread one stays (nothing is lost).
  if (!saved.ok || saved.value.repeated) await deps.receipts.delete?.(stored.key).catch(() => undefined);
  return saved;
}

/**
 * The line a read invoice goes to: the one open or draft line of the employee without an invoice whose amount and
 * date are the invoice's total and issue date; with none or several, a new draft line of that amount and date (keyed
 * on the source, so it is made once). Undefined when the invoice lacks a total or a date that makes a line.
 */
async function lineFor(tx: Tx, deps: { ids: IdGenerator }, orgId: string, employee: { id: string; departmentId: string }, sourceKey: string, data: Partial<InvoiceData>, readBy: string, today: string, now: Date): Promise<{ line: LineRow; how: 'matched' | 'new' } | undefined> {
  const total = data.total;
  const date = data.issueDate;
  if (!total || !date) return undefined;
  const candidates = [
    ...(await listLines(tx, orgId, { employeeId: employee.id, status: 'open', limit: 1000 })),
    ...(await listLines(tx, orgId, { employeeId: employee.id, status: 'draft', limit: 1000 })),
  ].filter((l) => !l.invoiceId && l.amountMinor === total.minor && l.currency === total.currency && l.date === date);
  if (candidates.length === 1) {
    const locked = await getLine(tx, orgId, candidates[0]!.id, true);
    if (locked && !locked.invoiceId) return { line: locked, how: 'matched' };
  }
  const merchant = data.sellerName ?? data.merchant;
  const input = { category: 'other', amount: total, date, ...(merchant ? { merchant } : {}) };
  if (!validateLineInput(input, today).ok) return undefined;
  const { line } = await insertLine(tx, {
    id: deps.ids.next('exl'), orgId, employeeId: employee.id, departmentId: employee.departmentId, category: 'other', amountMinor: total.minor, currency: total.currency, date,
    merchant: merchant ?? null, description: readBy === 'model' ? 'read from a photo' : 'e-invoice', applicationId: null, source: 'chat', sourceRef: `receipt:${sourceKey}`,
    paidBy: 'personal', status: 'draft', createdAt: now, updatedAt: now,
  });
  await appendAudit(tx, { orgId, actorId: employee.id, action: 'expense.create', subjectType: 'expense_line', subjectId: line.id, after: { amountMinor: line.amountMinor, currency: line.currency, category: line.category, source: 'chat', status: 'draft' }, at: now });
  return { line, how: 'new' };
}

/**
 * Records a refused file (a duplicate invoice, a type we do not read, one too large), once per source, audited;
 * `announce` sends the refusal in the same transaction. A repeat does nothing.
 */
export function refuseChatReceipt(deps: { db: Db; clock: Clock; ids: IdGenerator }, orgId: string, input: RefusedFile, announce?: Announce<DomainError>): Promise<Result<{ repeated: boolean }>> {
  return command<{ repeated: boolean }>(deps.db, (tx) => refuseChatReceiptInTx(tx, deps, orgId, input, announce));
}

export interface RefusedFile {
  sourceKey: string;
  employeeId: string;
  filename?: string;
  contentType?: string;
  error: DomainError;
}

/** The body of refuseChatReceipt, for a caller already in a transaction (a refusal on the path that answers the platform). */
export async function refuseChatReceiptInTx(tx: Tx, deps: { clock: Clock; ids: IdGenerator }, orgId: string, input: RefusedFile, announce?: Announce<DomainError>): Promise<Result<{ repeated: boolean }>> {
  const now = deps.clock.now();
  const id = deps.ids.next('crc');
  const refusal = { code: input.error.code, message: input.error.message, ...(input.error.details ? { details: input.error.details } : {}) };
  const claimed = await insertChatReceipt(tx, { id, orgId, sourceKey: input.sourceKey, employeeId: input.employeeId, status: 'refused', readBy: 'none', contentType: input.contentType ?? null, filename: input.filename ?? null, refusal, createdAt: now, updatedAt: now });
  if (!claimed.created) return ok({ repeated: true });
  await appendAudit(tx, { orgId, actorId: input.employeeId, action: 'expense.chat_receipt_refused', subjectType: 'chat_receipt', subjectId: id, after: { sourceKey: input.sourceKey, code: input.error.code }, at: now });
  await announce?.(tx, input.error);
  return ok({ repeated: false });
}

/** Whether a source (platform:message:file) was taken or refused already: a retried fetch then fetches nothing. */
export async function chatReceiptTaken(db: Db, orgId: string, sourceKey: string): Promise<boolean> {
  return (await chatReceiptBySource(db, orgId, sourceKey)) !== undefined;
}

/** What a confirm did. */
export interface ConfirmOutcome {
  changed: boolean;
  lineId?: string;
  /** The model's suggestion was attached as the line's invoice. */
  attachedSuggestion: boolean;
}

/**
 * The employee's one click on the receipt card: the suggestion the model read is attached as the line's invoice
 * (validated and duplicate-checked) and a draft line becomes open, in one transaction, audited. Only the employee who
 * sent it may; another organisation's id is NOT_FOUND; a second click changes nothing.
 */
export function confirmChatReceipt(deps: { db: Db; clock: Clock; ids: IdGenerator }, orgId: string, id: string, employeeId: string, announce?: Announce<ConfirmOutcome>): Promise<Result<ConfirmOutcome>> {
  return command<ConfirmOutcome>(deps.db, async (tx) => {
    const row = await getChatReceipt(tx, orgId, id, true);
    if (!row || row.status === 'refused') return err(domainError('NOT_FOUND', `no receipt ${id}`));
    if (row.employeeId !== employeeId) return err(domainError('AUTH.FORBIDDEN', 'only the employee who sent this receipt can confirm it'));
    if (row.status === 'confirmed') return ok({ changed: false, attachedSuggestion: false, ...(row.lineId ? { lineId: row.lineId } : {}) });
    if (!row.lineId) return err(domainError('EXPENSE.INVALID', 'nothing was read from this receipt: add the expense with its amount and date', { reason: 'unread' }));
    const now = deps.clock.now();
    let attachedSuggestion = false;
    const line = await getLine(tx, orgId, row.lineId, true);
    if (!line) return err(domainError('NOT_FOUND', `no expense line ${row.lineId}`));
    const suggestion = row.readBy === 'model' ? InvoiceDataSchema.safeParse(row.invoice) : undefined;
    if (suggestion?.success && !line.invoiceId) {
      const attached = await attachInvoiceInTx(tx, deps, orgId, line, suggestion.data, 'model', await orgDate(tx, orgId, now), employeeId);
      if (!attached.ok) return attached;
      attachedSuggestion = true;
    }
    if (line.status === 'draft') {
      const answered = await answerDraftLineInTx(tx, deps, orgId, line.id, employeeId, 'confirm');
      if (!answered.ok) return answered;
    }
    await updateChatReceipt(tx, orgId, id, { status: 'confirmed' }, now);
    await appendAudit(tx, { orgId, actorId: employeeId, action: 'expense.chat_receipt_confirmed', subjectType: 'chat_receipt', subjectId: id, before: { status: row.status }, after: { status: 'confirmed', lineId: line.id, attachedSuggestion }, at: now });
    const outcome = { changed: true, lineId: line.id, attachedSuggestion };
    await announce?.(tx, outcome);
    return ok(outcome);
  });
}

/** One chat receipt of the organisation (for its card), or undefined. */
export function chatReceiptOf(db: Db, orgId: string, id: string): Promise<ChatReceiptRow | undefined> {
  return getChatReceipt(db, orgId, id);
}
