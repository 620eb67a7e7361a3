// Hospitality reimbursements that link visits (报销关联接待). A claim names the visits it pays for; each must be the
// organisation's, approved or done, hosted or accompanied by the claimant, and on no other live claim. The claim's
// reception lines are attributed to the visits (a line tagged to a visit's request wholly to it, an untagged one split
// in proportion to the visits' estimates: domain/reception/ledger.ts) and the attribution is stored with the link, so
// the approver sees it and the settlement applies exactly it: each visit's share is consumed from its own freeze and
// the rest of that freeze released (settle.ts treats the visits like linked trips). Rejected or withdrawn, the claim
// unlinks its visits. All inside the claim's (or the decision's) transaction, audited, and harmless to repeat.
import type { Tx } from '../../../db/database.js';
import type { RequestRow } from '../../../db/repos/approvals.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getVisit, visitsOfRequest, visitorsOf, type VisitRow } from '../../../db/repos/reception.js';
import { claimLinksOf, insertVisitClaims, liveClaimsOfVisits, moveClaimLinks, saveLedgerFacts } from '../../../db/repos/reception-ledger.js';
import { attributeClaimToVisits, type ClaimLine, type VisitAttribution } from '../../../domain/reception/index.js';
import { domainError, err, ok, type Result } from '../../../domain/shared/index.js';

const invalid = (message: string, details: Record<string, unknown>) => err(domainError('REIMBURSEMENT.INVALID', message, { field: 'visitIds', ...details }));

/**
 * The visits a claim links: those it names in `visitIds`, and those whose approval request it names as an application
 * (or tags a line to: all the occurrences of a recurring one). Another organisation's visit is NOT_FOUND; a visit not approved or done, not the claimant's to
 * claim (host or companion), or in another currency is REIMBURSEMENT.INVALID; one already on a live claim is
 * RECEPTION.VISIT_CLAIMED naming that claim.
 */
export async function visitsForClaim(tx: Tx, orgId: string, claimantId: string, visitIds: readonly string[], applicationIds: readonly string[], currency: string): Promise<Result<VisitRow[]>> {
  const found = new Map<string, VisitRow>();
  for (const id of new Set(visitIds)) {
    const v = await getVisit(tx, orgId, id);
    if (!v) return err(domainError('NOT_FOUND', `visitIds: no visit ${id}`, { field: 'visitIds', visitId: id }));
    found.set(v.visit.id, v.visit);
  }
  // Naming a recurring visit's request claims every occurrence of it.
  for (const id of new Set(applicationIds)) for (const v of await visitsOfRequest(tx, orgId, id)) found.set(v.id, v);
  const list = [...found.values()];
  for (const v of list) {
    if (v.status !== 'approved' && v.status !== 'done') return invalid(`visitIds: visit ${v.id} is ${v.status}; only an approved or completed visit is claimed`, { visitId: v.id, status: v.status });
    if (v.hostId !== claimantId && !v.companions.includes(claimantId)) return invalid(`visitIds: ${claimantId} neither hosted nor accompanied visit ${v.id}`, { visitId: v.id });
    if (v.currency !== currency) return invalid(`visitIds: visit ${v.id} is budgeted in ${v.currency}; this claim is in ${currency}`, { visitId: v.id });
  }
  // A recurring visit is claimed whole: its freezes are the request's, released together when the claim settles, so
  // claiming one occurrence would free the budget the others still hold.
  for (const requestId of new Set(list.filter((v) => v.seriesId).map((v) => v.requestId))) {
    const missing = (await visitsOfRequest(tx, orgId, requestId)).filter((o) => !found.has(o.id));
    if (missing.length > 0)
      return invalid(`visitIds: visit ${missing[0]!.id} is another occurrence of the same recurring visit; a recurring visit is claimed whole: name its request in applicationIds, or every occurrence`, { visitId: missing[0]!.id, requestId, missing: missing.map((o) => o.id) });
  }
  const [taken] = await liveClaimsOfVisits(tx, orgId, list.map((v) => v.id));
  if (taken) return err(domainError('RECEPTION.VISIT_CLAIMED', `visit ${taken.visitId} is already on claim ${taken.reimbursementId}; a visit is claimed once`, { field: 'visitIds', visitId: taken.visitId, reimbursementId: taken.reimbursementId }));
  return ok(list);
}

/** What the claim's lines cost each visit (see attributeClaimToVisits). */
export function attributeToVisits(lines: readonly ClaimLine[], visits: readonly VisitRow[], currency: string): Result<VisitAttribution[]> {
  return attributeClaimToVisits(lines, visits.map((v) => ({ visitId: v.id, requestId: v.requestId, estimateMinor: v.estimateMinor })), currency);
}

