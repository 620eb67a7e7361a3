// Slack payloads → platform-neutral inbound (bots/chat/inbound.ts). Pure. Every payload is parsed with zod; a table
// maps each kind (Events API event types, interactivity types, slash commands) to its normaliser, and anything else
// falls through to `ignored` with the reason, so an unexpected payload is acknowledged and logged, never cast.
import { z } from 'zod';
import type { Inbound, InboundAttachment, InboundChatMessage } from '../chat/inbound.js';

/** Slack ids of the workspace an event came from: team first, then the Enterprise Grid org. */
const idOf = z.object({ id: z.string().min(1) }).nullish();

const MessageEvent = z.object({
  type: z.literal('message'),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  text: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  files: z.array(z.looseObject({ id: z.string().min(1), name: z.string().optional(), mimetype: z.string().optional(), size: z.number().int().nonnegative().optional(), url_private_download: z.string().optional(), url_private: z.string().optional() })).optional(),
});
const MentionEvent = z.object({ type: z.literal('app_mention'), channel: z.string().min(1), user: z.string().optional(), text: z.string().optional(), bot_id: z.string().optional() });

const EventCallback = z.object({
  type: z.literal('event_callback'),
  event_id: z.string().min(1),
  team_id: z.string().optional(),
  enterprise_id: z.string().nullish(),
  event: z.looseObject({ type: z.string() }),
});

const BlockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: idOf,
  enterprise: idOf,
  trigger_id: z.string().default(''),
  container: z.object({ channel_id: z.string().optional() }).partial().optional(),
  channel: idOf,
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional(), action_ts: z.string().optional() })).min(1),
});

/** One input's state in a submitted modal, by the kind of element: text, select, multi-select, date or time. */
const InputState = z
  .object({
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).loose().nullish(),
    selected_options: z.array(z.object({ value: z.string() }).loose()).nullish(),
    selected_date: z.string().nullish(),
    selected_time: z.string().nullish(),
  })
  .loose();

/** What an input holds as text (a multi-select's choices comma-joined), or undefined when nothing was entered. */
function inputText(x: z.infer<typeof InputState> | undefined): string | undefined {
  if (!x) return undefined;
  if (typeof x.value === 'string') return x.value;
  if (x.selected_option) return x.selected_option.value;
  if (x.selected_options) return x.selected_options.map((o) => o.value).join(',');
  return x.selected_date ?? x.selected_time ?? undefined;
}

const ViewSubmission = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: idOf,
  enterprise: idOf,
  view: z.object({
    id: z.string(),
    hash: z.string().default(''),
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), InputState)) }),
  }),
});

const SlashCommand = z.object({
  command: z.string().min(1),
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  channel_name: z.string().optional(),
  team_id: z.string().optional(),
  enterprise_id: z.string().optional(),
  trigger_id: z.string().min(1),
});

/** The button ids our Slack cards carry (cards/slack): acting at once, or asking for text in a modal first. */
const ACT_AT_ONCE = new Set(['approve', 'submit', 'cancel', 'confirm', 'dismiss', 'pay_again']);
const FORM_FOR: Readonly<Record<string, 'reason' | 'change' | 'payee' | 'visit'>> = { reject: 'reason', return: 'reason', edit: 'change', enter_account: 'payee', change_account: 'payee', open_form: 'visit' };
/**
 * Modal callback ids (cards/slack renderSlackReasonModal / renderSlackEditModal / renderSlackFormModal) and the
 * inputs each reads: one text, or (a card's form: the payee form, the visit form) every block's input of the same name.
 */
const FORMS: Readonly<Record<string, { form: 'reason' | 'change' | 'payee' | 'visit'; input?: string }>> = {
  reason: { form: 'reason', input: 'reason' },
  edit_draft: { form: 'change', input: 'change' },
  payee_form: { form: 'payee' },
  visit_form: { form: 'visit' },
};

const ignored = (why: string): Inbound => ({ kind: 'ignored', why });
/** Addresses name the workspace (`<team>/<channel>`) so replies go out with that workspace's token. */
export const slackAddress = (team: string | undefined, channel: string) => (team ? `${team}/${channel}` : channel);
const tenants = (team: string | undefined, enterprise: string | null | undefined) => ({
  ...(team ? { tenant: team } : enterprise ? { tenant: enterprise } : {}),
  ...(team && enterprise ? { tenantParent: enterprise } : {}),
});

/** Events API event types → normaliser. */
const EVENTS: Readonly<Record<string, (body: z.infer<typeof EventCallback>) => Inbound>> = {
  message(body) {
    const e = MessageEvent.safeParse(body.event);
    if (!e.success) return ignored('a message event of an unexpected shape');
    // Only direct messages from people: edits, joins and bots (ourselves included) carry a subtype or bot_id; a file
    // shared with the bot (subtype file_share) is a receipt.
    const share = e.data.subtype === 'file_share';
    if (e.data.channel_type !== 'im' || (e.data.subtype && !share) || e.data.bot_id || !e.data.user) return ignored('not a person’s direct message');
    // Slack may carry several files in one share; only the first is read (send one receipt per message).
    const f = share ? e.data.files?.[0] : undefined;
    const url = f?.url_private_download ?? f?.url_private;
    const attachment: InboundAttachment | undefined = f
      ? { fileKey: f.id, messageId: body.event_id, kind: f.mimetype?.startsWith('image/') ? 'image' : 'file', ...(f.name ? { name: f.name } : {}), ...(f.mimetype ? { declaredType: f.mimetype } : {}), ...(f.size !== undefined ? { declaredSize: f.size } : {}), ...(url ? { url } : {}) }
      : undefined;
    if (share && !attachment) return ignored('a file share without a file');
    return message(body, e.data.user, e.data.channel, 'direct', e.data.text ?? '', attachment);
  },
  app_mention(body) {
    const e = MentionEvent.safeParse(body.event);
    if (!e.success || !e.data.user || e.data.bot_id) return ignored('a mention without a person');
    return message(body, e.data.user, e.data.channel, 'group', (e.data.text ?? '').replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' '));
  },
  app_uninstalled: (body) => uninstalled(body),
  tokens_revoked: (body) => uninstalled(body),
};

