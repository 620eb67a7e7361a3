// Reminders to the staff receiving a visit: on approval the host, the companions and the site's reception desk get the
// schedule card once (queued in the approval's transaction); VISIT_REMINDER_MINUTES before the start the scheduled job
// reminds them once, however often it runs or on however many instances; withdrawn, rejected and past visits get none.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import { loadConfig } from '../../../src/config.js';
import { visitCardHandler } from '../../../src/chat/visit-cards.js';
import { tick } from '../../../src/jobs/scheduler.js';
import { silentLogger } from '../../../src/log.js';
import { enabledChannels, scheduledJobs } from '../../../src/services.js';
import { runVisitReminders, TOPIC_CHAT_VISIT } from '../../../src/usecases/reception/visit-reminders.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { consoleAs, drainOutbox } from '../../helpers/console.js';
import { ruleParser } from '../../helpers/parser.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({}, { parser: ruleParser });
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '上海市浦东新区世纪大道100号 20楼', rules: [], deskIds: ['e_sunli', 'e_zhangwei'] })).status).toBe(200);
});
afterAll(() => t.close());

// 2026-11-20 14:00 in Shanghai.
const START = '2026-11-20T06:00:00.000Z';
const visit = (over: Record<string, unknown> = {}) => ({
  actorId: 'e_zhangwei',
  hostId: 'e_zhangwei',
  companions: ['e_lina'],
  siteId: 'hq',
  visitors: [{ name: '王强', company: 'ABC科技', mobile: '+8613800138000' }],
  purpose: '年度采购洽谈',
  start: '2026-11-20T14:00:00+08:00',
  end: '2026-11-20T17:00:00+08:00',
  resources: ['meeting_room', 'meal'],
  estimate: { meal: 40_000 },
  ...over,
});

