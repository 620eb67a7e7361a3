// The fake bank's behaviour, transport-free: take a pain.001 (validate, refuse duplicates, decide each payment by the
// test's scenario), book what was accepted, and produce pain.002, camt.054, camt.053 and e-receipts like a real bank.
import { validateXml, type IsoSchema } from '../../../src/integrations/bank/iso20022/xsd-validate.js';
import { writeCamt053 } from './camt053-write.js';
import { writeCamt054 } from './camt054-write.js';
import { newFakeBankState, type BookedTx, type Entry, type FakeBankState, type MessageRecord, type OutFile, type RejectCode, type Scenario, type TxRejection } from './model.js';
import { readPain001, type Pain001 } from './pain001-read.js';
import { writePain002 } from './pain002-write.js';
import { receiptPdf } from './receipt-pdf.js';
import { isoDecimal } from './xml.js';

export type SubmitReply =
  | { status: 201; body: { bankRef: string } }
  | { status: 202; body: { status: 'uncertain'; bankRef: string } }
  | { status: 409; body: { code: 'DU01'; message: string } }
  | { status: 422; body: { code: string; reasons: string[] } };

export interface FakeBankOptions {
  /** Debtor accounts the bank keeps (ignored when `state` is given). */
  accounts?: Record<string, { currency: string; openingMinor: number; name?: string }>;
  /** Reuse the books of a previous instance ("restart"). */
  state?: FakeBankState;
  /** The bank's clock in ms. */
  now?: () => number;
  /** Validates the pain.001 against its XSD (default: the product's validateXml). */
  validate?: (schema: IsoSchema, xml: string) => Promise<{ ok: true } | { ok: false; errors: string[] }>;
}

const FORMATS = new Set(['pain.001.001.03', 'pain.001.001.09']);
const shanghaiDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** `date` plus `days`, both YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A bank in a box. Controls are plain fields a test sets. */
export class FakeBankCore {
  readonly state: FakeBankState;
  /** creditor account → what happens to payments to it. */
  readonly scenario = new Map<string, Scenario>();
  /** Status of new messages stays PDNG for this many polls (or file-mode passes). */
  pendingPolls = 0;
  /** The next this many accepted submissions are answered 202 uncertain (they are still taken). */
  uncertainSubmits = 0;
  /** A payment with the 'return' scenario comes back when a day this many days after booking is closed. */
  returnAfterDays = 2;
  /** Book returns as a reversal of the debit (RvslInd) instead of a plain credit with RtrInf only. */
  returnAsReversal = false;
  /** How e-receipts are served: a PDF (most banks) or a JSON document (banks that give receipts as data). */
  receiptFormat: 'pdf' | 'json' = 'pdf';
  /** While true the bank has no e-receipt for anything yet (404), as banks make them some time after booking. */
  withholdReceipts = false;
  readonly now: () => number;
  private readonly validate: NonNullable<FakeBankOptions['validate']>;

  constructor(o: FakeBankOptions) {
    this.state = o.state ?? newFakeBankState(o.accounts ?? {});
    this.now = o.now ?? (() => Date.now());
    this.validate = o.validate ?? validateXml;
  }

  /** Today in the bank's time zone (Asia/Shanghai). */
  today(): string {
    return shanghaiDate.format(this.now());
  }

  private nextRef(prefix: string): string {
    this.state.seq += 1;
    return `${prefix}${String(this.state.seq).padStart(8, '0')}`;
  }

  private emit(kind: OutFile['kind'], label: string, xml: string): OutFile {
    const seq = this.state.files.length + 1;
    const file = { seq, name: `${String(seq).padStart(6, '0')}-${kind.replace('.', '')}-${label}.xml`, kind, xml };
    this.state.files.push(file);
    return file;
  }

  private report(m: MessageRecord, xml: string, status: string): void {
    const f = this.emit('pain.002', `${m.msgId}-${status}`, xml);
    m.reports.push({ name: f.name, xml });
  }

  /** One submission. The MsgId is reserved before anything is awaited, so concurrent resends see DU01. */
  async submit(req: { msgId: string; format: string; xml: string }): Promise<SubmitReply> {
    if (this.state.messages[req.msgId]) return { status: 409, body: { code: 'DU01', message: 'a file with this MsgId was already received' } };
    const m: MessageRecord = { msgId: req.msgId, bankRef: this.nextRef('FB'), format: req.format, receivedAtMs: this.now(), status: 'receiving', pendingLeft: this.pendingPolls, xml: req.xml, reports: [] };
    this.state.messages[req.msgId] = m;

    const refusal = await this.check(req);
    if (refusal) {
      m.status = 'rejected';
      this.report(m, writePain002({ reportId: this.nextRef('SR'), createdAtMs: this.now(), orgnlMsgId: req.msgId, orgnlMsgNmId: req.format, groupStatus: 'RJCT', groupReasons: [{ code: refusal.code, info: refusal.reasons }], rejections: [] }), 'RJCT');
      return { status: 422, body: refusal };
    }
    if (m.pendingLeft > 0) {
      m.status = 'pending';
      this.report(m, writePain002({ reportId: this.nextRef('SR'), createdAtMs: this.now(), orgnlMsgId: m.msgId, orgnlMsgNmId: m.format, groupStatus: 'PDNG', rejections: [] }), 'PDNG');
    } else this.release(m);
    if (this.uncertainSubmits > 0) {
      this.uncertainSubmits -= 1;
      return { status: 202, body: { status: 'uncertain', bankRef: m.bankRef } };
    }
    return { status: 201, body: { bankRef: m.bankRef } };
  }

