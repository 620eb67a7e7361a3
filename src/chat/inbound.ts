// The one inbound pipeline every platform uses. A platform adapter (src/channels/<platform>.ts) verifies and
// normalises with bots/<platform>; everything after that is here and platform-neutral:
//   route the tenant → resolve the sender (database only) → unknown: answer through the outbox and hand auto-linking
//   to the outbox (chat.link) → known: handle (deduplicated by event id) → kick the outbox.
// Nothing on this path calls a platform API, so a platform callback is answered in the time of a few queries whatever
// the platform does; replies, card updates and lookups happen in the outbox.
import type { InboundCardClick, InboundChatMessage, InboundFormRequest, InboundFormSubmit, PlatformName } from '../../bots/chat/inbound.js';
import { getDraft } from '../../db/repos/chat.js';
import { enqueue } from '../../db/repos/outbox.js';
import { claimInbound } from '../../db/repos/processed.js';
import type { Draft } from '../../domain/conversation/index.js';
import type { Employee, IdentityKind } from '../../domain/org/index.js';
import { ok } from '../../domain/shared/index.js';
import type { Logger } from '../log.js';
import { command } from '../usecases/unit-of-work.js';
import { DEFAULT_TIME_ZONE, orgTimeZone } from '../usecases/org-time.js';
import type { CardView, RenderOptions } from '../../cards/view-model.js';
import { verifyAction } from './action-token.js';
import { linkedEmployee, type PlatformIdentity } from './auto-link.js';
import { deliver } from './deliver.js';
import { handleCardAction, type CardActionAnswer } from './handle-card-action.js';
import { handleMessage, reviseDraft, type ChatDeps } from './handle-message.js';
import { TOPIC_CHAT_LINK, type LinkPayload } from './link-handler.js';
import { languageOf, T, type Lang } from './texts.js';
import { routeInbound } from './tenant-route.js';
import { carriedText, payeeFormValue } from './payee-chat.js';
import { visitFormViewOf } from './visit-form.js';
import { acceptReceiptFile, DEFAULT_RECEIPT_MAX_BYTES } from './receipt-chat.js';
import { draftSummary } from './views.js';

export interface InboundDeps extends ChatDeps {
  log: Logger;
  kickOutbox?: () => void;
  /**
   * The organisation of a single-company install (FEISHU_ORG, DINGTALK_ORG, SLACK_ORG): used while the platform has no
   * tenant registered. With tenants registered, each event goes to the organisation of its tenant.
   */
  orgId: string;
  /** Whether this platform can look unknown senders up by email/mobile (then chat.link tries before answering). */
  autoLink?: boolean;
}

interface Sender {
  orgId: string;
  tenant: string;
  identity: PlatformIdentity;
  found: Awaited<ReturnType<typeof linkedEmployee>>;
  via: string;
}

/** Routes the event's tenant and looks its sender up; `undefined` for a tenant no organisation registered. */
async function senderOf(deps: InboundDeps, e: { platform: PlatformName; tenant?: string; tenantParent?: string; user: { kind: string; id: string } }): Promise<Sender | undefined> {
  const route = await routeInbound(deps, e.platform, [e.tenant, e.tenantParent], deps.orgId);
  if (!route) return undefined;
  const identity: PlatformIdentity = { orgId: route.orgId, platform: e.platform, tenant: route.tenant, kind: e.user.kind as IdentityKind, userId: e.user.id };
  return { orgId: route.orgId, tenant: route.tenant, identity, found: await linkedEmployee(deps.db, identity), via: `${e.platform}:${route.tenant}:${e.user.id}` };
}

const langOf = (text: string, employee?: Employee): Lang => languageOf(text, employee?.locale.startsWith('en') ? 'en' : 'zh');

/**
 * Someone we do not know: once per event, either hand the event to chat.link (the platform can look them up; the
 * link job then runs the message or says how to get linked) or say at once, through the outbox, how to get linked.
 */
async function answerUnknown(deps: InboundDeps, s: Sender, e: { platform: PlatformName; eventId: string; replyTo: string }, text: string, message?: InboundChatMessage): Promise<void> {
  const lang = languageOf(text, 'zh');
  const link = deps.autoLink && s.found.state === 'unknown';
  await command(deps.db, async (tx) => {
    if (!(await claimInbound(tx, `link:${e.platform}`, e.eventId, s.orgId)).first) return ok(undefined);
    if (link) {
      const payload: LinkPayload = { identity: s.identity, replyTo: e.replyTo, lang, ...(message ? { message: { chatId: message.chatId, textSealed: deps.box.encrypt(carriedText(message.text, lang)), eventId: message.eventId } } : {}) };
      await enqueue(tx, [{ orgId: s.orgId, topic: TOPIC_CHAT_LINK, key: `link:${e.platform}:${s.orgId}:${e.eventId}`, payload }]);
    } else if (message) {
      await deliver(tx, deps.ids, { orgId: s.orgId, channel: e.platform, employeeId: '', address: e.replyTo, locale: lang }, { text: T.unknownUser[lang] }, deps.clock.now());
    }
    return ok(undefined);
  });
}

