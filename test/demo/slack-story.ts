// The story on Slack, ending in a rejection: signed requests into POST /slack/events (acknowledged at once; the
// work goes through the outbox); the real WebClient posts, updates and opens the reason modal on the SlackWebApiFake. The manager rejects with a
// reason typed in the modal, and the transcript shows each Web API call as the fake received it.
import { backgroundIdle } from '../../src/background.js';
import type { RecordedCall } from '../fakes/http-fake.js';
import { signedSlackRequest } from '../fakes/sign.js';
import { SlackWebApiFake } from '../fakes/slack-web-api.js';
import { recordDatabaseState } from './database-state.js';
import { check, startService } from './harness.js';
import type { StoryResult } from './story.js';
import { Transcript, who } from './transcript.js';

const P = 'Slack';
const SECRET = 'demo-slack-signing-secret';
const USERS: Record<string, string> = { e_zhangwei: 'UZHANGWEI', e_wangqiang: 'UWANGQIANG' };
const EMPLOYEE_OF = new Map(Object.entries(USERS).map(([e, u]) => [u, e]));
/** Slack answers a post to a user id in the bot's DM with them; the fake names that channel D + the user id's rest. */
const dmOf = (userId: string) => `D${userId.slice(1)}`;
const employeeOfChannel = (channel: string) => EMPLOYEE_OF.get(`U${channel.slice(1)}`) ?? EMPLOYEE_OF.get(channel);
export const SLACK_SENTENCE = 'train to Hangzhou next Monday, back Wednesday';
export const SLACK_REASON = '客户会议改到下个月了，这次先不去。';

interface Posted {
  channel: string;
  ts: string;
  blocks?: unknown[];
  text?: string;
  update: boolean;
}

/** The value of the `action` button in Block Kit blocks. */
function buttonIn(blocks: unknown[] | undefined, action: string): string | undefined {
  for (const b of (blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]) for (const el of b.elements ?? []) if (el.action_id === action && el.value) return el.value;
  return undefined;
}

const decoded = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
};

