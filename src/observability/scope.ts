// Counting helpers for use cases: each takes the instance's metrics as its deps carry them (`deps.metrics`, set by the
// app when METRICS_TOKEN is set) and does nothing without them, so a hook costs one property read when metrics are off.
// Passed explicitly, not through AsyncLocalStorage: on Node 20 a store that has run turns on async hooks that follow
// every promise of the process, a cost the approval path would pay with metrics on (a first benchmark run showed a
// large drop, on a machine too loaded to say how much of it was this).
import type { ApprovalOutcome, Metrics } from './metrics.js';

/** What a use case's deps may carry. */
export interface WithMetrics {
  metrics?: Metrics | undefined;
}

const OUTCOMES: Record<string, ApprovalOutcome> = { reject: 'rejected', return: 'returned', withdraw: 'withdrawn', resubmit: 'resubmitted' };

/** An approval action was recorded: `action` the engine's action, `status` the approval's status after it. */
export function countApproval(m: Metrics | undefined, action: string, status: string): void {
  if (!m) return;
  const outcome = action === 'approve' ? (status === 'approved' ? 'approved' : 'step_approved') : OUTCOMES[action];
  if (outcome) m.approvals.inc({ outcome });
}

/** A command was refused BUDGET.EXCEEDED (`where`: approval, submit, entry). Pass any error code; others are ignored. */
export function countBudgetRefusal(m: Metrics | undefined, code: string | undefined, where: string): void {
  if (m && code === 'BUDGET.EXCEEDED') m.budgetRefusals.inc({ where });
}

/** Payment files built or sent to the bank. */
export function countBankFile(m: Metrics | undefined, event: 'built' | 'sent', n = 1): void {
  if (m && n > 0) m.bankFiles.inc({ event }, n);
}

/** A bank statement imported, with how many of its transactions were matched automatically and how many left open. */
export function countStatementImported(m: Metrics | undefined, matched: number, open: number): void {
  if (!m) return;
  m.statementsImported.inc();
  if (matched > 0) m.statementLines.inc({ result: 'matched' }, matched);
  if (open > 0) m.statementLines.inc({ result: 'open' }, open);
}
