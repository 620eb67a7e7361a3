// Posting an image (the digest's chart PNG) to a Slack channel the way Slack documents file uploads now:
// files.getUploadURLExternal (filename, length) → POST the bytes to the returned upload_url →
// files.completeUploadExternal (files [{ id, title }], channel_id, initial_comment or blocks). files.upload is retired.
import type { webApi } from '@slack/bolt';
import { err, ok, type Result } from '../../domain/shared/index.js';
import { rateLimitedOf } from './slack.errors.js';

export interface SlackImagePost {
  /**
   * The channel id (C…, G…, D…) the image is shared in; without one the file stays private to the app, for an image
   * block of the app's own message to show (`slack_file: { id }`).
   */
  readonly channelId?: string;
  readonly bytes: Uint8Array;
  /** e.g. `budget-burn-2026-12.png`; Slack takes the file type from it. */
  readonly filename: string;
  readonly title: string;
  /** Description for screen readers (Slack's `alt_txt`, at most 1,000 characters). */
  readonly altText?: string;
  /** Message text shown with the image; Slack ignores `blocks` when it is given. */
  readonly initialComment?: string;
  readonly blocks?: readonly unknown[];
  /** Share as a reply in this thread. */
  readonly threadTs?: string;
}

export type SlackUploadErrorCode = 'SLACK.UPLOAD_URL_REFUSED' | 'SLACK.UPLOAD_FAILED';

/** A failed upload; the Web API's own errors (`ok: false`, rate limits) are thrown as the WebClient throws them. */
export class SlackUploadError extends Error {
  constructor(
    readonly code: SlackUploadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SlackUploadError';
  }
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|\[::1\]|localhost)$/;

/**
 * The upload URL Slack handed back, checked before any byte goes to it: https with no user:password. Plain http only
 * to the very host and port the WebClient talks to (`slackApiUrl`) and only when that is a loopback address: the
 * Web API fake in tests. An API answer must not be able to send the workspace's file to an arbitrary or internal host.
 */
export function checkUploadUrl(raw: unknown, slackApiUrl: string): Result<URL, string> {
  if (typeof raw !== 'string' || raw === '') return err('Slack returned no upload_url');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return err('the upload_url does not parse');
  }
  if (url.username !== '' || url.password !== '') return err('the upload_url carries a user name or password');
  if (url.protocol === 'https:') return ok(url);
  if (url.protocol === 'http:') {
    const api = new URL(slackApiUrl);
    if (api.protocol === 'http:' && LOOPBACK.test(api.hostname) && api.host === url.host) return ok(url);
    return err(`the upload_url must use https (http only to the loopback Slack API host in tests), got ${url.host}`);
  }
  return err(`the upload_url must use https, not ${url.protocol.slice(0, -1)}`);
}

export interface SlackUploadOptions {
  /** The wait for the byte upload; the Web API calls use the client's own (10 s, see slackClientOptions). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** The WebClient's errors, with its rate-limit error as `RateLimited` (the outbox retries after Retry-After). */
async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw rateLimitedOf(e, what);
  }
}

/**
 * Uploads `bytes` and shares them in the channel; returns Slack's file id. Three calls, none retried here (the
 * outbox retries the whole post): a failure after the first leaves an unshared file that Slack discards.
 */
export async function postSlackImage(client: webApi.WebClient, post: SlackImagePost, o: SlackUploadOptions = {}): Promise<{ fileId: string }> {
  if (post.bytes.length === 0) throw new SlackUploadError('SLACK.UPLOAD_FAILED', 'refusing to upload an empty file');
  // `alt_txt` is the documented argument name; the SDK's typings call it `alt_text`, so it is passed as a plain field.
  const args = { filename: post.filename, length: post.bytes.length, ...(post.altText === undefined ? {} : { alt_txt: post.altText }) };
  const reserved = await call('files.getUploadURLExternal', () => client.files.getUploadURLExternal(args as webApi.FilesGetUploadURLExternalArguments));
  const checked = checkUploadUrl(reserved.upload_url, client.slackApiUrl);
  if (!checked.ok) throw new SlackUploadError('SLACK.UPLOAD_URL_REFUSED', checked.error);
  const fileId = reserved.file_id;
  if (typeof fileId !== 'string' || fileId === '') throw new SlackUploadError('SLACK.UPLOAD_FAILED', 'Slack returned no file_id');

  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(checked.value, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: post.bytes,
      // A redirect could lead anywhere the check above did not look; the token is never sent to this URL.
      redirect: 'error',
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
  } catch (e) {
    throw new SlackUploadError('SLACK.UPLOAD_FAILED', `upload of ${post.filename} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  await res.arrayBuffer().catch(() => undefined); // drain, so the connection is released
  if (res.status !== 200) throw new SlackUploadError('SLACK.UPLOAD_FAILED', `upload of ${post.filename} answered HTTP ${res.status}`);

  const share = {
    files: [{ id: fileId, title: post.title }],
    ...(post.channelId === undefined ? {} : { channel_id: post.channelId }),
    ...(post.threadTs === undefined ? {} : { thread_ts: post.threadTs }),
    ...(post.initialComment === undefined ? {} : { initial_comment: post.initialComment }),
    ...(post.blocks === undefined ? {} : { blocks: post.blocks }),
  };
  await call('files.completeUploadExternal', () => client.files.completeUploadExternal(share as webApi.FilesCompleteUploadExternalArguments));
  return { fileId };
}
