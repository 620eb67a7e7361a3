// Expense lines: one spend each (a supplier order, a card transaction, a receipt typed in), their statuses and checks.
import { currencyExponent } from '../money/index.js';
import { domainError, err, ok, type DomainError, type Result } from '../shared/index.js';

/** Where a line came from: typed in (API/console), a chat message or single-line claim, a completed supplier order, a card transaction. */
export type LineSource = 'manual' | 'chat' | 'request' | 'supplier' | 'card';
/** Who paid: the company (supplier settlement 公司统一结算, corporate card) or the employee (to be paid back). */
export type PaidBy = 'company' | 'personal';
/**
 * draft: created for the employee to confirm (a personal supplier order, an unmatched card transaction);
 * open: confirmed and not yet claimed; claimed: in a reimbursement awaiting approval; reimbursed: approved;
 * dismissed: the employee said it is not a business expense.
 */
export type LineStatus = 'draft' | 'open' | 'claimed' | 'reimbursed' | 'dismissed';

/** Expense categories a line may carry; budget categories are derived from them (see budgetCategoryOf). */
export const LINE_CATEGORIES = ['flight', 'train', 'hotel', 'per_diem', 'transport', 'meal', 'lodging', 'hospitality', 'office', 'communication', 'other'] as const;
export type LineCategory = (typeof LINE_CATEGORIES)[number];

export interface ExpenseLine {
  readonly id: string;
  readonly orgId: string;
  readonly employeeId: string;
  readonly departmentId: string;
  readonly category: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** 'YYYY-MM-DD', the day the money was spent. */
  readonly date: string;
  readonly merchant: string | null;
  readonly description: string | null;
  /** The approved trip (or reception) this spend belongs to. */
  readonly applicationId: string | null;
  readonly source: LineSource;
  readonly sourceRef: string | null;
  readonly paidBy: PaidBy;
  readonly status: LineStatus;
  readonly reimbursementId: string | null;
}

export interface LineInput {
  category: string;
  amount: { minor: number; currency: string };
  date: string;
  merchant?: string;
  description?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A field problem, worded for a person; `field` names the input field. */
export const fieldError = (code: DomainError['code'], field: string, message: string, extra: Record<string, unknown> = {}): DomainError =>
  domainError(code, `${field}: ${message}`, { field, ...extra });

/** Checks a line before it is saved: positive amount, supported currency, a real date not in the future, a known category. */
export function validateLineInput(input: LineInput, today: string): Result<LineInput> {
  if (!(LINE_CATEGORIES as readonly string[]).includes(input.category))
    return err(fieldError('EXPENSE.INVALID', 'category', `unknown category '${input.category}'; use one of ${LINE_CATEGORIES.join(', ')}`));
  if (currencyExponent(input.amount.currency) === undefined)
    return err(fieldError('MONEY.UNSUPPORTED_CURRENCY', 'amount.currency', `unsupported currency ${input.amount.currency}`));
  if (!Number.isSafeInteger(input.amount.minor) || input.amount.minor <= 0)
    return err(fieldError('MONEY.INVALID_AMOUNT', 'amount.minor', 'the amount must be a whole number of minor units greater than zero'));
  if (!DATE.test(input.date) || Number.isNaN(Date.parse(`${input.date}T00:00:00Z`)) || new Date(`${input.date}T00:00:00Z`).toISOString().slice(0, 10) !== input.date)
    return err(fieldError('EXPENSE.INVALID', 'date', `'${input.date}' is not a date (YYYY-MM-DD)`));
  if (input.date > today) return err(fieldError('EXPENSE.INVALID', 'date', `${input.date} is in the future (today is ${today})`));
  return ok(input);
}

/** The budget category a line consumes: lines of a trip consume the trip's travel budget; others their own kind. */
export function budgetCategoryOf(line: Pick<ExpenseLine, 'category' | 'applicationId'>, applicationCategory?: string): string {
  if (line.applicationId && applicationCategory) return applicationCategory;
  return BUDGET_CATEGORY[line.category] ?? line.category;
}

const BUDGET_CATEGORY: Readonly<Record<string, string>> = {
  flight: 'travel',
  train: 'travel',
  hotel: 'lodging',
  per_diem: 'travel',
  transport: 'transport',
  meal: 'meal',
  lodging: 'lodging',
  hospitality: 'hospitality',
  office: 'office',
  communication: 'communication',
  other: 'other',
};

/** A line moves draft → open (confirm) or dismissed; open → claimed → reimbursed, or back to open when a claim fails. */
const TRANSITIONS: Readonly<Record<LineStatus, readonly LineStatus[]>> = {
  draft: ['open', 'dismissed'],
  open: ['claimed', 'dismissed'],
  claimed: ['reimbursed', 'open'],
  reimbursed: [],
  dismissed: ['open'],
};

/** EXPENSE.NOT_EDITABLE unless the line may move from its status to `to`. */
export function moveLine(line: Pick<ExpenseLine, 'id' | 'status'>, to: LineStatus): Result<LineStatus> {
  if (TRANSITIONS[line.status].includes(to)) return ok(to);
  return err(domainError('EXPENSE.NOT_EDITABLE', `expense line ${line.id} is ${line.status} and cannot become ${to}`, { lineId: line.id, status: line.status, to }));
}
