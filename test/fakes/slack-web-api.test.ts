// Conformance: the real @slack/web-api WebClient and Bolt App against the loopback Slack Web API fake.
import { App, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackWebApiFake } from './slack-web-api.js';

describe('Slack Web API fake with the WebClient', () => {
  let fake: SlackWebApiFake;
  let client: WebClient;

  beforeEach(async () => {
    fake = new SlackWebApiFake({ users: [{ id: 'U0ALICE', name: 'alice', realName: 'Alice Liu', email: 'alice@example.com' }] });
    await fake.start();
    // No retries: an injected failure must surface at once instead of being retried for 30 minutes.
    client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
  });

  afterEach(async () => {
    await fake.stop();
  });

  it('posts a Block Kit message and updates it in place', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Trip to Berlin* needs approval' } }];
    const posted = await client.chat.postMessage({ channel: 'C0TEAM', text: 'Trip to Berlin needs approval', blocks });
    expect(posted.ok).toBe(true);
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);

    const updated = await client.chat.update({ channel: 'C0TEAM', ts: posted.ts!, text: 'Approved', blocks: [] });
    expect(updated.ok).toBe(true);
    const m = fake.messages.get(`C0TEAM:${posted.ts}`)!;
    expect(m.text).toBe('Approved');
    expect(m.history[0]).toEqual({ text: 'Trip to Berlin needs approval', blocks });

    const call = fake.callsTo('chat.postMessage')[0]!;
    expect(call.headers.authorization).toBe(`Bearer ${fake.token}`);
    expect(call.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(typeof (call.body as Record<string, unknown>).blocks).toBe('string');
  });

  it('answers a DM channel when posting to a user id', async () => {
    const posted = await client.chat.postMessage({ channel: 'U0ALICE', text: 'hi' });
    expect(posted.channel).toBe('D0ALICE');
  });

  it('opens a modal and looks users up by email and id', async () => {
    const view = await client.views.open({ trigger_id: '123.456.abc', view: { type: 'modal', title: { type: 'plain_text', text: 'Reject' }, blocks: [] } });
    expect(view.view?.id).toMatch(/^V0FAKE/);
    expect(fake.views[0]!.view).toMatchObject({ type: 'modal' });

    const byEmail = await client.users.lookupByEmail({ email: 'alice@example.com' });
    expect(byEmail.user?.id).toBe('U0ALICE');
    const info = await client.users.info({ user: 'U0ALICE' });
    expect(info.user?.profile?.email).toBe('alice@example.com');
    await expect(client.users.lookupByEmail({ email: 'nobody@example.com' })).rejects.toMatchObject({ data: { error: 'users_not_found' } });
  });

  it('refuses a wrong token with invalid_auth', async () => {
    const stranger = new WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    await expect(stranger.chat.postMessage({ channel: 'C0TEAM', text: 'x' })).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
    expect(fake.messages.size).toBe(0);
  });

  it('injects a platform error once', async () => {
    fake.failNext('chat.update', { status: 200, body: { ok: false, error: 'message_not_found' } });
    const posted = await client.chat.postMessage({ channel: 'C0TEAM', text: 'a' });
    await expect(client.chat.update({ channel: 'C0TEAM', ts: posted.ts!, text: 'b' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
    await expect(client.chat.update({ channel: 'C0TEAM', ts: posted.ts!, text: 'b' })).resolves.toMatchObject({ ok: true });
  });
});

describe('Slack Web API fake with Bolt', () => {
  let fake: SlackWebApiFake;

  beforeEach(async () => {
    fake = new SlackWebApiFake();
    await fake.start();
  });

  afterEach(async () => {
    await fake.stop();
  });

  it('verifies the token with auth.test, posts through app.client and answers an action via chat.update and respond()', async () => {
    const app = new App({ token: fake.token, signingSecret: 'fake-signing-secret', clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }, logLevel: LogLevel.ERROR });
    const posted = await app.client.chat.postMessage({ channel: 'C0TEAM', text: 'Approve?' });

    app.action('approve', async ({ ack, body, client, respond }) => {
      await ack();
      const b = body as { channel?: { id: string }; message?: { ts: string } };
      await client.chat.update({ channel: b.channel!.id, ts: b.message!.ts, text: 'Approved by Alice' });
      await respond({ text: 'Done', replace_original: false });
    });
    let acked = false;
    await app.processEvent({
      body: {
        type: 'block_actions',
        user: { id: 'U0ALICE', username: 'alice', team_id: fake.teamId },
        team: { id: fake.teamId, domain: 'fake' },
        api_app_id: 'A0FAKE',
        container: { type: 'message', message_ts: posted.ts, channel_id: 'C0TEAM' },
        channel: { id: 'C0TEAM' },
        message: { ts: posted.ts, text: 'Approve?' },
        trigger_id: '1.2.3',
        response_url: fake.responseUrl('act-1'),
        actions: [{ type: 'button', action_id: 'approve', block_id: 'b1', value: 'apr-1', action_ts: '1700000000.000001' }],
      },
      ack: async () => {
        acked = true;
      },
    });

    expect(acked).toBe(true);
    expect(fake.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
    expect(fake.messages.get(`C0TEAM:${posted.ts}`)!.text).toBe('Approved by Alice');
    expect(fake.responses).toEqual([expect.objectContaining({ id: 'act-1', body: expect.objectContaining({ text: 'Done', replace_original: false }) })]);
  });
});
