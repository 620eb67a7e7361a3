// Reads the model settings (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_TIMEOUT_MS) from the environment with zod.
import { z } from 'zod';
import type { OpenAiParserOptions } from './openai-parser.js';

const OpenAiEnvSchema = z.object({
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url('must be a URL such as https://api.openai.com/v1').optional(),
  OPENAI_MODEL: z.string().min(1).optional(),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).optional(),
});

/**
 * Model options from `env`, or undefined when OPENAI_API_KEY is not set (the rule parser is then used alone).
 * Throws an Error naming each bad setting.
 */
export function openAiOptionsFromEnv(env: Record<string, string | undefined> = process.env): OpenAiParserOptions | undefined {
  const clean = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('OPENAI_') && v !== undefined && v !== ''));
  const parsed = OpenAiEnvSchema.safeParse(clean);
  if (!parsed.success) throw new Error(`Invalid model configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  const e = parsed.data;
  if (e.OPENAI_API_KEY === undefined) return undefined;
  return {
    apiKey: e.OPENAI_API_KEY,
    ...(e.OPENAI_BASE_URL ? { baseURL: e.OPENAI_BASE_URL } : {}),
    ...(e.OPENAI_MODEL ? { model: e.OPENAI_MODEL } : {}),
    ...(e.OPENAI_TIMEOUT_MS ? { timeoutMs: e.OPENAI_TIMEOUT_MS } : {}),
  };
}
