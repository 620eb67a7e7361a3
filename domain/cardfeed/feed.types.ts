// Corporate card / payment feed rows and the problems found in them.

export interface CardTransaction {
  readonly externalId: string;
  readonly provider: string;
  readonly cardLast4?: string;
  /** The employee id or email the provider knows the cardholder by. */
  readonly employeeRef?: string;
  /** Positive = spend; zero or negative = refund / credit. */
  readonly amount: { readonly minor: number; readonly currency: string };
  readonly postedDate: string;
  readonly transactionDate: string;
  readonly merchant: string;
  readonly mcc?: string;
  readonly description?: string;
  /** Where the row was in the file or push (1-based), for error reports. */
  readonly row?: number;
}

/** `row` is the 1-based data row (the header excluded), or 0 for the file as a whole. */
export interface FeedRowError {
  readonly row: number;
  readonly field?: string;
  readonly message: string;
}