/** A message: run the chat for a known sender; otherwise answer (or try to link) through the outbox. */
export async function receiveMessage(deps: InboundDeps, m: InboundChatMessage): Promise<void> {
  const s = await senderOf(deps, m);
  if (!s) return;
  if (s.found.state === 'linked' && m.attachment) {
    // A receipt sent as a photo or file: acknowledged now, fetched from the platform by the outbox.
    const employee = s.found.employee;
    await acceptReceiptFile(deps, { orgId: s.orgId, platform: m.platform, ...(s.tenant ? { tenant: s.tenant } : {}), employeeId: employee.id, address: m.replyTo, lang: langOf(m.text, employee), attachment: m.attachment }, deps.config?.RECEIPT_MAX_BYTES ?? DEFAULT_RECEIPT_MAX_BYTES);
  } else if (s.found.state === 'linked') {
    await handleMessage(deps, { orgId: s.orgId, channel: m.platform, chatId: m.chatId, address: m.replyTo, employeeId: s.found.employee.id, eventId: m.eventId, text: m.text, via: s.via });
  } else await answerUnknown(deps, s, m, m.text, m);
  deps.kickOutbox?.();
}

export interface ClickAnswer extends CardActionAnswer {
  /** The language the answer is in, and the organisation (for rendering the card in its time zone). */
  lang: Lang;
  orgId?: string;
}

/**
 * A card click: the toast (and, for drafts, the card as it now stands) for the platform's answer. Approvals update
 * every copy through the outbox, except, with `answerReplacesCard` (Feishu replaces the clicked card with the one in
 * the answer), the clicker's own copy, which the answer carries. `toastsAsMessages`: the platform cannot show a toast
 * (Slack), so a refusal or warning is sent to the clicker as a message instead (a success shows on the updated card).
 */
export async function receiveClick(deps: InboundDeps, c: InboundCardClick, o: { toastsAsMessages?: boolean; answerReplacesCard?: boolean } = {}): Promise<ClickAnswer | undefined> {
  const s = await senderOf(deps, c);
  if (!s) return undefined;
  if (s.found.state !== 'linked') {
    const lang = langOf(c.reason ?? '');
    // The click itself cannot be carried out for someone unknown; linking them now makes the next one work.
    await answerUnknown(deps, s, c, c.reason ?? '');
    if (o.toastsAsMessages) await tell(deps, s.orgId, c, T.unknownUser[lang], lang);
    deps.kickOutbox?.();
    return { toast: { type: 'warning', text: T.unknownUser[lang] }, lang };
  }
  const lang = langOf(c.reason ?? '', s.found.employee);
  // The signed value names the organisation of the card: a click routed to another organisation is refused there.
  const answer = await handleCardAction(deps, { orgId: s.orgId, channel: c.platform, via: s.via, employeeId: s.found.employee.id, address: c.replyTo, eventId: c.eventId, value: c.value, ...(c.reason ? { reason: c.reason } : {}), ...(c.form ? { form: c.form } : {}), ...(o.answerReplacesCard && c.messageId ? { answerReplaces: { messageId: c.messageId } } : {}), lang });
  if (o.toastsAsMessages && answer.toast.type !== 'success') await tell(deps, s.orgId, c, answer.toast.text, lang);
  deps.kickOutbox?.();
  return { ...answer, lang, orgId: s.orgId };
}

/**
 * How to draw the card a platform shows in its click answer: in the answer's language, and in the organisation's time
 * zone when there is a card to draw (the zone is read only then).
 */
export async function clickRenderOptions(deps: Pick<InboundDeps, 'db'>, answer: ClickAnswer | undefined): Promise<RenderOptions> {
  if (answer?.view && answer.timeZone) return { locale: answer.lang, timeZone: answer.timeZone };
  return { locale: answer?.lang ?? 'zh', timeZone: answer?.view && answer.orgId ? await orgTimeZone(deps.db, answer.orgId) : DEFAULT_TIME_ZONE };
}

/** A short text to the clicker through the outbox, once per event. */
async function tell(deps: InboundDeps, orgId: string, e: { platform: PlatformName; eventId: string; replyTo: string }, text: string, lang: Lang): Promise<void> {
  await command(deps.db, async (tx) => {
    if ((await claimInbound(tx, `tell:${e.platform}`, e.eventId, orgId)).first)
      await deliver(tx, deps.ids, { orgId, channel: e.platform, employeeId: '', address: e.replyTo, locale: lang }, { text }, deps.clock.now());
    return ok(undefined);
  });
}

