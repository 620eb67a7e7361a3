// The chat's request parser in tests: the real rule-based parser (no model, no network), with its guesses.
import type { RequestParser } from '../../src/chat/handle-message.js';
import { parseRulesDetailed } from '../../src/nlu/index.js';

export const ruleParser: RequestParser = { parse: async (text, ctx, hint) => parseRulesDetailed(text, ctx, hint) };
