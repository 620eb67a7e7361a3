// Slack v0 request signing against the official bolt-js vector, cross-checked with Bolt's own verifySlackRequest.
import { verifySlackRequest as boltVerifySlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { slackSignature, verifySlackRequest } from '../../bots/slack/slack.verify.js';
import { signedSlackRequest } from '../fakes/sign.js';

// bolt-js test/unit/receivers/ExpressReceiver.spec.ts
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TS = 1531420618;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const NOW = new Date((TS + 10) * 1000);
const headers = { 'x-slack-request-timestamp': String(TS), 'x-slack-signature': SIGNATURE };

describe('slackSignature', () => {
  it('matches the bolt-js vector', () => {
    expect(slackSignature(SECRET, TS, BODY)).toBe(SIGNATURE);
  });
});

describe('verifySlackRequest', () => {
  it('accepts the bolt-js vector, as Bolt does', () => {
    expect(verifySlackRequest({ signingSecret: SECRET, headers, rawBody: BODY, now: NOW })).toEqual({ ok: true, value: { timestamp: TS } });
    expect(() => boltVerifySlackRequest({ signingSecret: SECRET, body: BODY, headers: { 'x-slack-signature': SIGNATURE, 'x-slack-request-timestamp': TS }, nowMilliseconds: NOW.getTime() })).not.toThrow();
  });

  it('accepts headers built by the test signer and Bolt agrees', () => {
    const rawBody = JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: { type: 'app_mention', text: 'hi' } });
    const h = signedSlackRequest({ signingSecret: 'secret-2', rawBody, timestamp: TS });
    expect(verifySlackRequest({ signingSecret: 'secret-2', headers: new Headers(h), rawBody, now: NOW }).ok).toBe(true);
    expect(() => boltVerifySlackRequest({ signingSecret: 'secret-2', body: rawBody, headers: { 'x-slack-signature': h['x-slack-signature']!, 'x-slack-request-timestamp': TS }, nowMilliseconds: NOW.getTime() })).not.toThrow();
  });

  it('passes the retry headers of an Events API retry through', () => {
    const r = verifySlackRequest({ signingSecret: SECRET, headers: { ...headers, 'X-Slack-Retry-Num': '2', 'X-Slack-Retry-Reason': 'http_timeout' }, rawBody: BODY, now: NOW });
    expect(r).toEqual({ ok: true, value: { timestamp: TS, retryNum: 2, retryReason: 'http_timeout' } });
  });

  it('refuses a changed body or a wrong secret with AUTH.BAD_SIGNATURE (401)', () => {
    expect(verifySlackRequest({ signingSecret: SECRET, headers, rawBody: `${BODY}&x=1`, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_SIGNATURE', status: 401 } });
    expect(verifySlackRequest({ signingSecret: 'not-the-secret', headers, rawBody: BODY, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_SIGNATURE' } });
  });

  it('refuses missing headers or an unknown signature version with AUTH.BAD_SIGNATURE', () => {
    expect(verifySlackRequest({ signingSecret: SECRET, headers: { 'x-slack-request-timestamp': String(TS) }, rawBody: BODY, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_SIGNATURE' } });
    expect(verifySlackRequest({ signingSecret: SECRET, headers: { ...headers, 'x-slack-signature': SIGNATURE.replace('v0=', 'v1=') }, rawBody: BODY, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_SIGNATURE' } });
  });

  it('refuses a non-numeric timestamp with REQUEST.MALFORMED (400)', () => {
    expect(verifySlackRequest({ signingSecret: SECRET, headers: { ...headers, 'x-slack-request-timestamp': 'soon' }, rawBody: BODY, now: NOW })).toMatchObject({ ok: false, error: { code: 'REQUEST.MALFORMED', status: 400 } });
  });

  it('refuses a correctly signed request more than five minutes old or ahead with AUTH.STALE', () => {
    expect(verifySlackRequest({ signingSecret: SECRET, headers, rawBody: BODY, now: new Date((TS + 301) * 1000) })).toMatchObject({ ok: false, error: { code: 'AUTH.STALE', status: 401 } });
    expect(verifySlackRequest({ signingSecret: SECRET, headers, rawBody: BODY, now: new Date((TS - 301) * 1000) })).toMatchObject({ ok: false, error: { code: 'AUTH.STALE' } });
    expect(verifySlackRequest({ signingSecret: SECRET, headers, rawBody: BODY, now: new Date((TS + 300) * 1000) }).ok).toBe(true);
  });
});
