// A bank statement (camt.053) or notification (camt.054) imported: stored once and checked, its booked transactions
// reconciled with the organisation's payments (`domain/reconciliation`), and what the rules decided applied at once,
// set-based (payment-moves.ts): a 100,000-line statement is a few hundred statements to the database, not millions.
import type { Db, Executor } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { insertBankStatement, lastStatementOf, lockPayments } from '../../../db/repos/payments.js';
import { statementLinesWrite } from '../../../db/repos/reconciliation.js';
import { addToTotals, bookedTotals, checkStatementTotals, emptyTotals, type BankStatement, type BookedTotals, type StatementCheckFailure, type StatementHeader } from '../../../domain/payment/index.js';
import { entryLines, sharedValues, statementLines, type StatementLine } from '../../../domain/reconciliation/index.js';
import { readStatementEvents, type XmlInput } from '../../integrations/bank/iso20022/read/index.js';
import { ok, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { orgDate } from '../org-time.js';
import { command } from '../unit-of-work.js';
import { bookVouchers } from '../vouchers/book.js';
import { returnPayments, settlePayments, type StatementDeps } from './payment-moves.js';
import { decideLines, isBooked, type BankFee, type PaymentsToMove } from './statement-decisions.js';
import { countStatementImported, type WithMetrics } from '../../observability/scope.js';
import { withWriteQueue, type WriteQueue } from '../write-queue.js';

/** Payments (and lines) applied and stored per round of statements. */
const CHUNK = 500;

/** Books bank fees (each once: its voucher is keyed by the statement line). */
export async function bookFeeVouchers(tx: Executor, ids: IdGenerator, orgId: string, fees: readonly BankFee[], now: Date): Promise<void> {
  if (fees.length === 0) return;
  await bookVouchers(
    tx,
    ids,
    orgId,
    fees.map((f) => {
      const lineId = `${f.statementRowId}/${f.ref}`;
      return {
        subject: { kind: 'bank_fee' as const, source: { type: 'statement_line', id: lineId }, date: f.date, memo: '银行手续费' },
        input: { kind: 'bank_fee' as const, booking: { lineId, date: f.date, amountMinor: f.amount.minor, currency: f.amount.currency, bankAccountId: f.bankAccountId, ...(f.text ? { text: f.text } : {}) } },
      };
    }),
    now,
  );
}

/**
 * Reconciles a statement or notification with the organisation's payments (`domain/reconciliation`, default rules):
 * its booked transactions against the payments they may be (by EndToEndId, the batch's MsgId or PmtInfId, or still
 * on their way). A match settles the payment and pays its payable; money back returns it (reopens the payable and
 * asks the employee to confirm or change their account); fees are recognised; what nothing explains stays open in
 * the exceptions queue. Every transaction is stored with what became of it and the rule that decided. Importing the
 * same statement again changes nothing (the statement is stored once).
 */
async function applyStatementTx(tx: Executor, deps: StatementDeps, orgId: string, all: readonly StatementLine[], statementRowId: string, debtorAccountId: string): Promise<Result<{ settled: number; returned: number; open: number }>> {
  return withWriteQueue(async (writes) => {
    const now = deps.clock.now();
    const today = await orgDate(tx, orgId, now);
    // What the rules decided is stored with the lines first; then only the payments to move are held (ids and days),
    // not the lines, their decisions and the candidates, while tens of thousands of payments are moved and booked.
    const { toSettle, toReturn, fees, open } = await decideAndStoreLines(tx, deps, orgId, all, statementRowId, debtorAccountId, today, now, writes);
    const whole = async (list: PaymentsToMove, from: number, count: number) => {
      const chunk = list.slice(from, from + count);
      const rows = new Map((await lockPayments(tx, orgId, chunk.map((x) => x.id))).map((p) => [p.id, p]));
      return chunk.flatMap((x) => (rows.has(x.id) ? [{ ...x, p: rows.get(x.id)! }] : []));
    };
    // Bookings first, then money back: a payment paid and returned in one statement ends returned. Set-based, a chunk
    // of payments at a time, each read whole and locked as its chunk comes (a fixed number of statements per chunk,
    // bounded arrays, and only a chunk's payments held whole). Each chunk's writes are queued (built while the
    // database runs the one before) and waited for before the next chunk.
    const queued = { ...deps, writes };
    let settled = 0;
    for (let i = 0; i < toSettle.length; i += CHUNK) {
      settled += (await settlePayments(tx, queued, orgId, await whole(toSettle, i, CHUNK), debtorAccountId, now)).length;
      await writes.drain();
    }
    let returned = 0;
    for (let i = 0; i < toReturn.length; i += CHUNK) returned += (await returnPayments(tx, deps, orgId, await whole(toReturn, i, CHUNK), debtorAccountId, now)).length;
    await bookFeeVouchers(tx, deps.ids, orgId, fees, now);
    return ok({ settled, returned, open });
  });
}

/**
 * Reconciles the statement's booked lines with the payments they may be, stores every line with what became of it,
 * and returns what is left to do: the payments to settle and to return, the fees to book, and how many lines stay open.
 */
async function decideAndStoreLines(
  tx: Executor,
  deps: StatementDeps,
  orgId: string,
  all: readonly StatementLine[],
  statementRowId: string,
  debtorAccountId: string,
  today: string,
  now: Date,
  writes: WriteQueue,
): Promise<{ toSettle: PaymentsToMove; toReturn: PaymentsToMove; fees: BankFee[]; open: number }> {
  const d = await decideLines(tx, orgId, all, statementRowId, debtorAccountId, today);
  let open = 0;
  for (let i = 0; i < all.length; i += CHUNK) {
    // Two chunks of lines in flight at most: the next is built while the database stores the one before.
    if ((i / CHUNK) % 2 === 0) await writes.drain();
    const rows = [];
    for (let k = i; k < Math.min(i + CHUNK, all.length); k++) {
      const l = all[k]!;
      const decided = d.state[k];
      const booked = isBooked(l);
      const state = decided ?? (booked ? 'open' : 'pending');
      if (state === 'open') open++;
      const last4 = l.counterparty.account?.replace(/\s/g, '').slice(-4);
      rows.push({
        orgId,
        statementId: statementRowId,
        ref: l.ref,
        entryIndex: l.entryIndex,
        txIndex: l.txIndex,
        amountMinor: l.amount?.minor ?? null,
        currency: l.amount?.currency ?? null,
        creditDebit: l.creditDebit,
        booked,
        date: l.date ?? null,
        endToEndId: l.endToEndId ?? null,
        counterpartyName: l.counterparty.name?.slice(0, 140) ?? null,
        counterpartyLast4: last4 || null,
        texts: l.texts.map((t) => t.slice(0, 280)).slice(0, 10),
        returnReason: l.returnReason ?? null,
        state,
        paymentIds: [...(d.paymentIds[k] ?? [])],
        suggestions: state === 'open' ? (d.suggested.get(k) ?? []) : [],
        rule: d.rule[k] ?? null,
        decidedBy: decided ? 'rule' : null,
        reason: null,
        decidedAt: decided ? now : null,
      });
    }
    writes.add(statementLinesWrite(tx, rows));
  }
  await writes.drain();
  return { toSettle: d.toSettle, toReturn: d.toReturn, fees: d.fees, open };
}

/** What importing one statement did. */
export interface StatementImport {
  duplicate: boolean;
  checks: readonly StatementCheckFailure[];
  settled: number;
  returned: number;
  /** Booked transactions nothing explained: open in the exceptions queue. */
  open: number;
}

/**
 * A statement as the import keeps it: its header, its lines, and the totals its balance check needs. The entries
 * themselves are not kept (a 100,000-entry statement's entries are most of its memory; its lines are what the rules
 * read and what is stored).
 */
export interface StatementForImport {
  header: StatementHeader;
  lines: StatementLine[];
  entryCount: number;
  totals: BookedTotals;
}

/** A statement read whole, as the import keeps it. */
export function forImport(stmt: BankStatement): StatementForImport {
  const { entries, ...header } = stmt;
  return { header, lines: statementLines(stmt), entryCount: entries.length, totals: bookedTotals(entries) };
}

/**
 * Reads a camt.053 or camt.054 as a stream, one statement at a time, as the import keeps it: each entry becomes its
 * lines and its part of the totals as it is read, and is dropped.
 */
export async function* statementsForImport(input: XmlInput): AsyncGenerator<StatementForImport> {
  let lines: StatementLine[] = [];
  let totals = emptyTotals();
  let count = 0;
  let share = sharedValues();
  for await (const event of readStatementEvents(input)) {
    if (event.type === 'entry') {
      for (const l of entryLines(event.entry, count, share)) lines.push(l);
      addToTotals(totals, event.entry);
      count += 1;
    } else {
      const done = { header: event.header, lines, entryCount: count, totals };
      // The next statement starts afresh before this one is handed over (the shared strings are its lines' now).
      lines = [];
      totals = emptyTotals();
      count = 0;
      share = sharedValues();
      yield done;
    }
  }
}

/**
 * Imports one statement of a debtor account in one transaction: stored once (the same statement again changes
 * nothing), checked (opening + entries = closing; a camt.053's opening = the previous closing, its sequence numbers
 * without a gap), a failed check recorded and audited, never a reason to drop the file; then its entries applied.
 */
export async function importStatement(deps: { db: Db } & StatementDeps & WithMetrics, orgId: string, debtorAccountId: string, statement: BankStatement | StatementForImport, fileName: string): Promise<Result<StatementImport>> {
  const r = await importStatementOnce(deps, orgId, debtorAccountId, statement, fileName);
  // Counted once committed: statements imported, transactions matched automatically (settled or returned) or left open.
  if (r.ok && !r.value.duplicate) countStatementImported(deps.metrics, r.value.settled + r.value.returned, r.value.open);
  return r;
}

function importStatementOnce(deps: { db: Db } & StatementDeps, orgId: string, debtorAccountId: string, statement: BankStatement | StatementForImport, fileName: string): Promise<Result<StatementImport>> {
  const s = 'entries' in statement ? forImport(statement) : statement;
  const stmt = s.header;
  return command<StatementImport>(deps.db, async (tx) => {
    const now = deps.clock.now();
    const previous = stmt.kind === 'camt.053' ? await lastStatementOf(tx, orgId, debtorAccountId) : undefined;
    const checks = checkStatementTotals(stmt, s.totals, previous ? (previous.header as StatementHeader) : undefined);
    const { account: _account, ...header } = stmt;
    const statementRowId = deps.ids.next('bst');
    const stored = await insertBankStatement(tx, {
      id: statementRowId,
      orgId,
      debtorAccountId,
      kind: stmt.kind,
      version: stmt.version,
      messageId: stmt.messageId,
      statementId: stmt.statementId,
      electronicSeq: stmt.electronicSequence ?? null,
      legalSeq: stmt.legalSequence ?? null,
      header,
      entries: s.entryCount,
      checks,
      fileName,
      importedAt: now,
    });
    if (!stored) return ok({ duplicate: true, checks: [], settled: 0, returned: 0, open: 0 });
    await appendAudit(tx, { orgId, actorId: 'job:bank', action: checks.length ? 'bank_statement.check_failed' : 'bank_statement.imported', subjectType: 'bank_statement', subjectId: `${stmt.kind}:${stmt.statementId}`, after: { entries: s.entryCount, checks: checks.map((c) => ({ code: c.code, message: c.message })) }, at: now });
    const applied = await applyStatementTx(tx, deps, orgId, s.lines, statementRowId, debtorAccountId);
    if (!applied.ok) return applied;
    return ok({ duplicate: false, checks, ...applied.value });
  });
}
