// Slack Socket Mode (SLACK_APP_TOKEN): @slack/socket-mode's client against a fake socket-mode endpoint. Events arrive
// over the WebSocket and are acked by envelope id; replies still go out through the Web API.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIdentities } from '../../db/repos/org.js';
import { registerSlack } from '../../src/channels/slack.js';
import { slackSingleClient } from '../../src/channels/slack-oauth.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { outboxHandlers } from '../../src/services.js';
import { SlackSocketModeFake } from '../fakes/slack-socket.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';
import { waitFor } from '../helpers/wait-for.js';

let t: TestApp;
let fake: SlackSocketModeFake;
let socket: { stop(): Promise<void> };

beforeAll(async () => {
  fake = new SlackSocketModeFake();
  await fake.start();
  // HTTP-mode settings for the outbox's WebClient; the Socket Mode app is started below with the app token.
  t = await testApp({ SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 'unused', SLACK_API_URL: fake.apiUrl }, { parser: ruleParser });
  await linkIdentities(t.database.db, 'demo', [{ orgId: 'demo', platform: 'slack', kind: 'slack_user', externalId: 'UZHANG', employeeId: 'e_zhangwei' }]);
  socket = registerSlack(new Hono(), { ...t.deps, parser: ruleParser, orgId: 'demo' }, { clients: slackSingleClient(fake.token, fake.apiUrl), apiUrl: fake.apiUrl, appToken: fake.appToken });
  await fake.waitForConnection();
});
afterAll(async () => {
  await socket.stop();
  await t.close();
  await fake.stop();
});

const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
};

describe('Slack Socket Mode', () => {
  it('receives a DM over the socket, acks it, and answers with a draft card through the Web API', async () => {
    const ack = await fake.push('events_api', {
      token: 't', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: 'EvSock1', event_time: 1,
      event: { type: 'message', channel_type: 'im', channel: 'DZHANG', user: 'UZHANG', text: 'taxi to airport CNY 45 yesterday', ts: '1.0001' },
    });
    expect(ack.envelope_id).toBeDefined();
    // The ack may come before the listener finishes: drain until the reply has gone out.
    const card = await waitFor(
      async () => {
        await drain();
        return fake.messagesIn('DZHANG').at(-1);
      },
      { what: 'the draft card in DZHANG' },
    );
    expect(JSON.stringify(card.blocks)).toContain('"action_id":"submit"');
  });
});
