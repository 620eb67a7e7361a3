// A conversation hint: a bare answer belongs to the open request, but a new request or a status question does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParser, parseRules, systemPrompt } from '../../src/nlu/index.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';

const ctx = { today: '2026-11-18', timeZone: 'Asia/Shanghai' };

describe('parseRules with a hint', () => {
  it('reads a bare weekday as the return or the expense day, looking the right way', () => {
    expect(parseRules('周四', ctx)).toEqual({ intent: 'unknown' });
    expect(parseRules('周四', ctx, 'trip')).toEqual({ intent: 'trip', trip: { departDate: '2026-11-19' } });
    expect(parseRules('周四', ctx, 'expense')).toEqual({ intent: 'expense', expense: { category: 'other', date: '2026-11-12' } });
    expect(parseRules('周四', ctx, 'visit')).toEqual({ intent: 'visit', visit: { visitDate: '2026-11-19' } });
  });

  it('reads a bare amount as the trip budget during a trip', () => {
    expect(parseRules('3000元', ctx, 'trip')).toEqual({ intent: 'trip', trip: { estimatedAmount: { minor: 300000, currency: 'CNY' } } });
  });

  it('reads a bare name as the visitor during a visit', () => {
    expect(parseRules('张伟', ctx, 'visit')).toEqual({ intent: 'visit', visit: { visitorName: '张伟' } });
  });

  it('still recognises a different new request and a status question', () => {
    expect(parseRules('报销打车58元', ctx, 'trip').intent).toBe('expense');
    expect(parseRules('我的出差申请批了吗', ctx, 'expense').intent).toBe('status');
  });
});

describe('createParser with a hint', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi({ reply: { kind: 'status', status: 500 } });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('tells the model about the open request and passes the hint to the fallback', async () => {
    // A timeout far beyond a busy machine's round trip: the fallback must come from the HTTP 500, not from the clock.
    const parser = createParser({ openai: { apiKey: 'sk-test', baseURL: fake.baseURL, timeoutMs: 30_000 } });
    const out = await parser.parse('36元', ctx, 'trip');
    expect(out).toEqual({ request: { intent: 'trip', trip: { estimatedAmount: { minor: 3600, currency: 'CNY' } } }, source: 'rules', fallbackReason: 'http' });
    expect(fake.requests.at(-1)?.body.messages[0].content).toContain('open trip request');
  });

  it('leaves the prompt alone without a hint', () => {
    expect(systemPrompt(ctx)).not.toContain('open ');
  });
});

describe('a follow-up about a trip whose departure is known', () => {
  const ctx = { today: '2026-11-18', timeZone: 'Asia/Shanghai', departDate: '2026-11-24' };
  it('reads a lone weekday as the return after the departure, not after today', () => {
    expect(parseRules('周四回', ctx, 'trip').trip).toEqual({ returnDate: '2026-11-26' });
    expect(parseRules('周四', ctx, 'trip').trip).toEqual({ returnDate: '2026-11-26' });
    expect(parseRules('back on Friday', ctx, 'trip').trip).toEqual({ returnDate: '2026-11-27' });
  });
  it('gives no return that would come before the departure', () => {
    expect(parseRules('明天回', ctx, 'trip').trip?.returnDate).toBeUndefined();
  });
});