/**
 * What the platform should ask in its form: a reason, what to change in a draft (with the draft as it stands), or the
 * payout account (to set, or to change after a returned payment).
 */
export interface FormToOpen {
  form: 'reason' | 'change' | 'payee' | 'visit';
  /** The form itself, when it is a card's form built from the organisation's data (the visit form and its sites). */
  view?: CardView;
  purpose?: 'set' | 'change';
  /** For a reason: the action it is for (the form's title says which). */
  action?: 'reject' | 'return';
  value: string;
  lang: Lang;
  summary?: string;
  orgId: string;
}

/** A click that needs typed input first (Slack): which form to open, or `undefined` (the clicker was told why). */
export async function receiveFormRequest(deps: InboundDeps, r: InboundFormRequest): Promise<FormToOpen | undefined> {
  const s = await senderOf(deps, r);
  if (!s) return undefined;
  if (s.found.state !== 'linked') {
    await answerUnknown(deps, s, r, '');
    await tell(deps, s.orgId, r, T.unknownUser.zh, 'zh');
    deps.kickOutbox?.();
    return undefined;
  }
  const lang = langOf('', s.found.employee);
  const verified = verifyAction(deps.box, r.value, deps.clock.now());
  // A forged or expired value still opens the form: submitting it answers why it cannot be used.
  if (r.form === 'reason') return { form: 'reason', action: verified.ok && verified.claims.action === 'return' ? 'return' : 'reject', value: r.value, lang, orgId: s.orgId };
  if (r.form === 'payee') {
    const mine = verified.ok && verified.claims.org === s.orgId && verified.claims.to === s.found.employee.id ? verified.claims : undefined;
    // The form's own button carries its token; "change account" on a returned payment gets a fresh form token.
    const change = mine?.kind === 'returned';
    return { form: 'payee', purpose: change ? 'change' : 'set', value: change ? payeeFormValue(deps, s.orgId, s.found.employee.id, deps.clock.now()) : r.value, lang, orgId: s.orgId };
  }
  // The visit form with the organisation's sites as they are now; a forged value still opens it, as above.
  if (r.form === 'visit') return { form: 'visit', value: r.value, lang, orgId: s.orgId, view: await visitFormViewOf(deps.db, s.orgId, r.value) };
  const own = verified.ok && verified.claims.kind === 'draft' && verified.claims.org === s.orgId && verified.claims.to === s.found.employee.id;
  const draft = own ? await getDraft(deps.db, s.orgId, verified.claims.id) : undefined;
  return { form: 'change', value: r.value, lang, orgId: s.orgId, summary: draftSummary((draft?.draft ?? {}) as Draft, lang) };
}

/** A submitted form: `{}` when done (the form closes), or the problem to show on the form's field (`field`, if named). */
export async function receiveFormSubmit(deps: InboundDeps, f: InboundFormSubmit): Promise<{ problem?: string; field?: string }> {
  const s = await senderOf(deps, f);
  if (!s) return {};
  const lang = langOf(f.text, s.found.state === 'linked' ? s.found.employee : undefined);
  if (s.found.state !== 'linked') return { problem: T.unknownUser[lang] };
  const employee = s.found.employee;
  try {
    if (f.form === 'reason') {
      const answer = await handleCardAction(deps, { orgId: s.orgId, channel: f.platform, via: s.via, employeeId: employee.id, address: f.replyTo, eventId: f.eventId, value: f.value, reason: f.text, lang });
      return answer.toast.type === 'success' ? {} : { problem: answer.toast.text };
    }
    const verified = verifyAction(deps.box, f.value, deps.clock.now());
    if (f.form === 'payee' || f.form === 'visit') {
      if (!verified.ok || verified.claims.kind !== (f.form === 'payee' ? 'payee_form' : 'visit_form')) return { problem: T.invalidButton[lang] };
      const answer = await handleCardAction(deps, { orgId: s.orgId, channel: f.platform, via: s.via, employeeId: employee.id, address: f.replyTo, eventId: f.eventId, value: f.value, form: f.fields ?? {}, lang });
      // Done, or done before (the same form again: nothing to correct, the form closes).
      const done = answer.toast.type === 'success' || (answer.toast.type === 'info' && !answer.formProblem);
      return done ? {} : { problem: answer.toast.text, ...(answer.formProblem?.field ? { field: answer.formProblem.field } : {}) };
    }
    if (!verified.ok || verified.claims.kind !== 'draft' || verified.claims.org !== s.orgId || verified.claims.to !== employee.id) return { problem: T.invalidButton[lang] };
    const problem = await reviseDraft(deps, { orgId: s.orgId, channel: f.platform, via: s.via, employeeId: employee.id, address: f.replyTo, draftId: verified.claims.id, text: f.text, lang });
    return problem ? { problem } : {};
  } finally {
    deps.kickOutbox?.();
  }
}
