// Invitations and the gate: approval texts each visitor the link to their invitation (the code signed, nothing
// personal in the outbox); the page shows the visit; the guard's scan lets the visitor in once, in the window, at the
// visit's site, and tells the host; refusals say why and are recorded; booking numbers, check-out, the on-site list,
// the watchlist, walk-ins, the day's end and the retention purge.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import { sealAudit, verifyAuditChain } from '../../../db/repos/audit.js';
import { siteTag } from '../../../domain/reception/index.js';
import { signInvitation } from '../../../src/usecases/reception/invitation-token.js';
import { arrivalText } from '../../../src/usecases/reception/gate.js';
import type { SmsMessage } from '../../../domain/reception/index.js';
import { createConsoleSmsSender } from '../../../src/integrations/sms/console.js';
import { silentLogger } from '../../../src/log.js';
import { closeGateDays } from '../../../src/usecases/reception/gate-day.js';
import { runRetention } from '../../../src/jobs/retention.js';
import { drainOutbox } from '../../helpers/bank.js';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
const sent: SmsMessage[] = [];
beforeAll(async () => {
  t = await testApp({ PUBLIC_URL: 'https://spend.example.com' });
  const console = createConsoleSmsSender({ logger: silentLogger });
  (t.deps as { sms?: unknown }).sms = { sender: { provider: 'console', send: (m: SmsMessage) => (sent.push(m), console.send(m)) }, templateParams: () => undefined };
  for (const [id, name] of [['hq', '上海总部'], ['bj', '北京分部']] as const)
    expect((await t.call('PUT', `/api/v1/sites/${id}`, { actorId: 'e_sunli', name, address: `${name}地址`, rules: ['请携带身份证'], deskIds: ['e_sunli'] })).status).toBe(200);
});
afterAll(() => t.close());

