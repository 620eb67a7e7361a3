// Reconciliation rules: each organisation's ordered list of conditions and the action they lead to. The defaults are
// what a careful finance team starts with; an organisation reorders, tunes or adds to them (rules proposed from its
// own manual decisions are of the same kinds).
import { z } from 'zod';

const name = z.string().trim().min(1).max(80);
const tolerance = z.number().int().min(0).max(1_000_000);
const days = z.number().int().min(0).max(60);

/** A regular expression given as text; it must compile and stay short (remittance text is bank-controlled input). */
const pattern = z
  .string()
  .min(1)
  .max(200)
  .refine((p) => {
    try {
      new RegExp(p, 'iu');
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');

export const RuleSpecSchema = z.discriminatedUnion('kind', [
  /** The transaction carries the payment's EndToEndId (same currency, amount within the tolerance). */
  z.object({ name, kind: z.literal('end_to_end_id'), amountToleranceMinor: tolerance.default(0) }),
  /**
   * One booking for several payments without per-payment details: the batch's PmtInfId / MsgId is the payments'
   * reference, or the payments of one date (within the window) are exactly as many as the batch says and add up to it.
   */
  z.object({ name, kind: z.literal('batch'), dateWindowDays: days.default(3) }),
  /**
   * The payment's reference (or EndToEndId) is written in the remittance text, as whole words; with `pattern`, the
   * reference is what the pattern's first group (or whole match) finds there. Amount within the tolerance.
   */
  z.object({ name, kind: z.literal('reference'), pattern: pattern.optional(), amountToleranceMinor: tolerance.default(0) }),
  /**
   * Same amount (within the tolerance) and currency, the booking within `dateWindowDays` of the payment, and the same
   * counterparty: the account, or a name at least `minNameSimilarity` alike (0…1).
   */
  z.object({
    name,
    kind: z.literal('amount_counterparty'),
    amountToleranceMinor: tolerance.default(0),
    dateWindowDays: days.default(5),
    minNameSimilarity: z.number().min(0.5).max(1).default(0.85),
  }),
  /** Money back for a payment (a return or a reversal) naming its EndToEndId or reference. */
  z.object({ name, kind: z.literal('return') }),
  /** A bank fee: a debit without a payment whose text or counterparty matches one of the patterns, up to an amount. */
  z.object({ name, kind: z.literal('fee'), patterns: z.array(pattern).min(1).max(20), maxAmountMinor: z.number().int().positive().optional() }),
  /** Not the company's business (transfers between its own accounts, a known third party): text or counterparty matches. */
  z.object({ name, kind: z.literal('ignore'), patterns: z.array(pattern).min(1).max(20) }),
]);

export type RuleSpec = z.output<typeof RuleSpecSchema>;
export type RuleKind = RuleSpec['kind'];

export const ReconciliationSettingsSchema = z.object({
  rules: z.array(RuleSpecSchema).min(1).max(50),
  /** Matches at or above this confidence are made automatically; below it they are suggestions for a person. */
  autoThreshold: z.number().min(0.5).max(1).default(0.9),
});
export type ReconciliationSettings = z.output<typeof ReconciliationSettingsSchema>;

/** Fee words in the languages of the banks we read (English, German, French, Dutch, Chinese…). */
export const DEFAULT_FEE_PATTERNS: readonly string[] = [
  '\\b(bank|service|transaction|transfer|wire|swift|account|payment)?\\s*(fees?|charges?|commission)\\b',
  '\\b(geb(ü|ue)hr(en)?|spesen|entgelt|kontof(ü|ue)hrung)',
  '\\b(frais|commission)\\b',
  '\\b(kosten|provisie)\\b',
  '手续费|服务费|汇费|工本费|账户管理费',
];

/** The rules an organisation starts with, strongest evidence first. */
export const DEFAULT_RULES: readonly RuleSpec[] = [
  { name: 'endToEndId', kind: 'end_to_end_id', amountToleranceMinor: 0 },
  { name: 'batch', kind: 'batch', dateWindowDays: 3 },
  { name: 'reference', kind: 'reference', amountToleranceMinor: 0 },
  { name: 'amountCounterparty', kind: 'amount_counterparty', amountToleranceMinor: 0, dateWindowDays: 5, minNameSimilarity: 0.85 },
  { name: 'return', kind: 'return' },
  { name: 'fee', kind: 'fee', patterns: [...DEFAULT_FEE_PATTERNS] },
];

export const DEFAULT_SETTINGS: ReconciliationSettings = { rules: [...DEFAULT_RULES], autoThreshold: 0.9 };
