// Registering a visit in chat ("明天下午两点ABC科技王强等2人来访，需要会议室和午餐"). Once the generic questions are
// answered (who, which day, what time: handle-message.ts), this asks what only the organisation knows — which site,
// when it has more than one — and the lead visitor's mobile for the invitation (skippable), refuses a time already
// past or a number that cannot take a text, and shows the draft card: the visit's fields, the estimate of only the
// chosen reception types (from the standards when no amount was given, and saying so), the standards' warnings and the
// hospitality budget. Submit registers it through `registerVisit` (visit-submit.ts), nothing else.
//
// Groups: "王强等3人" registers 王强 and two placeholders ("王强的同行人1", "王强的同行人2") with his company, so the
// party size counts in the standards and the gate expects three; the host completes their names later.
import type { Executor } from '../../db/database.js';
import { insertDraft, saveConversation } from '../../db/repos/chat.js';
import { listSites, type SiteRow } from '../../db/repos/reception.js';
import type { DraftCardView, RequestFacts } from '../../cards/view-model.js';
import { checkReception, checkVisit, DEFAULT_RECEPTION_STANDARDS, MAX_OCCURRENCES, partySize, visitOccurrences, VisitRegistrationSchema } from '../../domain/reception/index.js';
import { parseAmount } from '../../domain/money/index.js';
import { formatDateTime } from '../../cards/format.js';
import { localDate, orgTimeZone } from '../usecases/org-time.js';
import { asViolation } from '../usecases/reception/visits.js';
import { visitCardDetails, visitSeriesDetails } from '../usecases/reception/visit-card-details.js';
import { checkRequest, limitsOf } from '../usecases/submit-request.js';
import { closeDraftCard } from './draft-cards.js';
import type { Outgoing, Recipient } from './deliver.js';
import type { ReceptionDeps } from '../usecases/reception/visits.js';
import { errorReply, T, type Lang } from './texts.js';
import { checkedMobile, mobileIn, planVisit, sealVisitPhone, visitStart, type VisitDraft, type VisitExtras } from './visit-plan.js';
import { advanceOtherCurrency, advanceTooHigh, fill, invalidMobile, visitTimePassed, VISIT_TEXTS, whichAdvance, whichMobile, whichSite } from './visit-texts.js';
import { formatMoneyView } from '../../cards/format.js';
import type { ParsedRequest } from '../../domain/nlu/index.js';
import { visitAdvanceStanding } from '../usecases/reception/visit-advance.js';
import { visitPlanOf } from './visit-views.js';
import { budgetViewOf, draftCard } from './views.js';

/** What a turn of the conversation needs from handle-message. */
export interface VisitTurn {
  m: { orgId: string; channel: Recipient['channel']; chatId: string; employeeId: string };
  text: string;
  lang: Lang;
  now: Date;
  to: Recipient;
  name: string;
  /** The parse of `text`: the answer to the advance question is read from it. */
  parsed?: ParsedRequest;
}

