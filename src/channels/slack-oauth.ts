// Slack multi-workspace installs through @slack/oauth's InstallProvider (the installer Bolt bundles), with the
// installation store in our database (slack_installations, the Installation encrypted with the SecretBox).
// GET /slack/install?org&exp&sig (a signed link: the organisation cannot be chosen by the visitor) → Slack's authorize
// page with a signed state that carries the organisation → GET /slack/oauth_redirect stores the installation and
// registers the workspace as a tenant of that organisation. Events are then authorised by their workspace's token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { createRequire } from 'node:module';
import type * as Bolt from '@slack/bolt';
import type * as SlackOAuth from '@slack/oauth';
import type { InstallProvider, Installation, InstallationQuery, InstallationStore, LogLevel, Logger as SlackLogger } from '@slack/oauth';
import type { webApi } from '@slack/bolt';

/** The Slack SDKs take over half a second to load: required on first use, so a service without Slack never loads them. */
// The require is made on first use too: on Cloudflare Workers `import.meta.url` is undefined at module load.
const oauthSdk = () => createRequire(import.meta.url)('@slack/oauth') as typeof SlackOAuth;
let bundledBolt: typeof Bolt | undefined;
const boltSdk = () => bundledBolt ?? (createRequire(import.meta.url)('@slack/bolt') as typeof Bolt);

/**
 * For entries that bundle Bolt (src/worker.ts, which has no require): its WebClient is used instead of a required one.
 * The WebClient calls `fetch` unbound (workerd refuses that: "Illegal invocation") and asks for `redirect: 'error'`,
 * which workerd does not implement; Slack's Web API does not redirect, so `manual` (a 3xx then fails the call) is the same.
 */
export function useBundledBolt(bolt: typeof Bolt): void {
  bundledBolt = bolt;
}
const workersFetch = (input: string | URL | Request, init?: RequestInit) => fetch(input, init?.redirect === 'error' ? { ...init, redirect: 'manual' } : init);
const webClient = (token: string, apiUrl: string) => new (boltSdk().webApi.WebClient)(token, { ...slackClientOptions(apiUrl), ...(bundledBolt ? { fetch: workersFetch } : {}) });
import type { Db } from '../../db/database.js';
import { appendAudit } from '../../db/repos/audit.js';
import { getOrganisation } from '../../db/repos/org.js';
import { deleteSlackInstallation, saveSlackInstallation, slackInstallationByKey, slackInstallationOf } from '../../db/repos/slack-installations.js';
import { registerTenant } from '../../db/repos/tenants.js';
import { forgetTenantRoutes } from '../chat/tenant-route.js';
import { signInstallLink, verifyInstallLink } from '../../bots/slack/slack.install-link.js';
import { slackClientOptions, type SlackClientFor } from '../../bots/slack/slack.messenger.js';
import { ok, type Clock, type DomainError } from '../../domain/shared/index.js';
import type { Logger } from '../log.js';
import type { SecretBox } from '../secrets.js';
import { command } from '../usecases/unit-of-work.js';

/** What the bot asks for: DMs and mentions, replies, the /spend command, and profile email/phone for auto-linking. */
// files:write: the digest's chart is uploaded (files.getUploadURLExternal / completeUploadExternal) for its image block.
export const SLACK_BOT_SCOPES = ['app_mentions:read', 'chat:write', 'commands', 'files:read', 'files:write', 'im:history', 'im:read', 'im:write', 'users:read', 'users:read.email'];

export interface SlackOAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** Web API base (oauth.v2.access, auth.test go there). */
  apiUrl: string;
  /** This service's public base URL; the redirect URL is `${publicUrl}/slack/oauth_redirect`. */
  publicUrl?: string;
}

export interface SlackOAuthDeps {
  db: Db;
  box: SecretBox;
  clock: Clock;
  log: Logger;
}

/** An install link for an organisation, to hand to its Slack admin (valid for `ttlSeconds`, default 7 days). */
export function slackInstallLink(baseUrl: string, stateSecret: string, orgId: string, now: Date, ttlSeconds = 7 * 86_400): string {
  return `${baseUrl.replace(/\/$/, '')}/slack/install?${signInstallLink(stateSecret, orgId, Math.floor(now.getTime() / 1000) + ttlSeconds)}`;
}

