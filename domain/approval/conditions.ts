// Evaluates step conditions against the subject being approved.
import { isWithin, type OrgDirectory } from '../org/index.js';
import type { Condition, LeafCondition } from './flow.schema.js';
import type { ApprovalSubject } from './instance.schema.js';

/**
 * True when `condition` holds for `subject`. An amount test on a subject without an amount, or with an amount in
 * another currency, is false; `department` matches the listed departments and everything below them.
 */
export function evaluateCondition(condition: Condition, subject: ApprovalSubject, directory: OrgDirectory): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, subject, directory));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, subject, directory));
  if ('not' in condition) return !evaluateCondition(condition.not, subject, directory);
  return evaluateLeaf(condition, subject, directory);
}

function evaluateLeaf(c: LeafCondition, subject: ApprovalSubject, directory: OrgDirectory): boolean {
  switch (c.field) {
    case 'amount': {
      const amount = subject.amount;
      if (!amount || amount.currency !== c.currency) return false;
      if (c.op === 'gte') return amount.minor >= c.minor;
      if (c.op === 'gt') return amount.minor > c.minor;
      if (c.op === 'lte') return amount.minor <= c.minor;
      return amount.minor < c.minor;
    }
    case 'category':
      return subject.category !== undefined && c.in.includes(subject.category);
    case 'department':
      return c.in.some((d) => isWithin(directory, subject.departmentId, d));
    case 'subjectType':
      return c.in.includes(subject.type);
    case 'overBudget':
      return (subject.overBudget ?? false) === c.equals;
  }
}
