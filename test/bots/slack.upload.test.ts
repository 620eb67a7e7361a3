// Posting the chart PNG to Slack through the real WebClient against the loopback Web API fake: the three documented
// steps, the bytes arriving intact, the upload URL checked before anything is sent to it, and failures surfacing at once.
import { LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RateLimited } from '../../bots/chat/rate-limit.js';
import { createSlackPlatform, slackClientOptions } from '../../bots/slack/slack.messenger.js';
import { checkUploadUrl, postSlackImage, SlackUploadError } from '../../bots/slack/slack.upload.js';
import { burnChartPng } from '../../src/integrations/chart/render.js';
import { SlackWebApiFake } from '../fakes/slack-web-api.js';

describe('checkUploadUrl', () => {
  const api = 'http://127.0.0.1:4567/api/';
  it('accepts https, and http only to the loopback Slack API host and port it was configured with', () => {
    expect(checkUploadUrl('https://files.slack.com/upload/v1/abc', 'https://slack.com/api/').ok).toBe(true);
    expect(checkUploadUrl('http://127.0.0.1:4567/upload/v1/F1', api).ok).toBe(true);
  });

  it.each([
    ['http to a public host', 'http://files.slack.com/upload/v1/abc', 'https://slack.com/api/', /https/],
    ['http to loopback when the API is https', 'http://127.0.0.1:4567/upload/v1/F1', 'https://slack.com/api/', /https/],
    ['http to another loopback port', 'http://127.0.0.1:9999/upload/v1/F1', api, /https/],
    ['http to the metadata address', 'http://169.254.169.254/latest/meta-data', api, /https/],
    ['a user name and password', 'https://user:pw@files.slack.com/upload/v1/abc', api, /user name or password/],
    ['another scheme', 'file:///etc/passwd', api, /must use https, not file/],
    ['text that is no URL', 'not a url', api, /does not parse/],
    ['no URL at all', undefined, api, /no upload_url/],
  ])('refuses %s', (_name, raw, apiUrl, why) => {
    const r = checkUploadUrl(raw, apiUrl);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });
});