/** The key an installation is stored and routed under: the enterprise for an org-wide install, else the team. */
const installKeyOf = (i: { isEnterpriseInstall?: boolean; enterprise?: { id: string } | undefined; team?: { id: string } | undefined }) =>
  i.isEnterpriseInstall && i.enterprise?.id ? i.enterprise.id : i.team?.id;

/** Refused installs carry the domain error to the failure page. */
class InstallRefused extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

/** The installation store over slack_installations: the org comes from the signed state's metadata. */
export function slackInstallationStore(deps: SlackOAuthDeps): InstallationStore {
  const decode = (enc: string) => JSON.parse(deps.box.decrypt(enc)) as Installation;
  return {
    async storeInstallation(installation) {
      const org = (JSON.parse(installation.metadata ?? '{}') as { org?: unknown }).org;
      const key = installKeyOf(installation);
      if (typeof org !== 'string' || !key) throw new Error('the installation names no organisation or workspace');
      const now = deps.clock.now();
      const r = await command(deps.db, async (tx) => {
        const tenant = await registerTenant(tx, org, 'slack', key);
        if (!tenant.ok) return tenant;
        const enc = deps.box.encrypt(JSON.stringify(installation));
        const saved = await saveSlackInstallation(tx, org, { installKey: key, teamId: installation.team?.id ?? null, enterpriseId: installation.enterprise?.id ?? null, installationEnc: enc }, now);
        if (!saved.ok) return saved;
        await appendAudit(tx, { orgId: org, actorId: `slack:${installation.user.id}`, action: 'slack.installed', subjectType: 'slack_installation', subjectId: key, after: { teamId: installation.team?.id ?? null, enterpriseId: installation.enterprise?.id ?? null, scopes: installation.bot?.scopes ?? [] }, at: now });
        return ok(undefined);
      });
      if (!r.ok) throw new InstallRefused(r.error);
      forgetTenantRoutes(deps.db);
      deps.log.info('installed the Slack app', { orgId: org, installKey: key });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      // An org-wide install answers for every workspace of the enterprise.
      const keys = query.isEnterpriseInstall ? [query.enterpriseId] : [query.teamId, query.enterpriseId];
      for (const key of keys) {
        const row = key ? await slackInstallationByKey(deps.db, key) : undefined;
        if (row) return decode(row.installationEnc) as never;
      }
      throw new Error('no installation for this workspace');
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      const key = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
      const row = key ? await slackInstallationByKey(deps.db, key) : undefined;
      if (row) await deleteSlackInstallation(deps.db, row.orgId, row.installKey);
    },
  };
}

/** The installer's log lines go to ours at most as warnings, as a message only (no tokens, no request). */
function installerLogger(log: Logger): SlackLogger {
  let level: LogLevel = oauthSdk().LogLevel.WARN;
  const line = (args: unknown[]) => ({ message: args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : '')).join(' ').slice(0, 300) });
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...args: unknown[]) => log.info('slack installer', line(args)),
    error: (...args: unknown[]) => log.warn('slack installer', line(args)),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** The installer with our store; the state (signed with SLACK_STATE_SECRET) carries the organisation. */
export function slackInstaller(deps: SlackOAuthDeps, s: SlackOAuthSettings): InstallProvider {
  return new (oauthSdk().InstallProvider)({
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    stateSecret: s.stateSecret,
    installationStore: slackInstallationStore(deps),
    directInstall: true,
    logger: installerLogger(deps.log),
    clientOptions: { slackApiUrl: s.apiUrl },
  });
}

/** A single-workspace install's client (SLACK_BOT_TOKEN), as a SlackClientFor. */
export function slackSingleClient(token: string, apiUrl: string): SlackClientFor {
  const client = webClient(token, apiUrl);
  return () => Promise.resolve(client);
}

/**
 * The app was uninstalled from a workspace, or its tokens revoked: forget the installation so its token is no longer
 * used. The tenant stays registered, so a re-install lands in the same organisation.
 */
export async function forgetSlackWorkspace(deps: { db: Db; log: Logger }, orgId: string, tenant: string): Promise<void> {
  if (await deleteSlackInstallation(deps.db, orgId, tenant)) deps.log.info('removed a Slack installation', { orgId, installKey: tenant });
}

