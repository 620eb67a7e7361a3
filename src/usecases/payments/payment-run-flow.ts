// The approval flow a payment run goes through when the organisation has not configured one for `payment_run`: any
// one of finance below the dual-approval limit, any two of finance (会签) at or above it. The preparer (submitter)
// and every payee of the run are never approvers.
import type { FlowDefinition } from '../../../domain/approval/index.js';

/** The built-in flow, with the limit in the organisation's currency. */
export function defaultPaymentRunFlow(limit: { minor: number; currency: string }): FlowDefinition {
  const amount = (op: 'lt' | 'gte') => ({ field: 'amount' as const, op, minor: limit.minor, currency: limit.currency });
  return {
    name: 'Payment run approval',
    subjectTypes: ['payment_run'],
    steps: [
      { key: 'finance', name: 'Finance approval', mode: 'any', approvers: [{ kind: 'role', role: 'finance' }], condition: amount('lt') },
      { key: 'finance-dual', name: 'Finance countersign (two approvers)', mode: 'all', minApprovals: 2, approvers: [{ kind: 'role', role: 'finance' }], condition: amount('gte') },
    ],
  };
}
