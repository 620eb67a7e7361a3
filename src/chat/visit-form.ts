// The visit registration form in chat: "来访登记" / "register a visitor" (or a visit sentence too incomplete to go on
// with) answers with a form card (inputs on Feishu and the console, a modal on Slack, the sentence to send on
// DingTalk). A submission is read in the organisation's time zone and registered through `registerVisit` — the same
// use case, checks and approval card as every other way in. A refusal names the field at fault and sends the form back
// with what was typed (in the answer only: a typed mobile or ID number is never stored in the clear); a registered form
// closes on every copy, and the same signed form submitted again registers nothing more.
import type { Executor } from '../../db/database.js';
import { findRequestByClientRef } from '../../db/repos/approvals.js';
import { getCard } from '../../db/repos/chat.js';
import { activeEmployeesNamed, getEmployee } from '../../db/repos/org.js';
import { listSites, type SiteRow } from '../../db/repos/reception.js';
import { VISIT_FORM_FIELDS, type VisitFormField } from '../../cards/visit-form-content.js';
import type { CardView, VisitFormCardView } from '../../cards/view-model.js';
import { formatDateTime } from '../../cards/format.js';
import {
  DEFAULT_RECEPTION_STANDARDS, estimateFromStandards, isResidentIdNumber, splitEstimate, VISIT_RESOURCES,
  type ReceptionType, type VisitResource, type VisitorLevel,
} from '../../domain/reception/index.js';
import { ok, type DomainError } from '../../domain/shared/index.js';
import { employeeActor } from '../usecases/authorise.js';
import { orgTimeZone, zonedMidnight } from '../usecases/org-time.js';
import { registerVisit, type ReceptionDeps } from '../usecases/reception/visits.js';
import { command } from '../usecases/unit-of-work.js';
import type { ActionClaims } from './action-token.js';
import { signAction } from './action-token.js';
import type { CardActionAnswer, InboundCardAction } from './card-action.types.js';
import type { Outgoing, Recipient } from './deliver.js';
import { closeCard } from './payee-chat.js';
import { errorReply, T, type Lang } from './texts.js';
import { checkedMobile } from './visit-plan.js';
import { ambiguousCompanion, formProblem, formTimePassed, invalidFormMobile, unknownCompanion, VISIT_FORM_TEXTS } from './visit-form-texts.js';
import { fill, VISIT_TEXTS } from './visit-texts.js';

/** "来访登记", "登记访客", "访客登记表", "register a visitor", "visitor form" … */
export const VISIT_FORM = /^(?:(?:我要|我想)?(?:来访|访客|客户来访)(?:登记表?|表单|申请表)|(?:我要|我想)?登记(?:来访|访客|来访人|客户来访)(?:信息)?|(?:register|add)\s+(?:a\s+)?(?:visit|visitor|guest)s?|(?:visit|visitor)s?\s+(?:registration\s+)?form|(?:visit|visitor)\s+registration)[。.!！?？]?$/i;

/** Form tokens last a day: the form holds nothing until it is submitted. */
const FORM_TTL_S = 24 * 3600;
const cardKeyOf = (formId: string) => `visit_form:${formId}`;
const clientRefOf = (formId: string) => `chat-form:${formId}`;

/** The visit form for `to`, signed for them only; the organisation's sites to choose from (none without sites). */
export async function visitFormCard(tx: Executor, deps: Pick<ReceptionDeps, 'ids' | 'box'>, to: Pick<Recipient, 'orgId' | 'employeeId'>, now: Date): Promise<{ cardKey: string; view: VisitFormCardView } | undefined> {
  const sites = await listSites(tx, to.orgId);
  if (sites.length === 0) return undefined;
  const id = deps.ids.next('vsf');
  const value = signAction(deps.box, { kind: 'visit_form', org: to.orgId, id, action: 'submit', to: to.employeeId, exp: Math.floor(now.getTime() / 1000) + FORM_TTL_S });
  return { cardKey: cardKeyOf(id), view: formView(value, sites) };
}

const formView = (value: string, sites: readonly SiteRow[]): VisitFormCardView => ({ kind: 'visit_form', value, sites: sites.map((s) => ({ id: s.id, name: s.name })) });

/** The answer to "来访登记": the form, or why there is none (no site set up yet). */
export async function visitFormCommand(tx: Executor, deps: Pick<ReceptionDeps, 'ids' | 'box'>, to: Recipient, lang: Lang, now: Date): Promise<Outgoing[]> {
  const card = await visitFormCard(tx, deps, to, now);
  return card ? [{ text: VISIT_FORM_TEXTS.intro[lang] }, card] : [{ text: VISIT_TEXTS.noSite[lang] }];
}

