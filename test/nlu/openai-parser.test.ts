// The model path through the real openai SDK against a local fake: a valid answer is used, every failure falls back to the rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParsedRequestSchema } from '../../domain/nlu/index.js';
import { createOpenAiParser, createParser, ModelParseError, openAiOptionsFromEnv, parseRules, type ModelFailure } from '../../src/nlu/index.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';

const ctx = { today: '2026-11-18', timeZone: 'Asia/Shanghai' };
const text = '明天去天津，当天回';
const rulesAnswer = parseRules(text, ctx);
/** What a model would say for `text`, in the strict-schema shape (absent = null). */
const modelAnswer = {
  intent: 'trip',
  trip: { origin: null, destination: '天津市区', departDate: '2026-11-19', returnDate: '2026-11-19', transport: 'car', travellers: null, purpose: null, estimatedAmount: null },
  expense: null,
  visit: null,
};

/** For answers that must arrive: far beyond a busy machine's slowest round trip, so only a real failure falls back. */
const ANSWER_TIMEOUT_MS = 30_000;
/** For the timeout case: the fake holds its answer far longer than any test may run, so only the timeout can end it. */
const NEVER_MS = 10 * 60_000;

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});

function parserWith(timeoutMs = ANSWER_TIMEOUT_MS, onFallback?: (reason: ModelFailure) => void) {
  return createParser({ openai: { apiKey: 'sk-test', baseURL: fake.baseURL, model: 'test-model', timeoutMs }, ...(onFallback ? { onFallback } : {}) });
}

