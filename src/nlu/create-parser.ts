// The parser the bot uses: the model when configured, the rule parser otherwise and whenever the model fails.
import type { ParseContext, ParsedRequest } from '../../domain/nlu/index.js';
import { createOpenAiParser, ModelParseError, type ModelFailure, type OpenAiParserOptions } from './openai-parser.js';
import type { IntentHint } from './rules/intent.js';
import { parseRulesDetailed, type DetailedParse, type FieldGuess } from './rules/parse-rules.js';

export interface ParseOutcome {
  /** Always valid against ParsedRequestSchema (kept apart from `source` so it stays strict-schema clean). */
  request: ParsedRequest;
  source: 'rules' | 'model';
  /** Set when the model was tried and its answer was not used. */
  fallbackReason?: ModelFailure;
  /** Values the rules read but were unsure of, left out of `request` for the conversation to confirm (absent: none). */
  guesses?: readonly FieldGuess[];
}

export interface RequestParser {
  /** `hint`: the request an open conversation is about, so a bare answer ("周四", "36元") is read as part of it. */
  parse(text: string, ctx: ParseContext, hint?: IntentHint): Promise<ParseOutcome>;
}

export interface ParserOptions {
  /** Use an OpenAI-compatible model first; without it only the rules run. */
  openai?: OpenAiParserOptions;
  /** Told about each fallback, e.g. to log it. */
  onFallback?: (reason: ModelFailure, error: ModelParseError) => void;
}

/**
 * Builds a parser. With `openai`, each utterance goes to the model (structured output, no retries, `timeoutMs`
 * default 3 s); on an HTTP error, a timeout, content that is not JSON or does not match the schema, the rule
 * parser's answer is returned instead with `source: 'rules'` and the reason.
 */
export function createParser(opts: ParserOptions = {}): RequestParser {
  if (opts.openai === undefined) {
    return {
      parse: async (text, ctx, hint) => {
        const d = parseRulesDetailed(text, ctx, hint);
        return { request: d.request, source: 'rules', ...guessesOf(d.guesses) };
      },
    };
  }
  const ask = createOpenAiParser(opts.openai);
  return {
    async parse(text, ctx, hint) {
      const rules = parseRulesDetailed(text, ctx, hint);
      try {
        const request = checkedByRules(await ask(text, ctx, hint), rules);
        return { request, source: 'model', ...guessesOf(rules.guesses.filter((g) => valueAt(request, g.path) === undefined)) };
      } catch (error) {
        const failure = error instanceof ModelParseError ? error : new ModelParseError('network', String(error), { cause: error });
        opts.onFallback?.(failure.reason, failure);
        return { request: rules.request, source: 'rules', fallbackReason: failure.reason, ...guessesOf(rules.guesses) };
      }
    },
  };
}

const guessesOf = (guesses: readonly FieldGuess[]) => (guesses.length > 0 ? { guesses } : {});

/** Fields whose rule value is exact when the rules give one: a model answer that disagrees is not taken. */
const CHECKED = new Set(['departDate', 'returnDate', 'date', 'visitDate', 'startTime', 'endTime', 'amount', 'estimatedAmount', 'advanceAmount', 'transport', 'travellers', 'headcount']);

const valueAt = (r: ParsedRequest, path: string): unknown => {
  const [section, field] = path.split('.') as [string, string];
  return (r as unknown as Record<string, Record<string, unknown> | undefined>)[section]?.[field];
};

/**
 * The model's answer checked by the rules: where the rules are sure of a date, a time, an amount, a transport or a
 * count and the model says otherwise, the rule's value is taken; where the rules were unsure (a guess), the model's
 * value is dropped too, so the conversation asks. Text fields (places, names, purposes) stay the model's. Only when
 * both read the same intent: a different intent means the model read the message another way.
 */
export function checkedByRules(model: ParsedRequest, rules: DetailedParse): ParsedRequest {
  const intent = model.intent;
  if (intent !== rules.request.intent || (intent !== 'trip' && intent !== 'expense' && intent !== 'visit')) return model;
  const fromModel = { ...((model[intent] as Record<string, unknown> | undefined) ?? {}) };
  const fromRules = (rules.request[intent] as Record<string, unknown> | undefined) ?? {};
  for (const [field, value] of Object.entries(fromRules)) if (CHECKED.has(field) && value !== undefined) fromModel[field] = value;
  for (const g of rules.guesses) {
    const [section, field] = g.path.split('.') as [string, string];
    if (section === intent && fromRules[field] === undefined) delete fromModel[field];
  }
  // An expense always has a category; the model's stays unless it had none.
  if (intent === 'expense' && fromModel.category === undefined) fromModel.category = fromRules.category ?? 'other';
  return { ...model, [intent]: fromModel } as ParsedRequest;
}