/** Links the visits to the submitted claim; a visit another claim took meanwhile refuses the whole claim. */
export async function linkVisitsInTx(tx: Tx, orgId: string, actorId: string, reimbursementId: string, attribution: readonly VisitAttribution[], now: Date): Promise<Result<void>> {
  const linked = await insertVisitClaims(
    tx,
    orgId,
    attribution.map((a) => ({ visitId: a.visitId, reimbursementId, visitRequestId: a.requestId, status: 'linked', attributedMinor: a.attributedMinor, currency: a.currency, actual: a.actual, pieces: a.pieces, invoiceIds: [...a.invoiceIds], createdAt: now, updatedAt: now })),
  );
  const lost = attribution.find((a) => !linked.includes(a.visitId));
  if (lost) return err(domainError('RECEPTION.VISIT_CLAIMED', `visit ${lost.visitId} was claimed by another claim meanwhile; a visit is claimed once`, { field: 'visitIds', visitId: lost.visitId }));
  for (const a of attribution)
    await appendAudit(tx, { orgId, actorId, action: 'visit.claim_linked', subjectType: 'visit', subjectId: a.visitId, after: { reimbursementId, attributedMinor: a.attributedMinor, currency: a.currency, actual: a.actual }, at: now });
  return ok(undefined);
}

/**
 * The claim's lines as the settlement plans them: a line attributed to visits becomes one piece per visit, tagged to
 * the visit's request (so it consumes from that visit's freeze); other lines are not in the map.
 */
export async function visitLinePieces(tx: Tx, orgId: string, reimbursementId: string): Promise<Map<string, { applicationId: string; minor: number }[]>> {
  const out = new Map<string, { applicationId: string; minor: number }[]>();
  for (const link of await claimLinksOf(tx, orgId, reimbursementId)) {
    if (link.status === 'unlinked') continue;
    for (const p of link.pieces as { lineId: string; minor: number }[]) {
      const list = out.get(p.lineId) ?? [];
      list.push({ applicationId: link.visitRequestId, minor: p.minor });
      out.set(p.lineId, list);
    }
  }
  return out;
}

/**
 * Keeps what a visit's ledger entry needs beyond its visitors' personal data: how many came, their companies, how
 * many were let in and when the first came and the last left. Called when a claim settles the visit; the gate's
 * completion and the visitor purge call it too, so the ledger keeps its figures.
 */
export async function recordLedgerFactsInTx(tx: Tx, orgId: string, visitId: string, now: Date): Promise<void> {
  const people = await visitorsOf(tx, orgId, visitId);
  if (people.length === 0) return; // purged already: what was kept stays
  const ins = people.flatMap((p) => (p.checkedInAt ? [p.checkedInAt] : []));
  const outs = people.flatMap((p) => (p.checkedOutAt ? [p.checkedOutAt] : []));
  await saveLedgerFacts(tx, orgId, {
    visitId,
    visitorCount: people.length,
    companies: [...new Set(people.flatMap((p) => (p.company ? [p.company] : [])))],
    checkedInCount: ins.length,
    firstInAt: ins.length ? new Date(Math.min(...ins.map((d) => d.getTime()))) : null,
    lastOutAt: outs.length ? new Date(Math.max(...outs.map((d) => d.getTime()))) : null,
    recordedAt: now,
  });
}

/** The claim was approved (and settled): its visits' links become settled and their ledger figures are kept. */
export async function visitClaimSettled(tx: Tx, r: RequestRow, actorId: string, now: Date): Promise<Result<void>> {
  const moved = await moveClaimLinks(tx, r.orgId, r.id, 'linked', 'settled', now);
  for (const visitId of moved) {
    await recordLedgerFactsInTx(tx, r.orgId, visitId, now);
    await appendAudit(tx, { orgId: r.orgId, actorId, action: 'visit.claim_settled', subjectType: 'visit', subjectId: visitId, after: { reimbursementId: r.id }, at: now });
  }
  return ok(undefined);
}

/** The claim was rejected or withdrawn: its visits are free to be claimed again. */
export async function visitClaimClosed(tx: Tx, r: RequestRow, actorId: string, now: Date): Promise<Result<void>> {
  const moved = await moveClaimLinks(tx, r.orgId, r.id, 'linked', 'unlinked', now);
  for (const visitId of moved) await appendAudit(tx, { orgId: r.orgId, actorId, action: 'visit.claim_unlinked', subjectType: 'visit', subjectId: visitId, after: { reimbursementId: r.id }, at: now });
  return ok(undefined);
}
