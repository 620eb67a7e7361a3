// What a visit request's `details.visit` holds once registered (written by registerVisit, read by its cards): parsed
// once here rather than cast where it is read. Requests stored before a field existed simply lack it.
import { z } from 'zod';
import { RECEPTION_TYPES, VISITOR_LEVELS } from './standards.js';
import { VISIT_RESOURCES } from './visit.js';
import { RecurrenceSchema } from './recurrence.js';

const Text = z.string().min(1).max(200);
const Money = z.object({ minor: z.number().int(), currency: z.string() });

export const StoredVisitDetailsSchema = z.object({
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  siteId: z.string(),
  siteName: Text.optional(),
  level: z.enum(VISITOR_LEVELS),
  purpose: z.string(),
  company: z.string().optional(),
  resources: z.array(z.enum(VISIT_RESOURCES)).default([]),
  estimate: z.partialRecord(z.enum(RECEPTION_TYPES), z.number().int().nonnegative()).default({}),
  /** Each visitor as cards show them: the mobile masked to its last four, never more. */
  people: z.array(z.object({ name: Text, company: Text.optional(), title: Text.optional(), mobile: z.string().regex(/^\*{4}\d{4}$/).optional() })).optional(),
  companionNames: z.array(Text).optional(),
  estimateBasis: z.enum(['standard', 'given']).optional(),
  /** The advance (借款) to the host asked for: approval pays it out (reception/visit-advance.ts). */
  advance: Money.optional(),
  /**
   * What the approver weighs the visit against, as it stood when the visit was registered: the department's hospitality
   * budget available in the visit's month (null: no budget set) and the host's outstanding advances (count, and the
   * total per currency).
   */
  hospitalityAvailable: Money.nullable().optional(),
  hostAdvances: z.object({ count: z.number().int().nonnegative(), totals: z.array(Money) }).optional(),
  /** A recurring visit: the rule, each occurrence's window and estimate (`estimate` above is per occurrence too). */
  series: z
    .object({
      recurrence: RecurrenceSchema,
      /** The rule in words, as said when registered (in the organisation's time zone). */
      words: z.object({ zh: z.string(), en: z.string() }),
      /** The requester gave no count or end and the default was taken (chat). */
      assumed: z.boolean().optional(),
      perOccurrenceMinor: z.number().int().nonnegative(),
      occurrences: z.array(z.object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) })).min(1),
    })
    .optional(),
});
export type StoredVisitDetails = z.infer<typeof StoredVisitDetailsSchema>;

/** The stored visit of a request's details, or undefined when it has none (or not in this shape). */
export function storedVisitOf(details: unknown): StoredVisitDetails | undefined {
  const r = StoredVisitDetailsSchema.safeParse((details as { visit?: unknown } | null)?.visit);
  return r.success ? r.data : undefined;
}
