// Turning what a host said in chat into a visit to register: the estimate by reception type (from the reception
// standards when no amount was given, else the amount given, split over the chosen types), and a group's visitors
// (the one named, and placeholders for the companions not named yet).
import { RECEPTION_TYPES, type ReceptionEstimate, type ReceptionStandards, type ReceptionType, type VisitorLevel } from './standards.js';

/** Where an estimate came from: the standards' ceilings for the party, or the amount the host wrote. */
export type EstimateBasis = 'standard' | 'given';

/**
 * What the chosen types may cost under the standards for this level and party: each type's ceiling (per person times
 * `people`, or per event). A type without a standard is estimated at 0: nothing to go by, and nothing to exceed.
 */
export function estimateFromStandards(standards: ReceptionStandards, types: readonly ReceptionType[], level: VisitorLevel, people: number): ReceptionEstimate {
  const out: ReceptionEstimate = {};
  for (const type of RECEPTION_TYPES) {
    if (!types.includes(type)) continue;
    const s = standards.types[type];
    out[type] = s ? s.limits[level] * (s.basis === 'per_person' ? people : 1) : 0;
  }
  return out;
}

/**
 * A written total split over the chosen types in proportion to their standards' ceilings (equally when none has a
 * ceiling), by largest remainder so the parts add up to the total exactly. With no type chosen the whole amount is
 * the reception itself (`visit`).
 */
export function splitEstimate(standards: ReceptionStandards, types: readonly ReceptionType[], level: VisitorLevel, people: number, totalMinor: number): ReceptionEstimate {
  const chosen = RECEPTION_TYPES.filter((t) => types.includes(t));
  if (chosen.length === 0) return { visit: totalMinor };
  const ceilings = estimateFromStandards(standards, chosen, level, people);
  const weights = chosen.map((t) => ceilings[t] ?? 0);
  const sum = weights.reduce((a, b) => a + b, 0);
  const w = sum > 0 ? weights : chosen.map(() => 1);
  const wSum = sum > 0 ? sum : chosen.length;
  const parts = w.map((x) => Math.floor((totalMinor * x) / wSum));
  let left = totalMinor - parts.reduce((a, b) => a + b, 0);
  const order = w.map((x, i) => ({ i, rem: (totalMinor * x) % wSum })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  const out: ReceptionEstimate = {};
  chosen.forEach((t, i) => (out[t] = parts[i]!));
  return out;
}

export interface GroupLead {
  name: string;
  company?: string;
  mobile?: string;
}

/**
 * The visitors of a group registered by one name ("王强等3人"): the lead as given, then one placeholder per companion
 * not named yet ("王强的同行人1" / "Guest 1 of Wang Qiang"), with the lead's company. The host completes their names
 * later (at the desk or the gate); until then each placeholder still gets an invitation id, so the gate counts them.
 */
export function groupVisitors(lead: GroupLead, headcount: number, lang: 'zh' | 'en'): GroupLead[] {
  const others = Math.max(0, Math.min(49, headcount - 1));
  const placeholder = (i: number) => (lang === 'zh' ? `${lead.name}的同行人${i}` : `Guest ${i} of ${lead.name}`);
  return [lead, ...Array.from({ length: others }, (_, i) => ({ name: placeholder(i + 1).slice(0, 60), ...(lead.company ? { company: lead.company } : {}) }))];
}
