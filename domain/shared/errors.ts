// Every expected failure has a stable code. The HTTP status and the chat reply are mapped from the code once, at the edge.

export const DOMAIN_ERROR_CODES = [
  'VALIDATION.INVALID',
  'NOT_FOUND',
  'CONFLICT.VERSION',
  'CONFLICT.DUPLICATE',
  'AUTH.UNAUTHENTICATED',
  'AUTH.FORBIDDEN',
  'AUTH.ACTOR_MISMATCH',
  'IDEMPOTENCY.MISMATCH',
  'VALIDATION.INVALID_DATE',
  'MONEY.TOO_LARGE',
  'MONEY.INVALID_AMOUNT',
  'MONEY.UNSUPPORTED_CURRENCY',
  'MONEY.CURRENCY_MISMATCH',
  'MONEY.OVERFLOW',
  'ORG.CYCLE',
  'ORG.UNKNOWN_DEPARTMENT',
  'ORG.UNKNOWN_EMPLOYEE',
  'ORG.IDENTITY_TAKEN',
  'ORG.TENANT_TAKEN',
  'ORG.EXISTS',
  'APPROVAL.INVALID_FLOW',
  'APPROVAL.NO_FLOW',
  'APPROVAL.NO_APPROVER',
  'APPROVAL.NOT_PENDING',
  'APPROVAL.NOT_ASSIGNEE',
  'APPROVAL.SELF_APPROVAL',
  'APPROVAL.ALREADY_ACTED',
  'APPROVAL.COMMENT_REQUIRED',
  'APPROVAL.NOT_SUBMITTER',
  'APPROVAL.STALE_STEP',
  'BUDGET.EXCEEDED',
  'BUDGET.NOT_FOUND',
  'BUDGET.INVALID_ENTRY',
  'BUDGET.CURRENCY_MISMATCH',
  'POLICY.INVALID_RULE',
  'POLICY.BLOCKED',
  'INVOICE.INVALID',
  'INVOICE.DUPLICATE',
  'EXPENSE.INVALID',
  'EXPENSE.NOT_EDITABLE',
  'TRIP.INVALID',
  'TRIP.NOT_ACTIVE',
  'SUPPLIER.UNKNOWN_ORDER',
  'SUPPLIER.REFUSED',
  'SUPPLIER.UNAVAILABLE',
  'SETTLEMENT.STATEMENT_CHANGED',
  'SETTLEMENT.PERIOD_SETTLED',
  'ADVANCE.INVALID',
  'REIMBURSEMENT.INVALID',
  'RECEPTION.VISIT_CLAIMED',
  'FEED.INVALID',
  'RECEIPT.INVALID',
  'PAYEE.INVALID_ACCOUNT',
  'PAYMENT.RUN_NOT_DRAFT',
  'PAYMENT.ITEM_NOT_PAYABLE',
  'PAYMENT.NOTHING_TO_PAY',
  'PAYMENT.FILE_INVALID',
  'PAYMENT.RECEIPT_PENDING',
  'VOUCHER.MAPPING_MISSING',
  'VOUCHER.UNBALANCED',
  'VOUCHER.CHART_INVALID',
  'RECONCILIATION.NOT_OPEN',
  'RECONCILIATION.INVALID',
  'LINK.INVALID',
  'LINK.EXPIRED',
  'LINK.USED',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainError {
  readonly code: DomainErrorCode;
  /** A sentence for a person (English); chat replies translate by code. */
  readonly message: string;
  /** Structured facts for the caller, e.g. `{ decidedBy, decidedAt }` for APPROVAL.NOT_PENDING. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Builds a DomainError. */
export function domainError(code: DomainErrorCode, message: string, details?: Record<string, unknown>): DomainError {
  return details === undefined ? { code, message } : { code, message, details };
}
