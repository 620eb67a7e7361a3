// The part of a visit request's details that its cards show beyond the bare facts: each visitor (mobile masked to its
// last four: the number itself stays encrypted on the visitor row), the site's name, the companions' names and how
// the estimate was made. Stored with the request, so the approval card is drawn from the request alone.
import { describeRecurrence, weekdayIn, type Occurrence, type StoredVisitDetails, type VisitRegistration } from '../../../domain/reception/index.js';

export function visitCardDetails(v: VisitRegistration, siteName: string, companionNames: readonly string[]): Pick<StoredVisitDetails, 'people' | 'siteName' | 'companionNames' | 'estimateBasis'> {
  return {
    siteName,
    people: v.visitors.map((x) => ({ name: x.name, ...(x.company ? { company: x.company } : {}), ...(x.title ? { title: x.title } : {}), ...(x.mobile ? { mobile: `****${x.mobile.slice(-4)}` } : {}) })),
    companionNames: [...companionNames],
    ...(v.estimateBasis ? { estimateBasis: v.estimateBasis } : {}),
  };
}

/**
 * A recurring visit's part of the details: the rule (and in words, its weekday read in the organisation's zone), each
 * occurrence's window and estimate. Nothing for a single visit. No ids: a replay under the same clientRef compares equal.
 */
export function visitSeriesDetails(v: VisitRegistration, occurrences: readonly Occurrence[], perOccurrenceMinor: number, timeZone: string, assumed = false): Pick<StoredVisitDetails, 'series'> {
  if (!v.recurrence) return {};
  const first = weekdayIn(v.start, timeZone);
  return {
    series: {
      recurrence: v.recurrence,
      words: { zh: describeRecurrence(v.recurrence, 'zh', first), en: describeRecurrence(v.recurrence, 'en', first) },
      ...(assumed ? { assumed } : {}),
      perOccurrenceMinor,
      occurrences: occurrences.map((o) => ({ start: o.start.toISOString(), end: o.end.toISOString() })),
    },
  };
}