describe('postSlackImage through the WebClient', () => {
  let fake: SlackWebApiFake;
  let client: WebClient;

  beforeEach(async () => {
    fake = new SlackWebApiFake();
    await fake.start();
    client = new WebClient(fake.token, { ...slackClientOptions(fake.apiUrl), logLevel: LogLevel.ERROR });
  });

  afterEach(async () => {
    await fake.stop();
  });

  const chart = { locale: 'zh' as const, title: '2026-12 预算执行（按部门）', currency: 'CNY', bars: [{ label: '研发部', consumedMinor: 300_000_00, frozenMinor: 20_000_00, availableMinor: 80_000_00 }] };

  it('uploads the chart PNG byte for byte and shares it in the channel with its title and comment', async () => {
    const png = await burnChartPng(chart);
    const { fileId } = await postSlackImage(client, { channelId: 'C0FIN', bytes: png, filename: 'budget-burn-2026-12.png', title: '2026-12 预算执行', altText: '按部门的预算执行', initialComment: '今日财务摘要' });

    const reserve = fake.callsTo('files.getUploadURLExternal');
    expect(reserve).toHaveLength(1);
    expect(reserve[0]!.body).toMatchObject({ filename: 'budget-burn-2026-12.png', length: String(png.length), alt_txt: '按部门的预算执行' });

    const upload = fake.files.uploads.get(fileId)!;
    expect(Buffer.from(upload.bytes!).equals(Buffer.from(png))).toBe(true);
    expect(upload.contentType).toBe('application/octet-stream');
    // The bot token goes to the Web API only, never to the upload URL.
    expect(fake.callsTo('file_upload')[0]!.headers.authorization).toBeUndefined();

    const complete = fake.callsTo('files.completeUploadExternal');
    expect(complete).toHaveLength(1);
    expect(JSON.parse((complete[0]!.body as { files: string }).files)).toEqual([{ id: fileId, title: '2026-12 预算执行' }]);
    expect(upload.completed).toEqual({ title: '2026-12 预算执行', channelId: 'C0FIN', initialComment: '今日财务摘要' });
    expect(complete[0]!.response).toMatchObject({ ok: true, files: [{ id: fileId, size: png.length, mimetype: 'image/png' }] });
  });

  it('shares with blocks in a thread when asked', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Digest*' } }];
    const { fileId } = await postSlackImage(client, { channelId: 'C0FIN', bytes: new Uint8Array([1, 2, 3]), filename: 'x.png', title: 'x', blocks, threadTs: '1700000000.000100' });
    expect(fake.files.uploads.get(fileId)!.completed).toEqual({ title: 'x', channelId: 'C0FIN', blocks, threadTs: '1700000000.000100' });
  });

  it('refuses an upload URL Slack should never hand out and sends it nothing', async () => {
    fake.files.uploadUrl = (id) => `http://169.254.169.254/upload/${id}`;
    const attempt = postSlackImage(client, { channelId: 'C0FIN', bytes: new Uint8Array([137, 80, 78, 71]), filename: 'c.png', title: 'c' });
    await expect(attempt).rejects.toBeInstanceOf(SlackUploadError);
    await expect(attempt).rejects.toMatchObject({ code: 'SLACK.UPLOAD_URL_REFUSED' });
    expect(fake.callsTo('file_upload')).toHaveLength(0);
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });

  it('stops when the upload URL answers an error, without completing', async () => {
    fake.failNext('file_upload', { status: 500, body: 'oops' });
    await expect(postSlackImage(client, { channelId: 'C0FIN', bytes: new Uint8Array([1]), filename: 'c.png', title: 'c' })).rejects.toMatchObject({ code: 'SLACK.UPLOAD_FAILED', message: expect.stringContaining('HTTP 500') });
    expect(fake.callsTo('file_upload')).toHaveLength(1);
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });

  it('gives up on a slow upload URL after its timeout', async () => {
    fake.setDelay(1_000);
    await expect(postSlackImage(client, { channelId: 'C0FIN', bytes: new Uint8Array([1]), filename: 'c.png', title: 'c' }, { timeoutMs: 100 })).rejects.toMatchObject({ code: 'SLACK.UPLOAD_FAILED' });
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });

  it('turns a rate-limited reservation into RateLimited at once, with no retry of its own', async () => {
    fake.failNext('files.getUploadURLExternal', { status: 429, headers: { 'retry-after': '3' } });
    const attempt = postSlackImage(client, { channelId: 'C0FIN', bytes: new Uint8Array([1]), filename: 'c.png', title: 'c' });
    await expect(attempt).rejects.toBeInstanceOf(RateLimited);
    await expect(attempt).rejects.toMatchObject({ retryAfterMs: 3000 });
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
  });

  it('surfaces Slack refusing the share', async () => {
    await expect(postSlackImage(client, { channelId: 'nope', bytes: new Uint8Array([1]), filename: 'c.png', title: 'c' })).rejects.toMatchObject({ data: { ok: false, error: 'channel_not_found' } });
  });

  it('refuses an empty file before calling Slack', async () => {
    await expect(postSlackImage(client, { channelId: 'C0FIN', bytes: new Uint8Array(), filename: 'c.png', title: 'c' })).rejects.toMatchObject({ code: 'SLACK.UPLOAD_FAILED' });
    expect(fake.calls).toHaveLength(0);
  });
});