export async function slackStory(): Promise<StoryResult> {
  const fake = new SlackWebApiFake({ token: 'xoxb-demo-token' });
  await fake.start();
  const svc = await startService(P, { SLACK_BOT_TOKEN: 'xoxb-demo-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl }).catch(async (e: unknown) => {
    await fake.stop();
    throw e;
  });
  try {
    await svc.link('slack', 'slack_user', USERS);
    const t = new Transcript('Slack', [
      'The service (`createApp`, Slack switched on with `SLACK_BOT_TOKEN`, `SLACK_SIGNING_SECRET`, and `SLACK_API_URL` set to the fake) receives the Events API and interactivity on `POST /slack/events`, signed the way Slack signs them. Each request is acknowledged at once, with no Web API call on the way; replies and card updates go out through the outbox with the Slack WebClient to a fake Slack Web API on 127.0.0.1.',
      '',
      `People: ${who('e_zhangwei')} is Slack user \`${USERS.e_zhangwei}\`, and his DM with the bot is \`${dmOf(USERS.e_zhangwei!)}\`. ${who('e_wangqiang')}, his line manager, is \`${USERS.e_wangqiang}\`. Each bot message below is a \`chat.postMessage\`, \`chat.update\` or \`views.open\` call that the fake recorded, with the Block Kit \`blocks\` as sent. A click is answered by updating its card; a refused click would be answered with a message to the clicker. The reason modal is opened by \`views.open\` right after the click is acknowledged, within the 3-second life of its trigger.`,
    ]);

    let seq = 0;
    let seen = 0;
    const send = async (rawBody: string) => {
      const headers = signedSlackRequest({ signingSecret: SECRET, rawBody, timestamp: Math.floor(svc.clock.now().getTime() / 1000) });
      const r = await svc.app.request('/slack/events', { method: 'POST', headers, body: rawBody });
      const text = await r.text();
      return { status: r.status, text };
    };
    const interact = (payload: object) => send(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const dm = async (employeeId: string, text: string) => {
      const user = USERS[employeeId]!;
      const r = await send(JSON.stringify({ token: 'legacy', team_id: 'T0FAKE', api_app_id: 'A0DEMO', type: 'event_callback', event_id: `Ev0DEMO${++seq}`, event_time: Math.floor(svc.clock.now().getTime() / 1000), event: { type: 'message', channel_type: 'im', channel: dmOf(user), user, text, ts: `${Math.floor(svc.clock.now().getTime() / 1000)}.00000${seq}` } }));
      check(P, r.status === 200, `the message event was answered HTTP ${r.status}: ${r.text}`);
      t.said(who(employeeId), text, `Events API \`message.im\` in \`${dmOf(user)}\` → HTTP ${r.status}`);
    };
    const click = async (employeeId: string, actionId: string, value: string, ts: string) => {
      const user = USERS[employeeId]!;
      const r = await interact({ type: 'block_actions', user: { id: user }, team: { id: 'T0FAKE' }, api_app_id: 'A0DEMO', trigger_id: `trigger.demo.${++seq}`, response_url: fake.responseUrl(`click-${seq}`), container: { type: 'message', channel_id: dmOf(user), message_ts: ts }, actions: [{ type: 'button', action_id: actionId, block_id: 'actions', value, action_ts: `${Math.floor(svc.clock.now().getTime() / 1000)}.${seq}` }] });
      check(P, r.status === 200, `the click was answered HTTP ${r.status}: ${r.text}`);
      t.line(`(interactivity \`block_actions\` \`${actionId}\` → HTTP ${r.status}${r.text ? `: \`${r.text}\`` : ', acknowledged'})`);
    };
    /** Renders the Web API calls recorded since the last call, in order. */
    const flush = (): { posted: Posted[]; modals: { id: string; hash: string; view: Record<string, unknown> }[] } => {
      const calls: RecordedCall[] = fake.calls.slice(seen);
      seen = fake.calls.length;
      const posted: Posted[] = [];
      const modals: { id: string; hash: string; view: Record<string, unknown> }[] = [];
      for (const c of calls) {
        if (c.route === 'auth.test') continue;
        check(P, c.status === 200 && (c.response as { ok?: boolean }).ok, `${c.route} failed: HTTP ${c.status} ${JSON.stringify(c.response)}`);
        const a = c.body as Record<string, unknown>;
        const res = c.response as { channel?: string; ts?: string; view?: { id?: string; hash?: string } };
        if (c.route === 'chat.postMessage' || c.route === 'chat.update') {
          const update = c.route === 'chat.update';
          const channel = String(res.channel);
          const ts = String(res.ts);
          const to = who(employeeOfChannel(channel) ?? channel);
          const blocks = decoded(a.blocks) as unknown[] | undefined;
          const text = a.text === undefined ? undefined : String(a.text);
          const via = update ? `\`chat.update\` \`${channel}\` \`ts ${ts}\`` : `\`chat.postMessage\` to \`${String(a.channel)}\` → \`${channel}\` \`ts ${ts}\``;
          if (blocks) t.card(`**${update ? `bot updates ${to}'s message` : `bot → ${to}`}** · ${via} — fallback text “${text ?? ''}”`, { platform: 'slack', text, blocks, update });
          else t.botText(to, text ?? '', via);
          posted.push({ channel, ts, ...(blocks ? { blocks } : {}), ...(text !== undefined ? { text } : {}), update });
        } else if (c.route === 'views.open') {
          const view = decoded(a.view) as Record<string, unknown>;
          t.card(`**bot opens a modal** · \`views.open\` (trigger \`${String(a.trigger_id)}\`) → view \`${String(res.view?.id)}\``, { platform: 'slack-modal', view });
          modals.push({ id: String(res.view?.id), hash: String(res.view?.hash), view });
        } else {
          t.line(`(the fake also recorded \`${c.method} ${c.path}\` → HTTP ${c.status})`);
        }
      }
      return { posted, modals };
    };

    // 1. The employee asks in one sentence.
    t.section(`${who('e_zhangwei')} asks for a trip`, svc.clock.now());
    t.narrate('张伟 writes to the Spendbot app in a direct message.');
    await dm('e_zhangwei', SLACK_SENTENCE);
    await svc.drain();
    const first = flush();
    const draft = first.posted.find((m) => m.blocks && m.channel === dmOf(USERS.e_zhangwei!));
    check(P, draft, 'no draft card was posted to 张伟');
    const submit = buttonIn(draft.blocks, 'submit');
    check(P, submit, 'the draft card has no Submit button');

    // 2. Submit.
    svc.clock.advance(3 * 60_000);
    t.section(`${who('e_zhangwei')} submits the draft`, svc.clock.now());
    t.narrate('张伟 clicks Submit on the draft card.');
    await click('e_zhangwei', 'submit', submit, draft.ts);
    await svc.drain();
    const second = flush();
    check(P, second.posted.some((m) => m.update && m.ts === draft.ts && !buttonIn(m.blocks, 'submit')), 'the draft card was not updated to its closed form');
    const approval = second.posted.find((m) => !m.update && m.blocks && m.channel === dmOf(USERS.e_wangqiang!));
    check(P, approval, 'no approval card arrived for 王强');
    const reject = buttonIn(approval.blocks, 'reject');
    check(P, reject, 'the approval card has no Reject button');

    // 3. Reject: the reason modal.
    svc.clock.advance(42 * 60_000);
    t.section(`${who('e_wangqiang')} rejects: the bot asks for a reason`, svc.clock.now());
    t.narrate('王强 clicks 驳回 (Reject) on the approval card.');
    await click('e_wangqiang', 'reject', reject, approval.ts);
    await backgroundIdle();
    const third = flush();
    const modal = third.modals[0];
    check(P, modal && modal.view.callback_id === 'reason', 'clicking Reject opened no reason modal');
    check(P, third.posted.length === 0, 'the approval moved before a reason was given');

    // 4. The reason.
    svc.clock.advance(60_000);
    t.section(`${who('e_wangqiang')} gives the reason`, svc.clock.now());
    t.narrate(`王强 types the reason into the modal and presses its submit button. Slack sends the modal's state:`);
    const values = { reason: { reason: { type: 'plain_text_input', value: SLACK_REASON } } };
    const submission = { type: 'view_submission', user: { id: USERS.e_wangqiang }, team: { id: 'T0FAKE' }, api_app_id: 'A0DEMO', view: { id: modal.id, hash: modal.hash, callback_id: 'reason', private_metadata: modal.view.private_metadata, state: { values } } };
    t.json('', submission);
    const submitted = await interact(submission);
    check(P, submitted.status === 200 && submitted.text === '', `the modal submission was answered HTTP ${submitted.status} “${submitted.text}” instead of closing`);
    t.line(`**Answer to the modal** · HTTP ${submitted.status} with an empty body, so Slack closes the modal with no error.`);
    await svc.drain();
    const fourth = flush();
    check(P, fourth.posted.some((m) => m.update && m.ts === approval.ts && !buttonIn(m.blocks, 'reject') && JSON.stringify(m.blocks).includes(SLACK_REASON)), 'the approver’s card was not updated in place to the rejection with its reason');
    check(P, fourth.posted.some((m) => !m.update && m.channel === dmOf(USERS.e_zhangwei!) && JSON.stringify(m.blocks ?? m.text).includes(SLACK_REASON)), '张伟 was not told of the rejection and its reason');

    await recordDatabaseState(svc, t, { platform: P, channel: 'slack', status: 'rejected', reason: SLACK_REASON });
    return { platform: P, file: 'slack.md', title: 'Slack', sentence: SLACK_SENTENCE, outcome: 'rejected, with the reason typed in a modal', markdown: t.markdown(), ...t.report() };
  } catch (e) {
    throw svc.explain(e);
  } finally {
    await svc.close();
    await fake.stop();
  }
}
