// Feishu / Lark adapter: POST /feishu/events (URL verification, decryption, signature and token checks) or the long
// connection. bots/feishu verifies and normalises; src/chat/inbound.ts runs the rest. A click is answered at once
// with a toast (and a draft's card as it now stands); replies and every other card copy go through the outbox.
import { createRequire } from 'node:module';
import type { Hono } from 'hono';
import type * as Lark from '@larksuiteoapi/node-sdk';
import { feishuClickAnswer, feishuInbound } from '../../bots/feishu/feishu.normalize.js';
import { verifyFeishuRequest, type FeishuEnvelope } from '../../bots/feishu/feishu.verify.js';
import { clickRenderOptions, receiveClick, receiveMessage, type InboundDeps } from '../chat/inbound.js';
import { errorBody } from '../api/errors.js';

export interface FeishuChannelSettings {
  encryptKey?: string;
  verificationToken?: string;
}

export type FeishuChannelDeps = InboundDeps;

export function registerFeishu(app: Hono<any>, deps: FeishuChannelDeps, settings: FeishuChannelSettings): void {
  app.post('/feishu/events', async (c) => {
    const rawBody = await c.req.text();
    const verified = verifyFeishuRequest({ ...settings, headers: c.req.raw.headers, rawBody, now: deps.clock.now() });
    if (!verified.ok) return c.json(errorBody(verified.error.code, verified.error.message), verified.error.status);
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
  const inbound = feishuInbound(env);
  if (inbound.kind === 'message') await receiveMessage(deps, inbound.message);
  if (inbound.kind !== 'click') return {};
  // Feishu replaces the clicked card with the one in the answer.
  const answer = await receiveClick(deps, inbound.click, { answerReplacesCard: true });
  return feishuClickAnswer(answer, await clickRenderOptions(deps, answer));
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
