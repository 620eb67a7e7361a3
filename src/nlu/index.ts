// Public surface of request understanding: the parser factory, the rule parser and the model parser.
export { createParser, type ParseOutcome, type ParserOptions, type RequestParser } from './create-parser.js';
export { parseRules, parseRulesDetailed, type DetailedParse, type FieldGuess } from './rules/parse-rules.js';
export type { IntentHint } from './rules/intent.js';
export { createOpenAiParser, DEFAULT_MODEL, DEFAULT_TIMEOUT_MS, ModelParseError, systemPrompt, type ModelFailure, type OpenAiParserOptions } from './openai-parser.js';
export { openAiOptionsFromEnv } from './openai-env.js';
export { PARSED_REQUEST_JSON_SCHEMA } from './model-schema.js';
