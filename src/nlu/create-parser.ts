// The parser the bot uses: the model when configured, the rule parser otherwise and whenever the model fails.
import type { ParseContext, ParsedRequest } from '../../domain/nlu/index.js';
import { createOpenAiParser, ModelParseError, type ModelFailure, type OpenAiParserOptions } from './openai-parser.js';
import type { IntentHint } from './rules/intent.js';
import { parseRules } from './rules/parse-rules.js';

export interface ParseOutcome {
  /** Always valid against ParsedRequestSchema (kept apart from `source` so it stays strict-schema clean). */
  request: ParsedRequest;
  source: 'rules' | 'model';
  /** Set when the model was tried and its answer was not used. */
  fallbackReason?: ModelFailure;
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
  if (opts.openai === undefined) return { parse: async (text, ctx, hint) => ({ request: parseRules(text, ctx, hint), source: 'rules' }) };
  const ask = createOpenAiParser(opts.openai);
  return {
    async parse(text, ctx, hint) {
      try {
        return { request: await ask(text, ctx, hint), source: 'model' };
      } catch (error) {
        const failure = error instanceof ModelParseError ? error : new ModelParseError('network', String(error), { cause: error });
        opts.onFallback?.(failure.reason, failure);
        return { request: parseRules(text, ctx, hint), source: 'rules', fallbackReason: failure.reason };
      }
    },
  };
}
