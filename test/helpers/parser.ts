// The chat's request parser in tests: the real rule-based parser (no model, no network).
import type { RequestParser } from '../../src/chat/handle-message.js';
import { parseRules } from '../../src/nlu/index.js';

export const ruleParser: RequestParser = { parse: async (text, ctx, hint) => parseRules(text, ctx, hint) };
