// The bank connector port: how payment files reach a bank and how its status reports, statements and e-receipts come
// back. Adapters live in src/integrations/bank/ (HTTP API, file exchange); a CMB direct-connect adapter fits the same shape.

/** One pain.001 message ready to send. `msgId` is the idempotency key: persisted before the first attempt, never regenerated. */
export interface PaymentFile {
  msgId: string;
  format: 'pain.001.001.03' | 'pain.001.001.09';
  xml: string;
  debtorAccount: string;
}

/**
 * What the bank said to one submission. Only `rejected` means nothing will be paid; `duplicate` and `unknown` mean the
 * file may well be at the bank: the caller polls and reconciles, and never resends the payments under new ids.
 */
export type SubmitOutcome =
  /** Received; per-payment statuses come later in a status report. */
  | { kind: 'accepted'; bankRef?: string }
  /** The bank already holds this MsgId (DU01): the first submission got there; poll, never resend with new ids. */
  | { kind: 'duplicate' }
  /** The whole file refused (schema, signature, unknown account): nothing will be paid. */
  | { kind: 'rejected'; reasons: string[] }
  /** Timeout, connection lost after sending, the bank says "uncertain": poll and reconcile, never resend with new ids. */
  | { kind: 'unknown'; detail: string };

/** A file the bank produced: a pain.002 status report, a camt.053 statement or a camt.054 debit/credit notification. */
export interface BankFile {
  name: string;
  kind: 'pain.002' | 'camt.053' | 'camt.054';
  xml: string;
}

/** The e-receipt (电子回单) of one settled payment, as the bank serves it (usually a PDF). */
export interface BankReceipt {
  contentType: string;
  data: Uint8Array;
}

/** One bank, as the payment use cases see it. Infrastructure failures (bank unreachable before sending) are thrown. */
export interface BankConnector {
  /** Whether this connection serves e-receipts at all (the HTTP API does; file exchange does not). */
  readonly servesReceipts: boolean;
  /** Sends one payment file. Safe to call again with the same file: the bank answers `duplicate`. */
  submit(file: PaymentFile): Promise<SubmitOutcome>;
  /** Status reports the bank has for this message so far (HTTP: poll; file exchange: [] — they arrive through `incoming`). */
  poll(msgId: string): Promise<BankFile[]>;
  /** Files the bank made since `cursor` (status reports and statements), and the next cursor. */
  incoming(cursor: string | null): Promise<{ files: BankFile[]; cursor: string | null }>;
  /** Tells the adapter a file from `incoming` was processed or failed (file exchange: moved to archive/ or error/). */
  done(file: BankFile, outcome: 'processed' | 'failed', reason?: string): Promise<void>;
  /** The e-receipt (电子回单) of a settled payment; null while the bank has none (yet), and always without servesReceipts. */
  receipt(endToEndId: string): Promise<BankReceipt | null>;
}