  private async check(req: { msgId: string; format: string; xml: string }): Promise<{ code: string; reasons: string[] } | undefined> {
    if (!FORMATS.has(req.format)) return { code: 'FF01', reasons: [`format ${req.format} is not taken`] };
    const valid = await this.validate(req.format as IsoSchema, req.xml);
    if (!valid.ok) return { code: 'FF01', reasons: valid.errors };
    const read = readPain001(req.xml);
    if (!read.ok) return { code: 'FF01', reasons: read.reasons };
    if (read.value.msgId !== req.msgId) return { code: 'FF01', reasons: ['the MsgId in the file differs from the one submitted'] };
    const unknown = read.value.batches.filter((b) => !this.state.accounts[b.debtorAccount]);
    if (unknown.length > 0) return { code: 'AC01', reasons: unknown.map((b) => `PmtInf ${b.pmtInfId}: debtor account unknown to this bank`) };
    return undefined;
  }

  /** Status reports so far; a pending message counts the poll and is released after its last pending one. */
  poll(msgId: string): { name: string; xml: string }[] | undefined {
    const m = this.state.messages[msgId];
    if (!m) return undefined;
    this.tick(m);
    return m.reports;
  }

  /** Counts one poll (or file-mode pass) against a pending message. */
  tick(m: MessageRecord): void {
    if (m.status !== 'pending') return;
    if (m.pendingLeft > 0) m.pendingLeft -= 1;
    else this.release(m);
  }

  /** Decides each payment, books the accepted ones (one DBIT entry per PmtInf) and reports. */
  private release(m: MessageRecord): void {
    const read = readPain001(m.xml);
    if (!read.ok) throw new Error('a checked file no longer reads'); // checked at submission: a bug in the fake
    const p: Pain001 = read.value;
    const rejections: TxRejection[] = [];
    const bookingDate = this.today();
    const entries: Entry[] = [];
    for (const b of p.batches) {
      const account = this.state.accounts[b.debtorAccount]!;
      const paid: BookedTx[] = [];
      for (const t of b.txs) {
        const scenario = this.scenario.get(t.creditorAccount);
        const paidSoFar = paid.reduce((n, x) => n + x.amountMinor, 0);
        let reason: RejectCode | 'NARR' | undefined = scenario === 'return' ? undefined : scenario;
        if (!reason && t.currency !== account.currency) reason = 'NARR';
        if (!reason && account.balanceMinor - paidSoFar < t.amountMinor) reason = 'AM04';
        if (reason) {
          rejections.push({ pmtInfId: b.pmtInfId, endToEndId: t.endToEndId, instrId: t.instrId, reason });
          continue;
        }
        paid.push({ msgId: p.msgId, pmtInfId: b.pmtInfId, endToEndId: t.endToEndId, instrId: t.instrId, amountMinor: t.amountMinor, currency: t.currency, creditorName: t.creditorName, creditorAccount: t.creditorAccount, remittance: t.remittance, bookingDate });
        if (scenario === 'return') this.state.pendingReturns.push({ endToEndId: t.endToEndId, dueDate: addDays(bookingDate, this.returnAfterDays), reason: 'AC04' });
      }
      if (paid.length === 0) continue;
      const amountMinor = paid.reduce((n, x) => n + x.amountMinor, 0);
      account.balanceMinor -= amountMinor;
      const entry: Entry = { acctSvcrRef: this.nextRef('BK'), account: b.debtorAccount, currency: account.currency, bookingDate, cdtDbt: 'DBIT', amountMinor, reversal: false, kind: 'payment', batch: { msgId: p.msgId, pmtInfId: b.pmtInfId }, txs: paid };
      this.state.entries.push(entry);
      entries.push(entry);
    }
    const total = p.batches.reduce((n, b) => n + b.txs.length, 0);
    const groupStatus = rejections.length === 0 ? 'ACCP' : rejections.length === total ? 'RJCT' : 'PART';
    m.status = 'final';
    this.report(m, writePain002({ reportId: this.nextRef('SR'), createdAtMs: this.now(), orgnlMsgId: p.msgId, orgnlMsgNmId: m.format, orgnlNbOfTxs: total, groupStatus, rejections }), groupStatus);
    this.notify(entries, m.msgId);
  }

