// A chat message from an employee: understand it, ask for what is missing, show a draft card, or answer a command.
import { actingVia } from '../../db/acting.js';
import type { Db, Executor } from '../../db/database.js';
import { findRequestByNumber, getRequest, listRequests } from '../../db/repos/approvals.js';
import { closeDraft, endConversation, getCard, getConversation, getDraft, insertDraft, openDrafts, saveConversation, updateDraftContent, writeConsole, type ConversationKey } from '../../db/repos/chat.js';
import { getEmployee } from '../../db/repos/org.js';
import { claimInbound } from '../../db/repos/processed.js';
import { cardRequestType, requestTypeLabel } from '../../cards/i18n.js';
import type { DraftCardView, RequestListView } from '../../cards/view-model.js';
import { parseRequestNumber } from '../../domain/approval/index.js';
import { draftFrom, draftProblems, mergeAnswer, missingFields, type Draft, type DraftIntent, type FieldKey } from '../../domain/conversation/index.js';
import type { ParseContext, ParsedRequest } from '../../domain/nlu/index.js';
import { cleanText, ok, type Clock, type IdGenerator, type Result } from '../../domain/shared/index.js';
import type { SecretBox } from '../secrets.js';
import { localDate, orgTimeZone } from '../usecases/org-time.js';
import { checkRequest, limitsOf, type SubmitConfig, type SubmitInput } from '../usecases/submit-request.js';
import { command } from '../usecases/unit-of-work.js';
import { actOnApproval } from '../usecases/act-on-approval.js';
import { claimDraft } from './claim-draft.js';
import { deliver, type Channel, type Outgoing, type Recipient } from './deliver.js';
import { actedOn, confirmQuestion, errorReply, languageOf, PROBLEMS, QUESTIONS, requestLabel, T, type Lang } from './texts.js';
import { budgetViewOf, draftCard, draftTitle, factsOf } from './views.js';
import { closeDraftCard } from './draft-cards.js';
import { keptText, payeeCommand, payeeCommandOf } from './payee-chat.js';
import { GATE_COMMAND, gateCommand } from './gate-command.js';
import { visitDraftTurn } from './visit-registration.js';
import { VISIT_FORM, visitFormCommand, visitFormOffer } from './visit-form.js';
import { maskMobiles, sealVisitPhone } from './visit-plan.js';

/**
 * Turns text into a parse; the rule-based parser, or a model with the rules as fallback. `hint` is the kind of request
 * an open conversation is about, so a bare answer ("周四", "36元") is read as part of it.
 */
export interface RequestParser {
  parse(text: string, ctx: ParseContext, hint?: DraftIntent): Promise<ChatParse>;
}

/** What the parser read, and the values it was unsure of (`trip.returnDate` → its guess): the chat confirms those. */
export interface ChatParse {
  request: ParsedRequest;
  guesses?: readonly { path: string; value: string }[];
}

export interface ChatDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  box: SecretBox;
  parser: RequestParser;
  /** Approving a trip books it when a travel supplier is configured. */
  config?: SubmitConfig & { TRAVEL_SUPPLIER_URL?: string | undefined; PAYEE_CHANGE_HOLD_HOURS?: number; PUBLIC_URL?: string | undefined; PORT?: number; RECEIPT_MAX_BYTES?: number };
}

/** A message after the channel adapter verified and normalised it, with the sender resolved to an employee. */
export interface InboundMessage {
  orgId: string;
  channel: Channel;
  /** The chat it came from (1:1 or group); replies go to `address`. */
  chatId: string;
  address: string;
  employeeId: string;
  /** The platform's id for the event: a retried delivery is processed once. */
  eventId: string;
  text: string;
  /** The credential audit rows name: the platform identity (`feishu:<tenant>:<open_id>`) or console session; defaults to channel:address. */
  via?: string;
}

/** An unanswered conversation is forgotten after this long. */
const CONVERSATION_TTL_MS = 30 * 60_000;

interface ConversationState {
  draft: Draft;
  asking?: FieldKey;
  /**
   * Values the parser read but was unsure of, by field: the bot names the one it asks about ("您是说 12月4日（周五）返回
   * 吗？") and a yes takes it. Kept only while the user says yes: any other answer may change what they rest on.
   */
  proposals?: Partial<Record<FieldKey, string>>;
  /** After Edit: what the user says replaces what the draft had. */
  editing?: boolean;
  /** The draft whose card shows "being edited": the new draft's card replaces it. */
  editingDraftId?: string;
}

