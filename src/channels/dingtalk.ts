// DingTalk adapter. Stream mode (default): a long connection through dingtalk-stream (dingtalk-stream.ts). HTTP mode:
// POST /dingtalk/events with the timestamp/sign check (one-hour window, each pair accepted once). bots/dingtalk
// verifies and normalises; src/chat/inbound.ts runs the rest; replies go through the outbox.
import type { Hono } from 'hono';
import { createHash } from 'node:crypto';
import { claimInbound, saveInboundResponse } from '../../db/repos/processed.js';
import type { Inbound } from '../../bots/chat/inbound.js';
import { dingtalkClickAnswer, dingtalkInbound } from '../../bots/dingtalk/dingtalk.normalize.js';
import { verifyDingTalkRequest } from '../../bots/dingtalk/dingtalk.verify.js';
import { ok } from '../../domain/shared/index.js';
import { receiveClick, receiveMessage, type InboundDeps } from '../chat/inbound.js';
import { command } from '../usecases/unit-of-work.js';
import { DEFAULT_TIME_ZONE, orgTimeZone } from '../usecases/org-time.js';

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
  return dingtalkClickAnswer(answer, { locale: answer?.lang ?? 'zh', timeZone: answer?.view && answer.orgId ? await orgTimeZone(deps.db, answer.orgId) : DEFAULT_TIME_ZONE });
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
    return c.json(await onDingTalkInbound(deps, dingtalkInbound(body)));
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