async function register(over: Record<string, unknown> = {}): Promise<{ visitId: string; requestId: string; approvalId: string }> {
  const r = await t.call('POST', '/api/v1/visits', visit(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const req = await t.call('GET', `/api/v1/requests/${r.body.request.id}`);
  return { visitId: r.body.visit.id, requestId: r.body.request.id, approvalId: req.body.approval.id };
}

async function act(approvalId: string, actorId: string, action: 'approve' | 'reject' | 'withdraw') {
  const r = await t.call('POST', `/api/v1/approvals/${approvalId}/actions`, { actorId, action, ...(action === 'approve' ? {} : { comment: '改期' }) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

async function approve(ids: { requestId: string; approvalId: string }) {
  for (let i = 0; i < 4; i++) {
    const r = await t.call('GET', `/api/v1/requests/${ids.requestId}`);
    if (r.body.approval.status !== 'pending') return;
    await act(ids.approvalId, r.body.approval.progress.pending[0], 'approve');
  }
}

const staffRows = async (visitId: string) =>
  rowsOf<{ key: string; payload: { employeeId: string; role: string; occasion: string } }>(
    await t.database.db.execute(sql`SELECT key, payload FROM outbox WHERE topic = ${TOPIC_CHAT_VISIT} AND payload->>'visitId' = ${visitId} ORDER BY key`),
  );
const cardCopies = async (cardKey: string) => rowsOf<{ recipient_id: string }>(await t.database.db.execute(sql`SELECT recipient_id FROM chat_cards WHERE org_id = 'demo' AND card_key = ${cardKey} ORDER BY recipient_id`)).map((r) => r.recipient_id);
const cardDeps = () => ({ ...t.deps, channels: enabledChannels(t.deps.config), console: true });

describe('reminders to the staff of a visit', () => {
  it('on approval: the host, the companion and the reception desk get the schedule once, each in their role', async () => {
    const ids = await register();
    expect(await staffRows(ids.visitId)).toEqual([]);
    await approve(ids);
    const rows = await staffRows(ids.visitId);
    // The host also staffs the desk: told once, as the host.
    expect(rows.map((r) => [r.payload.employeeId, r.payload.role, r.payload.occasion])).toEqual([
      ['e_lina', 'companion', 'approved'],
      ['e_sunli', 'desk', 'approved'],
      ['e_zhangwei', 'host', 'approved'],
    ]);
    await drainOutbox(t);
    expect(await cardCopies(`visit:${ids.visitId}:approved`)).toEqual(['e_lina', 'e_sunli', 'e_zhangwei']);
    const desk = await (await consoleAs(t, 'e_sunli')).page();
    expect(desk).toContain('来访已批准 · 接待安排');
    expect(desk).toContain('前台接待');
    expect(desk).toContain('王强（ABC科技 · ****8000）');
    expect(desk).toContain('11月20日 14:00–17:00');
    expect(desk).toContain('会议室、用餐');
    expect(desk).toContain('陪同人员');
    expect(desk).not.toContain('13800138000');

    // A retried row (the dispatcher crashed after sending) sends nothing again.
    const before = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM console_messages WHERE org_id = 'demo'`))[0]!.n;
    await visitCardHandler(cardDeps())({ id: 0, orgId: 'demo', topic: TOPIC_CHAT_VISIT, key: rows[0]!.key, payload: rows[0]!.payload, attempts: 2 });
    expect(rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM console_messages WHERE org_id = 'demo'`))[0]!.n).toBe(before);
  });

  it('reminds once at start − VISIT_REMINDER_MINUTES, however often and on however many instances the job runs, and never a withdrawn, rejected or past visit', async () => {
    const kept = await register({ clientRef: 'reminded' });
    await approve(kept);
    const withdrawn = await register({ clientRef: 'withdrawn' });
    await act(withdrawn.approvalId, 'e_zhangwei', 'withdraw');
    const rejected = await register({ clientRef: 'rejected' });
    await act(rejected.approvalId, 'e_wangqiang', 'reject');
    const reminders = async (visitId: string) => (await staffRows(visitId)).filter((r) => r.payload.occasion === 'reminder');
    const minutes = t.deps.config.VISIT_REMINDER_MINUTES;
    expect(minutes).toBe(120);
    const at = (offsetMinutes: number) => new Date(Date.parse(START) + offsetMinutes * 60_000);

    // A minute early: nothing.
    await runVisitReminders({ db: t.database.db }, at(-minutes - 1), minutes);
    expect(await reminders(kept.visitId)).toEqual([]);
    // At start − 120 minutes, two instances ticking at once: one runs the job, and the keys hold it to once anyway.
    t.clock.set(at(-minutes).toISOString());
    const jobs = scheduledJobs(t.deps).filter((j) => j.name === 'visit-reminders');
    expect(jobs).toHaveLength(1);
    const ran = await Promise.all([tick(t.database.db, jobs, t.clock.now(), silentLogger), tick(t.database.db, jobs, t.clock.now(), silentLogger)]);
    expect(ran.flat()).toEqual(['visit-reminders']);
    const first = await reminders(kept.visitId);
    expect(first.map((r) => [r.payload.employeeId, r.payload.role])).toEqual([['e_lina', 'companion'], ['e_sunli', 'desk'], ['e_zhangwei', 'host']]);
    expect(first.every((r) => r.key.includes(START))).toBe(true);
    // Run again a minute and an hour later: nothing new.
    await runVisitReminders({ db: t.database.db }, at(-minutes + 1), minutes);
    await runVisitReminders({ db: t.database.db }, at(-60), minutes);
    expect(await reminders(kept.visitId)).toHaveLength(3);
    for (const v of [withdrawn, rejected]) expect(await staffRows(v.visitId)).toEqual([]);
    // The visitor is texted the reminder once too (their link again); nobody of a withdrawn or rejected visit is.
    const texts = rowsOf<{ key: string; visit_id: string }>(await t.database.db.execute(sql`SELECT o.key, vr.visit_id FROM outbox o JOIN visitors vr ON vr.id = o.payload->>'visitorId' WHERE o.topic = 'reception.sms' AND o.payload->>'template' = 'visit_reminder'`));
    expect(texts.filter((x) => x.visit_id === kept.visitId)).toHaveLength(1);
    expect(texts.filter((x) => x.visit_id === withdrawn.visitId || x.visit_id === rejected.visitId)).toEqual([]);

    await drainOutbox(t);
    expect(await cardCopies(`visit:${kept.visitId}:reminder:${START}`)).toEqual(['e_lina', 'e_sunli', 'e_zhangwei']);
    const host = await (await consoleAs(t, 'e_zhangwei')).page();
    expect(host).toContain('来访提醒 · 即将到访');

    // Once it has started, the job finds nothing, and a late row is dropped rather than sent.
    const late = await register({ clientRef: 'late', start: '2026-11-20T15:00:00+08:00' });
    await approve(late);
    await runVisitReminders({ db: t.database.db }, at(61), minutes);
    expect(await reminders(late.visitId)).toEqual([]);
    t.clock.set(at(61).toISOString());
    await visitCardHandler(cardDeps())({ id: 0, orgId: 'demo', topic: TOPIC_CHAT_VISIT, key: 'x', payload: { visitId: late.visitId, employeeId: 'e_zhangwei', role: 'host', occasion: 'reminder' }, attempts: 1 });
    expect(await cardCopies(`visit:${late.visitId}:reminder:2026-11-20T07:00:00.000Z`)).toEqual([]);
  });

  it('reads VISIT_REMINDER_MINUTES from the environment, 120 by default, and refuses nonsense', () => {
    expect(loadConfig({ DATA_DIR: 'memory://' }).VISIT_REMINDER_MINUTES).toBe(120);
    expect(loadConfig({ DATA_DIR: 'memory://', VISIT_REMINDER_MINUTES: '45' }).VISIT_REMINDER_MINUTES).toBe(45);
    expect(() => loadConfig({ DATA_DIR: 'memory://', VISIT_REMINDER_MINUTES: '0' })).toThrow();
  });
});