const HELP = /^(帮助|幫助|help|\?|？|\/help)$/i;
const MY_REQUESTS = /^(我的申请|我的申請|my requests?|list|status)$/i;
const WITHDRAW = /^(撤回|withdraw)\s*(\S+)?$/i;
/** "报销" / "claim": gather the open expense lines into a reimbursement to submit. */
const CLAIM = /^(报销|報銷|我要报销|提交报销|claim|claim (my )?expenses|reimburse( me)?)$/i;
/** "说明：客户临时改期" / "reason: the client moved the meeting" — a justification for the open draft's warnings. */
const JUSTIFY = /^(说明|說明|理由|justification|reason)\s*[:：]\s*([\s\S]{2,2000})$/i;

/** Handles one message in one transaction; replies are delivered through `deliver`. A retried event changes nothing. */
export function handleMessage(deps: ChatDeps, m: InboundMessage): Promise<Result<{ replies: number }>> {
  return actingVia(m.via ?? `${m.channel}:${m.address}`, () => handleMessageAs(deps, { ...m, text: cleanText(m.text) }));
}

async function handleMessageAs(deps: ChatDeps, m: InboundMessage): Promise<Result<{ replies: number }>> {
  const [timeZone, employee] = await Promise.all([orgTimeZone(deps.db, m.orgId), getEmployee(deps.db, m.orgId, m.employeeId)]);
  const text = m.text.trim();
  const today = localDate(deps.clock.now(), timeZone);
  // A payout account is never given to the parser (nor to a model): it is read by its own rules.
  const payee = payeeCommandOf(text);
  const gate = GATE_COMMAND.exec(text);
  const visitForm = VISIT_FORM.test(text);
  const isCommand = HELP.test(text) || MY_REQUESTS.test(text) || WITHDRAW.test(text) || JUSTIFY.test(text) || CLAIM.test(text) || payee !== undefined || gate !== null || visitForm;
  // Parsing may call a model: do it before the transaction so no connection waits on the network. The open
  // conversation (read again inside the transaction) tells the parser what a bare answer belongs to.
  const open = (await getConversation(deps.db, { orgId: m.orgId, channel: m.channel, chatId: m.chatId, employeeId: m.employeeId }, deps.clock.now())) as ConversationState | undefined;
  const outcome: ChatParse = isCommand || text === '' ? { request: { intent: 'unknown' } } : await deps.parser.parse(text, { today, timeZone, ...(open?.draft.trip?.departDate ? { departDate: open.draft.trip.departDate } : {}) }, open?.draft.intent);
  const parsed = outcome.request;
  // Withdrawing acts on an approval in its own statement (keyed by the event, so a retry replays it); the reply follows.
  const withdrawal = WITHDRAW.test(text) ? await withdraw(deps, m, WITHDRAW.exec(text)![2]) : undefined;
  return command(deps.db, async (tx) => {
    const first = await claimInbound(tx, `chat:${m.channel}`, m.eventId, m.orgId);
    if (!first.first) return ok({ replies: 0 });
    const now = deps.clock.now();
    const lang: Lang = languageOf(text, employee?.locale.startsWith('en') ? 'en' : 'zh');
    const to: Recipient = { orgId: m.orgId, channel: m.channel, employeeId: m.employeeId, address: m.address, locale: lang };
    // The console keeps what was said; a typed account or mobile number only masked (尾号1234).
    if (m.channel === 'web') await writeConsole(tx, { orgId: m.orgId, employeeId: m.employeeId, direction: 'in', text: maskMobiles(keptText(text)), now });
    const replies =
      withdrawal ? [{ text: withdrawal[lang] }]
      : payee ? await payeeCommand(tx, deps, payee, { to, chatId: m.chatId, lang })
      : gate ? [await gateCommand(tx, deps, m.orgId, m.employeeId, lang, gate[1])]
      : visitForm ? await visitFormCommand(tx, deps, to, lang, now)
      : await respond(tx, deps, { m, text, parsed, guesses: outcome.guesses ?? [], lang, today, now, to, name: employee?.name ?? m.employeeId });
    for (const r of replies) await deliver(tx, deps.ids, to, r, now);
    return ok({ replies: replies.length });
  });
}

interface Turn {
  m: InboundMessage;
  text: string;
  parsed: ParsedRequest;
  /** Values the parser read but was unsure of: asked back before they are used. */
  guesses?: readonly { path: string; value: string }[];
  lang: Lang;
  today: string;
  now: Date;
  to: Recipient;
  name: string;
}

