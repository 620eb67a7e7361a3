// The finance pages' one-time signed link over HTTP: it opens a session once, within 5 minutes (the injected clock),
// bound to its organisation, employee and page; a reused, expired, altered or foreign link gets a page with the reason
// and never a session. And the session it starts: HttpOnly, SameSite=Lax, Secure under an https PUBLIC_URL, expiring.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../../src/secrets.js';
import { FINANCE_LINK_TTL_MS, financeLink, financeLinkToken, readFinanceLink } from '../../../src/web/finance/link.js';
import { FINANCE_SESSION_MS, startFinanceSession } from '../../../src/web/finance/session.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { openLink, sessionWith } from '../../helpers/finance.js';
import { addOrganisation } from '../../helpers/two-orgs.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const tokenOf = (url: string) => new URL(url, 'http://x').searchParams.get('t')!;

describe('the one-time finance link', () => {
  it('is a compact token bound to organisation, employee and page, and opens a session once', async () => {
    const url = financeLink(t.deps, 'demo', 'e_sarah', 'runs');
    expect(url).toMatch(/^\/finance\/open\?t=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(tokenOf(url).length).toBeLessThan(160);
    const claims = readFinanceLink(t.deps.box, tokenOf(url), t.clock.now());
    expect(claims.ok && { ...claims.value, linkId: 'x' }).toEqual({ orgId: 'demo', employeeId: 'e_sarah', page: 'runs', expiresAt: new Date(t.clock.now().getTime() + FINANCE_LINK_TTL_MS), linkId: 'x' });

    // A link checker's HEAD does not use it up.
    expect((await t.app.request(url, { method: 'HEAD' })).status).toBe(200);
    const first = await openLink(t, url);
    expect([first.status, first.location]).toEqual([303, '/finance/runs']);
    expect(first.setCookie).toMatch(/^finance_session=[^;]+; Max-Age=7200; Path=\/finance; HttpOnly; SameSite=Lax$/);
    const runs = await sessionWith(t, /finance_session=([^;]+)/.exec(first.setCookie!)![1]!).get('/finance/runs');
    expect(runs.status).toBe(200);
    expect(runs.text).toContain('Payment runs'); // Sarah reads English

    const again = await openLink(t, url);
    expect(again.status).toBe(410);
    expect(again.setCookie).toBeNull();
    expect(again.text).toContain('这个链接已经用过了');
  });

  it('works until 5 minutes have passed on the injected clock, and not from then on', async () => {
    const almost = financeLink(t.deps, 'demo', 'e_sarah', 'exceptions');
    const expired = financeLink(t.deps, 'demo', 'e_sarah', 'exceptions');
    t.clock.advance(FINANCE_LINK_TTL_MS - 1);
    expect((await openLink(t, almost)).status).toBe(303);
    t.clock.advance(1);
    const late = await openLink(t, expired);
    expect([late.status, late.setCookie]).toEqual([410, null]);
    expect(late.text).toContain('这个链接已过期');
  });

  it('refuses an altered link, one signed with another key or for another purpose, and a link with no token', async () => {
    const token = tokenOf(financeLink(t.deps, 'demo', 'e_zhangwei', 'exceptions'));
    const [payload, mac] = token.split('.') as [string, string];
    // The same claims for someone else (finance), keeping the MAC: refused.
    const forged = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('e_zhangwei', 'e_sarah')).toString('base64url');
    const otherKey = financeLinkToken(createSecretBox([randomBytes(32)]), { orgId: 'demo', employeeId: 'e_sarah', page: 'exceptions', expiresAt: new Date(t.clock.now().getTime() + 60_000), linkId: 'l1' });
    const sessionCookie = startFinanceSession(t.deps.box, 'demo', 'e_sarah', t.clock.now()).cookie; // signed, but as a session
    for (const bad of [`${forged}.${mac}`, `${payload}.${mac.slice(0, -2)}xx`, otherKey, sessionCookie, `${token}.x`, '']) {
      const r = await openLink(t, `/finance/open?t=${encodeURIComponent(bad)}`);
      expect([r.status, r.setCookie]).toEqual([400, null]);
      expect(r.text).toContain('这个链接无效');
    }
    expect((await openLink(t, '/finance/open')).status).toBe(400);
  });

  it('opens no session for an employee who is not in the link’s organisation, or no longer active', async () => {
    const acme = await addOrganisation(t);
    const wrongOrg = await openLink(t, financeLink(t.deps, acme.orgId, 'e_sarah', 'exceptions'));
    expect([wrongOrg.status, wrongOrg.setCookie]).toEqual([403, null]);
    expect((await openLink(t, financeLink(t.deps, 'demo', acme.finance, 'exceptions'))).status).toBe(403);
    expect((await openLink(t, financeLink(t.deps, acme.orgId, acme.finance, 'budgets'))).status).toBe(303);
  });
});

describe('the finance session', () => {
  it('ends after its time, and a forged or missing cookie is no session', async () => {
    const opened = await openLink(t, financeLink(t.deps, 'demo', 'e_sarah', 'exceptions'));
    const s = sessionWith(t, /finance_session=([^;]+)/.exec(opened.setCookie!)![1]!);
    expect((await s.get('/finance/budgets')).status).toBe(200);
    t.clock.advance(FINANCE_SESSION_MS);
    const ended = await s.get('/finance/budgets');
    expect(ended.status).toBe(401);
    expect(ended.text).toContain('会话已结束');
    expect((await sessionWith(t, `${s.cookie.split('.')[0]}.forged`).get('/finance/exceptions')).status).toBe(401);
    expect((await t.app.request('/finance/exceptions')).status).toBe(401);
  });

  it('is Secure when PUBLIC_URL is https, and the link is absolute there', async () => {
    const https = await testApp({ PUBLIC_URL: 'https://spend.example/' });
    try {
      const url = financeLink(https.deps, 'demo', 'e_sarah', 'budgets');
      expect(url.startsWith('https://spend.example/finance/open?t=')).toBe(true);
      const opened = await openLink(https, url);
      expect(opened.status).toBe(303);
      expect(opened.setCookie).toContain('; Secure');
    } finally {
      await https.close();
    }
  });
});
