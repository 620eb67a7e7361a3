// Slack adapter: POST /slack/events (Events API, interactivity, the /spend command) or Socket Mode. We verify the
// signature (raw body, 5-minute window), bots/slack parses and normalises, and src/chat/inbound.ts runs the rest; the
// request is acknowledged as soon as that is done, which is a few queries: nothing on this path calls the Slack API
// (no auth.test, no users.info, no response_url), so Slack's 3-second limit holds whatever Slack's API does. Replies
// and card updates go through the outbox; a modal (which needs the click's trigger_id within 3 s) is opened in the
// background after the acknowledgement.
import { createRequire } from 'node:module';
import type { Hono } from 'hono';
import type * as SocketMode from '@slack/socket-mode';
import type { Inbound } from '../../bots/chat/inbound.js';
import { slackInbound, parseSlackBody } from '../../bots/slack/slack.normalize.js';
import { verifySlackRequest } from '../../bots/slack/slack.verify.js';
import type { SlackClientFor } from '../../bots/slack/slack.messenger.js';
import { parseSlackAddress } from '../../bots/slack/slack.messenger.js';
import { renderSlackEditModal, renderSlackFormModal, renderSlackPayeeModal, renderSlackReasonModal } from '../../cards/index.js';
import { runInBackground } from '../background.js';
import { receiveClick, receiveFormRequest, receiveFormSubmit, receiveMessage, type FormToOpen, type InboundDeps } from '../chat/inbound.js';
import { errorBody } from '../api/errors.js';
import { routeInbound } from '../chat/tenant-route.js';
import { forgetSlackWorkspace } from './slack-oauth.js';

export interface SlackChannelSettings {
  signingSecret?: string;
  /** With an app-level token (SLACK_APP_TOKEN), Socket Mode instead of HTTP. */
  appToken?: string;
  /** Web API base, e.g. https://slack.com/api/ (a fake in tests). */
  apiUrl: string;
  /** The WebClient of a workspace (single bot token, or the OAuth installation's), for opening modals. */
  clients: SlackClientFor;
}

export type SlackChannelDeps = InboundDeps;

/** A Slack trigger_id is valid for 3 s from the click: a modal not opened by then cannot be. */
const TRIGGER_MS = 3_000;

/** The acknowledgement body: nothing, or a view_submission's `response_action`. */
export type SlackAck = Record<string, unknown> | undefined;

/** One parsed, verified Slack body: handled through the inbound pipeline; returns what to acknowledge with. */
export async function onSlackBody(deps: SlackChannelDeps, s: Pick<SlackChannelSettings, 'clients'>, body: Record<string, unknown>): Promise<SlackAck> {
  const inbound: Inbound = slackInbound(body);
  switch (inbound.kind) {
    case 'message':
      await receiveMessage(deps, inbound.message);
      return undefined;
    case 'click':
      // Slack shows no toast: a refusal is sent to the clicker as a message; success shows on the updated card.
      await receiveClick(deps, inbound.click, { toastsAsMessages: true });
      return undefined;
    case 'form_request': {
      const form = await receiveFormRequest(deps, inbound.request);
      const team = parseSlackAddress(inbound.request.replyTo).team;
      if (form) runInBackground(deps.log, 'opening a Slack modal', TRIGGER_MS, async () => (await s.clients(form.orgId, team)).views.open({ trigger_id: inbound.request.handle, view: modalOf(form) as never }));
      return undefined;
    }
    case 'form_submit': {
      const r = await receiveFormSubmit(deps, inbound.submit);
      // Success closes the modal; otherwise its field shows why.
      // A card form's blocks are its fields: a problem shows on the field at fault (else on the first).
      const block = r.field ?? FIRST_BLOCK[inbound.submit.form];
      return r.problem ? { response_action: 'errors', errors: { [block]: r.problem } } : undefined;
    }
    case 'uninstalled': {
      const route = await routeInbound(deps, 'slack', [inbound.tenant], deps.orgId);
      if (route) await forgetSlackWorkspace(deps, route.orgId, inbound.tenant);
      return undefined;
    }
    case 'ignored':
      return undefined;
  }
}

/** The block a form's problem shows on when it names no field. */
const FIRST_BLOCK: Readonly<Record<FormToOpen['form'], string>> = { reason: 'reason', change: 'change', payee: 'holderName', visit: 'visitors' };

const modalOf = (f: FormToOpen) =>
  f.form === 'reason' ? renderSlackReasonModal({ action: f.action ?? 'reject', value: f.value, locale: f.lang })
  : f.form === 'visit' && f.view ? renderSlackFormModal(f.view, { locale: f.lang, timeZone: 'UTC' })
  : f.form === 'payee' ? renderSlackPayeeModal({ value: f.value, locale: f.lang, purpose: f.purpose ?? 'set' })
  : renderSlackEditModal({ value: f.value, locale: f.lang, summary: f.summary ?? '' });

/** Mounts /slack/events (HTTP mode) or connects Socket Mode; returns a stopper for the socket. */
export function registerSlack(http: Hono<any>, deps: SlackChannelDeps, s: SlackChannelSettings): { stop(): Promise<void> } {
  if (s.appToken) return startSocketMode(deps, s, s.appToken);
  http.post('/slack/events', async (c) => {
    const rawBody = await c.req.text();
    const v = verifySlackRequest({ signingSecret: s.signingSecret!, headers: c.req.raw.headers, rawBody, now: deps.clock.now() });
    if (!v.ok) return c.json(errorBody(v.error.code, v.error.message), v.error.status);
    let body: Record<string, unknown>;
    try {
      body = parseSlackBody(rawBody, c.req.header('content-type') ?? '');
    } catch {
      return c.json(errorBody('REQUEST.MALFORMED_JSON', 'the request body is not valid JSON or form data'), 400);
    }
    if (body.type === 'url_verification') return c.json({ challenge: body.challenge });
    const ack = await onSlackBody(deps, s, body);
    return ack ? c.json(ack) : c.body(null, 200);
  });
  return { stop: () => Promise.resolve() };
}

/**
 * Socket Mode (SLACK_APP_TOKEN): @slack/socket-mode's client (the one Bolt uses) receives envelopes over a WebSocket;
 * each is acknowledged once handled, with the same answer as over HTTP. An envelope whose handling failed (the database
 * away) is not acknowledged, so Slack delivers it again.
 */
function startSocketMode(deps: SlackChannelDeps, s: SlackChannelSettings, appToken: string): { stop(): Promise<void> } {
  // Required here: the SDK takes a noticeable time to load and most services have no Slack.
  const { SocketModeClient, LogLevel } = createRequire(import.meta.url)('@slack/socket-mode') as typeof SocketMode;
  const socket = new SocketModeClient({ appToken, clientOptions: { slackApiUrl: s.apiUrl }, logLevel: LogLevel.ERROR });
  socket.on('slack_event', async (e: { ack: (response?: Record<string, unknown>) => Promise<void>; body: Record<string, unknown> }) => {
    try {
      await e.ack(await onSlackBody(deps, s, e.body));
    } catch (err) {
      deps.log.error('slack socket-mode envelope failed', { error: err });
    }
  });
  void socket.start().catch((err: unknown) => deps.log.error('slack socket mode failed to start', { error: err }));
  return { stop: () => socket.disconnect() };
}
