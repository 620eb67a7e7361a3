// Request numbers people can say and type: a prefix for the kind of request and a per-organisation counter, e.g.
// `TR-0042`. Ids (`req_…`) stay the keys; numbers are what cards, lists and "撤回 TR-0042" use.

/** The prefix of each request type; a type not listed numbers as `RQ`. */
export const REQUEST_PREFIXES: Readonly<Record<string, string>> = {
  trip: 'TR',
  expense: 'EX',
  visit: 'VI',
  advance: 'AD',
  reimbursement: 'RB',
  payment_run: 'PR',
  purchase: 'PO',
  other: 'RQ',
};

/** The prefix requests of `type` are numbered under. */
export function requestPrefix(type: string): string {
  return Object.hasOwn(REQUEST_PREFIXES, type) ? REQUEST_PREFIXES[type]! : 'RQ';
}

/** `TR-0042`: at least four digits, more when the counter grows past 9999. */
export function formatRequestNumber(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(4, '0')}`;
}

const NUMBER = /^([a-z]{2})[-‐–—_ ]?(\d{1,9})$/i;

/**
 * Reads a request number as a person types it ("tr-42", "TR0042", "TR–0042") into its canonical form, or undefined
 * when the text is not one.
 */
export function parseRequestNumber(text: string): string | undefined {
  const m = NUMBER.exec(text.trim());
  if (!m) return undefined;
  const prefix = m[1]!.toUpperCase();
  if (!Object.values(REQUEST_PREFIXES).includes(prefix)) return undefined;
  return formatRequestNumber(prefix, Number(m[2]));
}