/** The form's view for a token (Slack opens it in a modal from the card's button): the organisation's sites as they are now. */
export async function visitFormViewOf(db: Executor, orgId: string, value: string): Promise<VisitFormCardView> {
  return formView(value, await listSites(db, orgId));
}

/** A submitted form's values: the known fields, trimmed and capped; a list (Feishu's multi-select) comma-joined. */
export function visitFormValuesOf(raw: Readonly<Record<string, unknown>>): Partial<Record<VisitFormField, string>> {
  const out: Partial<Record<VisitFormField, string>> = {};
  for (const f of VISIT_FORM_FIELDS) {
    const v = raw[f];
    const text = Array.isArray(v) ? v.filter((x) => typeof x === 'string').join(',') : typeof v === 'string' ? v : '';
    if (text.trim() !== '') out[f] = text.trim().slice(0, 1000);
  }
  return out;
}

type Values = Partial<Record<VisitFormField, string>>;
type Read = { ok: true; registration: Record<string, unknown>; start: Date } | { ok: false; field?: VisitFormField; why: string };
const refuse = (field: VisitFormField | undefined, why: string): Read => ({ ok: false, ...(field ? { field } : {}), why });

/** Feishu's date picker sends `2026-12-08 +0800`; browsers and Slack `2026-12-08`; people may type `2026/12/8`. */
function dateOf(text: string): string | undefined {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) return undefined;
  return at.toISOString().slice(0, 10);
}

