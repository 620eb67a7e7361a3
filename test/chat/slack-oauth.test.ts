// Slack OAuth installs against the fake Web API: a signed install link → Slack's authorize URL with state → the OAuth
// redirect stores the installation encrypted and registers the workspace for the organisation → that workspace's
// events land in the organisation and its replies go out with that workspace's bot token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.js';
import { createOrganisation, linkIdentities, upsertDepartments, upsertEmployees } from '../../db/repos/org.js';
import { slackInstallationByKey } from '../../db/repos/slack-installations.js';
import { tenantOrg } from '../../db/repos/tenants.js';
import { slackInstallLink } from '../../src/channels/slack-oauth.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { outboxHandlers } from '../../src/services.js';
import { signedSlackRequest } from '../fakes/sign.js';
import { SlackWebApiFake } from '../fakes/slack-web-api.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';

const SIGNING = 'slack-signing-secret';
const STATE_SECRET = 'state-secret-state-secret-state-secret';
const PUBLIC = 'https://spend.example';
let t: TestApp;
let fake: SlackWebApiFake;
let seq = 0;

beforeAll(async () => {
  fake = new SlackWebApiFake({ clientId: '1111.2222', clientSecret: 'client-secret' });
  await fake.start();
  t = await testApp(
    { SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: STATE_SECRET, SLACK_SIGNING_SECRET: SIGNING, SLACK_API_URL: fake.apiUrl, PUBLIC_URL: PUBLIC },
    { parser: ruleParser },
  );
  await createOrganisation(t.database.db, { id: 'acme', name: 'Acme', timeZone: 'Europe/London', defaultCurrency: 'GBP' });
  await upsertDepartments(t.database.db, [{ id: 'd_acme', orgId: 'acme', name: 'Acme HQ', parentId: null, headId: null }], t.clock.now());
  await upsertEmployees(t.database.db, [{ id: 'e_bob', orgId: 'acme', name: 'Bob', departmentId: 'd_acme', managerId: null, roles: ['employee'], grade: 1, locale: 'en', active: true }], t.clock.now());
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

/** Runs the browser's part: the install link, Slack's approval (a code from the fake), the redirect back. */
async function install(org: string, grant: { teamId: string; teamName: string; userId: string }, opts: { cookie?: boolean } = {}) {
  const link = new URL(slackInstallLink(PUBLIC, STATE_SECRET, org, t.clock.now()));
  const start = await t.app.request(`${link.pathname}${link.search}`);
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location')!);
  const cookie = /slack-app-oauth-state=([^;]+)/.exec(start.headers.get('set-cookie') ?? '')?.[1];
  const state = authorize.searchParams.get('state')!;
  const code = fake.grantCode(grant);
  const back = await t.app.request(`/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`, {
    headers: opts.cookie === false ? {} : { cookie: `slack-app-oauth-state=${cookie}` },
  });
  return { authorize, cookie, state, back: { status: back.status, text: await back.text() } };
}

const dm = async (team: string, user: string, text: string) => {
  const rawBody = JSON.stringify({ token: 't', team_id: team, api_app_id: 'A0FAKE', type: 'event_callback', event_id: `Ev${++seq}`, event_time: 1, event: { type: 'message', channel_type: 'im', channel: `D${user.slice(1)}`, user, text, ts: `${seq}.0001` } });
  const r = await t.app.request('/slack/events', { method: 'POST', headers: signedSlackRequest({ signingSecret: SIGNING, rawBody, timestamp: Math.floor(t.clock.now().getTime() / 1000) }), body: rawBody });
  return r.status;
};
/** The chat sends queued so far (other tests queue theirs too: compare before and after). */
const chatSends = async () =>
  rowsOf<{ id: string; org_id: string }>(await t.database.db.execute(sql`select id, org_id from outbox where topic = 'chat.send'`));
const drain = async () => {
  for (let i = 0; i < 10; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
};

describe('Slack OAuth installs', () => {
  it('refuses an install link that was not signed by this service', async () => {
    const link = new URL(slackInstallLink(PUBLIC, STATE_SECRET, 'acme', t.clock.now()));
    link.searchParams.set('org', 'demo');
    expect((await t.app.request(`${link.pathname}${link.search}`)).status).toBe(403);
    const forged = new URL(slackInstallLink(PUBLIC, 'another-secret-another-secret-another', 'acme', t.clock.now()));
    expect((await t.app.request(`${forged.pathname}${forged.search}`)).status).toBe(403);
  });

  it('installs into the organisation of the link, stores the token encrypted, and serves that workspace with its token', async () => {
    const { authorize, cookie, state, back } = await install('acme', { teamId: 'TACME', teamName: 'Acme', userId: 'UADMIN' });
    expect(`${authorize.origin}${authorize.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorize.searchParams.get('client_id')).toBe('1111.2222');
    expect(authorize.searchParams.get('scope')).toContain('chat:write');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC}/slack/oauth_redirect`);
    expect(cookie).toBe(state);
    expect(back.status).toBe(200);
    expect(fake.exchanges.at(-1)).toMatchObject({ clientId: '1111.2222', redirectUri: `${PUBLIC}/slack/oauth_redirect` });

    const token = [...fake.issued].find(([, g]) => g.teamId === 'TACME')![0];
    const row = await slackInstallationByKey(t.database.db, 'TACME');
    expect(row).toMatchObject({ orgId: 'acme', teamId: 'TACME' });
    expect(row!.installationEnc).not.toContain(token);
    expect(JSON.parse(t.deps.box.decrypt(row!.installationEnc)).bot.token).toBe(token);
    expect(await tenantOrg(t.database.db, 'slack', 'TACME')).toBe('acme');

    await linkIdentities(t.database.db, 'acme', [{ platform: 'slack', tenant: 'TACME', kind: 'slack_user', externalId: 'UBOB', employeeId: 'e_bob' }]);
    const earlier = new Set((await chatSends()).map((r) => r.id));
    expect(await dm('TACME', 'UBOB', 'help')).toBe(200);
    expect((await chatSends()).filter((r) => !earlier.has(r.id)).map((r) => r.org_id)).toEqual(['acme']);
    await drain();
    const reply = fake.messagesIn('DBOB').at(-1);
    expect(reply?.token).toBe(token);
  });

  it('serves a second organisation in its own workspace with its own token', async () => {
    expect((await install('demo', { teamId: 'TDEMO', teamName: 'Galaxy', userId: 'UADMIN2' })).back.status).toBe(200);
    await linkIdentities(t.database.db, 'demo', [{ platform: 'slack', tenant: 'TDEMO', kind: 'slack_user', externalId: 'UZHANG', employeeId: 'e_zhangwei' }]);
    expect(await dm('TDEMO', 'UZHANG', 'help')).toBe(200);
    await drain();
    const demoToken = [...fake.issued].find(([, g]) => g.teamId === 'TDEMO')![0];
    expect(fake.messagesIn('DZHANG').at(-1)?.token).toBe(demoToken);
    // A workspace nobody installed is acknowledged and dropped.
    const before = fake.messages.size;
    expect(await dm('TNOBODY', 'UZHANG', 'help')).toBe(200);
    await drain();
    expect(fake.messages.size).toBe(before);
  });

  // Each test installs the workspaces it needs, under its own team ids, so they run alone and in any order.
  it('forgets a workspace\'s installation when the app is uninstalled there', async () => {
    expect((await install('demo', { teamId: 'TGONE', teamName: 'Leaving', userId: 'UADMIN3' })).back.status).toBe(200);
    expect((await install('acme', { teamId: 'TSTAYS', teamName: 'Staying', userId: 'UADMIN4' })).back.status).toBe(200);
    expect(await slackInstallationByKey(t.database.db, 'TGONE')).toBeDefined();
    const rawBody = JSON.stringify({ token: 't', team_id: 'TGONE', api_app_id: 'A0FAKE', type: 'event_callback', event_id: `Ev${++seq}`, event_time: 1, event: { type: 'app_uninstalled' } });
    const r = await t.app.request('/slack/events', { method: 'POST', headers: signedSlackRequest({ signingSecret: SIGNING, rawBody, timestamp: Math.floor(t.clock.now().getTime() / 1000) }), body: rawBody });
    expect(r.status).toBe(200);
    expect(await slackInstallationByKey(t.database.db, 'TGONE')).toBeUndefined();
    expect(await slackInstallationByKey(t.database.db, 'TSTAYS')).toBeDefined();
  });

  it('refuses to install a workspace already connected to another organisation', async () => {
    expect((await install('acme', { teamId: 'TTAKEN', teamName: 'Acme Ops', userId: 'UADMIN5' })).back.status).toBe(200);
    const { back } = await install('demo', { teamId: 'TTAKEN', teamName: 'Acme Ops', userId: 'UMALLORY' });
    expect(back.status).toBe(409);
    expect((await slackInstallationByKey(t.database.db, 'TTAKEN'))?.orgId).toBe('acme');
    expect(await tenantOrg(t.database.db, 'slack', 'TTAKEN')).toBe('acme');
  });

  it('refuses a redirect whose state was not started in this browser, and stores nothing', async () => {
    const { back } = await install('acme', { teamId: 'TOTHER', teamName: 'Other', userId: 'U1' }, { cookie: false });
    expect(back.status).toBe(400);
    expect(await slackInstallationByKey(t.database.db, 'TOTHER')).toBeUndefined();
  });
});