async function respond(tx: Executor, deps: ChatDeps, t: Turn): Promise<Outgoing[]> {
  const { m, text, parsed, lang } = t;
  if (HELP.test(text)) return [{ text: T.help[lang] }];
  if (MY_REQUESTS.test(text) || (parsed.intent === 'status' && !draftFrom(parsed))) return [await myRequests(tx, m.orgId, m.employeeId, lang, m.eventId)];
  if (JUSTIFY.test(text)) return justify(tx, deps, t, JUSTIFY.exec(text)![2]!.trim());
  if (CLAIM.test(text)) return claimDraft(tx, deps, { ...t.to, chatId: m.chatId, name: t.name }, lang, t.now);

  const key: ConversationKey = { orgId: m.orgId, channel: m.channel, chatId: m.chatId, employeeId: m.employeeId };
  const state = (await getConversation(tx, key, t.now)) as ConversationState | undefined;
  const fresh = draftFrom(parsed);
  let draft: Draft;
  // "是" / "yes" to "您是说 12月4日（周五）返回吗？" takes the proposed value.
  const confirmed = state?.asking !== undefined && state.proposals?.[state.asking] !== undefined && YES.test(text);
  if (confirmed) draft = withField(state!.draft, state!.asking!, state!.proposals![state!.asking!]!);
  // A new, self-contained request replaces a half-finished one; anything else answers the open question.
  else if (fresh && (!state || fresh.intent !== state.draft.intent || (missingFields(fresh).length < missingFields(state.draft).length && !answersOnly(fresh, state.draft))) && !state?.editing) draft = fresh;
  else if (state) draft = mergeAnswer(state.draft, parsed, state.asking, state.editing === true);
  else return [{ text: T.notUnderstood[lang] }];

  const problems = draftProblems(draft, t.today);
  if (problems.length > 0) {
    const problem = problems[0]!;
    const cleared = clearFor(draft, problem);
    await saveConversation(tx, key, { draft: sealVisitPhone(cleared.draft, deps.box), asking: cleared.asking } satisfies ConversationState, new Date(t.now.getTime() + CONVERSATION_TTL_MS), t.now);
    return [{ text: PROBLEMS[problem][lang] }];
  }
  const missing = missingFields(draft);
  if (missing.length > 0) {
    // A value the parser read but was not sure of is named back, to confirm with one word.
    const proposals: Partial<Record<FieldKey, string>> = { ...(confirmed ? state?.proposals : {}) };
    for (const g of t.guesses ?? []) if (missing.includes(g.path as FieldKey)) proposals[g.path as FieldKey] = g.value;
    const proposed = proposals[missing[0]!];
    const kept = Object.keys(proposals).length > 0 ? { proposals } : {};
    await saveConversation(tx, key, { draft: sealVisitPhone(draft, deps.box), asking: missing[0], ...kept } satisfies ConversationState, new Date(t.now.getTime() + CONVERSATION_TTL_MS), t.now);
    if (proposed !== undefined) return [{ text: confirmQuestion(missing[0]!, proposed, lang) }];
    const question = { text: QUESTIONS[missing[0]!][lang] };
    // A visit that leaves most of it to ask (not even who comes, nor when): the form is offered beside the question.
    const sparse = draft.intent === 'visit' && missing.includes('visit.visitorName') && missing.length >= 2;
    return sparse ? [question, ...(await visitFormOffer(tx, deps, t.to, lang, t.now))] : [question];
  }
  await endConversation(tx, key);
  return showDraft(tx, deps, t, draft, state?.editing ? state.editingDraftId : undefined);
}

/**
 * A follow-up that gives only what the open draft lacks ("明天下午两点" to "哪天来访？") answers it, even when it is more
 * complete than the draft: it does not start a new request.
 */
function answersOnly(fresh: Draft, open: Draft): boolean {
  if (fresh.intent !== open.intent) return false;
  const missing = missingFields(fresh);
  const given = missingFields({ intent: fresh.intent }).filter((k) => !missing.includes(k));
  const lacking = missingFields(open);
  return given.length > 0 && given.every((k) => lacking.includes(k));
}

/**
 * "撤回 req_…" withdraws that request; "撤回" alone withdraws the employee's newest pending one. Returns the reply in
 * both languages.
 */
