// Slack channel: POST /slack/events (Events API, interactivity, the /spend command) through Bolt with a receiver that
// lives inside Hono. We verify the signature ourselves (raw body, 5-minute window) before Bolt sees anything; Bolt
// routes to listeners; listeners call the same chat use cases as every other channel.
import { createRequire } from 'node:module';
import type * as Bolt from '@slack/bolt';
import type { Authorize, Context, Receiver, ReceiverEvent, webApi } from '@slack/bolt';

type BoltApp = Bolt.App;
import type { Hono } from 'hono';
import { resolveOrLink, type ContactLookup } from '../auto-link.js';
import { verifySlackRequest } from '../../../bots/slack/slack.verify.js';
import { renderSlackEditModal, renderSlackReasonModal } from '../../../cards/index.js';
import { getDraft } from '../../../db/repos/chat.js';
import { deleteSlackInstallation } from '../../../db/repos/slack-installations.js';
import type { Draft } from '../../../domain/conversation/index.js';
import { verifyAction } from '../action-token.js';
import { draftSummary } from '../views.js';
import type { Logger } from '../../log.js';
import { handleCardAction } from '../handle-card-action.js';
import { handleMessage, reviseDraft, type ChatDeps } from '../handle-message.js';
import { languageOf, T, type Lang } from '../texts.js';
import { routeInbound } from '../tenant-route.js';

export interface SlackChannelSettings {
  /** Single-workspace mode: the bot token (SLACK_BOT_TOKEN). With `authorize` it is the fallback for teams not installed. */
  botToken?: string;
  /** Multi-workspace mode: the bot token of the event's workspace, from the OAuth installations (see slack-oauth.ts). */
  authorize?: Authorize<boolean>;
  signingSecret?: string;
  /** Web API base, e.g. https://slack.com/api/ (a fake in tests). */
  apiUrl: string;
  /** With an app-level token, Bolt uses Socket Mode instead of HTTP. */
  appToken?: string;
}

export interface SlackChannelDeps extends ChatDeps {
  log: Logger;
  kickOutbox?: () => void;
  /** The organisation of a single-company install (SLACK_ORG), used while no Slack team is registered. */
  orgId: string;
}

/** Bolt's receiver contract, fed by our Hono route: hands Bolt one event and returns what the listener acked. */
class HonoReceiver implements Receiver {
  private app?: BoltApp;
  init(app: BoltApp): void {
    this.app = app;
  }
  start(): Promise<void> {
    return Promise.resolve();
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
  async dispatch(body: Record<string, unknown>, retryNum?: number, retryReason?: string): Promise<unknown> {
    let response: unknown;
    const event: ReceiverEvent = {
      body,
      ...(retryNum !== undefined ? { retryNum } : {}),
      ...(retryReason ? { retryReason } : {}),
      ack: async (r?: unknown) => {
        response = r;
      },
    };
    await this.app!.processEvent(event);
    return response;
  }
}

/** Mounts /slack/events (HTTP mode) or starts Socket Mode, and returns the Bolt app (its client sends messages). */
export function registerSlack(http: Hono<any>, deps: SlackChannelDeps, s: SlackChannelSettings): BoltApp {
  // Required here, not imported at the top: Bolt takes over half a second to load and most services have no Slack.
  const { App, LogLevel, SocketModeReceiver } = createRequire(import.meta.url)('@slack/bolt') as typeof Bolt;
  const receiver = new HonoReceiver();
  const clientOptions = { slackApiUrl: s.apiUrl };
  // Socket Mode: Bolt's own receiver, with the Web API base (for apps.connections.open) set like the bot client's.
  const socket = s.appToken ? new SocketModeReceiver({ appToken: s.appToken, installerOptions: { clientOptions }, logLevel: LogLevel.ERROR }) : undefined;
  const auth = s.authorize ? { authorize: s.authorize } : { token: s.botToken! };
  const app = new App({ ...auth, receiver: socket ?? receiver, clientOptions, tokenVerificationEnabled: false, ignoreSelf: false });
  registerListeners(app, deps);
  if (socket) {
    void app.start().catch((e: unknown) => deps.log.error('slack socket mode failed to start', { error: e }));
    return app;
  }
  http.post('/slack/events', async (c) => {
    const rawBody = await c.req.text();
    const v = verifySlackRequest({ signingSecret: s.signingSecret!, headers: c.req.raw.headers, rawBody, now: deps.clock.now() });
    if (!v.ok) return c.json({ error: { code: v.error.code, message: v.error.message } }, v.error.status);
    let body: Record<string, unknown>;
    try {
      body = parseBody(rawBody, c.req.header('content-type') ?? '');
    } catch {
      return c.json({ error: { code: 'REQUEST.MALFORMED_JSON', message: 'the request body is not valid JSON or form data' } }, 400);
    }
    if (body.type === 'url_verification') return c.json({ challenge: body.challenge });
    const ack = await receiver.dispatch(body, v.value.retryNum, v.value.retryReason);
    deps.kickOutbox?.();
    return ack === undefined || ack === '' ? c.body(null, 200) : typeof ack === 'string' ? c.text(ack) : c.json(ack as object);
  });
  return app;
}

/** Interactivity and commands are form-encoded (`payload=<json>` or command fields); events are JSON. */
function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (!contentType.includes('application/x-www-form-urlencoded')) return JSON.parse(raw) as Record<string, unknown>;
  const form = new URLSearchParams(raw);
  const payload = form.get('payload');
  return payload ? (JSON.parse(payload) as Record<string, unknown>) : Object.fromEntries(form);
}

