import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signAction, verifyAction, type ActionClaims } from '../../src/chat/action-token.js';
import { createSecretBox } from '../../src/secrets.js';

const key = randomBytes(32);
const box = createSecretBox([key]);
const now = new Date('2026-11-18T02:00:00Z');
const claims: ActionClaims = { kind: 'approval', org: 'demo', id: 'apr_1', step: 'manager', action: 'approve', to: 'e_wangqiang', exp: now.getTime() / 1000 + 3600 };

describe('signed card-button values', () => {
  it('round-trips and stays under the Slack button value limit', () => {
    const token = signAction(box, claims);
    expect(token.length).toBeLessThan(2000);
    expect(verifyAction(box, token, now)).toEqual({ ok: true, claims });
  });

  it('refuses a value whose claims were altered, one signed with another key, garbage and an expired one', () => {
    const token = signAction(box, claims);
    const [, mac] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...claims, to: 'e_zhangwei' })).toString('base64url')}.${mac}`;
    expect(verifyAction(box, forged, now)).toEqual({ ok: false, problem: 'TOKEN.INVALID' });
    expect(verifyAction(box, signAction(createSecretBox([randomBytes(32)]), claims), now)).toEqual({ ok: false, problem: 'TOKEN.INVALID' });
    expect(verifyAction(box, 'not-a-token', now)).toEqual({ ok: false, problem: 'TOKEN.INVALID' });
    expect(verifyAction(box, signAction(box, { ...claims, exp: now.getTime() / 1000 - 1 }), now)).toEqual({ ok: false, problem: 'TOKEN.EXPIRED' });
  });

  it('still accepts values signed before a key rotation', () => {
    const old = randomBytes(32);
    const token = signAction(createSecretBox([old]), claims);
    expect(verifyAction(createSecretBox([randomBytes(32), old]), token, now).ok).toBe(true);
  });
});
