// Driving the Slack route from tests as Slack does: signed requests (events as JSON, interactivity as a form-encoded
// `payload`), a direct message, a button click, and the buttons of what was posted to the fake Web API.
import { backgroundIdle } from '../../src/background.js';
import type { SlackWebApiFake } from '../fakes/slack-web-api.js';
import { signedSlackRequest } from '../fakes/sign.js';
import type { TestApp } from './app.js';

/** `app` and `fake` are read when used: a test module makes them in beforeAll. */
export function slackDriver(app: () => TestApp, fakeApi: () => SlackWebApiFake, signingSecret: string, team = 'T1') {
  let seq = 0;
  /** A fresh number for ids (events, triggers, views). */
  const next = () => ++seq;
  const send = async (rawBody: string) => {
    const t = app();
    const headers = signedSlackRequest({ signingSecret, rawBody, timestamp: Math.floor(t.clock.now().getTime() / 1000) });
    const r = await t.app.request('/slack/events', { method: 'POST', headers, body: rawBody });
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as any) : null };
  };
  const dm = (user: string, text: string) =>
    send(JSON.stringify({ token: 't', team_id: team, api_app_id: 'A1', type: 'event_callback', event_id: `Ev${next()}`, event_time: 1, event: { type: 'message', channel_type: 'im', channel: `D${user.slice(1)}`, user, text, ts: `${next()}.0001` } }));
  /** An interactivity payload; waits for what it started in the background (a modal opening). */
  const interact = async (payload: object) => {
    const r = await send(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await backgroundIdle();
    return r;
  };
  const clickOn = (user: string, actionId: string, value: string) =>
    interact({ type: 'block_actions', user: { id: user }, team: { id: team }, api_app_id: 'A1', trigger_id: `trig${next()}`, container: { type: 'message', channel_id: `D${user.slice(1)}`, message_ts: '1' }, actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: `${next()}.5` }] });
  /** The newest button `actionId` posted in `channel`: its value, its message and the message's blocks as text. */
  const buttonIn = (channel: string, actionId: string): { value: string; ts: string; text: string } => {
    for (const m of [...fakeApi().messagesIn(channel)].reverse()) {
      for (const b of (m.blocks as any[]) ?? []) for (const el of b.elements ?? []) if (el.action_id === actionId) return { value: el.value, ts: m.ts, text: JSON.stringify(m.blocks) };
    }
    throw new Error(`no ${actionId} button in ${channel}`);
  };
  return { next, send, dm, interact, clickOn, buttonIn };
}