/** `14:00`, `9:30`, `14：00`, Feishu's `14:00 +0800`: minutes after midnight. */
function minutesOf(text: string): number | undefined {
  const m = /^(\d{1,2})[:：](\d{2})/.exec(text.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** "¥800", "800.5", "800元": minor units, or undefined for anything else. */
function amountOf(text: string): number | undefined {
  const m = /^[¥￥]?\s*(\d{1,9})(?:\.(\d{1,2}))?\s*(?:元|yuan|cny|rmb)?$/i.exec(text.replace(/,/g, '').trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : undefined;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** What was typed, as the form shows it again: a date or time as its picker takes it (`2026-12-08`, `14:00`). */
function shownAgain(v: Values): Record<string, string> {
  const out: Record<string, string> = { ...v };
  const date = v.date ? dateOf(v.date) : undefined;
  if (date) out.date = date;
  for (const f of ['startTime', 'endTime'] as const) {
    const m = v[f] ? minutesOf(v[f]) : undefined;
    if (m !== undefined) out[f] = hhmm(m);
  }
  return out;
}

const split = (text: string | undefined): string[] => (text ?? '').split(/[,，、;；\n]+/).map((s) => s.trim()).filter(Boolean);
const LEVELS: Readonly<Record<string, VisitorLevel>> = { vip: 'vip', 贵宾: 'vip', '贵宾（vip）': 'vip', standard: 'standard', 普通: 'standard' };
/** The reception types a resource brings with it (what the standards price). */
const TYPE_OF: Partial<Record<VisitResource, ReceptionType>> = { meal: 'meal', lodging: 'lodging', car: 'transport' };

/**
 * Reads a submitted form into the registration `registerVisit` takes, or the first field at fault. Dates and times are
 * the organisation's (`timeZone`); companions are colleagues named (or given by id); the estimate is the amount given,
 * split over the chosen types, else the standards' for the party.
 */
async function readForm(tx: Executor, o: { orgId: string; employeeId: string; formId: string; lang: Lang; now: Date; timeZone: string }, v: Values, sites: readonly SiteRow[]): Promise<Read> {
  const { lang } = o;
  for (const f of ['visitors', 'company', 'purpose', 'date', 'startTime', 'endTime'] as const) if (!v[f]) return refuse(f, VISIT_FORM_TEXTS.missing[lang]);
  const names = split(v.visitors);
  if (names.length === 0) return refuse('visitors', VISIT_FORM_TEXTS.missing[lang]);
  if (names.length > 50) return refuse('visitors', VISIT_FORM_TEXTS.tooMany[lang]);
  let mobile: string | undefined;
  if (v.mobile) {
    const checked = checkedMobile(v.mobile);
    if (!checked.ok) return refuse('mobile', invalidFormMobile(lang, checked.masked));
    mobile = checked.mobile;
  }
  const idNumber = v.idNumber?.replace(/\s/g, '').toUpperCase();
  if (idNumber && !isResidentIdNumber(idNumber)) return refuse('idNumber', VISIT_FORM_TEXTS.idNumber[lang]);
  const level = LEVELS[(v.level ?? 'standard').toLowerCase()];
  if (!level) return refuse('level', VISIT_FORM_TEXTS.level[lang]);
  const date = dateOf(v.date!);
  if (!date) return refuse('date', VISIT_FORM_TEXTS.date[lang]);
  const from = minutesOf(v.startTime!);
  if (from === undefined) return refuse('startTime', VISIT_FORM_TEXTS.time[lang]);
  const to = minutesOf(v.endTime!);
  if (to === undefined) return refuse('endTime', VISIT_FORM_TEXTS.time[lang]);
  const midnight = zonedMidnight(date, o.timeZone).getTime();
  const start = new Date(midnight + from * 60_000);
  const end = new Date(midnight + to * 60_000);
  if (start.getTime() <= o.now.getTime()) return refuse('startTime', formTimePassed(lang, formatDateTime(start.toISOString(), lang, o.timeZone)));
  if (end.getTime() <= start.getTime()) return refuse('endTime', VISIT_FORM_TEXTS.endBeforeStart[lang]);
  const site = sites.length === 1 ? sites[0] : sites.find((s) => s.id === v.site);
  if (!site) return refuse('site', v.site ? VISIT_FORM_TEXTS.site[lang] : VISIT_FORM_TEXTS.missing[lang]);
  const companions: string[] = [];
  for (const name of split(v.companions)) {
    const byId = await getEmployee(tx, o.orgId, name);
    const found = byId?.active ? [byId] : await activeEmployeesNamed(tx, o.orgId, name);
    if (found.length === 0) return refuse('companions', unknownCompanion(lang, name));
    if (found.length > 1) return refuse('companions', ambiguousCompanion(lang, name));
    if (found[0]!.id !== o.employeeId && !companions.includes(found[0]!.id)) companions.push(found[0]!.id);
  }
  const resources = split(v.resources);
  if (resources.some((r) => !(VISIT_RESOURCES as readonly string[]).includes(r))) return refuse('resources', VISIT_FORM_TEXTS.resources[lang]);
  const chosen = VISIT_RESOURCES.filter((r) => resources.includes(r));
  const amount = v.estimate ? amountOf(v.estimate) : undefined;
  if (v.estimate && amount === undefined) return refuse('estimate', VISIT_FORM_TEXTS.estimate[lang]);
  const types = chosen.flatMap((r) => (TYPE_OF[r] ? [TYPE_OF[r]] : []));
  const people = names.length + 1 + companions.length;
  const standards = DEFAULT_RECEPTION_STANDARDS;
  const estimate = amount === undefined ? estimateFromStandards(standards, types, level, people) : splitEstimate(standards, types, level, people, amount);
  const visitors = names.map((name, i) => ({
    name: name.slice(0, 60),
    company: v.company!.slice(0, 120),
    ...(v.title ? { title: v.title.slice(0, 60) } : {}),
    ...(i === 0 && mobile ? { mobile } : {}),
    ...(i === 0 && idNumber ? { idNumber } : {}),
  }));
  const registration = {
    hostId: o.employeeId, companions, siteId: site.id, visitors, level, purpose: v.purpose!.slice(0, 200),
    start: start.toISOString(), end: end.toISOString(), resources: chosen, estimate, estimateBasis: amount === undefined ? 'standard' : 'given',
    clientRef: clientRefOf(o.formId),
  };
  return { ok: true, registration, start };
}

/** The form field a refusal of `registerVisit` is about, when the form shows it. */
function fieldOfError(e: DomainError, shown: readonly string[]): VisitFormField | undefined {
  const f = typeof e.details?.field === 'string' ? e.details.field : '';
  const sub = /^visitors\.\d+\.(\w+)$/.exec(f)?.[1];
  const named: Readonly<Record<string, VisitFormField>> = { start: 'startTime', end: 'endTime', siteId: 'site', companions: 'companions', purpose: 'purpose', level: 'level', resources: 'resources', hostId: 'visitors' };
  const field = sub === 'mobile' || sub === 'idNumber' || sub === 'company' || sub === 'title' ? sub : f.startsWith('visitors') ? 'visitors' : f.startsWith('estimate') ? 'estimate' : named[f];
  return field && shown.includes(field) ? field : undefined;
}

const toast = (type: CardActionAnswer['toast']['type'], text: string): CardActionAnswer => ({ toast: { type, text } });

/** Closes every copy of the form (registered as `number`), returning the clicker's copy for the answer. */
function closeForm(tx: Executor, deps: Pick<ReceptionDeps, 'ids'>, a: InboundCardAction, formId: string, number: string, now: Date): Promise<CardView | undefined> {
  return closeCard<VisitFormCardView>(tx, deps, a, cardKeyOf(formId), (v) => ({ kind: 'visit_form', value: v.value, sites: v.sites, closed: { status: 'submitted', at: now.toISOString(), number } }), now);
}

/**
 * The visit form submitted (claims already verified: this organisation, this employee). Registered: the form closes
 * and the approval card goes to the approver. Refused: the form comes back with what was typed and why. Already
 * registered from this form: nothing more is registered.
 */
export async function visitFormAction(deps: ReceptionDeps, a: InboundCardAction, c: ActionClaims): Promise<CardActionAnswer> {
  if (c.kind !== 'visit_form' || c.action !== 'submit') return toast('error', T.invalidButton[a.lang]);
  const now = deps.clock.now();
  const done = await findRequestByClientRef(deps.db, a.orgId, clientRefOf(c.id));
  if (done) {
    const text = fill(VISIT_FORM_TEXTS.already[a.lang], { number: done.number });
    // The clicker's copy already closed is shown as it is; nothing is sent again.
    const mine = await getCard(deps.db, a.orgId, cardKeyOf(c.id), a.channel, a.employeeId);
    if (mine && (mine.view as VisitFormCardView).closed) return { toast: { type: 'info', text }, view: mine.view as CardView };
    return closedAnswer(deps, a, c.id, done.number, 'info', text);
  }
  const values = visitFormValuesOf(a.form ?? {});
  const [sites, timeZone] = await Promise.all([listSites(deps.db, a.orgId), orgTimeZone(deps.db, a.orgId)]);
  if (sites.length === 0) return toast('warning', VISIT_TEXTS.noSite[a.lang]);
  const view = formView(a.value, sites);
  const shown = view.sites.length > 1 ? VISIT_FORM_FIELDS : VISIT_FORM_FIELDS.filter((f) => f !== 'site');
  const refused = (field: VisitFormField | undefined, text: string): CardActionAnswer => ({
    toast: { type: 'warning', text },
    formProblem: { ...(field ? { field } : {}), text },
    view: { ...view, refill: { values: shownAgain(values), problem: text } },
    timeZone,
  });
  const read = await readForm(deps.db, { orgId: a.orgId, employeeId: a.employeeId, formId: c.id, lang: a.lang, now, timeZone }, values, sites);
  if (!read.ok) return refused(read.field, formProblem(a.lang, read.field, read.why));
  const r = await registerVisit(deps, a.orgId, employeeActor(a.employeeId), read.registration);
  if (!r.ok) {
    const field = fieldOfError(r.error, shown);
    return refused(field, formProblem(a.lang, field, errorReply(a.lang, r.error)));
  }
  const number = r.value.submitted.request.number;
  const text = r.value.submitted.replayed ? fill(VISIT_FORM_TEXTS.already[a.lang], { number }) : fill(VISIT_FORM_TEXTS.received[a.lang], { number });
  return closedAnswer(deps, a, c.id, number, r.value.submitted.replayed ? 'info' : 'success', text);
}

async function closedAnswer(deps: ReceptionDeps, a: InboundCardAction, formId: string, number: string, type: CardActionAnswer['toast']['type'], text: string): Promise<CardActionAnswer> {
  const closed = await command(deps.db, async (tx) => ok(await closeForm(tx, deps, a, formId, number, deps.clock.now())));
  return { toast: { type, text }, ...(closed.ok && closed.value ? { view: closed.value } : {}) };
}

/** The form offered beside the first question of a visit sentence too incomplete to go on with (nothing without sites). */
export async function visitFormOffer(tx: Executor, deps: Pick<ReceptionDeps, 'ids' | 'box'>, to: Recipient, lang: Lang, now: Date): Promise<Outgoing[]> {
  const card = await visitFormCard(tx, deps, to, now);
  return card ? [{ text: VISIT_FORM_TEXTS.offer[lang] }, card] : [];
}
