// Files shared with the bot in Slack: fetched from the file's `url_private_download` with the workspace's bot token
// (scope `files:read`). The URL comes from the event, so it must be on one of Slack's file hosts (files.slack.com;
// configurable for a local fake) before the token is sent anywhere, and the GET itself is the caller's guarded one.
import { FileRefused, type GuardedGet, type PlatformFiles } from '../chat/files.js';
import type { SlackClientFor } from './slack.messenger.js';

/**
 * `allowedHosts`: `host` or `host:port` entries a file URL may name (SLACK_FILE_HOSTS). A URL on any other host is
 * refused for good: the bot token never leaves for it.
 */
export function createSlackFiles(clientFor: SlackClientFor, o: { allowedHosts: readonly string[] }, get: GuardedGet): PlatformFiles {
  return {
    async fetch(a, ctx) {
      if (!a.url) throw new FileRefused('the shared file carries no download URL');
      let url: URL;
      try {
        url = new URL(a.url);
      } catch {
        throw new FileRefused('the file URL does not parse');
      }
      if (!o.allowedHosts.includes(url.host) && !o.allowedHosts.includes(url.hostname)) throw new FileRefused(`the file URL's host ${url.hostname} is not a Slack file host`);
      const client = await clientFor(ctx.orgId, ctx.tenant);
      if (!client.token) throw new Error('no Slack token for this workspace');
      return get(url.toString(), { headers: { authorization: `Bearer ${client.token}` }, maxBytes: ctx.maxBytes });
    },
  };
}
