// The fake bank's state: plain data (JSON-safe) so that a test can stop the fake and start another on the same state,
// as a bank keeps its books across restarts.

/** Per-transaction outcomes a test can force by creditor account; 'return' pays, then returns the money days later (退票). */
export type RejectCode = 'AC01' | 'AC04' | 'AM04' | 'BE01';
export type Scenario = RejectCode | 'return';

/** One payment the bank executed (a line of a booked batch). */
export interface BookedTx {
  msgId: string;
  pmtInfId: string;
  endToEndId: string;
  instrId?: string;
  amountMinor: number;
  currency: string;
  creditorName: string;
  creditorAccount: string;
  remittance?: string;
  bookingDate: string;
  /** Set once the money came back. */
  returned?: { date: string; reason: string };
}

/** One booked statement entry. DBIT for a paid batch (one entry per PmtInf), CRDT for a returned payment. */
export interface Entry {
  acctSvcrRef: string;
  account: string;
  currency: string;
  bookingDate: string;
  cdtDbt: 'CRDT' | 'DBIT';
  amountMinor: number;
  /** A return booked as the reversal of the original debit (RvslInd) rather than as a plain credit. */
  reversal: boolean;
  kind: 'payment' | 'return';
  batch?: { msgId: string; pmtInfId: string };
  txs: BookedTx[];
  /** The camt.053 that carried it (ElctrncSeqNb), once a day was closed. */
  statementSeq?: number;
}

/** One rejected transaction of a status report. */
export interface TxRejection {
  pmtInfId: string;
  endToEndId: string;
  instrId?: string;
  reason: RejectCode | 'NARR';
}

export interface MessageRecord {
  msgId: string;
  bankRef: string;
  format: string;
  receivedAtMs: number;
  /** receiving: reserved while being validated (a concurrent resend already sees it); pending: answers PDNG. */
  status: 'receiving' | 'rejected' | 'pending' | 'final';
  /** Polls still answered PDNG. */
  pendingLeft: number;
  /** The pain.001 as received (the bank reads it again when it releases a pending message). */
  xml: string;
  reports: { name: string; xml: string }[];
}

export interface AccountRecord {
  currency: string;
  name: string;
  balanceMinor: number;
  /** Closing balance of the last statement (the next statement's opening). */
  statedBalanceMinor: number;
  statementSeq: number;
}

/** A file the bank produced, in order; `seq` is the HTTP cursor and fixes the file-mode order. */
export interface OutFile {
  seq: number;
  name: string;
  kind: 'pain.002' | 'camt.053' | 'camt.054';
  xml: string;
}

export interface PendingReturn {
  endToEndId: string;
  dueDate: string;
  reason: string;
}

export interface FakeBankState {
  messages: Record<string, MessageRecord>;
  accounts: Record<string, AccountRecord>;
  entries: Entry[];
  files: OutFile[];
  pendingReturns: PendingReturn[];
  /** Nonces seen, with their timestamps (s), per key id. */
  nonces: Record<string, number>;
  /** Counter behind bank references and file names. */
  seq: number;
  /** Up to which `files` seq file mode has written into an inDir. */
  deliveredSeq: number;
}

/** A fresh state with the given debtor accounts. */
export function newFakeBankState(accounts: Record<string, { currency: string; openingMinor: number; name?: string }>): FakeBankState {
  return {
    messages: {},
    accounts: Object.fromEntries(
      Object.entries(accounts).map(([id, a]) => [id, { currency: a.currency, name: a.name ?? 'Demo Co Ltd', balanceMinor: a.openingMinor, statedBalanceMinor: a.openingMinor, statementSeq: 0 }]),
    ),
    entries: [],
    files: [],
    pendingReturns: [],
    nonces: {},
    seq: 0,
    deliveredSeq: 0,
  };
}
