// One map from error codes to HTTP statuses, and the JSON error body every route answers with.
import type { Context } from 'hono';
import type { TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import type { DomainError, DomainErrorCode } from '../../domain/shared/index.js';
import { currentRequestId } from '../request-context.js';

export type RequestErrorCode =
  | 'REQUEST.MALFORMED_JSON'
  | 'REQUEST.INVALID'
  | 'REQUEST.TOO_LARGE'
  | 'REQUEST.UNSUPPORTED_MEDIA_TYPE'
  | 'REQUEST.INVALID_TEXT'
  | 'REQUEST.TOO_DEEP'
  | 'ROUTE.NOT_FOUND'
  | 'SERVICE.UNAVAILABLE'
  | 'INTERNAL';

/** A webhook URL refused by the outbound guard (src/integrations/net/url-guard.ts), one code per rule. */
export type WebhookErrorCode = 'WEBHOOK.URL_INVALID' | 'WEBHOOK.URL_NOT_HTTPS' | 'WEBHOOK.URL_CREDENTIALS' | 'WEBHOOK.URL_INTERNAL' | 'WEBHOOK.URL_UNRESOLVABLE';

export type ErrorCode = DomainErrorCode | RequestErrorCode | WebhookErrorCode;

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  'REQUEST.MALFORMED_JSON': 400,
  'REQUEST.INVALID': 400,
  'REQUEST.TOO_LARGE': 413,
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 415,
  'REQUEST.INVALID_TEXT': 400,
  'REQUEST.TOO_DEEP': 400,
  'ROUTE.NOT_FOUND': 404,
  'SERVICE.UNAVAILABLE': 503,
  INTERNAL: 500,
  'VALIDATION.INVALID': 400,
  NOT_FOUND: 404,
  'CONFLICT.VERSION': 409,
  'CONFLICT.DUPLICATE': 409,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.FORBIDDEN': 403,
  'AUTH.ACTOR_MISMATCH': 403,
  'IDEMPOTENCY.MISMATCH': 422,
  'VALIDATION.INVALID_DATE': 422,
  'MONEY.TOO_LARGE': 422,
  'MONEY.INVALID_AMOUNT': 422,
  'MONEY.UNSUPPORTED_CURRENCY': 422,
  'MONEY.CURRENCY_MISMATCH': 422,
  'MONEY.OVERFLOW': 422,
  'ORG.CYCLE': 422,
  'ORG.UNKNOWN_DEPARTMENT': 404,
  'ORG.UNKNOWN_EMPLOYEE': 404,
  'ORG.IDENTITY_TAKEN': 409,
  'ORG.TENANT_TAKEN': 409,
  'ORG.EXISTS': 409,
  'APPROVAL.INVALID_FLOW': 422,
  'APPROVAL.NO_FLOW': 422,
  'APPROVAL.NO_APPROVER': 422,
  'APPROVAL.NOT_PENDING': 409,
  'APPROVAL.NOT_ASSIGNEE': 403,
  'APPROVAL.SELF_APPROVAL': 403,
  'APPROVAL.ALREADY_ACTED': 409,
  'APPROVAL.COMMENT_REQUIRED': 422,
  'APPROVAL.NOT_SUBMITTER': 403,
  'APPROVAL.STALE_STEP': 409,
  'BUDGET.EXCEEDED': 409,
  'BUDGET.NOT_FOUND': 404,
  'BUDGET.INVALID_ENTRY': 422,
  'BUDGET.CURRENCY_MISMATCH': 422,
  'POLICY.INVALID_RULE': 422,
  'POLICY.BLOCKED': 422,
  'INVOICE.INVALID': 422,
  'INVOICE.DUPLICATE': 409,
  'EXPENSE.INVALID': 422,
  'EXPENSE.NOT_EDITABLE': 409,
  'TRIP.INVALID': 422,
  'TRIP.NOT_ACTIVE': 409,
  'SUPPLIER.UNKNOWN_ORDER': 404,
  'SUPPLIER.REFUSED': 409,
  'SUPPLIER.UNAVAILABLE': 502,
  'SETTLEMENT.STATEMENT_CHANGED': 409,
  'SETTLEMENT.PERIOD_SETTLED': 409,
  'ADVANCE.INVALID': 422,
  'REIMBURSEMENT.INVALID': 422,
  'RECEPTION.VISIT_CLAIMED': 409,
  'RECEPTION.VISIT_CLOSED': 409,
  'VOUCHER.MAPPING_MISSING': 422,
  'VOUCHER.UNBALANCED': 422,
  'VOUCHER.CHART_INVALID': 422,
  'RECONCILIATION.NOT_OPEN': 409,
  'RECONCILIATION.INVALID': 422,
  'LINK.INVALID': 400,
  'LINK.EXPIRED': 410,
  'LINK.USED': 410,
  'GATE.INVALID_CODE': 422,
  'GATE.NOT_YET': 409,
  'GATE.EXPIRED': 410,
  'GATE.WRONG_SITE': 409,
  'GATE.REVOKED': 410,
  'GATE.NOT_APPROVED': 409,
  'GATE.ALREADY_CHECKED_IN': 409,
  'GATE.NOT_CHECKED_IN': 409,
  'RECEPTION.WATCHLISTED': 403,
  'FEED.INVALID': 422,
  'RECEIPT.INVALID': 422,
  'PAYEE.INVALID_ACCOUNT': 422,
  'PAYMENT.RUN_NOT_DRAFT': 409,
  'PAYMENT.ITEM_NOT_PAYABLE': 409,
  'PAYMENT.NOTHING_TO_PAY': 409,
  'PAYMENT.FILE_INVALID': 422,
  'PAYMENT.RECEIPT_PENDING': 404,
  'WEBHOOK.URL_INVALID': 422,
  'WEBHOOK.URL_NOT_HTTPS': 422,
  'WEBHOOK.URL_CREDENTIALS': 422,
  'WEBHOOK.URL_INTERNAL': 422,
  'WEBHOOK.URL_UNRESOLVABLE': 422,
};

export const statusOf = (code: ErrorCode): ContentfulStatusCode => STATUS[code] ?? 500;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId?: string };
}

/** The statuses every API route declares for errors (see `errorResponses`). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 502;
type ErrorJson = { error: { code: string; message: string; details?: unknown; requestId?: string } };
/** One typed response per status (a union of statuses inside one type would not match the route's declared responses). */
export type ErrorReply = { [S in ErrorStatus]: Response & TypedResponse<JSONParsed<ErrorJson>, S, 'json'> }[ErrorStatus];

/**
 * The error body, `{ error: { code, message, details?, requestId } }`, for routes whose codes are not ours to map
 * (platform verification answers, which carry their own status). The request id lets a caller's report be found in
 * the logs.
 */
export function errorBody<C extends string>(code: C, message: string, details?: unknown): { error: { code: C; message: string; details?: unknown; requestId?: string } } {
  const requestId = currentRequestId();
  return { error: { code, message, ...(details === undefined ? {} : { details }), ...(requestId === undefined ? {} : { requestId }) } };
}

/** Answers with `{ error: { code, message, details?, requestId } }` and the status mapped from the code. */
export function errorResponse(c: Context, e: { code: ErrorCode; message: string; details?: unknown }): ErrorReply {
  const body: ErrorBody = errorBody(e.code, e.message, e.details);
  return c.json(body, statusOf(e.code)) as unknown as ErrorReply;
}

/** Thrown by use cases only for expected failures that must abort a transaction (rolled back, then answered). */
export class DomainFailure extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}