describe('Slack Web API fake: external uploads', () => {
  let fake: SlackWebApiFake;
  let client: WebClient;

  beforeEach(async () => {
    fake = new SlackWebApiFake();
    await fake.start();
    client = new WebClient(fake.token, { ...slackClientOptions(fake.apiUrl), logLevel: LogLevel.ERROR });
  });

  afterEach(async () => {
    await fake.stop();
  });

  const put = (url: string, bytes: Uint8Array) => fetch(url, { method: 'POST', body: bytes });

  it('answers invalid_arguments for a file id it never issued', async () => {
    await expect(client.files.completeUploadExternal({ files: [{ id: 'F0NOPE' }], channel_id: 'C0FIN' })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    expect(fake.files.lastRefusal).toMatch(/unknown file id F0NOPE/);
  });

  it('answers invalid_arguments until the announced bytes have arrived, then shares once', async () => {
    const r = await client.files.getUploadURLExternal({ filename: 'a.png', length: 4 });
    const id = r.file_id!;
    await expect(client.files.completeUploadExternal({ files: [{ id }] })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    expect(fake.files.lastRefusal).toMatch(/never uploaded/);
    expect(await (await put(r.upload_url!, new Uint8Array([1, 2, 3]))).text()).toBe('OK - 3');
    await expect(client.files.completeUploadExternal({ files: [{ id }] })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    expect(fake.files.lastRefusal).toMatch(/3 bytes uploaded, 4 announced/);
    await put(r.upload_url!, new Uint8Array([1, 2, 3, 4]));
    await expect(client.files.completeUploadExternal({ files: [{ id, title: 'A' }], channel_id: 'C0FIN' })).resolves.toMatchObject({ ok: true });
    await expect(client.files.completeUploadExternal({ files: [{ id }] })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    expect((await put(r.upload_url!, new Uint8Array([1]))).status).toBe(400);
  });

  it('answers missing_argument for length 0, invalid_arguments without a filename, 404 for an unknown upload URL', async () => {
    await expect(client.files.getUploadURLExternal({ filename: 'a.png', length: 0 })).rejects.toMatchObject({ data: { error: 'missing_argument' } });
    await expect(client.files.getUploadURLExternal({ filename: '', length: 3 })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    expect((await put(`${fake.url}/upload/v1/F0NOPE`, new Uint8Array([1]))).status).toBe(404);
  });
});

describe('the digest on Slack through the messenger', () => {
  let fake: SlackWebApiFake;

  beforeEach(async () => {
    fake = new SlackWebApiFake();
    await fake.start();
  });

  afterEach(async () => {
    await fake.stop();
  });

  const digest = {
    kind: 'digest' as const,
    day: '2026-12-06',
    payments: [{ status: 'settled', count: 2, amounts: [{ minor: 68_800, currency: 'CNY' }] }],
    matched: { count: 2, amounts: [{ minor: 68_800, currency: 'CNY' }] },
    unmatched: { count: 0, amounts: [] },
    exceptions: 1,
    chart: { locale: 'zh' as const, title: '2026-12 预算执行（按部门）', currency: 'CNY', bars: [{ label: '销售部', consumedMinor: 1_000_000, frozenMinor: 200_000, availableMinor: 300_000 }] },
    links: [],
  };

  it('uploads the chart privately and shows it in the message’s image block by its file id', async () => {
    const client = new WebClient(fake.token, { ...slackClientOptions(fake.apiUrl), logLevel: LogLevel.ERROR });
    const drawn: string[] = [];
    const slack = createSlackPlatform(client, { chartPng: async (c) => (drawn.push(c.title), burnChartPng(c, { scale: 1 })) });
    const card = slack.render(digest, { locale: 'zh', timeZone: 'Asia/Shanghai' });
    await slack.sendCard('U0FIN', card, 'k1');
    expect(drawn).toEqual(['2026-12 预算执行（按部门）']);
    const [fileId] = [...fake.files.uploads.keys()];
    // Not shared in a channel by the upload: the message shows it.
    expect(fake.files.uploads.get(fileId!)!.completed).toMatchObject({ title: '2026-12 预算执行（按部门）' });
    expect(fake.files.uploads.get(fileId!)!.completed?.channelId).toBeUndefined();
    const [posted] = [...fake.messages.values()];
    const image = (posted!.blocks as { type: string; slack_file?: { id: string } }[]).find((b) => b.type === 'image');
    expect(image?.slack_file).toEqual({ id: fileId });
    expect(JSON.stringify(posted!.blocks)).not.toContain('pending-upload');
  });

  it('leaves the image out when it cannot draw one (the figures are in the text)', async () => {
    const client = new WebClient(fake.token, { ...slackClientOptions(fake.apiUrl), logLevel: LogLevel.ERROR });
    const slack = createSlackPlatform(client);
    await slack.sendCard('U0FIN', slack.render(digest, { locale: 'en', timeZone: 'Asia/Shanghai' }), 'k1');
    const [posted] = [...fake.messages.values()];
    expect((posted!.blocks as { type: string }[]).some((b) => b.type === 'image')).toBe(false);
    expect(JSON.stringify(posted!.blocks)).toContain('CNY 688.00');
    expect(fake.files.uploads.size).toBe(0);
  });
});
