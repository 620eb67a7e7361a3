// Feishu / Lark channel: POST /feishu/events (URL verification, decryption, signature and token checks, messages and
// card clicks). Replies and cards go out through the outbox (chat.send); a card click is answered at once with a toast
// and the card as it now stands.
import type { Hono } from 'hono';
import { orgTimeZone } from '../../usecases/org-time.js';
import type { IdentityKind } from '../../../domain/org/index.js';
import { resolveOrLink, type ContactLookup } from '../auto-link.js';
import { feishuCardClick, feishuMessage } from '../../../bots/feishu/feishu.normalize.js';
import { createRequire } from 'node:module';
import type * as Lark from '@larksuiteoapi/node-sdk';
import { verifyFeishuRequest, type FeishuEnvelope } from '../../../bots/feishu/feishu.verify.js';
import { renderFeishuCard } from '../../../cards/index.js';
import type { Logger } from '../../log.js';
import { deliver } from '../deliver.js';
import { handleCardAction } from '../handle-card-action.js';
import { handleMessage, type ChatDeps } from '../handle-message.js';
import { languageOf, T } from '../texts.js';
import { command } from '../../usecases/unit-of-work.js';
import { ok } from '../../../domain/shared/index.js';
import { claimInbound } from '../../../db/repos/processed.js';
import { routeInbound } from '../tenant-route.js';

export interface FeishuChannelSettings {
  encryptKey?: string;
  verificationToken?: string;
}

export interface FeishuChannelDeps extends ChatDeps {
  log: Logger;
  kickOutbox?: () => void;
  /**
   * The organisation of a single-company install (FEISHU_ORG): used while no Feishu tenant is registered. With
   * tenants registered, each event goes to the organisation of its tenant_key (see tenant-route.ts).
   */
  orgId: string;
  /** Finds unknown senders by email/mobile through the contact API. */
  lookup?: ContactLookup;
}

export function registerFeishu(app: Hono<any>, deps: FeishuChannelDeps, settings: FeishuChannelSettings): void {
  app.post('/feishu/events', async (c) => {
    const rawBody = await c.req.text();
    const verified = verifyFeishuRequest({ ...settings, headers: c.req.raw.headers, rawBody, now: deps.clock.now() });
    if (!verified.ok) return c.json({ error: { code: verified.error.code, message: verified.error.message } }, verified.error.status);
    const env = verified.value.envelope;
    if (env.kind === 'url_verification') return c.json({ challenge: env.challenge });

    return c.json(await onFeishuEvent(deps, env));
  });
}

/**
 * One verified event, from the HTTP route or the long connection: a message runs the chat; a card click returns the
 * answer Feishu shows ({toast, card?}); other event types are acknowledged and ignored, so Feishu does not retry them.
 */
export async function onFeishuEvent(deps: FeishuChannelDeps, env: FeishuEnvelope): Promise<Record<string, unknown>> {
  const message = feishuMessage(env);
  if (message) {
    // An event of a tenant no organisation registered is acknowledged and dropped.
    const route = await routeInbound(deps, 'feishu', [message.tenant], deps.orgId);
    if (!route) return {};
    const { orgId, tenant } = route;
    const employee = await resolveOrLink(deps.db, deps.log, { orgId, platform: 'feishu', tenant, kind: message.user.kind as IdentityKind, userId: message.user.id, ...(deps.lookup ? { lookup: deps.lookup } : {}) });
    if (!employee) await replyUnknown(deps, orgId, message.eventId, message.replyTo, message.text);
    else await handleMessage(deps, { orgId, channel: 'feishu', chatId: message.chatId, address: message.replyTo, employeeId: employee.id, eventId: message.eventId, text: message.text, via: `feishu:${tenant}:${message.user.id}` });
    deps.kickOutbox?.();
    return {};
  }
  const click = feishuCardClick(env);
  if (!click) return {};
  const route = await routeInbound(deps, 'feishu', [click.tenant], deps.orgId);
  if (!route) return {};
  const { orgId, tenant } = route;
  const employee = await resolveOrLink(deps.db, deps.log, { orgId, platform: 'feishu', tenant, kind: click.user.kind as IdentityKind, userId: click.user.id });
  const lang = languageOf(click.reason ?? '', employee?.locale.startsWith('en') ? 'en' : 'zh');
  if (!employee) return { toast: { type: 'warning', content: T.unknownUser[lang] } };
  // The signed value names the organisation of the card: a click routed to another organisation is refused there.
  const answer = await handleCardAction(deps, { orgId, channel: 'feishu', via: `feishu:${tenant}:${click.user.id}`, employeeId: employee.id, address: click.replyTo, eventId: click.eventId, value: click.value, ...(click.reason ? { reason: click.reason } : {}), lang });
  deps.kickOutbox?.();
  // Approval clicks return no card (every copy is patched through the outbox), so only drafts need the zone.
  const card = answer.view ? renderFeishuCard(answer.view, { locale: lang, timeZone: await orgTimeZone(deps.db, orgId) }) : undefined;
  return { toast: { type: answer.toast.type, content: answer.toast.text }, ...(card ? { card: { type: 'raw', data: card } } : {}) };
}

/**
 * Long-connection mode (FEISHU_MODE=ws, Node only): the SDK's WSClient receives events over a WebSocket it opens to
 * Feishu, so no public URL is needed. Events arrive unsigned over the authenticated connection; a handler's return
 * value (the card-click answer) goes back over it.
 */
export function startFeishuWs(deps: FeishuChannelDeps, o: { appId: string; appSecret: string; domain: string }): Lark.WSClient {
  // Required here, not imported at the top: the SDK takes about a second to load and most services never open a WebSocket.
  const lark = createRequire(import.meta.url)('@larksuiteoapi/node-sdk') as typeof Lark;
  // The SDK flattens a v2 event into header + event fields; rebuild the envelope our normalisers read.
  const envelope = (data: Record<string, unknown>): FeishuEnvelope => ({
    kind: 'event_v2',
    eventId: String(data.event_id ?? ''),
    eventType: String(data.event_type ?? ''),
    header: { event_id: String(data.event_id ?? ''), event_type: String(data.event_type ?? ''), ...(typeof data.tenant_key === 'string' ? { tenant_key: data.tenant_key } : {}) },
    event: data,
    payload: data,
  });
  const handle = (data: unknown) => onFeishuEvent(deps, envelope(data as Record<string, unknown>)).catch((e: unknown) => {
    deps.log.error('feishu event failed', { error: e });
    return {};
  });
  const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register({
    'im.message.receive_v1': async (data: unknown) => void (await handle(data)),
    'card.action.trigger': (data: unknown) => handle(data),
  } as never);
  const ws = new lark.WSClient({ appId: o.appId, appSecret: o.appSecret, domain: o.domain, loggerLevel: lark.LoggerLevel.error });
  void ws.start({ eventDispatcher: dispatcher });
  return ws;
}


/** A polite note to someone the bot cannot map to an employee, sent once per event. */
async function replyUnknown(deps: FeishuChannelDeps, orgId: string, eventId: string, replyTo: string, text: string): Promise<void> {
  const lang = languageOf(text, 'zh');
  await command(deps.db, async (tx) => {
    if (!(await claimInbound(tx, 'chat:feishu', eventId, orgId)).first) return ok(undefined);
    await deliver(tx, deps.ids, { orgId, channel: 'feishu', employeeId: '', address: replyTo, locale: lang }, { text: T.unknownUser[lang] }, deps.clock.now());
    return ok(undefined);
  });
}
