// Parses an utterance with an OpenAI-compatible chat model (structured output), validated by the shared zod schema.
// Throws ModelParseError on any failure; create-parser.ts turns that into a fallback to the rule parser.
import { createRequire } from 'node:module';
import type OpenAISdk from 'openai';
import { ParsedRequestSchema, type ParseContext, type ParsedRequest } from '../../domain/nlu/index.js';
import { dropNulls, PARSED_REQUEST_JSON_SCHEMA } from './model-schema.js';
import { parseIsoDate, isoWeekday } from './rules/calendar.js';
import type { IntentHint } from './rules/intent.js';

export interface OpenAiParserOptions {
  apiKey: string;
  /** e.g. http://127.0.0.1:8080/v1 for a local or self-hosted compatible server. */
  baseURL?: string;
  /** Default gpt-4o-mini. */
  model?: string;
  /** Whole-request limit; default 3000 ms. There are no retries: the rule parser is the fallback. */
  timeoutMs?: number;
}

export const DEFAULT_MODEL = 'gpt-4o-mini';
export const DEFAULT_TIMEOUT_MS = 3000;

export type ModelFailure = 'timeout' | 'http' | 'network' | 'invalid-json' | 'schema' | 'refusal';

/** Why the model's answer was not used. */
export class ModelParseError extends Error {
  constructor(
    readonly reason: ModelFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelParseError';
  }
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The system prompt: today's date and zone, the output conventions, "leave unknown fields null", and the open request if any. */
export function systemPrompt(ctx: ParseContext, hint?: IntentHint): string {
  const day = parseIsoDate(ctx.today);
  const weekday = day === undefined ? '' : ` (${WEEKDAYS[isoWeekday(day) - 1]})`;
  return [
    'You read one chat message (Chinese or English) sent to a company spend-management bot and return the request it makes.',
    `Today is ${ctx.today}${weekday} in time zone ${ctx.timeZone}. Resolve relative dates against today; weeks start on Monday, so "下周二"/"next Tuesday" is the Tuesday of next week.`,
    'intent: trip = a business-trip request; expense = a claim for money already spent; visit = registering a visitor coming to our office; status = asking about a request already made; unknown = anything else.',
    'Fill only the object of the chosen intent; the other objects are null.',
    'Leave every field null that the message does not state. Never guess or invent a value.',
    'Dates are YYYY-MM-DD; times HH:MM in 24 hours; cities as written, without 市.',
    'Amounts: minor is an integer in the currency minor unit (CNY, USD, EUR, HKD, TWD ×100; JPY ×1; KWD ×1000); currency is the ISO 4217 code. 元/块/¥ mean CNY.',
    'A stay of N days counts the departure day ("待三天" from Tuesday returns Thursday); N nights return N days after departure.',
    ...(hint
      ? [`The user is answering a question about an open ${hint} request: unless the message clearly starts a different request or asks for a status, read a bare answer (a date, an amount, a name) as part of that ${hint}.`]
      : []),
  ].join('\n');
}

/**
 * The OpenAI SDK takes a noticeable part of a second to load: required when a model parser is made, not when the
 * service starts with the rules alone. One require, so the error classes below are the client's own.
 */
const openAiSdk = (): typeof OpenAISdk => createRequire(import.meta.url)('openai') as typeof OpenAISdk;

function classify(error: unknown): ModelParseError {
  if (error instanceof ModelParseError) return error;
  const OpenAI = openAiSdk();
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError) return new ModelParseError('timeout', 'model timed out', { cause: error });
  if (error instanceof OpenAI.APIConnectionError) return new ModelParseError('network', `model unreachable: ${error.message}`, { cause: error });
  if (error instanceof OpenAI.APIError) return new ModelParseError('http', `model answered HTTP ${String(error.status)}`, { cause: error });
  if (error instanceof Error && error.name === 'TimeoutError') return new ModelParseError('timeout', 'model timed out', { cause: error });
  return new ModelParseError('network', error instanceof Error ? error.message : String(error), { cause: error });
}

/** Checks the assistant message content against the shared schema. */
export function readModelAnswer(content: string | null | undefined): ParsedRequest {
  if (content === null || content === undefined || content.trim() === '') throw new ModelParseError('invalid-json', 'model returned no content');
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new ModelParseError('invalid-json', 'model content is not JSON', { cause: error });
  }
  const parsed = ParsedRequestSchema.safeParse(dropNulls(json));
  if (!parsed.success) throw new ModelParseError('schema', `model output does not match the schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** A function that asks the model; it resolves to a schema-valid request or rejects with ModelParseError. */
export function createOpenAiParser(opts: OpenAiParserOptions): (text: string, ctx: ParseContext, hint?: IntentHint) => Promise<ParsedRequest> {
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const OpenAI = openAiSdk();
  const client = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseURL, timeout, maxRetries: 0 });
  const model = opts.model ?? DEFAULT_MODEL;
  return async (text, ctx, hint) => {
    try {
      const completion = await client.chat.completions.create(
        {
          model,
          temperature: 0,
          messages: [
            { role: 'system', content: systemPrompt(ctx, hint) },
            { role: 'user', content: text },
          ],
          response_format: { type: 'json_schema', json_schema: PARSED_REQUEST_JSON_SCHEMA },
        },
        // The SDK timeout covers connecting and waiting for headers; the signal also bounds reading the body.
        { signal: AbortSignal.timeout(timeout) },
      );
      const message = completion.choices[0]?.message;
      if (message?.refusal) throw new ModelParseError('refusal', `model refused: ${message.refusal}`);
      return readModelAnswer(message?.content);
    } catch (error) {
      throw classify(error);
    }
  };
}
