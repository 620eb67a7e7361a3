// DingTalk adapter. Stream mode (default): a long connection through dingtalk-stream (dingtalk-stream.ts). HTTP mode:
// POST /dingtalk/events with the timestamp/sign check (one-hour window, each pair accepted once). bots/dingtalk
// verifies and normalises; src/chat/inbound.ts runs the rest; replies go through the outbox.
import type { Hono } from 'hono';
import type { Inbound } from '../../bots/chat/inbound.js';
import { dingtalkClickAnswer, dingtalkInbound } from '../../bots/dingtalk/dingtalk.normalize.js';
import { verifyDingTalkRequest } from '../../bots/dingtalk/dingtalk.verify.js';
import { clickRenderOptions, receiveClick, receiveMessage, type InboundDeps } from '../chat/inbound.js';
import { errorBody } from '../api/errors.js';
import { firstUseOfSignature } from '../chat/replay-guard.js';

export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';
export const CARD_TOPIC = '/v1.0/card/instances/callback';

export interface DingTalkChannelSettings {
  clientId: string;
  clientSecret: string;
  apiUrl: string;
  mode: 'stream' | 'http';
}

export type DingTalkChannelDeps = InboundDeps;

/** One normalised callback: a message runs the chat (answered `{}`); a click gets the card answer. */
export async function onDingTalkInbound(deps: DingTalkChannelDeps, inbound: Inbound): Promise<Record<string, unknown>> {
  if (inbound.kind === 'message') await receiveMessage(deps, inbound.message);
  if (inbound.kind !== 'click') return {};
  const answer = await receiveClick(deps, inbound.click);
  return dingtalkClickAnswer(answer, await clickRenderOptions(deps, answer));
}

/** HTTP mode: POST /dingtalk/events (robot messages and card callbacks), signed with the app secret. */
export function registerDingTalkHttp(app: Hono<any>, deps: DingTalkChannelDeps, s: DingTalkChannelSettings): void {
  app.post('/dingtalk/events', async (c) => {
    const v = verifyDingTalkRequest({ appSecret: s.clientSecret, headers: c.req.raw.headers, now: deps.clock.now() });
    if (!v.ok) return c.json(errorBody(v.error.code, v.error.message), v.error.status);
    const raw = await c.req.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return c.json(errorBody('REQUEST.MALFORMED_JSON', 'the request body is not valid JSON'), 400);
    }
    // DingTalk's `sign` covers only the timestamp (HMAC(timestamp + "\n" + secret)), so a captured header pair would
    // authenticate any body for the hour it is valid: each pair is accepted for one body, recorded before processing.
    if (!(await firstUseOfSignature(deps.db, 'dingtalk:sign', String(v.value.timestamp), raw)))
      return c.json(errorBody('AUTH.REPLAYED', 'this timestamp and sign were already used for another request'), 401);
    return c.json(await onDingTalkInbound(deps, dingtalkInbound(body)));
  });
}
