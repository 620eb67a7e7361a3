// Submit on a visit's draft card: the draft becomes the registration the card previewed (visit-plan.ts) and goes
// through `registerVisit`, the one use case every channel registers visits with. The draft's id is the client
// reference, so a second click (or a platform retry) finds the visit already registered.
import { domainError, err, type Result } from '../../domain/shared/index.js';
import { employeeActor } from '../usecases/authorise.js';
import { orgTimeZone } from '../usecases/org-time.js';
import { registerVisit, type ReceptionDeps } from '../usecases/reception/visits.js';
import type { SubmitResult } from '../usecases/submit-request.js';
import type { Lang } from './texts.js';
import { planVisit, type VisitDraft } from './visit-plan.js';

export async function submitVisitDraft(deps: ReceptionDeps, orgId: string, employeeId: string, draftId: string, draft: VisitDraft, lang: Lang): Promise<Result<SubmitResult>> {
  const now = deps.clock.now();
  const planned = await planVisit(deps.db, deps.box, { orgId, employeeId, draftId, timeZone: await orgTimeZone(deps.db, orgId), now, lang }, draft);
  if (!planned.ok) {
    const p = planned.problem;
    if (p.kind === 'advance') return err(p.error);
    return err(p.kind === 'past' ? domainError('VALIDATION.INVALID_DATE', 'the visit has already started', { field: 'start' }) : p.kind === 'site' ? domainError('NOT_FOUND', 'the site is gone', { field: 'siteId' }) : domainError('MONEY.UNSUPPORTED_CURRENCY', `estimate in ${p.currency}`));
  }
  const r = await registerVisit(deps, orgId, employeeActor(employeeId), planned.plan.registration, planned.plan.assumedRecurrence ? { assumedRecurrence: true } : {});
  return r.ok ? { ok: true, value: r.value.submitted } : r;
}
