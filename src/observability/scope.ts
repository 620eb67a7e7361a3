// Which instance's metrics a use case or the dispatcher counts into, without passing them through every layer: the
// HTTP middleware runs each request inside its app's metrics, and the workers are started inside theirs. Nothing is
// counted outside a scope (metrics off: METRICS_TOKEN unset), so the hooks cost one lookup.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApprovalOutcome, Metrics } from './metrics.js';

const scope = new AsyncLocalStorage<Metrics>();

/** Runs `fn` (and everything it starts: timers, promises) counting into `metrics`. */
export function withMetrics<T>(metrics: Metrics | undefined, fn: () => T): T {
  return metrics ? scope.run(metrics, fn) : fn();
}

/** The metrics of the instance this code runs for, if metrics are on. */
export const currentMetrics = (): Metrics | undefined => scope.getStore();

const OUTCOMES: Record<string, ApprovalOutcome> = { reject: 'rejected', return: 'returned', withdraw: 'withdrawn', resubmit: 'resubmitted' };

/** An approval action was recorded: `action` the engine's action, `status` the approval's status after it. */
export function countApproval(action: string, status: string): void {
  const m = scope.getStore();
  if (!m) return;
  const outcome = action === 'approve' ? (status === 'approved' ? 'approved' : 'step_approved') : OUTCOMES[action];
  if (outcome) m.approvals.inc({ outcome });
}

/** A command was refused BUDGET.EXCEEDED (`where`: approval, submit, …). Pass any error code; others are ignored. */
export function countBudgetRefusal(code: string | undefined, where: string): void {
  if (code === 'BUDGET.EXCEEDED') scope.getStore()?.budgetRefusals.inc({ where });
}

/** Payment files built or sent to the bank. */
export function countBankFile(event: 'built' | 'sent', n = 1): void {
  if (n > 0) scope.getStore()?.bankFiles.inc({ event }, n);
}

/** A bank statement imported, with how many of its transactions were matched automatically and how many left open. */
export function countStatementImported(matched: number, open: number): void {
  const m = scope.getStore();
  if (!m) return;
  m.statementsImported.inc();
  if (matched > 0) m.statementLines.inc({ result: 'matched' }, matched);
  if (open > 0) m.statementLines.inc({ result: 'open' }, open);
}