function message(body: z.infer<typeof EventCallback>, user: string, channel: string, chatType: 'direct' | 'group', text: string, attachment?: InboundAttachment): Inbound {
  const team = body.team_id;
  const m: InboundChatMessage = {
    platform: 'slack',
    eventId: body.event_id,
    ...tenants(team, body.enterprise_id),
    user: { kind: 'slack_user', id: user },
    chatId: channel,
    chatType,
    text: text.replace(/\s+/g, ' ').trim(),
    ...(attachment ? { attachment } : {}),
    replyTo: slackAddress(team, channel),
  };
  return { kind: 'message', message: m };
}

function uninstalled(body: z.infer<typeof EventCallback>): Inbound {
  const tenant = body.team_id || body.enterprise_id;
  return tenant ? { kind: 'uninstalled', platform: 'slack', tenant } : ignored('an uninstall naming no workspace');
}

/** Interactivity payload types → normaliser. */
const INTERACTIONS: Readonly<Record<string, (payload: unknown) => Inbound>> = {
  block_actions(payload) {
    const p = BlockActions.safeParse(payload);
    if (!p.success) return ignored('block actions of an unexpected shape');
    const a = p.data.actions[0]!;
    const team = p.data.team?.id ?? p.data.user.team_id;
    const base = { platform: 'slack' as const, ...tenants(team, p.data.enterprise?.id), user: { kind: 'slack_user', id: p.data.user.id }, replyTo: slackAddress(team, p.data.user.id) };
    const value = a.value ?? '';
    if (ACT_AT_ONCE.has(a.action_id)) return { kind: 'click', click: { ...base, eventId: `${p.data.user.id}:${a.action_ts ?? p.data.trigger_id}`, value } };
    const form = FORM_FOR[a.action_id];
    if (form) return { kind: 'form_request', request: { ...base, eventId: p.data.trigger_id, form, value, handle: p.data.trigger_id } };
    return ignored(`a button we do not know (${a.action_id.slice(0, 40)})`);
  },
  view_submission(payload) {
    const p = ViewSubmission.safeParse(payload);
    if (!p.success) return ignored('a view submission of an unexpected shape');
    const f = FORMS[p.data.view.callback_id];
    if (!f) return ignored('a view we did not open');
    const team = p.data.team?.id ?? p.data.user.team_id;
    const values = p.data.view.state.values;
    const text = f.input ? (values[f.input]?.[f.input]?.value ?? '') : '';
    const fields = f.input ? undefined : Object.fromEntries(Object.entries(values).flatMap(([block, inputs]) => {
      const v = inputText(inputs[block]);
      return v === undefined ? [] : [[block, v]];
    }));
    return {
      kind: 'form_submit',
      submit: { platform: 'slack', eventId: `${p.data.view.id}:${p.data.view.hash}`, ...tenants(team, p.data.enterprise?.id), user: { kind: 'slack_user', id: p.data.user.id }, replyTo: slackAddress(team, p.data.user.id), form: f.form, value: p.data.view.private_metadata, text, ...(fields ? { fields } : {}) },
    };
  },
};

/**
 * One Slack request body (JSON for events; the `payload` JSON of interactivity; the fields of a slash command), as
 * parsed from the wire. URL verification is answered before this.
 */
export function slackInbound(body: Record<string, unknown>): Inbound {
  if (body.type === 'event_callback') {
    const b = EventCallback.safeParse(body);
    if (!b.success) return ignored('an event callback of an unexpected shape');
    const normalise = Object.hasOwn(EVENTS, b.data.event.type) ? EVENTS[b.data.event.type]! : undefined;
    return normalise ? normalise(b.data) : ignored(`an event type we do not handle (${b.data.event.type.slice(0, 40)})`);
  }
  if (typeof body.type === 'string' && Object.hasOwn(INTERACTIONS, body.type)) return INTERACTIONS[body.type]!(body);
  if (typeof body.command === 'string') {
    const c = SlashCommand.safeParse(body);
    if (!c.success) return ignored('a slash command of an unexpected shape');
    const team = c.data.team_id;
    const m: InboundChatMessage = {
      platform: 'slack',
      eventId: c.data.trigger_id,
      ...tenants(team, c.data.enterprise_id),
      user: { kind: 'slack_user', id: c.data.user_id },
      chatId: c.data.channel_id,
      chatType: c.data.channel_name === 'directmessage' || c.data.channel_id.startsWith('D') ? 'direct' : 'group',
      // The bare command asks for help.
      text: c.data.text.trim() || 'help',
      replyTo: slackAddress(team, c.data.channel_id),
    };
    return { kind: 'message', message: m };
  }
  return ignored(`a payload we do not handle (${String(body.type ?? 'no type').slice(0, 40)})`);
}

/** Interactivity and commands are form-encoded (`payload=<json>` or command fields); events are JSON. Throws on bad JSON. */
export function parseSlackBody(raw: string, contentType: string): Record<string, unknown> {
  if (!contentType.includes('application/x-www-form-urlencoded')) return JSON.parse(raw) as Record<string, unknown>;
  const form = new URLSearchParams(raw);
  const payload = form.get('payload');
  return payload ? (JSON.parse(payload) as Record<string, unknown>) : Object.fromEntries(form);
}
