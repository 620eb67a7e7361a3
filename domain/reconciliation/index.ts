export { entryLines, remembered, sharedValues, statementLines, type Share, type StatementLine } from './lines.js';
export { reconcile, type Match, type OpenPayment, type ReconcileResult, type Suggestion } from './match.js';
export { DEFAULT_FEE_PATTERNS, DEFAULT_RULES, DEFAULT_SETTINGS, ReconciliationSettingsSchema, RuleSpecSchema, type ReconciliationSettings, type RuleKind, type RuleSpec } from './rules.js';
export { accountKey, compactRef, daysBetween, nameSimilarity, nameWords, referenceRuns } from './text.js';