describe('createParser with a model', () => {
  it('uses a valid model answer, with nulls removed, and sends the date, zone and strict schema', async () => {
    fake.script({ kind: 'json', body: modelAnswer });
    const before = fake.requests.length;
    const out = await parserWith().parse(text, ctx);
    expect(out.source).toBe('model');
    expect(out.fallbackReason).toBeUndefined();
    expect(out.request).toEqual({ intent: 'trip', trip: { destination: '天津市区', departDate: '2026-11-19', returnDate: '2026-11-19', transport: 'car' } });
    expect(ParsedRequestSchema.safeParse(out.request).success).toBe(true);

    const sent = fake.requests[before]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.authorization).toBe('Bearer sk-test');
    expect(sent.body.model).toBe('test-model');
    expect(sent.body.response_format.type).toBe('json_schema');
    expect(sent.body.response_format.json_schema.strict).toBe(true);
    const system = sent.body.messages[0].content as string;
    expect(system).toContain('2026-11-18');
    expect(system).toContain('Asia/Shanghai');
    expect(system).toMatch(/null/i);
    expect(sent.body.messages[1]).toEqual({ role: 'user', content: text });
  });

  it('does not take a model value that contradicts a sure rule value, and leaves out what the rules were unsure of', async () => {
    // The rules are sure of 11-19 (明天) and the same-day return; a model saying 11-20 is overruled, its city kept.
    fake.script({ kind: 'json', body: { ...modelAnswer, trip: { ...modelAnswer.trip, departDate: '2026-11-20', returnDate: '2026-11-20' } } });
    const out = await parserWith().parse(text, ctx);
    expect(out.source).toBe('model');
    expect(out.request).toEqual({ intent: 'trip', trip: { destination: '天津市区', departDate: '2026-11-19', returnDate: '2026-11-19', transport: 'car' } });

    // "next Friday" said on a Wednesday: the rules cannot tell which Friday, so neither answer is taken and the chat asks.
    const unsure = 'flight to Tokyo next Friday';
    fake.script({ kind: 'json', body: { intent: 'trip', trip: { ...modelAnswer.trip, destination: 'Tokyo', departDate: '2026-11-20', returnDate: null, transport: 'flight' }, expense: null, visit: null } });
    const asked = await parserWith().parse(unsure, ctx);
    expect(asked.request).toEqual({ intent: 'trip', trip: { destination: 'Tokyo', transport: 'flight' } });
    expect(asked.guesses).toEqual([{ path: 'trip.departDate', value: '2026-11-27' }]);
  });

  it.each([
    ['an HTTP 500', { kind: 'status', status: 500 } as const, 'http'],
    ['content that is not JSON', { kind: 'content', content: '{"intent": "trip", ' } as const, 'invalid-json'],
    ['JSON that breaks the schema', { kind: 'json', body: { intent: 'holiday' } } as const, 'schema'],
    ['a negative amount', { kind: 'json', body: { intent: 'expense', expense: { category: 'meal', amount: { minor: -5, currency: 'CNY' } } } } as const, 'schema'],
    ['a refusal', { kind: 'refusal', refusal: 'I cannot help with that' } as const, 'refusal'],
  ])('falls back to the rules on %s', async (_name, reply, reason) => {
    fake.script(reply);
    const seen: ModelFailure[] = [];
    const out = await parserWith(ANSWER_TIMEOUT_MS, (r) => seen.push(r)).parse(text, ctx);
    expect(out).toEqual({ request: rulesAnswer, source: 'rules', fallbackReason: reason });
    expect(seen).toEqual([reason]);
  });

  it('falls back to the rules when the model answers after the timeout', async () => {
    fake.script({ kind: 'json', body: modelAnswer }, NEVER_MS);
    const before = fake.requests.length;
    const out = await parserWith(200).parse(text, ctx);
    expect(out).toEqual({ request: rulesAnswer, source: 'rules', fallbackReason: 'timeout' });
    expect(fake.requests.length).toBe(before + 1);
  });

  it('falls back to the rules when nothing listens at the base URL', async () => {
    const parser = createParser({ openai: { apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1', timeoutMs: 1000 } });
    const out = await parser.parse(text, ctx);
    expect(out.source).toBe('rules');
    expect(['network', 'timeout']).toContain(out.fallbackReason);
  });
});

describe('createOpenAiParser', () => {
  it('rejects with a ModelParseError naming the reason', async () => {
    fake.script({ kind: 'status', status: 500 });
    const ask = createOpenAiParser({ apiKey: 'sk-test', baseURL: fake.baseURL, timeoutMs: ANSWER_TIMEOUT_MS });
    await expect(ask(text, ctx)).rejects.toBeInstanceOf(ModelParseError);
    await expect(ask(text, ctx)).rejects.toMatchObject({ reason: 'http' });
  });
});

describe('createParser without a model', () => {
  it('uses the rules and never calls out', async () => {
    const before = fake.requests.length;
    const out = await createParser().parse(text, ctx);
    expect(out).toEqual({ request: rulesAnswer, source: 'rules' });
    expect(fake.requests.length).toBe(before);
  });
});

describe('openAiOptionsFromEnv', () => {
  it('is undefined without OPENAI_API_KEY', () => {
    expect(openAiOptionsFromEnv({ OPENAI_MODEL: 'x' })).toBeUndefined();
    expect(openAiOptionsFromEnv({ OPENAI_API_KEY: '' })).toBeUndefined();
  });

  it('reads key, base URL, model and timeout', () => {
    expect(openAiOptionsFromEnv({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', OPENAI_MODEL: 'm', OPENAI_TIMEOUT_MS: '2500' })).toEqual({
      apiKey: 'k',
      baseURL: 'http://127.0.0.1:1/v1',
      model: 'm',
      timeoutMs: 2500,
    });
  });

  it('names a bad setting', () => {
    expect(() => openAiOptionsFromEnv({ OPENAI_API_KEY: 'k', OPENAI_TIMEOUT_MS: 'soon' })).toThrow(/OPENAI_TIMEOUT_MS/);
    expect(() => openAiOptionsFromEnv({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'not a url' })).toThrow(/OPENAI_BASE_URL/);
  });
});