async function withdraw(deps: ChatDeps, m: InboundMessage, ref?: string): Promise<Record<Lang, string>> {
  // "撤回 TR-0042" (any spelling of a number), or the id itself.
  const number = ref ? parseRequestNumber(ref) : undefined;
  const found = number ? await findRequestByNumber(deps.db, m.orgId, number) : ref ? await getRequest(deps.db, m.orgId, ref) : (await listRequests(deps.db, m.orgId, { submitterId: m.employeeId, status: 'pending', limit: 1 }))[0];
  // Someone else's request is "not found" to this employee, as on the API.
  const target = found && found.submitterId === m.employeeId ? found : undefined;
  if (!target?.approvalId) return ref ? T.noSuchRequest : T.withdrawWhich;
  const r = await actOnApproval(deps, m.orgId, target.approvalId, m.employeeId, { type: 'withdraw' }, `chat:${m.channel}:${m.eventId}`);
  const label = (lang: Lang) => requestLabel(lang, { kind: requestTypeLabel(target.type, lang), number: target.number });
  if (r.ok) return { zh: actedOn('zh', 'withdraw', label('zh')), en: actedOn('en', 'withdraw', label('en')) };
  return { zh: errorReply('zh', r.error), en: errorReply('en', r.error) };
}

/**
 * Edit from a form (Slack's edit modal): `text` says what to change, read with the draft as context. The old draft
 * card closes and a new one replaces it. Returns a problem to show next to the field, or undefined when done.
 */
export async function reviseDraft(
  deps: ChatDeps,
  o: { orgId: string; channel: Channel; employeeId: string; address: string; draftId: string; text: string; lang: Lang; via?: string },
): Promise<string | undefined> {
  return actingVia(o.via ?? `${o.channel}:${o.address}`, () => reviseDraftAs(deps, { ...o, text: cleanText(o.text) }));
}

async function reviseDraftAs(
  deps: ChatDeps,
  o: { orgId: string; channel: Channel; employeeId: string; address: string; draftId: string; text: string; lang: Lang; via?: string },
): Promise<string | undefined> {
  const row = await getDraft(deps.db, o.orgId, o.draftId);
  if (!row || row.employeeId !== o.employeeId || row.status !== 'open') return T.draftClosed[o.lang];
  const old = row.draft as Draft;
  const timeZone = await orgTimeZone(deps.db, o.orgId);
  const today = localDate(deps.clock.now(), timeZone);
  const { request: parsed } = await deps.parser.parse(o.text, { today, timeZone, ...(old.trip?.departDate ? { departDate: old.trip.departDate } : {}) }, old.intent);
  const draft = mergeAnswer(old, parsed, undefined, true);
  const problem = draftProblems(draft, today)[0];
  if (problem) return PROBLEMS[problem][o.lang];
  const missing = missingFields(draft)[0];
  if (missing) return QUESTIONS[missing][o.lang];
  const employee = await getEmployee(deps.db, o.orgId, o.employeeId);
  const now = deps.clock.now();
  const to: Recipient = { orgId: o.orgId, channel: o.channel, employeeId: o.employeeId, address: o.address, locale: o.lang };
  const r = await command(deps.db, async (tx) => {
    if (!(await closeDraft(tx, o.orgId, row.id, 'cancelled', null, now))) return ok(T.draftClosed[o.lang]);
    const replies = await showDraft(tx, deps, { m: { orgId: o.orgId, channel: o.channel, chatId: row.chatId, address: o.address, employeeId: o.employeeId, eventId: row.id, text: o.text }, text: o.text, parsed, lang: o.lang, today, now, to, name: employee?.name ?? o.employeeId }, draft, row.id);
    for (const reply of replies) await deliver(tx, deps.ids, to, reply, now);
    return ok(undefined);
  });
  return r.ok ? r.value : errorReply(o.lang, r.error);
}