  /** One camt.054 per account for the given new entries. */
  private notify(entries: readonly Entry[], label: string): void {
    for (const accountId of new Set(entries.map((e) => e.account))) {
      const id = this.nextRef('NTF');
      this.emit('camt.054', `${label}`, writeCamt054({ id, createdAtMs: this.now(), accountId, account: this.state.accounts[accountId]!, entries: entries.filter((e) => e.account === accountId) }));
    }
  }

  /** Books the returns due by `date` (CRDT entries with RtrInf), one camt.054 per return. */
  private bookReturns(date: string): void {
    const due = this.state.pendingReturns.filter((r) => r.dueDate <= date);
    this.state.pendingReturns = this.state.pendingReturns.filter((r) => r.dueDate > date);
    for (const r of due) {
      const tx = this.bookedTx(r.endToEndId);
      const original = this.state.entries.find((e) => e.kind === 'payment' && e.txs.includes(tx!));
      if (!tx || !original) continue;
      tx.returned = { date, reason: r.reason };
      const account = this.state.accounts[original.account]!;
      account.balanceMinor += tx.amountMinor;
      const entry: Entry = { acctSvcrRef: this.nextRef('RT'), account: original.account, currency: tx.currency, bookingDate: date, cdtDbt: 'CRDT', amountMinor: tx.amountMinor, reversal: this.returnAsReversal, kind: 'return', txs: [tx] };
      this.state.entries.push(entry);
      this.notify([entry], `return-${tx.endToEndId}`);
    }
  }

  /**
   * Closes the bank day `date` (default today): books the returns due, then writes one camt.053 per account with every
   * entry not yet on a statement, opening = the previous closing, closing = the balance now.
   */
  closeDay(date: string = this.today()): OutFile[] {
    this.bookReturns(date);
    const out: OutFile[] = [];
    for (const [accountId, account] of Object.entries(this.state.accounts)) {
      const entries = this.state.entries.filter((e) => e.account === accountId && e.statementSeq === undefined);
      account.statementSeq += 1;
      for (const e of entries) e.statementSeq = account.statementSeq;
      const id = `STMT-${accountId.slice(-4)}-${date}-${account.statementSeq}`;
      out.push(this.emit('camt.053', `${accountId.slice(-4)}-${date}`, writeCamt053({ id, createdAtMs: this.now(), date, seq: account.statementSeq, accountId, account, openingMinor: account.statedBalanceMinor, closingMinor: account.balanceMinor, entries })));
      account.statedBalanceMinor = account.balanceMinor;
    }
    return out;
  }

  /** Files after the cursor (a file seq), and the next cursor. */
  filesSince(cursor: string | null): { files: OutFile[]; next: string | null } {
    const after = cursor === null ? 0 : Number(cursor);
    const files = this.state.files.filter((f) => f.seq > (Number.isFinite(after) ? after : 0));
    return { files, next: files.length > 0 ? String(files.at(-1)!.seq) : cursor };
  }

  /** A paid transaction by EndToEndId. */
  bookedTx(endToEndId: string): BookedTx | undefined {
    for (const e of this.state.entries) for (const t of e.txs) if (e.kind === 'payment' && t.endToEndId === endToEndId) return t;
    return undefined;
  }

  /** Every payment executed, in booking order (a resent file must not appear twice). */
  bookedPayments(): BookedTx[] {
    return this.state.entries.filter((e) => e.kind === 'payment').flatMap((e) => e.txs);
  }

  /** The e-receipt of a settled payment, in `receiptFormat`. */
  receipt(endToEndId: string): { contentType: string; data: Uint8Array } | undefined {
    if (this.withholdReceipts) return undefined;
    const entry = this.state.entries.find((e) => e.kind === 'payment' && e.txs.some((t) => t.endToEndId === endToEndId));
    const tx = entry?.txs.find((t) => t.endToEndId === endToEndId);
    if (!entry || !tx) return undefined;
    if (this.receiptFormat === 'pdf') return { contentType: 'application/pdf', data: receiptPdf(tx, entry.acctSvcrRef) };
    const doc = { receiptNo: `HZ${entry.acctSvcrRef}`, bankRef: entry.acctSvcrRef, endToEndId: tx.endToEndId, amount: isoDecimal(tx.amountMinor, tx.currency), currency: tx.currency, payeeName: tx.creditorName, payeeAccount: `****${tx.creditorAccount.slice(-4)}`, bookedOn: tx.bookingDate };
    return { contentType: 'application/json', data: new Uint8Array(Buffer.from(JSON.stringify(doc), 'utf8')) };
  }
}
