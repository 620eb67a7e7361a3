// DingTalk HTTP-mode robot callback verification against the documented vector, with a fixed clock.
import { describe, expect, it } from 'vitest';
import { dingtalkSign, verifyDingTalkRequest } from '../../bots/dingtalk/dingtalk.verify.js';
import { signedDingTalkHeaders } from '../fakes/sign.js';

// DingTalk's documented example.
const VECTOR = { timestamp: 1577262236757, secret: 'testsecret', sign: 'J+BiSbR3jshnMXl7lBt86VHVkxu/BShC2VzSWYBVCKE=' };
const NOW = new Date(VECTOR.timestamp + 60_000);

describe('dingtalkSign', () => {
  it('matches the documented vector', () => {
    expect(dingtalkSign(VECTOR.timestamp, VECTOR.secret)).toBe(VECTOR.sign);
    expect(dingtalkSign(String(VECTOR.timestamp), VECTOR.secret)).toBe(VECTOR.sign);
  });
});

describe('verifyDingTalkRequest', () => {
  it('accepts the documented vector a minute later', () => {
    const r = verifyDingTalkRequest({ appSecret: VECTOR.secret, headers: { timestamp: String(VECTOR.timestamp), sign: VECTOR.sign }, now: NOW });
    expect(r).toEqual({ ok: true, value: { timestamp: VECTOR.timestamp } });
  });

  it('accepts headers built by the test signer, as fetch Headers too', () => {
    const headers = signedDingTalkHeaders({ appSecret: 'app-secret', timestamp: NOW.getTime() });
    expect(verifyDingTalkRequest({ appSecret: 'app-secret', headers, now: NOW }).ok).toBe(true);
    expect(verifyDingTalkRequest({ appSecret: 'app-secret', headers: new Headers(headers), now: NOW }).ok).toBe(true);
  });

  it('accepts a URL-encoded sign', () => {
    const r = verifyDingTalkRequest({ appSecret: VECTOR.secret, headers: { timestamp: String(VECTOR.timestamp), sign: encodeURIComponent(VECTOR.sign) }, now: NOW });
    expect(r.ok).toBe(true);
  });

  it('refuses a wrong secret or a changed timestamp with AUTH.BAD_SIGNATURE (401)', () => {
    expect(verifyDingTalkRequest({ appSecret: 'other', headers: { timestamp: String(VECTOR.timestamp), sign: VECTOR.sign }, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_SIGNATURE', status: 401 } });
    expect(verifyDingTalkRequest({ appSecret: VECTOR.secret, headers: { timestamp: String(VECTOR.timestamp + 1), sign: VECTOR.sign }, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_SIGNATURE' } });
  });

  it('refuses missing headers with AUTH.BAD_SIGNATURE and a non-numeric timestamp with REQUEST.MALFORMED', () => {
    expect(verifyDingTalkRequest({ appSecret: VECTOR.secret, headers: { timestamp: String(VECTOR.timestamp) }, now: NOW })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_SIGNATURE' } });
    expect(verifyDingTalkRequest({ appSecret: VECTOR.secret, headers: { timestamp: 'yesterday', sign: VECTOR.sign }, now: NOW })).toMatchObject({ ok: false, error: { code: 'REQUEST.MALFORMED', status: 400 } });
  });

  it('refuses a correctly signed request more than an hour away with AUTH.STALE', () => {
    const headers = { timestamp: String(VECTOR.timestamp), sign: VECTOR.sign };
    expect(verifyDingTalkRequest({ appSecret: VECTOR.secret, headers, now: new Date(VECTOR.timestamp + 3_600_001) })).toMatchObject({ ok: false, error: { code: 'AUTH.STALE', status: 401 } });
    expect(verifyDingTalkRequest({ appSecret: VECTOR.secret, headers, now: new Date(VECTOR.timestamp - 3_600_001) })).toMatchObject({ ok: false, error: { code: 'AUTH.STALE' } });
    expect(verifyDingTalkRequest({ appSecret: VECTOR.secret, headers, now: new Date(VECTOR.timestamp + 3_600_000) }).ok).toBe(true);
  });
});
