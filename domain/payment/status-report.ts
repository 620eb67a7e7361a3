// Payment status reports (pain.002) as read from the bank: what happened to each payment file, batch and transaction.

/** One status reason: an ISO code (`Rsn/Cd`) or the bank's proprietary one (`Rsn/Prtry`), with its free text. */
export interface StatusReason {
  readonly code: string;
  /** `AddtlInf` lines joined by a space, or the text after `code;` in a proprietary reason. */
  readonly text?: string;
}

/** The status of one original transaction (`TxInfAndSts`). */
export interface TransactionStatus {
  readonly originalEndToEndId?: string;
  readonly originalInstructionId?: string;
  /** `TxSts` (ACCP, ACSC, RJCT, PDNG…); undefined when the bank reports none. */
  readonly status?: string;
  readonly reasons: readonly StatusReason[];
}

/** The status of one original payment information block (`OrgnlPmtInfAndSts`). */
export interface PaymentInformationStatus {
  readonly originalPaymentInformationId: string;
  /** `PmtInfSts`; undefined when only the transactions carry a status. */
  readonly status?: string;
  readonly reasons: readonly StatusReason[];
  readonly transactions: readonly TransactionStatus[];
}

/** A whole pain.002 report; every value trimmed (banks pad ids with spaces). */
export interface PaymentStatusReport {
  /** The message version from the namespace, e.g. 'pain.002.001.03'. */
  readonly version: string;
  /** `GrpHdr/MsgId` of the report itself. */
  readonly messageId: string;
  readonly originalMessageId: string;
  /** `OrgnlMsgNmId`: usually a pain.001 name, but banks also write e.g. NACHA. */
  readonly originalMessageName?: string;
  /** `GrpSts`; undefined when the report has none. */
  readonly groupStatus?: string;
  readonly groupReasons: readonly StatusReason[];
  readonly payments: readonly PaymentInformationStatus[];
}
