// Feishu card clicks for the load generator: the bench app's identities, signed and encrypted `card.action.trigger`
// requests built before the clock starts, the check of each answer, and a tally of the fake Open API's calls.
import { signAction } from '../../src/chat/action-token.js';
import { createSecretBox } from '../../src/secrets.js';
import type { FeishuOpenApiFake } from '../../test/fakes/feishu-open-api.js';
import { signedFeishuRequest } from '../../test/fakes/sign.js';
import type { PrebuiltRequest } from './closed-loop.js';
import { APPROVER, ORG } from './setup.js';

export const APP_ID = 'cli_bench_app';
export const APP_SECRET = 'bench-app-secret';
export const APPROVER_OPEN_ID = 'ou_wangqiang';
export const SUBMITTER_OPEN_ID = 'ou_zhangwei';
/** The Feishu message that holds the approver's copy of an approval card (seeded in the database and in the fake). */
export const messageIdOf = (approvalId: string) => `om_${approvalId}`;

export interface ClickBatch {
  approvalIds: string[];
  /** Makes event ids unique across variants. */
  label: string;
  /** The service's ENCRYPTION_KEY (base64): button values are signed with it. */
  serviceKey: string;
  encryptKey: string;
  verificationToken: string;
}

/**
 * One "approve" click per approval, exactly as Feishu sends it: a v2 envelope with a unique event id, encrypted with
 * the Encrypt Key and signed over timestamp + nonce + key + raw body. The service refuses timestamps more than five
 * minutes off its clock, so build them just before the run.
 */
export function buildClicks(b: ClickBatch): PrebuiltRequest[] {
  const box = createSecretBox([Buffer.from(b.serviceKey, 'base64')]);
  const ts = Math.floor(Date.now() / 1000);
  return b.approvalIds.map((id, i) => {
    const value = signAction(box, { kind: 'approval', org: ORG, id, step: 'manager', action: 'approve', to: APPROVER, exp: ts + 3600 });
    const body = {
      schema: '2.0',
      header: { event_id: `ev_bench_${b.label}_${i}`, event_type: 'card.action.trigger', app_id: APP_ID, tenant_key: 'bench_tenant', create_time: String(ts * 1000) },
      event: {
        operator: { open_id: APPROVER_OPEN_ID },
        action: { tag: 'button', value: { t: value, a: 'approve' } },
        context: { open_message_id: messageIdOf(id), open_chat_id: 'oc_bench' },
      },
    };
    const { headers, rawBody } = signedFeishuRequest({ encryptKey: b.encryptKey, verificationToken: b.verificationToken, body, timestamp: ts });
    const head = `X-Lark-Request-Timestamp: ${headers['x-lark-request-timestamp']}\r\nX-Lark-Request-Nonce: ${headers['x-lark-request-nonce']}\r\nX-Lark-Signature: ${headers['x-lark-signature']}\r\n`;
    return { path: '/feishu/events', body: Buffer.from(rawBody), head };
  });
}

/** A 200 whose toast says success; anything else (a warning toast, an error, a 401) is an error. */
export function isSuccess(status: number, body: string): boolean {
  if (status !== 200) return false;
  try {
    return (JSON.parse(body) as { toast?: { type?: string } }).toast?.type === 'success';
  } catch {
    return false;
  }
}

/** The answer carries the clicked card as it now stands (Feishu replaces the clicked card with it). */
export function carriesCard(status: number, body: string): boolean {
  if (status !== 200) return false;
  try {
    return (JSON.parse(body) as { card?: { type?: string; data?: unknown } }).card?.type === 'raw';
  } catch {
    return false;
  }
}

/** Calls the fake Open API answered, by route, and how many of them failed (HTTP ≥ 400). */
export interface FeishuCallTally {
  answered: Record<string, number>;
  failed: number;
}

/**
 * Counts the fake's answered calls and forgets them, so a long run does not keep every card it was sent in memory.
 * Calls still waiting for their (delayed) answer are kept for the next sweep.
 */
export function sweepCalls(fake: FeishuOpenApiFake, tally: FeishuCallTally, onAnswered?: (c: FeishuOpenApiFake['calls'][number]) => void): void {
  const waiting = fake.calls.filter((c) => c.status === undefined);
  for (const c of fake.calls) {
    if (c.status === undefined) continue;
    onAnswered?.(c);
    tally.answered[c.route] = (tally.answered[c.route] ?? 0) + 1;
    if (c.status >= 400) tally.failed++;
  }
  fake.calls.length = 0;
  for (const c of waiting) fake.calls.push(c);
}