/**
 * Outbound: the WebClient of the recipient's workspace (the address's team, or the organisation's installation), else
 * the single bot token. Clients are reused per token.
 */
export function slackClients(deps: Pick<SlackOAuthDeps, 'db' | 'box'>, apiUrl: string, fallbackToken?: string): SlackClientFor {
  const clients = new Map<string, webApi.WebClient>();
  return async (orgId, team) => {
    const row = orgId ? await slackInstallationOf(deps.db, orgId, team) : undefined;
    const token = (row && (JSON.parse(deps.box.decrypt(row.installationEnc)) as Installation).bot?.token) ?? fallbackToken;
    if (!token) throw new Error(`no Slack installation for organisation ${orgId ?? '(unknown)'}`);
    let client = clients.get(token);
    if (!client) {
      if (clients.size > 1000) clients.clear();
      clients.set(token, (client = webClient(token, apiUrl)));
    }
    return client;
  };
}

/** A Node response enough for InstallProvider (setHeader, getHeader, writeHead, end), turned into a web Response. */
class CapturedResponse {
  status = 200;
  body = '';
  private readonly headers = new Map<string, string | string[]>();
  setHeader(name: string, value: string | string[]) {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }
  getHeader(name: string) {
    return this.headers.get(name.toLowerCase());
  }
  writeHead(status: number) {
    this.status = status;
    return this;
  }
  end(body?: string) {
    if (body) this.body += body;
    return this;
  }
  toResponse(): Response {
    const h = new Headers();
    for (const [k, v] of this.headers) for (const one of Array.isArray(v) ? v : [v]) h.append(k, one);
    return new Response(this.body || null, { status: this.status, headers: h });
  }
}

const page = (title: string, text: string) =>
  html`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`.toString();

/** GET /slack/install and GET /slack/oauth_redirect. */
export function registerSlackOAuth(app: Hono<any>, deps: SlackOAuthDeps, s: SlackOAuthSettings, installer: InstallProvider): void {
  const redirectUri = s.publicUrl ? new URL('/slack/oauth_redirect', s.publicUrl).toString() : undefined;
  const nodeReq = (url: URL, headers: Headers) => ({ url: `${url.pathname}${url.search}`, headers: { host: url.host, cookie: headers.get('cookie') ?? undefined } }) as unknown as IncomingMessage;

  app.get('/slack/install', async (c) => {
    const link = verifyInstallLink(s.stateSecret, c.req.query(), deps.clock.now());
    if (!link.ok) return c.html(await page('Install link refused', link.error.message), 403);
    if (!(await getOrganisation(deps.db, link.value.org))) return c.html(await page('Install link refused', 'unknown organisation'), 404);
    const res = new CapturedResponse();
    await installer.handleInstallPath(nodeReq(new URL(c.req.url), c.req.raw.headers), res as unknown as ServerResponse, undefined, {
      scopes: SLACK_BOT_SCOPES,
      metadata: JSON.stringify({ org: link.value.org }),
      ...(redirectUri ? { redirectUri } : {}),
    });
    return res.toResponse();
  });

  app.get('/slack/oauth_redirect', async (c) => {
    const res = new CapturedResponse();
    const reply = (status: number, title: string, text: string) => {
      res.writeHead(status);
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page(title, text));
    };
    await installer.handleCallback(nodeReq(new URL(c.req.url), c.req.raw.headers), res as unknown as ServerResponse, {
      successAsync: async (installation) => reply(200, 'Spendbot is installed', `Installed in ${installation.team?.name ?? installation.enterprise?.name ?? 'Slack'}. You can close this page.`),
      failureAsync: async (error) => {
        // A workspace of another organisation is a conflict; anything else (bad state, cancelled, Slack refused) a 400.
        const refused = error instanceof InstallRefused || (error as { original?: unknown }).original instanceof InstallRefused;
        deps.log.info('a Slack install did not complete', { code: (error as { code?: string }).code, refused });
        reply(refused ? 409 : 400, 'Spendbot was not installed', refused ? 'This Slack workspace is already connected to another organisation.' : 'The installation could not be completed. Start again from your install link.');
      },
    });
    return res.toResponse();
  });
}
