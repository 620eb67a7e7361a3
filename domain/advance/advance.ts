// Advances (借款): money paid to an employee before spending it, offset by later reimbursements or repaid.
import { domainError, err, ok, type Result } from '../shared/index.js';

/** approved: paid or due to the employee and (partly) outstanding; settled: nothing outstanding; cancelled: never paid. */
export type AdvanceStatus = 'pending' | 'approved' | 'settled' | 'cancelled';

export interface AdvanceState {
  readonly id: string;
  readonly status: AdvanceStatus;
  readonly amountMinor: number;
  readonly outstandingMinor: number;
  readonly currency: string;
}

/** How the outstanding balance goes down: a reimbursement offsets it, or the employee pays it back. */
export type AdvanceMovement = { readonly kind: 'offset' | 'repayment'; readonly amountMinor: number; readonly currency: string };

/** Applies an offset or a repayment: never more than is outstanding, only on an approved advance; settles at zero. */
export function applyAdvanceMovement(a: AdvanceState, m: AdvanceMovement): Result<AdvanceState> {
  if (a.status !== 'approved') return err(domainError('ADVANCE.INVALID', `advance ${a.id} is ${a.status}; only an approved advance can be ${m.kind === 'offset' ? 'offset' : 'repaid'}`, { advanceId: a.id, status: a.status }));
  if (m.currency !== a.currency) return err(domainError('MONEY.CURRENCY_MISMATCH', `advance ${a.id} is in ${a.currency}, not ${m.currency}`));
  if (!Number.isSafeInteger(m.amountMinor) || m.amountMinor <= 0) return err(domainError('MONEY.INVALID_AMOUNT', 'the amount must be greater than zero'));
  if (m.amountMinor > a.outstandingMinor)
    return err(domainError('ADVANCE.INVALID', `only ${a.outstandingMinor} (minor units) of advance ${a.id} is outstanding`, { advanceId: a.id, outstandingMinor: a.outstandingMinor, amountMinor: m.amountMinor }));
  const outstandingMinor = a.outstandingMinor - m.amountMinor;
  return ok({ ...a, outstandingMinor, status: outstandingMinor === 0 ? 'settled' : 'approved' });
}
