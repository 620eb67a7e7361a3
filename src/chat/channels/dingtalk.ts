// DingTalk channel. Stream mode (default): a long connection through dingtalk-stream; robot messages and card
// callbacks are answered with the protocol's CALLBACK response. HTTP mode: POST /dingtalk/events with the
// timestamp/sign check (one-hour window, each pair accepted once). Either way the same chat use cases run; replies go through the outbox.
import type { Hono } from 'hono';
import { createHash } from 'node:crypto';
import { claimInbound, saveInboundResponse } from '../../../db/repos/processed.js';
import type { InboundCardClick, InboundChatMessage } from '../../../bots/chat/inbound.js';
import { dingtalkCardClick, dingtalkMessage } from '../../../bots/dingtalk/dingtalk.normalize.js';
import { verifyDingTalkRequest } from '../../../bots/dingtalk/dingtalk.verify.js';
import { renderDingTalkCard } from '../../../cards/index.js';
import { ok } from '../../../domain/shared/index.js';
import type { Logger } from '../../log.js';
import { command } from '../../usecases/unit-of-work.js';
import { orgTimeZone } from '../../usecases/org-time.js';
import { resolveOrLink, type ContactLookup } from '../auto-link.js';
import { deliver } from '../deliver.js';
import { handleCardAction } from '../handle-card-action.js';
import { handleMessage, type ChatDeps } from '../handle-message.js';
import { languageOf, T } from '../texts.js';
import { routeInbound } from '../tenant-route.js';

export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';
export const CARD_TOPIC = '/v1.0/card/instances/callback';

export interface DingTalkChannelSettings {
  clientId: string;
  clientSecret: string;
  apiUrl: string;
  mode: 'stream' | 'http';
}

export interface DingTalkChannelDeps extends ChatDeps {
  log: Logger;
  kickOutbox?: () => void;
  /** The organisation of a single-company install (DINGTALK_ORG), used while no DingTalk corp is registered. */
  orgId: string;
  /** Finds unknown senders' email/mobile through the contact API, for auto-linking. */
  lookup?: ContactLookup;
}

/** A robot message: resolve the sender, run the chat, or tell an unknown sender how to get linked. */
export async function onDingTalkMessage(deps: DingTalkChannelDeps, m: InboundChatMessage): Promise<void> {
  // A corp no organisation registered (while others are) is acknowledged and dropped.
  const route = await routeInbound(deps, 'dingtalk', [m.tenant], deps.orgId);
  if (!route) return;
  const { orgId, tenant } = route;
  const employee = await resolveOrLink(deps.db, deps.log, { orgId, platform: 'dingtalk', tenant, kind: 'user_id', userId: m.user.id, ...(deps.lookup ? { lookup: deps.lookup } : {}) });
  if (employee) {
    await handleMessage(deps, { orgId, channel: 'dingtalk', chatId: m.chatId, address: m.replyTo, employeeId: employee.id, eventId: m.eventId, text: m.text, via: `dingtalk:${tenant}:${m.user.id}` });
  } else {
    const lang = languageOf(m.text, 'zh');
    await command(deps.db, async (tx) => {
      if ((await claimInbound(tx, 'chat:dingtalk', m.eventId, orgId)).first)
        await deliver(tx, deps.ids, { orgId, channel: 'dingtalk', employeeId: '', address: m.replyTo, locale: lang }, { text: T.unknownUser[lang] }, deps.clock.now());
      return ok(undefined);
    });
  }
  deps.kickOutbox?.();
}

/**
 * A card click. The answer updates the clicker's card at once (cardData, by key) with the toast text as `message`;
 * every other copy is updated through the outbox.
 */
export async function onDingTalkClick(deps: DingTalkChannelDeps, click: InboundCardClick): Promise<Record<string, unknown>> {
  const route = await routeInbound(deps, 'dingtalk', [click.tenant], deps.orgId);
  if (!route) return {};
  const { orgId, tenant } = route;
  const employee = await resolveOrLink(deps.db, deps.log, { orgId, platform: 'dingtalk', tenant, kind: 'user_id', userId: click.user.id });
  const lang = languageOf(click.reason ?? '', employee?.locale.startsWith('en') ? 'en' : 'zh');
  if (!employee) return { cardData: { cardParamMap: { message: T.unknownUser[lang] } } };
  // The signed value names the card's organisation: a click routed to another organisation is refused there.
  const answer = await handleCardAction(deps, { orgId, channel: 'dingtalk', via: `dingtalk:${tenant}:${click.user.id}`, employeeId: employee.id, address: click.replyTo, eventId: click.eventId, value: click.value, ...(click.reason ? { reason: click.reason } : {}), lang });
  deps.kickOutbox?.();
  const params = answer.view ? renderDingTalkCard(answer.view, { locale: lang, timeZone: await orgTimeZone(deps.db, orgId) }).cardParamMap : {};
  return { cardData: { cardParamMap: { ...params, message: answer.toast.text } }, cardUpdateOptions: { updateCardDataByKey: true } };
}

/** HTTP mode: POST /dingtalk/events (robot messages and card callbacks), signed with the app secret. */
export function registerDingTalkHttp(app: Hono<any>, deps: DingTalkChannelDeps, s: DingTalkChannelSettings): void {
  app.post('/dingtalk/events', async (c) => {
    const v = verifyDingTalkRequest({ appSecret: s.clientSecret, headers: c.req.raw.headers, now: deps.clock.now() });
    if (!v.ok) return c.json({ error: { code: v.error.code, message: v.error.message } }, v.error.status);
    const raw = await c.req.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return c.json({ error: { code: 'REQUEST.MALFORMED_JSON', message: 'the request body is not valid JSON' } }, 400);
    }
    if (!(await firstUseOfSign(deps, v.value.timestamp, raw)))
      return c.json({ error: { code: 'AUTH.REPLAYED', message: 'this timestamp and sign were already used for another request' } }, 401);
    const click = dingtalkCardClick(body);
    if (click) return c.json(await onDingTalkClick(deps, click));
    const message = dingtalkMessage(body);
    if (message) await onDingTalkMessage(deps, message);
    return c.json({});
  });
}

/**
 * DingTalk's `sign` covers only the timestamp (it is HMAC(timestamp + "\n" + secret)), so a captured header pair would
 * authenticate any body for the hour it is valid. Each pair is accepted once: recorded in processed_events with a hash
 * of its body. The same body again is a redelivery (let through: the msgId dedupe makes it harmless); another body is
 * refused. Recorded in its own transaction before processing, so a refusal never depends on how processing went.
 */
async function firstUseOfSign(deps: DingTalkChannelDeps, timestamp: number, raw: string): Promise<boolean> {
  const hash = createHash('sha256').update(raw).digest('hex');
  const r = await command(deps.db, async (tx) => {
    const claim = await claimInbound(tx, 'dingtalk:sign', String(timestamp), null);
    if (claim.first) {
      await saveInboundResponse(tx, 'dingtalk:sign', String(timestamp), { bodySha256: hash });
      return ok(true);
    }
    return ok((claim.response as { bodySha256?: string } | null)?.bodySha256 === hash);
  });
  return r.ok && r.value;
}