let n = 0;
/** Registers and approves a visit 2026-11-18 14:00–17:00 Beijing (the test clock starts at 10:00 that day). */
async function approvedVisit(over: Record<string, unknown> = {}) {
  const r = await t.call('POST', '/api/v1/visits', {
    actorId: 'e_zhangwei',
    hostId: 'e_zhangwei',
    siteId: 'hq',
    visitors: [
      { name: '王强', company: 'ABC科技', mobile: `+861380013${String(8000 + n).padStart(4, '0')}` },
      { name: '李娜', company: 'ABC科技', mobile: `+861390013${String(9000 + n).padStart(4, '0')}` },
    ],
    purpose: '年度采购洽谈',
    start: '2026-11-18T14:00:00+08:00',
    end: '2026-11-18T17:00:00+08:00',
    clientRef: `gate-${n++}`,
    ...over,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const req = await t.call('GET', `/api/v1/requests/${r.body.request.id}`);
  const a = await t.call('POST', `/api/v1/approvals/${req.body.approval.id}/actions`, { actorId: req.body.approval.progress.pending[0], action: 'approve' });
  expect(a.body.status).toBe('approved');
  return { visitId: r.body.visit.id as string, number: r.body.request.number as string, requestId: r.body.request.id as string, approvalId: req.body.approval.id as string };
}

/** The invitation links texted for a visit (drains the outbox). */
async function linksOf(visitId: string): Promise<Map<string, string>> {
  await drainOutbox(t);
  const names = rowsOf<{ id: string; mobile_last4: string }>(await t.database.db.execute(sql`SELECT id, mobile_last4 FROM visitors WHERE visit_id = ${visitId} ORDER BY id`));
  const out = new Map<string, string>();
  for (const v of names) {
    const m = sent.find((s) => s.to.endsWith(v.mobile_last4) && s.template === 'visit_invitation');
    if (m) out.set(v.id, m.params.link!);
  }
  return out;
}

const scan = (code: string, site = 'hq', actorId = 'e_zhoujun') => t.call('POST', `/api/v1/sites/${site}/check-ins`, { actorId, code });

describe('invitations', () => {
  it('approval texts each visitor their link; the outbox row holds no number; the page shows the visit', async () => {
    const v = await approvedVisit();
    const rows = rowsOf<{ payload: unknown }>(await t.database.db.execute(sql`SELECT payload FROM outbox WHERE topic = 'reception.sms' AND org_id = 'demo'`));
    expect(JSON.stringify(rows)).not.toMatch(/13800|\+86/);
    const links = await linksOf(v.visitId);
    expect(links.size).toBe(2);
    for (const link of links.values()) expect(link).toMatch(/^https:\/\/spend\.example\.com\/v\/[A-Za-z0-9_-]{39}\.[A-Za-z0-9_-]{43}$/);
    const invited = rowsOf<{ invited_at: string | null; invite_ref: string }>(await t.database.db.execute(sql`SELECT invited_at, invite_ref FROM visitors WHERE visit_id = ${v.visitId}`));
    expect(invited.every((x) => x.invited_at && x.invite_ref.startsWith('console:'))).toBe(true);
    // Sent once however often the outbox runs.
    await drainOutbox(t);
    expect(sent.filter((s) => [...links.values()].includes(s.params.link!))).toHaveLength(2);

    const link = [...links.values()][0]!;
    const page = await t.app.request(new URL(link).pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const body = await page.text();
    for (const s of ['年度采购洽谈', '上海总部', '张伟', '<svg']) expect(body).toContain(s);
    // A tampered code shows the same refusal as an unknown one, and nothing of the visit.
    const tampered = link.slice(0, -2) + (link.endsWith('AA') ? 'BA' : 'AA');
    for (const bad of [new URL(tampered).pathname, '/v/nothing']) {
      const r = await t.app.request(bad);
      expect(r.status).toBe(404);
      const text = await r.text();
      expect(text).not.toContain('年度采购洽谈');
    }
  });
});

describe('the gate', () => {
  it('lets a visitor in once, tells the host, and refuses a second scan', async () => {
    const v = await approvedVisit();
    const [link] = [...(await linksOf(v.visitId)).values()];
    t.clock.set('2026-11-18T05:50:00Z'); // 13:50 Beijing: inside the 30-minute grace
    const first = await scan(link!);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ kind: 'checked_in', visitor: { name: '王强', company: 'ABC科技', host: { id: 'e_zhangwei', name: '张伟' } } });
    expect(first.body.visitor.mobile).toMatch(/^\*{4}\d{4}$/);
    const told = rowsOf<{ payload: { kind: string; employeeId: string; visitorId: string; siteId: string; at: string } }>(await t.database.db.execute(sql`SELECT payload FROM outbox WHERE key = ${`notify:arrived:${first.body.visitor.visitorId}`}`));
    expect(told).toHaveLength(1);
    expect(told[0]!.payload).toMatchObject({ kind: 'visitor_arrived', employeeId: 'e_zhangwei', visitorId: first.body.visitor.visitorId, siteId: 'hq', at: '2026-11-18T05:50:00.000Z' });
    // The sentence is written when it is sent, in the host's language and time zone.
    const sentence = await arrivalText(t.database.db, 'demo', told[0]!.payload);
    expect(sentence?.zh).toBe('🚪 您的访客 王强（ABC科技） 已于 13:50 在上海总部登记入场。');
    const again = await scan(link!);
    expect([again.status, again.body.error.code]).toEqual([409, 'GATE.ALREADY_CHECKED_IN']);
    // The invitation page now says it was used, without a QR code.
    const page = await (await t.app.request(new URL(link!).pathname)).text();
    expect(page).toContain('data-status="used"');
    expect(page).not.toContain('<svg');
    // On site, then out; a second check-out is refused.
    const board = await t.call('GET', '/api/v1/sites/hq/on-site?actorId=e_zhoujun');
    expect(board.body.onSite.map((x: { visitorId: string }) => x.visitorId)).toContain(first.body.visitor.visitorId);
    const out = await t.call('POST', '/api/v1/sites/hq/check-outs', { actorId: 'e_zhoujun', visitorId: first.body.visitor.visitorId });
    expect(out.status).toBe(200);
    expect(out.body.checkedOutAt).toBe('2026-11-18T05:50:00.000Z');
    const twice = await t.call('POST', '/api/v1/sites/hq/check-outs', { actorId: 'e_zhoujun', visitorId: first.body.visitor.visitorId });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'GATE.NOT_CHECKED_IN']);
    const audit = rowsOf<{ action: string }>(await t.database.db.execute(sql`SELECT action FROM audit_log WHERE subject_id = ${first.body.visitor.visitorId} ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['visitor.checked_in', 'gate.refused', 'visitor.checked_out']));
  });

  it('50 scans of one code at once check in exactly one', async () => {
    t.clock.set('2026-11-18T02:00:00Z');
    const v = await approvedVisit();
    const [link] = [...(await linksOf(v.visitId)).values()];
    t.clock.set('2026-11-18T06:30:00Z');
    const all = await Promise.all(Array.from({ length: 50 }, () => scan(link!)));
    expect(all.filter((r) => r.status === 200)).toHaveLength(1);
    expect(all.filter((r) => r.status === 409 && r.body.error.code === 'GATE.ALREADY_CHECKED_IN')).toHaveLength(49);
    const ins = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'visitor.checked_in' AND subject_id IN (SELECT id FROM visitors WHERE visit_id = ${v.visitId})`));
    expect(ins[0]!.n).toBe(1);
  });

  it('refuses outside the window, at another site, withdrawn, forged, and for a guard without the role', async () => {
    t.clock.set('2026-11-18T02:00:00Z');
    const v = await approvedVisit();
    const [link, second] = [...(await linksOf(v.visitId)).values()];
    t.clock.set('2026-11-18T05:00:00Z'); // 13:00: an hour early, beyond the grace
    expect((await scan(link!)).body.error.code).toBe('GATE.NOT_YET');
    t.clock.set('2026-11-18T09:31:00Z'); // 17:31: over, beyond the grace
    expect((await scan(link!)).body.error.code).toBe('GATE.EXPIRED');
    t.clock.set('2026-11-18T06:00:00Z');
    expect((await scan(link!, 'bj')).body.error.code).toBe('GATE.WRONG_SITE');
    expect((await scan(link!.slice(0, -1) + (link!.endsWith('A') ? 'B' : 'A'))).body.error.code).toBe('GATE.INVALID_CODE');
    expect((await scan('not a code at all!')).body.error.code).toBe('GATE.INVALID_CODE');
    const notGuard = await scan(link!, 'hq', 'e_lina');
    expect([notGuard.status, notGuard.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    // Nobody was let in by any of these.
    const inside = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM visitors WHERE visit_id = ${v.visitId} AND checked_in_at IS NOT NULL`));
    expect(inside[0]!.n).toBe(0);
    // Withdrawn after approval? A rejected visit's code is refused as withdrawn.
    await t.database.db.execute(sql`UPDATE visits SET status = 'withdrawn' WHERE id = ${v.visitId}`);
    expect((await scan(second!)).body.error.code).toBe('GATE.REVOKED');
    expect(await (await t.app.request(new URL(second!).pathname)).text()).toContain('data-status="revoked"');
  });

  it('a booking number shows the visit’s visitors; the guard picks one in', async () => {
    t.clock.set('2026-11-18T02:00:00Z');
    const v = await approvedVisit();
    t.clock.set('2026-11-18T06:00:00Z');
    const r = await scan(v.number.toLowerCase());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.kind).toBe('booking');
    expect(r.body.visitors.map((x: { name: string }) => x.name)).toEqual(['王强', '李娜']);
    expect((await scan(v.number, 'bj')).body.error.code).toBe('GATE.WRONG_SITE');
  });

  it('the watchlist refuses a registration and a code at the gate', async () => {
    t.clock.set('2026-11-18T02:00:00Z');
    const v = await approvedVisit({ visitors: [{ name: '赵六', company: 'XYZ', mobile: '+8613700137000' }] });
    const [link] = [...(await linksOf(v.visitId)).values()];
    const add = await t.call('POST', '/api/v1/watchlist', { actorId: 'e_sunli', mobile: '+8613700137000', reason: '冒用他人邀请' });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
    expect(add.body.mobile).toBe('****7000');
    expect(JSON.stringify(rowsOf(await t.database.db.execute(sql`SELECT * FROM watchlist`)))).not.toContain('13700137000');
    t.clock.set('2026-11-18T06:00:00Z');
    expect((await scan(link!)).body.error.code).toBe('RECEPTION.WATCHLISTED');
    const reg = await t.call('POST', '/api/v1/visits', { actorId: 'e_zhangwei', hostId: 'e_zhangwei', siteId: 'hq', visitors: [{ name: '别名', mobile: '+8613700137000' }], purpose: 'x', start: '2026-11-19T14:00:00+08:00', end: '2026-11-19T15:00:00+08:00' });
    expect([reg.status, reg.body.error.code, reg.body.error.details.field]).toEqual([403, 'RECEPTION.WATCHLISTED', 'visitors.0']);
    const list = await t.call('GET', '/api/v1/watchlist?actorId=e_zhoujun');
    expect(list.body.entries).toHaveLength(1);
    expect((await t.call('DELETE', `/api/v1/watchlist/${add.body.id}?actorId=e_zhoujun`)).status).toBe(403);
    expect((await t.call('DELETE', `/api/v1/watchlist/${add.body.id}?actorId=e_sunli`)).status).toBe(204);
    expect((await t.call('DELETE', `/api/v1/watchlist/${add.body.id}?actorId=e_sunli`)).status).toBe(404);
  });

  it('judges the watchlist the same on the one-statement path: by ID, by name and company, and for visitors registered before number MACs were kept', async () => {
    t.clock.set('2026-11-18T02:00:00Z');
    const id = '11010519491231002X';
    const v = await approvedVisit({
      visitors: [
        { name: '钱七', company: 'DEF', idNumber: id },
        { name: ' 孙八 ', company: 'GHI' },
        { name: '孙八', company: 'JKL' },
        { name: '周九', company: 'MNO', mobile: '+8613600136000' },
        { name: '吴十', company: 'PQR' },
      ],
    });
    const ids = rowsOf<{ id: string; name: string; id_mac: string | null; mobile_mac: string | null; invitation_id: string }>(await t.database.db.execute(sql`SELECT id, name, id_mac, mobile_mac, invitation_id FROM visitors WHERE visit_id = ${v.visitId} ORDER BY id`));
    // Only 周九 has a mobile to be texted at: the codes are signed here as the invitation texts sign them.
    const codeOf = (i: number) => {
      const c = signInvitation(t.deps.box, { invitationId: ids[i]!.invitation_id, site: siteTag('hq'), notBefore: new Date('2026-11-18T06:00:00Z'), notAfter: new Date('2026-11-18T09:00:00Z') });
      if (!c.ok) throw new Error(c.error.message);
      return c.value;
    };
    // The MACs are kept beside the ciphertext, and they are not the numbers.
    expect(ids[0]!.id_mac).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(JSON.stringify(ids)).not.toContain(id);
    for (const w of [{ idNumber: id.toLowerCase() }, { name: '孙八', company: 'ghi' }, { mobile: '+8613600136000' }])
      expect((await t.call('POST', '/api/v1/watchlist', { actorId: 'e_sunli', ...w, reason: 'test' })).status).toBe(201);
    // 周九 was registered before MACs were kept: the gate asks the watchlist the slow way, by decrypting.
    await t.database.db.execute(sql`UPDATE visitors SET mobile_mac = NULL WHERE id = ${ids[3]!.id}`);
    t.clock.set('2026-11-18T06:00:00Z');
    const scans = [];
    for (let i = 0; i < ids.length; i++) scans.push((await scan(codeOf(i))).body.error?.code ?? 'in');
    expect(scans).toEqual(['RECEPTION.WATCHLISTED', 'RECEPTION.WATCHLISTED', 'in', 'RECEPTION.WATCHLISTED', 'in']);
    // 钱七 (ID), 孙八 of GHI (name and company, spaces and case aside) and 周九 (mobile) stay out; 孙八 of JKL and 吴十 come in.
    const refused = rowsOf<{ subject_id: string; code: string }>(await t.database.db.execute(sql`SELECT subject_id, after->>'code' AS code FROM audit_log WHERE action = 'gate.refused' AND subject_id LIKE ${`${v.visitId}%`} ORDER BY id`));
    const admitted = rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM visitors WHERE visit_id = ${v.visitId} AND checked_in_at IS NOT NULL ORDER BY id`));
    expect(admitted.map((r) => r.id)).toEqual([ids[2]!.id, ids[4]!.id]);
    expect(refused).toEqual([0, 1, 3].map((i) => ({ subject_id: ids[i]!.id, code: 'RECEPTION.WATCHLISTED' })));
    // Each check-in wrote one audit row and one notice to the host, and the audit chain seals and verifies.
    const notices = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM outbox WHERE key IN (${sql.join(admitted.map((a) => sql`${`notify:arrived:${a.id}`}`), sql`, `)})`));
    expect(notices[0]!.n).toBe(2);
    const audits = rowsOf<{ n: number; via: string | null }>(await t.database.db.execute(sql`SELECT count(*)::int AS n, min(via) AS via FROM audit_log WHERE action = 'visitor.checked_in' AND subject_id IN (${sql.join(admitted.map((a) => sql`${a.id}`), sql`, `)})`));
    expect(audits[0]!.n).toBe(2);
    expect(audits[0]!.via).toMatch(/^apikey:/);
    await sealAudit(t.database.db);
    expect((await verifyAuditChain(t.database.db, 'demo')).ok).toBe(true);
  });

  it('the day’s end closes forgotten check-outs and marks no-shows; retention purges personal data and keeps the visit', async () => {
    t.clock.set('2026-11-20T02:00:00Z');
    const v = await approvedVisit({ start: '2026-11-20T14:00:00+08:00', end: '2026-11-20T17:00:00+08:00' });
    const [link] = [...(await linksOf(v.visitId)).values()];
    t.clock.set('2026-11-20T06:00:00Z');
    expect((await scan(link!)).status).toBe(200);
    const people_ = async () => rowsOf<{ name: string; check_out_closed: boolean; no_show: boolean }>(await t.database.db.execute(sql`SELECT name, check_out_closed, no_show FROM visitors WHERE visit_id = ${v.visitId} ORDER BY id`));
    t.clock.set('2026-11-20T14:00:00Z'); // 22:00 Beijing: today is not over (earlier days' visits are closed now)
    await closeGateDays({ ...t.deps, config: { GATE_DAY_END: '23:00' } });
    expect(await people_()).toEqual([{ name: '王强', check_out_closed: false, no_show: false }, { name: '李娜', check_out_closed: false, no_show: false }]);
    t.clock.set('2026-11-20T15:05:00Z'); // 23:05
    expect(await closeGateDays({ ...t.deps, config: { GATE_DAY_END: '23:00' } })).toMatchObject({ closed: 1, noShows: 1, done: 1 });
    const people = rowsOf<{ name: string; check_out_closed: boolean; no_show: boolean }>(await t.database.db.execute(sql`SELECT name, check_out_closed, no_show FROM visitors WHERE visit_id = ${v.visitId} ORDER BY id`));
    expect(people).toEqual([{ name: '王强', check_out_closed: true, no_show: false }, { name: '李娜', check_out_closed: false, no_show: true }]);
    expect((await t.call('GET', `/api/v1/visits/${v.visitId}?actorId=e_zhangwei`)).body.status).toBe('done');
    // Twice changes nothing.
    expect(await closeGateDays({ ...t.deps, config: { GATE_DAY_END: '23:00' } })).toMatchObject({ closed: 0, noShows: 0 });

    const purged = await runRetention(t.database.db, new Date('2027-02-20T00:00:00Z'), { days: 30, visitorDays: 90, pauseMs: 0 });
    expect(purged.visitors).toBeGreaterThanOrEqual(2);
    const after = rowsOf<{ name: string; mobile_enc: string | null; invitation_id: string | null }>(await t.database.db.execute(sql`SELECT name, mobile_enc, invitation_id FROM visitors WHERE visit_id = ${v.visitId}`));
    expect(after.every((x) => x.name === '(purged)' && x.mobile_enc === null && x.invitation_id === null)).toBe(true);
    const visit = await t.call('GET', `/api/v1/visits/${v.visitId}?actorId=e_zhangwei`);
    expect(visit.body).toMatchObject({ status: 'done', estimateTotal: { currency: 'CNY' } });
    expect((await t.app.request(new URL(link!).pathname)).status).toBe(404);
    // The ledger keeps its figures: how many came and when, from what the day's end recorded.
    const ledger = await t.call('GET', `/api/v1/visits/${v.visitId}/ledger?actorId=e_zhangwei`);
    expect(ledger.body).toMatchObject({ status: 'done', visitorCount: 2, companies: ['ABC科技'] });
    expect(JSON.stringify(ledger.body)).not.toMatch(/王强|李娜|13800|13900/);
  });
});
