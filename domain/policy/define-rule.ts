// Helpers to declare rule kinds with typed params and to compose registries without mutation.
import type { z } from 'zod';
import type { Finding, RuleEvaluator, RuleRegistry } from './policy.types.js';

/** Declares a rule kind; `evaluate` receives params already parsed by `paramsSchema`. */
export function defineRule<Ctx, S extends z.ZodType>(
  paramsSchema: S,
  evaluate: (params: z.output<S>, ctx: Ctx) => Finding[],
): RuleEvaluator<Ctx, z.output<S>> {
  return { paramsSchema: paramsSchema as z.ZodType<z.output<S>>, evaluate };
}

/** A new registry with `kind` added (or replaced); the given registry is not changed. */
export function registerRule<Ctx>(registry: RuleRegistry<Ctx>, kind: string, evaluator: RuleEvaluator<Ctx>): RuleRegistry<Ctx> {
  return Object.freeze({ ...registry, [kind]: evaluator });
}
