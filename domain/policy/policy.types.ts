// Policy rule, violation and context shapes, and the evaluator contract every rule kind implements.
import type { z } from 'zod';

/** `block` stops a submission; `warn` only tells the submitter and approvers. */
export type Severity = 'block' | 'warn';

/** A configured rule: `kind` selects the evaluator in a registry and `params` are checked by its schema. */
export interface PolicyRule {
  readonly id: string;
  readonly kind: string;
  readonly params: unknown;
  readonly severity: Severity;
  /** Absent means enabled. */
  readonly enabled?: boolean;
}

/** A sentence in both languages the bot speaks. */
export interface LocalizedMessage {
  readonly zh: string;
  readonly en: string;
}

/** A broken rule, with the facts that broke it. */
export interface Violation {
  readonly ruleId: string;
  /** Stable code, e.g. 'POLICY.AMOUNT_OVER_CAP'. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: LocalizedMessage;
  readonly details: Record<string, unknown>;
}

/**
 * What an evaluator reports; the engine adds the rule id and the rule's severity.
 * `severity` overrides the rule's (used to downgrade, e.g. POLICY.CURRENCY_UNCHECKED is always 'warn').
 */
export interface Finding {
  readonly code: string;
  readonly message: LocalizedMessage;
  readonly details: Record<string, unknown>;
  readonly severity?: Severity;
}

/** An amount in integer minor units of an ISO 4217 currency. */
export interface MinorAmount {
  readonly minor: number;
  readonly currency: string;
}

/** The facts about one expense line that expense rules read. Dates are 'YYYY-MM-DD'; `today` is passed in. */
export interface ExpenseContext {
  readonly category: string;
  readonly amount: MinorAmount;
  readonly date: string;
  readonly today: string;
  readonly hasInvoice: boolean;
  readonly attendees?: number;
  readonly merchant?: string;
  readonly description?: string;
  readonly employeeGrade?: number;
}

/** One rule kind: a strict params schema and a pure check of a context against parsed params. */
export interface RuleEvaluator<Ctx, P = unknown> {
  readonly paramsSchema: z.ZodType<P>;
  evaluate(params: P, ctx: Ctx): Finding[];
}

/** A lookup table from rule kind to its evaluator, for one kind of context (expenses, travel, hospitality…). */
export type RuleRegistry<Ctx> = Readonly<Record<string, RuleEvaluator<Ctx>>>;

/** The outcome of checking a context against a rule set. */
export interface PolicyOutcome {
  readonly violations: Violation[];
  /** True when any violation has severity 'block'. */
  readonly blocked: boolean;
}
