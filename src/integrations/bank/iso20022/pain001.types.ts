// The input of the pain.001 writer, its error codes, and the purpose codes we use for employee reimbursements.

/** The pain.001 versions we write. */
export type Pain001Format = 'pain.001.001.03' | 'pain.001.001.09';

/** A bank (agent): a BIC for cross-border and SEPA, a 12-digit CNAPS code for Chinese domestic transfers. */
export interface AgentInput {
  readonly bic?: string;
  readonly cnaps?: string;
  readonly name?: string;
}

/** One credit transfer (one `CdtTrfTxInf`). */
export interface PaymentInput {
  /** ≤ 35 characters, persisted by the caller before the first attempt; never generated here. */
  readonly endToEndId: string;
  /** pain.001.001.09 only: a version-4 UUID given by the caller. */
  readonly uetr?: string;
  /** Integer minor units of an ISO 4217 currency (fen, cents, yen). */
  readonly amount: { readonly minor: number; readonly currency: string };
  readonly creditor: {
    readonly name: string;
    /** An IBAN, or a non-IBAN account number (`Othr/Id`: Chinese accounts, UnionPay cards). */
    readonly account: { readonly iban?: string; readonly other?: string };
    readonly agent?: AgentInput;
  };
  /** Unstructured remittance information (`RmtInf/Ustrd`). */
  readonly remittance?: string;
  /** `Purp/Cd` (ExternalPurpose1Code), e.g. BEXP. */
  readonly purpose?: string;
}

/** One batch: one `PmtInf` debiting one account on one date. */
export interface BatchInput {
  /** ≤ 35 characters, given by the caller. */
  readonly pmtInfId: string;
  readonly debtor: {
    readonly name: string;
    readonly account: { readonly iban?: string; readonly other?: string; readonly currency: string };
    readonly agent: { readonly bic?: string; readonly cnaps?: string };
  };
  /** YYYY-MM-DD. */
  readonly requestedExecutionDate: string;
  /** `PmtTpInf/CtgyPurp/Cd` (ExternalCategoryPurpose1Code): SALA, SUPP, or REIMBURSEMENT_CATEGORY_PURPOSE. */
  readonly categoryPurpose?: string;
  /** Default false: each reimbursement then shows as its own entry on the debtor's statement. */
  readonly batchBooking?: boolean;
  readonly payments: readonly PaymentInput[];
}

/** A whole payment file (one message). */
export interface PaymentFileInput {
  readonly format: Pain001Format;
  /** ≤ 35 characters, given by the caller (persisted before), never generated here. */
  readonly msgId: string;
  readonly createdAt: Date;
  readonly initiatingParty: { readonly name: string; readonly id?: string };
  readonly batches: readonly BatchInput[];
}

/** Stable codes for a refused payment file. */
export type Pain001ErrorCode =
  | 'PAIN001.EMPTY'
  | 'PAIN001.INVALID_ID'
  | 'PAIN001.DUPLICATE_ID'
  | 'PAIN001.INVALID_AMOUNT'
  | 'PAIN001.UNSUPPORTED_CURRENCY'
  | 'PAIN001.INVALID_ACCOUNT'
  | 'PAIN001.INVALID_AGENT'
  | 'PAIN001.INVALID_DATE'
  | 'PAIN001.INVALID_CODE'
  | 'PAIN001.INVALID_UETR'
  | 'PAIN001.INVALID_NAME'
  | 'PAIN001.TOO_LARGE'
  | 'PAIN001.PROFILE_MISMATCH'
  | 'PAIN001.SCHEMA_INVALID';

/** One problem with a payment file: a code, a sentence naming the batch or payment, and where it is. */
export interface Pain001Error {
  readonly code: Pain001ErrorCode;
  readonly message: string;
  /** E.g. `batches[0].payments[3].creditor.account`. */
  readonly path: string;
  readonly pmtInfId?: string;
  readonly endToEndId?: string;
  /** For PAIN001.INVALID_ACCOUNT / INVALID_AGENT: the account check's own code (ACCOUNT.IBAN_CHECKSUM, …). */
  readonly cause?: string;
}

/**
 * Category purpose for employee expense reimbursements. ISO 20022's ExternalCategoryPurpose1Code list
 * (ExternalCodeSets, iso20022.org, e.g. the 2Q2021 edition) has no code for reimbursing an employee's expenses:
 * SALA is "Salary Payment" and BONU "Bonus Payment", which banks and payroll reporting treat as pay (confidential
 * payroll handling, income); RRCT ("ReimbursementReceivedCreditTransfer") is the reimbursement of a received credit
 * transfer between banks, not of an expense claim. OTHR ("Other payment purpose") is the honest category, and the
 * transaction-level purpose BEXP says what it is.
 */
export const REIMBURSEMENT_CATEGORY_PURPOSE = 'OTHR';

/** Transaction purpose for reimbursements: BEXP, "Business Expenses" in ExternalPurpose1Code (ExternalCodeSets). */
export const REIMBURSEMENT_PURPOSE = 'BEXP';
