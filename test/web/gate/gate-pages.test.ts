// The gate pages over HTTP: the one-time link (once, in time, guard role), CSRF on every form, a session bound to its
// organisation and site, a walk-in registered by the guard and approved by the host on their card, then checked in.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import { gateLink } from '../../../src/web/gate/link.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { csrfIn } from '../../helpers/finance.js';
import { addOrganisation } from '../../helpers/two-orgs.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  for (const id of ['hq', 'bj']) expect((await t.call('PUT', `/api/v1/sites/${id}`, { actorId: 'e_sunli', name: id === 'hq' ? '上海总部' : '北京分部', address: '地址', rules: [] })).status).toBe(200);
});
afterAll(() => t.close());

const linkFor = (orgId: string, employeeId: string, siteId = 'hq') => new URL(gateLink({ ...t.deps, publicUrl: 'http://x' }, orgId, employeeId, siteId).url);

/** Opens a gate link; the session cookie it set (if any), the status and the page. */
async function open(url: URL) {
  const res = await t.app.request(url.pathname + url.search);
  return { status: res.status, cookie: /gate_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1], text: await res.text() };
}

function session(cookie: string) {
  const headers = { cookie: `gate_session=${cookie}` };
  return {
    get: async (path: string) => {
      const r = await t.app.request(path, { headers });
      return { status: r.status, text: await r.text() };
    },
    post: async (path: string, form: Record<string, string>) => {
      const r = await t.app.request(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
      return { status: r.status, text: await r.text() };
    },
  };
}

async function guardSession(orgId = 'demo', employeeId = 'e_zhoujun', siteId = 'hq') {
  const o = await open(linkFor(orgId, employeeId, siteId));
  expect(o.status).toBe(303);
  return session(o.cookie!);
}

describe('gate pages', () => {
  it('a link opens once, for a guard, within its time; the page shows the site and the scanner from our own scripts', async () => {
    const url = linkFor('demo', 'e_zhoujun');
    const first = await open(url);
    expect(first.status).toBe(303);
    const page = await session(first.cookie!).get('/gate');
    expect(page.status).toBe(200);
    expect(page.text).toContain('门岗登记 · 上海总部');
    expect(page.text).toContain('<script src="/gate/assets/jsqr.js">');
    const jsqr = await t.app.request('/gate/assets/jsqr.js');
    expect([jsqr.status, (await jsqr.text()).length > 10_000]).toEqual([200, true]);
    const second = await open(url);
    expect([second.status, second.cookie]).toEqual([410, undefined]);
    expect(second.text).toContain('只能用一次');
    // Not a guard: the link is refused when opened.
    expect((await open(linkFor('demo', 'e_lina'))).status).toBe(403);
    // Expired, or altered.
    const late = linkFor('demo', 'e_zhoujun');
    t.clock.advance(11 * 60_000);
    expect((await open(late)).status).toBe(410);
    late.searchParams.set('t', late.searchParams.get('t')!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    expect((await open(late)).status).toBe(400);
    // And without a session there is no page.
    expect((await t.app.request('/gate')).status).toBe(401);
    expect((await t.call('POST', '/api/v1/sites/hq/gate-link', { actorId: 'e_lina' })).status).toBe(403);
  });

  it('refuses a form without the session’s CSRF token, and nothing changes', async () => {
    const s = await guardSession();
    const other = await guardSession();
    const otherToken = csrfIn((await other.get('/gate')).text);
    for (const form of [{ code: 'EX-0001' }, { _csrf: 'nope', code: 'EX-0001' }, { _csrf: otherToken, code: 'EX-0001' }] as Record<string, string>[]) {
      const r = await s.post('/gate/scan', form);
      expect([r.status, r.text.includes('表单校验失败')]).toEqual([403, true]);
    }
  });

  it('a walk-in: the guard registers them, the host approves on their card, the guard checks them in', async () => {
    const s = await guardSession();
    const csrf = csrfIn((await s.get('/gate')).text);
    const bad = await s.post('/gate/walk-in', { _csrf: csrf, name: '钱七', host: '无此人', purpose: '送货' });
    expect(bad.status).toBe(404);
    expect(bad.text).toContain('value="钱七"'); // what was typed is drawn again
    const sent = await s.post('/gate/walk-in', { _csrf: csrf, name: '钱七', company: '顺丰', host: '张伟', purpose: '送货' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('data-result="walk_in"');
    expect(sent.text).toContain('http-equiv="refresh"');
    // The host alone decides.
    const [visit] = rowsOf<{ request_id: string }>(await t.database.db.execute(sql`SELECT request_id FROM visits WHERE org_id = 'demo' AND purpose = '送货'`));
    const req = await t.call('GET', `/api/v1/requests/${visit!.request_id}`);
    expect(req.body.approval.progress.pending).toEqual(['e_zhangwei']);
    const approvalId = req.body.approval.id as string;
    expect((await t.call('GET', '/api/v1/sites/hq/on-site?actorId=e_zhoujun')).body.expected).toHaveLength(0);
    expect((await t.call('POST', `/api/v1/approvals/${approvalId}/actions`, { actorId: 'e_wangqiang', action: 'approve' })).status).toBe(403);
    expect((await t.call('POST', `/api/v1/approvals/${approvalId}/actions`, { actorId: 'e_zhangwei', action: 'approve' })).body.status).toBe('approved');
    const page = await s.get('/gate');
    expect(page.text).not.toContain('http-equiv="refresh"');
    const visitorId = /id="expected"[\s\S]*?data-visitor="([^"]+)"/.exec(page.text)![1]!;
    const inside = await s.post(`/gate/visitors/${visitorId}/check-in`, { _csrf: csrf });
    expect(inside.status).toBe(200);
    expect(inside.text).toContain('data-result="checked_in"');
    expect(inside.text).toContain('钱七');
  });

  it('a session is bound to its organisation and site: another organisation’s visitor is not found', async () => {
    const acme = await addOrganisation(t);
    expect((await acme.call('PUT', '/api/v1/sites/hq', { actorId: acme.admin, name: 'Acme HQ', address: '1 Road', rules: [] })).status).toBe(200);
    const demoVisitor = /data-visitor="([^"]+)"/.exec((await (await guardSession()).get('/gate')).text)![1]!;
    const s = await guardSession(acme.orgId, acme.admin, 'hq');
    const csrf = csrfIn((await s.get('/gate')).text);
    const r = await s.post(`/gate/visitors/${demoVisitor}/check-out`, { _csrf: csrf });
    expect(r.status).toBe(404);
    expect(r.text).not.toContain('钱七');
  });
});
