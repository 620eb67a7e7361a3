// The part of a visit request's details that its cards show beyond the bare facts: each visitor (mobile masked to its
// last four: the number itself stays encrypted on the visitor row), the site's name, the companions' names and how
// the estimate was made. Stored with the request, so the approval card is drawn from the request alone.
import type { StoredVisitDetails, VisitRegistration } from '../../../domain/reception/index.js';

export function visitCardDetails(v: VisitRegistration, siteName: string, companionNames: readonly string[]): Pick<StoredVisitDetails, 'people' | 'siteName' | 'companionNames' | 'estimateBasis'> {
  return {
    siteName,
    people: v.visitors.map((x) => ({ name: x.name, ...(x.company ? { company: x.company } : {}), ...(x.title ? { title: x.title } : {}), ...(x.mobile ? { mobile: `****${x.mobile.slice(-4)}` } : {}) })),
    companionNames: [...companionNames],
    ...(v.estimateBasis ? { estimateBasis: v.estimateBasis } : {}),
  };
}
