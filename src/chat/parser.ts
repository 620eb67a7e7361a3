// The chat's parser from configuration: an OpenAI-compatible model when OPENAI_API_KEY is set, with the rule-based
// parser as fallback; the rules alone otherwise. Fallbacks are logged (without the text: it may hold personal data).
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createParser } from '../nlu/index.js';
import type { RequestParser } from './handle-message.js';

export function chatParser(config: Config, log: Logger): RequestParser {
  const parser = createParser({
    ...(config.OPENAI_API_KEY
      ? { openai: { apiKey: config.OPENAI_API_KEY, model: config.OPENAI_MODEL, timeoutMs: config.OPENAI_TIMEOUT_MS, ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}) } }
      : {}),
    onFallback: (reason) => log.warn('model parse failed; used the rules', { reason }),
  });
  return { parse: async (text, ctx, hint) => parser.parse(text, ctx, hint) };
}