const CONVERSATION_TTL_MS = 30 * 60_000;
const SKIP = /^(?:跳过|不用|没有|无|暂无|不知道|不清楚|skip|none|no|n\/a|later|not yet|don'?t have( it| one)?)[。.!！]?$/i;
const NO_ADVANCE = /^(?:不借款?了?|不用借款?了?|不需要借款|无需借款|取消借款|不要借款|(?:no|without|cancel(?: the)?|drop(?: the)?)\s+advance|no need)[。.!！]?$/i;

/** A bare number ("300", "1,000.50") answering the advance question: in the standards' currency. */
function bareAmount(text: string): { minor: number; currency: string } | undefined {
  const currency = DEFAULT_RECEPTION_STANDARDS.currency;
  const r = /^\d[\d,]*(?:\.\d+)?$/.test(text.trim()) ? parseAmount(text.trim(), currency) : undefined;
  return r?.ok && r.value.minor > 0 ? { minor: r.value.minor, currency } : undefined;
}

/** The site a reply names: its number in the list, its id, or its name (either containing the other). */
function siteNamed(text: string, sites: readonly SiteRow[]): SiteRow | undefined {
  const t = text.trim().toLowerCase();
  const n = /^(?:第\s*)?(\d{1,2})\s*(?:个|号)?$/.exec(t);
  if (n) return sites[Number(n[1]) - 1];
  const named = sites.filter((s) => t.includes(s.name.toLowerCase()) || t === s.id.toLowerCase() || (t.length >= 2 && s.name.toLowerCase().includes(t)));
  return named.length === 1 ? named[0] : undefined;
}

async function ask(tx: Executor, t: VisitTurn, draft: VisitDraft, replaces: string | undefined, text: string): Promise<Outgoing[]> {
  // The edited draft's card waits in "being edited" until the new one is shown, whatever is asked meanwhile.
  const state = { draft, ...(replaces ? { editing: true, editingDraftId: replaces } : {}) };
  await saveConversation(tx, { orgId: t.m.orgId, channel: t.m.channel, chatId: t.m.chatId, employeeId: t.m.employeeId }, state, new Date(t.now.getTime() + CONVERSATION_TTL_MS), t.now);
  return [{ text }];
}

/**
 * One turn of a visit whose generic fields are complete: answers the question asked last, asks the next one, or shows
 * the draft card. Nothing is registered here; bad input is answered in the user's language and the draft kept.
 */
export async function visitDraftTurn(tx: Executor, deps: ReceptionDeps, t: VisitTurn, given: VisitDraft, replaces?: string): Promise<Outgoing[]> {
  // A typed number never waits in the conversation in the clear, whatever is asked next.
  const draft = sealVisitPhone(given, deps.box);
  const x: VisitExtras = { ...(draft.visitExtras ?? {}) };
  const visit = { ...(draft.visit ?? {}) };
  const asked = x.ask;
  delete x.ask;
  x.lang ??= t.lang;
  if (asked === 'advance') {
    // The answer is the advance alone: an amount the parser took for the estimate goes back to the estimate given.
    const answer = t.parsed?.visit?.advanceAmount ?? t.parsed?.visit?.estimatedAmount ?? t.parsed?.expense?.amount ?? bareAmount(t.text);
    if (x.estimateAtAsk) visit.estimatedAmount = x.estimateAtAsk;
    else delete visit.estimatedAmount;
    const text = t.text.trim();
    if (NO_ADVANCE.test(text) || SKIP.test(text)) delete visit.advanceAmount;
    else if (answer) visit.advanceAmount = answer;
    else return ask(tx, t, { ...draft, visit, visitExtras: { ...x, ask: 'advance' } }, replaces, whichAdvance(t.lang));
    delete x.estimateAtAsk;
  }
  const timeZone = await orgTimeZone(tx, t.m.orgId);
  // A time already past is told first: nothing else matters until the visit has a time ahead.
  const start = visitStart({ ...draft, visit }, timeZone);
  if (start.getTime() <= t.now.getTime()) return timePassed(tx, t, { ...draft, visit, visitExtras: x }, replaces, start, timeZone);

  // The lead visitor's mobile: given in the sentence, or in answer to the question; kept only encrypted.
  const earlier = x.typedMobileEnc ? deps.box.decrypt(x.typedMobileEnc) : undefined;
  const typed = mobileIn(t.text, undefined, asked === 'mobile') ?? earlier;
  delete visit.phone;
  delete x.typedMobileEnc;
  if (typed) {
    const checked = checkedMobile(typed);
    if (!checked.ok) return ask(tx, t, { ...draft, visit, visitExtras: { ...x, ask: 'mobile' } }, replaces, invalidMobile(t.lang, checked.masked));
    x.mobileEnc = deps.box.encrypt(checked.mobile);
    delete x.mobileSkipped;
  } else if (asked === 'mobile' && SKIP.test(t.text.trim())) x.mobileSkipped = true;

  const sites = await listSites(tx, t.m.orgId);
  if (sites.length === 0) return [{ text: VISIT_TEXTS.noSite[t.lang] }];
  if (!x.siteId || !sites.some((s) => s.id === x.siteId)) {
    const chosen = sites.length === 1 ? sites[0] : siteNamed(t.text, sites);
    if (!chosen) return ask(tx, t, { ...draft, visit, visitExtras: { ...x, ask: 'site' } }, replaces, whichSite(t.lang, sites, asked === 'site'));
    x.siteId = chosen.id;
  }
  if (!x.mobileEnc && !x.mobileSkipped) return ask(tx, t, { ...draft, visit, visitExtras: { ...x, ask: 'mobile' } }, replaces, whichMobile(t.lang, visit.visitorName ?? ''));

  const ready: VisitDraft = { ...draft, visit, visitExtras: x };
  return showVisitDraft(tx, deps, t, ready, replaces);
}

/** Both the day and the time are asked again ("明天下午两点" answers both); the rest of the draft is kept. */
async function timePassed(tx: Executor, t: VisitTurn, draft: VisitDraft, replaces: string | undefined, start: Date, timeZone: string): Promise<Outgoing[]> {
  const cleared: VisitDraft = { ...draft, visit: { ...draft.visit, visitDate: undefined, startTime: undefined, endTime: undefined } };
  await saveConversation(tx, { ...t.m }, { draft: cleared, asking: 'visit.visitDate', ...(replaces ? { editing: true, editingDraftId: replaces } : {}) }, new Date(t.now.getTime() + CONVERSATION_TTL_MS), t.now);
  return [{ text: visitTimePassed(t.lang, formatDateTime(start.toISOString(), t.lang, timeZone)) }];
}

async function showVisitDraft(tx: Executor, deps: ReceptionDeps, t: VisitTurn, draft: VisitDraft, replaces?: string): Promise<Outgoing[]> {
  const draftId = deps.ids.next('drf');
  const timeZone = await orgTimeZone(tx, t.m.orgId);
  const planned = await planVisit(tx, deps.box, { orgId: t.m.orgId, employeeId: t.m.employeeId, draftId, timeZone, now: t.now, lang: t.lang }, draft);
  if (!planned.ok) {
    const p = planned.problem;
    if (p.kind === 'past') return timePassed(tx, t, draft, replaces, p.start, timeZone);
    if (p.kind === 'advance') {
      // Asked again; the estimate as given is kept aside so the answer cannot replace it.
      const again: VisitDraft = { ...draft, visit: { ...draft.visit, advanceAmount: undefined }, visitExtras: { ...draft.visitExtras, ask: 'advance', estimateAtAsk: draft.visit?.estimatedAmount ?? null } };
      return ask(tx, t, again, replaces, p.reason === 'currency' ? advanceOtherCurrency(t.lang, p.max.currency) : advanceTooHigh(t.lang, formatMoneyView(p.advance, t.lang), formatMoneyView(p.max, t.lang)));
    }
    if (p.kind === 'currency') return ask(tx, t, { ...draft, visit: { ...draft.visit, estimatedAmount: undefined } }, replaces, fill(VISIT_TEXTS.otherCurrency[t.lang], { currency: p.currency }));
    return ask(tx, t, { ...draft, visitExtras: { ...draft.visitExtras, siteId: undefined, ask: 'site' } }, replaces, whichSite(t.lang, await listSites(tx, t.m.orgId), true));
  }
  const plan = planned.plan;
  // The checks registerVisit makes, made now so the card shows what the approver will see (and bad input is told now).
  const parsed = VisitRegistrationSchema.safeParse(plan.registration);
  if (!parsed.success) return [{ text: fill(VISIT_TEXTS.invalidVisit[t.lang], { reason: parsed.error.issues[0]!.message }) }];
  const visit = checkVisit(parsed.data, t.now);
  if (!visit.ok) return [{ text: errorReply(t.lang, visit.error) }];
  const occurrences = visitOccurrences(parsed.data, timeZone);
  if (!occurrences.ok) {
    const field = occurrences.error.details?.field;
    return [{ text: field === 'recurrence.count' || field === 'recurrence.until' ? fill(VISIT_TEXTS.tooManyOccurrences[t.lang], { max: String(MAX_OCCURRENCES) }) : errorReply(t.lang, occurrences.error) }];
  }
  const reception = checkReception(DEFAULT_RECEPTION_STANDARDS, parsed.data.estimate, parsed.data.level, partySize(parsed.data));
  if (!reception.ok) return [{ text: errorReply(t.lang, reception.error) }];
  const violations = reception.value.violations.map((v) => asViolation(v, reception.value.currency));
  // A recurring visit's request is for all its occurrences (the estimate shown per visit, and in all).
  const total = reception.value.totalMinor * occurrences.value.length;
  const checked = await checkRequest(tx, deps.clock, t.m.orgId, { type: 'visit', submitterId: t.m.employeeId, title: 'visit', ...(total > 0 ? { amount: { minor: total, currency: plan.currency } } : {}), category: 'hospitality', violations }, limitsOf(deps.config));
  if (!checked.ok) return [{ text: errorReply(t.lang, checked.error) }];

  await insertDraft(tx, { id: draftId, orgId: t.m.orgId, employeeId: t.m.employeeId, channel: t.m.channel, chatId: t.m.chatId, draft, locale: t.lang, createdAt: t.now, updatedAt: t.now });
  const d = parsed.data;
  // With an advance, the card shows what the approver will weigh it against.
  const standing = d.advance ? { advance: { minor: d.advance.minor, currency: plan.currency }, ...(await visitAdvanceStanding(tx, t.m.orgId, t.m.employeeId, checked.value.departmentId, localDate(d.start, timeZone))) } : {};
  const facts: RequestFacts = {
    requestId: draftId,
    type: 'visit',
    title: '',
    requester: t.name,
    ...(total > 0 ? { amount: { minor: total, currency: plan.currency } } : {}),
    visit: visitPlanOf({ start: d.start.toISOString(), end: d.end.toISOString(), siteId: plan.site.id, level: d.level, purpose: d.purpose, ...(d.visitors[0]?.company ? { company: d.visitors[0].company } : {}), resources: d.resources, estimate: d.estimate, ...visitCardDetails(d, plan.site.name, []), ...visitSeriesDetails(d, occurrences.value, reception.value.totalMinor, timeZone, plan.assumedRecurrence), ...standing }, plan.currency),
  };
  const budget = budgetViewOf(checked.value.budget, 'visit');
  const view: DraftCardView = draftCard(deps.box, t.now, { orgId: t.m.orgId, draftId, employeeId: t.m.employeeId, facts, violations: checked.value.violations, ...(budget ? { budget } : {}), ...(draft.justification ? { justification: draft.justification } : {}) });
  const hint = checked.value.violations.some((v) => v.severity === 'warn') ? [{ text: T.justifyHint[t.lang] }] : [];
  if (replaces) await closeDraftCard(tx, deps, t.to, replaces, { status: 'replaced', at: t.now.toISOString() });
  return [{ text: T.draftReady[t.lang] }, { cardKey: `draft:${draftId}`, view }, ...hint];
}
