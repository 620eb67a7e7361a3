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
    `Today is ${ctx.today}${weekday} in time zone ${ctx.timeZone}. Resolve relative dates against today; weeks start on Monday, so "下周二"/"Tuesday of next week" is the Tuesday of next week, "这周五"/"周五" the Friday of this week.`,
    'When a date could mean two days (English "next Friday" while this week\'s Friday is still ahead, "last Monday" after this week\'s Monday, "周五" said on a Friday), leave it null: the bot asks.',
    'Trips and visits look forward, expenses back: a holiday or festival (春节, 中秋, 国庆, Christmas, Thanksgiving, Easter…) is its next date for a trip or visit and its last date for an expense; lunar festivals follow the Chinese lunar calendar. 除夕前一天 is the day before New Year\'s Eve; "the day after" counts from the date said before it.',
    'Cantonese: 聽日 tomorrow, 尋日/琴日 yesterday, 前日 the day before yesterday, 後日 the day after tomorrow, 今個月 this month; 蚊 is a Hong Kong dollar (HKD), 毫 ten cents, 仙 a cent, 五個半 5.50.',
    'Chinese money: 两毛五 = 0.25, 五块二 = 5.20, 三块零四 = 3.04, 百二万 = 1200000, 1.2万 = 12000; 壹贰叁肆伍陆柒捌玖拾佰仟 are digits and units; 廿 = 20, 卅 = 30.',
    'English money: "a hundred and five euros" = EUR 105, "$20 and 43c" = USD 20.43, "3 GBP 1 pence" = GBP 3.01, "10¢" = USD 0.10, bucks are USD, quid GBP.',
    'A form ("目的地：西安 出发日期：… 返回日期：…", "Destination: …; Depart: …; Return: …") fills the fields its labels name, in any order. A trip that mentions what it will cost ("预计花费5000元") is still a trip, with that estimate.',
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
let bundled: typeof OpenAISdk | undefined;
const openAiSdk = (): typeof OpenAISdk => bundled ?? (createRequire(import.meta.url)('openai') as typeof OpenAISdk);

/** For entries that bundle the SDK (src/worker.ts: a Worker has no require): use it instead of requiring it. */
export function useBundledOpenAi(sdk: typeof OpenAISdk): void {
  bundled = sdk;
}

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