/** A yes to a confirmation question, in Chinese (simplified, traditional, Cantonese) or English. */
const YES = /^\s*(?:是|是的|是啊|对|對|对的|對的|对呀|没错|沒錯|嗯|嗯嗯|好|好的|可以|行|确认|確認|係|係呀|啱|啱呀|冇錯|yes|yeah|yep|yup|y|ok|okay|correct|right|that's right|sure|confirm(?:ed)?)\s*[.!！。]*\s*$/i;

/** The draft with one field set from a confirmed guess. */
function withField(d: Draft, key: FieldKey, value: string): Draft {
  const [section, field] = key.split('.') as [DraftIntent, string];
  return { ...d, [section]: { ...((d[section] as Record<string, unknown> | undefined) ?? {}), [field]: value } } as Draft;
}

/** Drops the field a problem is about, so the next answer replaces it. */
function clearFor(d: Draft, problem: keyof typeof PROBLEMS): { draft: Draft; asking: FieldKey } {
  if (problem === 'RETURN_BEFORE_DEPARTURE') return { draft: { ...d, trip: { ...d.trip, returnDate: undefined } }, asking: 'trip.returnDate' };
  if (problem === 'EXPENSE_IN_FUTURE') return { draft: { ...d, expense: { ...d.expense!, date: undefined } }, asking: 'expense.date' };
  return { draft: { ...d, visit: { ...d.visit, visitDate: undefined } }, asking: 'visit.visitDate' };
}

/**
 * Attaches a justification to the newest open draft in this chat and redraws its card (every copy, in place), so the
 * approver sees why the employee asks despite the warnings.
 */
async function justify(tx: Executor, deps: ChatDeps, t: Turn, reason: string): Promise<Outgoing[]> {
  const draft = (await openDrafts(tx, t.m.orgId, t.m.employeeId)).find((d) => d.channel === t.m.channel && d.chatId === t.m.chatId);
  if (!draft) return [{ text: T.nothingToJustify[t.lang] }];
  const content = { ...(draft.draft as Draft & { justification?: string }), justification: reason };
  if (!(await updateDraftContent(tx, t.m.orgId, draft.id, content, t.now))) return [{ text: T.nothingToJustify[t.lang] }];
  const card = await getCard(tx, t.m.orgId, `draft:${draft.id}`, t.m.channel, t.m.employeeId);
  const out: Outgoing[] = [{ text: T.justified[t.lang] }];
  if (card) out.unshift({ cardKey: card.cardKey, view: { ...(card.view as DraftCardView), justification: reason } });
  return out;
}

/** The submission a draft turns into (also what the draft card previews). */
export function submissionOf(d: Draft & { justification?: string }, employeeId: string, title: string, draftId: string): SubmitInput {
  const amount = d.expense?.amount ?? d.trip?.estimatedAmount;
  return {
    ...(d.justification ? { justification: d.justification } : {}),
    type: d.intent,
    submitterId: employeeId,
    title,
    ...(amount ? { amount } : {}),
    ...(d.expense ? { category: d.expense.category } : {}),
    details: { ...(d.trip ? { trip: d.trip } : {}), ...(d.expense ? { expense: d.expense, date: d.expense.date } : {}), ...(d.visit ? { visit: d.visit } : {}), source: 'chat' },
    clientRef: `chat-draft:${draftId}`,
  };
}

/**
 * Shows a new draft card for `draft`. `replaces` is the draft being edited: its card (still saying "being edited")
 * now says it was replaced, in the same transaction.
 */
async function showDraft(tx: Executor, deps: ChatDeps, t: Turn, draft: Draft, replaces?: string): Promise<Outgoing[]> {
  // A visit asks what only the organisation knows (site, the visitor's mobile) and registers through its own use case.
  if (draft.intent === 'visit') return visitDraftTurn(tx, deps, t, draft, replaces);
  const draftId = deps.ids.next('drf');
  const facts = factsOf(draftId, draft, t.name);
  const checked = await checkRequest(tx, deps.clock, t.m.orgId, submissionOf(draft, t.m.employeeId, draftTitle(draft, t.lang), draftId), limitsOf(deps.config));
  if (!checked.ok) return [{ text: errorReply(t.lang, checked.error) }];
  await insertDraft(tx, { id: draftId, orgId: t.m.orgId, employeeId: t.m.employeeId, channel: t.m.channel, chatId: t.m.chatId, draft, locale: t.lang, createdAt: t.now, updatedAt: t.now });
  const budget = budgetViewOf(checked.value.budget, draft.intent);
  const view = draftCard(deps.box, t.now, {
    orgId: t.m.orgId,
    draftId,
    employeeId: t.m.employeeId,
    facts,
    violations: checked.value.violations,
    ...(budget ? { budget } : {}),
  });
  const hint = checked.value.violations.some((v) => v.severity === 'warn') ? [{ text: T.justifyHint[t.lang] }] : [];
  if (replaces) await closeDraftCard(tx, deps, t.to, replaces, { status: 'replaced', at: t.now.toISOString() });
  return [{ text: T.draftReady[t.lang] }, { cardKey: `draft:${draftId}`, view }, ...hint];
}

async function myRequests(tx: Executor, orgId: string, employeeId: string, lang: Lang, eventId: string): Promise<Outgoing> {
  const rows = await listRequests(tx, orgId, { submitterId: employeeId, limit: 10 });
  if (rows.length === 0) return { text: T.noRequests[lang] };
  const view: RequestListView = {
    kind: 'list',
    items: rows.map((r) => ({
      requestId: r.id,
      number: r.number,
      type: cardRequestType(r.type),
      title: r.title,
      status: r.status as RequestListView['items'][number]['status'],
      ...(r.amountMinor !== null && r.currency ? { amount: { minor: r.amountMinor, currency: r.currency } } : {}),
      at: r.createdAt.toISOString(),
    })),
  };
  return { cardKey: `list:${eventId}`, view };
}
