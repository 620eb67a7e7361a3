// The story on Feishu: signed, encrypted events into POST /feishu/events; the real Lark SDK sends and patches cards on
// the FeishuOpenApiFake. The transcript shows each im.message create/patch call as the fake received it.
import { FeishuOpenApiFake } from '../fakes/feishu-open-api.js';
import type { RecordedCall } from '../fakes/http-fake.js';
import { signedFeishuRequest } from '../fakes/sign.js';
import { recordDatabaseState } from './database-state.js';
import { check, startService } from './harness.js';
import { Transcript, who } from './transcript.js';
import type { StoryResult } from './story.js';

const P = 'Feishu';
const ENCRYPT_KEY = 'demo-encrypt-key';
const TOKEN = 'demo-verification-token';
const OPEN_IDS: Record<string, string> = { e_zhangwei: 'ou_zhangwei', e_wangqiang: 'ou_wangqiang' };
const EMPLOYEE_OF = new Map(Object.entries(OPEN_IDS).map(([e, o]) => [o, e]));
export const FEISHU_SENTENCE = '下周三去北京出差，周五回，坐飞机';

interface FeishuButton {
  t: string;
  a: string;
}

/** The signed value of the `action` button anywhere in a Feishu card JSON 2.0 (buttons carry `{t, a}` callbacks). */
function buttonIn(card: unknown, action: string): string | undefined {
  let found: string | undefined;
  const walk = (v: unknown): void => {
    if (found || typeof v !== 'object' || v === null) return;
    const value = (v as { value?: Partial<FeishuButton> }).value;
    if (typeof value === 'object' && value !== null && value.a === action && typeof value.t === 'string') found = value.t;
    for (const x of Object.values(v)) walk(x);
  };
  walk(card);
  return found;
}

interface Sent {
  messageId: string;
  to: string;
  card?: unknown;
  text?: string;
  update: boolean;
}