/** The organisation and tenant the routing middleware put on Bolt's context. */
const routeOf = (context: Context) => ({ orgId: String(context.orgId), tenant: String(context.tenant ?? '') });
/** Slack addresses name the workspace (`<team>/<channel>`) so replies go out with that workspace's token. */
const addressOf = (tenant: string, channel: string) => (tenant ? `${tenant}/${channel}` : channel);

function registerListeners(app: BoltApp, deps: SlackChannelDeps): void {
  // Every event is routed by its workspace (team_id, then enterprise_id for Grid) before any listener runs; one of a
  // workspace no organisation registered is acknowledged and dropped.
  app.use(async (args) => {
    const route = await routeInbound(deps, 'slack', [args.context.teamId, args.context.enterpriseId], deps.orgId);
    if (!route) {
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    args.context.orgId = route.orgId;
    args.context.tenant = route.tenant;
    await args.next();
  });
  // Unknown Slack users are matched by the email/phone on their Slack profile (users.info), then linked. The client is
  // the event's own (its workspace's token).
  const lookupWith = (client: webApi.WebClient): ContactLookup => ({
    async contactOf(user) {
      const r = await client.users.info({ user });
      const p = r.user?.profile;
      return p ? { ...(p.email ? { email: p.email } : {}), ...(p.phone ? { mobile: p.phone } : {}) } : undefined;
    },
  });
  const employeeOf = (context: Context, client: webApi.WebClient, userId: string) =>
    resolveOrLink(deps.db, deps.log, { ...routeOf(context), platform: 'slack', kind: 'slack_user', userId, lookup: lookupWith(client) });
  const langOf = (text: string, locale?: string): Lang => languageOf(text, locale?.startsWith('en') ? 'en' : 'zh');

  /** A message or mention: unknown people get told how to get linked; bots (us included) are ignored. */
  const onText = async (o: { context: Context; client: webApi.WebClient; user: string; channel: string; text: string; eventId: string; reply: (text: string) => Promise<unknown> }) => {
    const employee = await employeeOf(o.context, o.client, o.user);
    if (!employee) return void (await o.reply(T.unknownUser[langOf(o.text)]));
    const { orgId, tenant } = routeOf(o.context);
    await handleMessage(deps, { orgId, channel: 'slack', chatId: o.channel, address: addressOf(tenant, o.channel), employeeId: employee.id, eventId: o.eventId, text: o.text });
  };

  // Uninstalled, or the bot's tokens revoked: forget the workspace's installation so its token is no longer used. (Bolt
  // skips authorize for these two events; the tenant stays registered, so a re-install lands in the same organisation.)
  const forget = async ({ context }: { context: Context }) => {
    const { orgId, tenant } = routeOf(context);
    if (tenant && (await deleteSlackInstallation(deps.db, orgId, tenant))) deps.log.info('removed a Slack installation', { orgId, installKey: tenant });
  };
  app.event('app_uninstalled', forget);
  app.event('tokens_revoked', forget);

  app.event('message', async ({ event, body, client, context }) => {
    const e = event as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; channel: string; text?: string };
    if (e.channel_type !== 'im' || e.subtype || e.bot_id || !e.user) return;
    await onText({ context, client, user: e.user, channel: e.channel, text: e.text ?? '', eventId: String((body as { event_id?: string }).event_id), reply: (text) => client.chat.postMessage({ channel: e.channel, text }) });
  });

  app.event('app_mention', async ({ event, body, client, context }) => {
    if (!event.user) return;
    const text = (event.text ?? '').replace(/<@[A-Z0-9]+>/g, ' ').trim();
    await onText({ context, client, user: event.user, channel: event.channel, text, eventId: String((body as { event_id?: string }).event_id), reply: (t) => client.chat.postMessage({ channel: event.channel, text: t }) });
  });

  app.command('/spend', async ({ command, ack, respond, client, context }) => {
    await ack();
    await onText({ context, client, user: command.user_id, channel: command.channel_id, text: command.text.trim() || 'help', eventId: command.trigger_id, reply: (text) => respond({ response_type: 'ephemeral', text }) });
  });

  app.action(/^(approve|reject|return|submit|edit|cancel)$/, async ({ ack, action, body, client, respond, context }) => {
    await ack();
    const { orgId, tenant } = routeOf(context);
    const a = action as { action_id: string; value?: string; action_ts?: string };
    const user = (body as { user: { id: string } }).user.id;
    const employee = await employeeOf(context, client, user);
    const lang = langOf('', employee?.locale);
    if (!employee) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: T.unknownUser[lang] }));
    if (a.action_id === 'edit') {
      // Edit opens a modal asking what to change; the draft stays as it is until that is saved.
      const verified = verifyAction(deps.box, a.value ?? '', deps.clock.now());
      const own = verified.ok && verified.claims.kind === 'draft' && verified.claims.org === orgId;
      const summary = own ? ((await getDraft(deps.db, orgId, verified.claims.id))?.draft ?? {}) : {};
      await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view: renderSlackEditModal({ value: a.value ?? '', locale: lang, summary: draftSummary(summary as Draft, lang) }) as never });
      return;
    }
    if (a.action_id === 'reject' || a.action_id === 'return') {
      // A reason is required: ask for it in a modal, answered by the 'reason' view below.
      await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view: renderSlackReasonModal({ action: a.action_id, value: a.value ?? '', locale: lang }) as never });
      return;
    }
    // The signed value names the card's organisation: a click routed to another organisation is refused there.
    const answer = await handleCardAction(deps, { orgId, channel: 'slack', employeeId: employee.id, address: addressOf(tenant, user), eventId: `${user}:${a.action_ts ?? ''}`, value: a.value ?? '', lang });
    await respond({ response_type: 'ephemeral', replace_original: false, text: answer.toast.text });
  });

  app.view('edit_draft', async ({ ack, view, body, client, context }) => {
    const { orgId, tenant } = routeOf(context);
    const employee = await employeeOf(context, client, body.user.id);
    const text = (view.state.values as Record<string, Record<string, { value?: string | null }>>).change?.change?.value ?? '';
    const lang = langOf(text, employee?.locale);
    const verified = verifyAction(deps.box, view.private_metadata, deps.clock.now());
    if (!employee || !verified.ok || verified.claims.kind !== 'draft' || verified.claims.org !== orgId || verified.claims.to !== employee.id)
      return void (await ack({ response_action: 'errors', errors: { change: T.invalidButton[lang] } }));
    const problem = await reviseDraft(deps, { orgId, channel: 'slack', employeeId: employee.id, address: addressOf(tenant, body.user.id), draftId: verified.claims.id, text, lang });
    await ack(problem ? { response_action: 'errors', errors: { change: problem } } : undefined);
  });

  app.view('reason', async ({ ack, view, body, client, context }) => {
    const { orgId, tenant } = routeOf(context);
    const employee = await employeeOf(context, client, body.user.id);
    const reason = (view.state.values as Record<string, Record<string, { value?: string | null }>>).reason?.reason?.value ?? '';
    const lang = langOf(reason, employee?.locale);
    if (!employee) return void (await ack({ response_action: 'errors', errors: { reason: T.unknownUser[lang] } }));
    const answer = await handleCardAction(deps, { orgId, channel: 'slack', employeeId: employee.id, address: addressOf(tenant, body.user.id), eventId: `${view.id}:${view.hash}`, value: view.private_metadata, reason, lang });
    // Success closes the modal; otherwise the reason field shows why.
    await ack(answer.toast.type === 'success' ? undefined : { response_action: 'errors', errors: { reason: answer.toast.text } });
  });
}