export async function feishuStory(): Promise<StoryResult> {
  const fake = new FeishuOpenApiFake({ appId: 'cli_demo', appSecret: 'demo-app-secret' });
  const { url } = await fake.start();
  const svc = await startService(P, { FEISHU_APP_ID: 'cli_demo', FEISHU_APP_SECRET: 'demo-app-secret', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN, FEISHU_DOMAIN: url }).catch(async (e: unknown) => {
    await fake.stop();
    throw e;
  });
  try {
    await svc.link('feishu', 'open_id', OPEN_IDS);
    const t = new Transcript('Feishu / 飞书', [
      'The service (`createApp`, Feishu switched on with `FEISHU_APP_ID`, `FEISHU_ENCRYPT_KEY`, `FEISHU_VERIFICATION_TOKEN`, and `FEISHU_DOMAIN` set to the fake) receives events on `POST /feishu/events`, encrypted and signed the way Feishu sends them. It answers through the official Lark SDK, pointed at a fake Feishu Open API on 127.0.0.1.',
      '',
      `People: ${who('e_zhangwei')} is \`open_id ${OPEN_IDS.e_zhangwei}\`. ${who('e_wangqiang')}, his line manager, is \`open_id ${OPEN_IDS.e_wangqiang}\`. Each bot message below is an \`im.message.create\` or \`im.message.patch\` call that the fake recorded. Each card is the Feishu card JSON 2.0 from that call's \`content\`.`,
    ]);

    let seq = 0;
    let seen = 0;
    const post = async (body: Record<string, unknown>) => {
      const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, body, timestamp: Math.floor(svc.clock.now().getTime() / 1000) });
      const r = await svc.app.request('/feishu/events', { method: 'POST', headers, body: rawBody });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const header = (eventType: string) => ({ event_id: `ev_demo_${++seq}`, event_type: eventType, app_id: 'cli_demo', tenant_key: 'demo_tenant', create_time: String(svc.clock.now().getTime()) });
    const say = async (employeeId: string, text: string) => {
      const openId = OPEN_IDS[employeeId]!;
      const r = await post({ schema: '2.0', header: header('im.message.receive_v1'), event: { sender: { sender_id: { open_id: openId }, sender_type: 'user' }, message: { message_id: `om_in_${seq}`, chat_id: `oc_p2p_${openId}`, chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text }) } } });
      check(P, r.status === 200, `the message event was answered HTTP ${r.status}: ${JSON.stringify(r.body)}`);
      t.said(who(employeeId), text, `event \`im.message.receive_v1\` → HTTP ${r.status}`);
    };
    const click = async (employeeId: string, messageId: string, value: string, label: string) => {
      const openId = OPEN_IDS[employeeId]!;
      const r = await post({ schema: '2.0', header: header('card.action.trigger'), event: { operator: { open_id: openId }, action: { tag: 'button', value: { t: value, a: label } }, context: { open_message_id: messageId, open_chat_id: `oc_p2p_${openId}` } } });
      check(P, r.status === 200, `the card callback was answered HTTP ${r.status}: ${JSON.stringify(r.body)}`);
      const toast = r.body.toast as { type?: string; content?: string } | undefined;
      t.line(`**Answer to the click** (event \`card.action.trigger\` → HTTP ${r.status}): toast \`${toast?.type ?? '—'}\` “${toast?.content ?? ''}”${r.body.card ? ', and the clicked card as it now stands (`card.type` `raw`):' : ''}`);
      const shown = (r.body.card as { data?: Record<string, unknown> } | undefined)?.data;
      if (shown) t.card(`**Feishu replaces ${who(employeeId)}'s clicked card** \`${messageId}\` with the one in the answer — ${caption(shown)}`, { platform: 'feishu', card: shown, update: true });
      return { toast, card: r.body.card };
    };
    /** Renders the im.message calls recorded since the last call, in order; returns them. */
    const flush = (): Sent[] => {
      const calls: RecordedCall[] = fake.calls.slice(seen);
      seen = fake.calls.length;
      const out: Sent[] = [];
      for (const c of calls) {
        if (c.route === 'auth.tenant_access_token') continue;
        check(P, c.status === 200, `${c.route} was answered HTTP ${c.status}: ${JSON.stringify(c.response)}`);
        const body = c.body as { receive_id?: string; msg_type?: string; content?: string };
        if (c.route === 'im.message.create') {
          const messageId = String((c.response as { data?: { message_id?: string } }).data?.message_id);
          const to = who(EMPLOYEE_OF.get(body.receive_id ?? '') ?? body.receive_id ?? '?');
          const content = JSON.parse(body.content ?? '{}') as Record<string, unknown>;
          if (body.msg_type === 'text') {
            t.botText(to, String(content.text), `\`im.message.create\` (text, \`receive_id_type=${c.query.receive_id_type}\`) → \`${messageId}\``);
            out.push({ messageId, to: body.receive_id ?? '', text: String(content.text), update: false });
          } else {
            t.card(`**bot → ${to}** · \`im.message.create\` (interactive card, \`receive_id_type=${c.query.receive_id_type}\`) → \`${messageId}\` — ${caption(content)}`, { platform: 'feishu', card: content });
            out.push({ messageId, to: body.receive_id ?? '', card: content, update: false });
          }
        } else if (c.route === 'im.message.patch') {
          const messageId = c.params.message_id ?? '';
          const receiver = fake.messages.get(messageId)?.receiveId ?? '';
          const content = JSON.parse(body.content ?? '{}') as Record<string, unknown>;
          t.card(`**bot updates ${who(EMPLOYEE_OF.get(receiver) ?? receiver)}'s card** · \`im.message.patch\` \`${messageId}\` — ${caption(content)}`, { platform: 'feishu', card: content, update: true });
          out.push({ messageId, to: receiver, card: content, update: true });
        } else {
          t.line(`(the fake also recorded \`${c.method} ${c.path}\` → HTTP ${c.status})`);
        }
      }
      return out;
    };

    // 1. The employee asks in one sentence.
    t.section(`${who('e_zhangwei')} asks for a trip`, svc.clock.now());
    t.narrate('张伟 opens the chat with the Spendbot app in Feishu and writes one sentence.');
    await say('e_zhangwei', FEISHU_SENTENCE);
    await svc.drain();
    const first = flush();
    const draft = first.find((s) => s.card && !s.update && s.to === OPEN_IDS.e_zhangwei);
    check(P, draft, 'no draft card was sent to 张伟');
    const submit = buttonIn(draft.card, 'submit');
    check(P, submit, 'the draft card has no Submit button');

    // 2. Submit on the draft card.
    svc.clock.advance(2 * 60_000);
    t.section(`${who('e_zhangwei')} submits the draft`, svc.clock.now());
    t.narrate(`张伟 checks the draft card and clicks 提交 Submit on it (message ${draft.messageId}).`);
    const submitted = await click('e_zhangwei', draft.messageId, submit, 'submit');
    check(P, submitted.toast?.type === 'success', `submitting the draft answered ${JSON.stringify(submitted.toast)}`);
    await svc.drain();
    const second = flush();
    check(P, second.some((s) => s.update && s.messageId === draft.messageId && !buttonIn(s.card, 'submit')), 'the draft card was not patched to its closed form');
    const approval = second.find((s) => s.card && !s.update && s.to === OPEN_IDS.e_wangqiang);
    check(P, approval, 'no approval card arrived for 王强');
    const approve = buttonIn(approval.card, 'approve');
    check(P, approve, 'the approval card has no Approve button');

    // 3. The manager approves on his card.
    svc.clock.advance(28 * 60_000);
    t.section(`${who('e_wangqiang')} approves on the approval card`, svc.clock.now());
    t.narrate(`王强 sees the approval card in his chat with the bot (message ${approval.messageId}) and clicks 同意 Approve.`);
    const approved = await click('e_wangqiang', approval.messageId, approve, 'approve');
    check(P, approved.toast?.type === 'success', `approving answered ${JSON.stringify(approved.toast)}`);
    await svc.drain();
    const third = flush();
    // Feishu replaces the clicked card with the one in the answer: the approver's copy changes at once, and the outbox
    // does not patch it again.
    const answered = (approved.card as { type?: string; data?: Record<string, unknown> } | undefined)?.data;
    check(P, answered && !buttonIn(answered, 'approve'), 'the answer to the click did not carry the approver’s card without buttons');
    check(P, !third.some((s) => s.update && s.messageId === approval.messageId), 'the approver’s card, already shown in the answer, was patched again');
    check(P, third.some((s) => s.card && !s.update && s.to === OPEN_IDS.e_zhangwei), '张伟 was not notified of the outcome');

    await recordDatabaseState(svc, t, { platform: P, channel: 'feishu', status: 'approved' });
    return { platform: P, file: 'feishu.md', title: 'Feishu / 飞书', sentence: FEISHU_SENTENCE, outcome: 'approved on the card', markdown: t.markdown(), ...t.report() };
  } catch (e) {
    throw svc.explain(e);
  } finally {
    await svc.close();
    await fake.stop();
  }
}

/** "出差 Trip: 北京 · 待审批" from the card's own header. */
function caption(card: Record<string, unknown>): string {
  const h = card.header as { title?: { content?: string }; text_tag_list?: { text?: { content?: string } }[] } | undefined;
  const tag = h?.text_tag_list?.[0]?.text?.content;
  return `“${h?.title?.content ?? '?'}”${tag ? ` · ${tag}` : ''}`;
}
