// Scale-out: three service processes share one PostgreSQL. The same approval actions hit all three at once and every
// instance runs an outbox dispatcher; each approval must be recorded once and each webhook delivered once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { API_SCOPES, createApiKey } from '../../db/repos/api-keys.js';
import { randomIds, systemClock } from '../../src/runtime.js';
import { seedDemo } from '../../src/seed/demo.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { freePort } from '../helpers/free-port.js';
import { waitFor } from '../helpers/wait-for.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INSTANCES = 3;
const REQUESTS = 60;
// Generous: three child services compiling TypeScript at once on a busy machine are slow, not broken.
const START_TIMEOUT_MS = 120_000;
const DRAIN_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const LOSER_CODES = new Set(['APPROVAL.NOT_PENDING', 'APPROVAL.ALREADY_ACTED', 'APPROVAL.STALE_STEP']);

interface Instance {
  name: string;
  base: string;
  child: ChildProcess;
  output: string[];
}

interface Reply {
  status: number;
  body: any;
}

interface Step {
  key: string;
  assignees: string[];
  status: string;
  decisions: { by: string; decision: string }[];
}

const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;

/** SIGTERM (the service stops its dispatcher after the batch in flight), SIGKILL after `forceAfterMs`; resolves with how it ended. */
function stopChild(c: ChildProcess, forceAfterMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (exited(c)) return resolve({ code: c.exitCode, signal: c.signalCode });
    const force = setTimeout(() => c.kill('SIGKILL'), forceAfterMs);
    c.once('exit', (code, signal) => {
      clearTimeout(force);
      resolve({ code, signal });
    });
    c.kill('SIGTERM');
  });
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// PGlite is an embedded, single-process database: several service processes cannot share one, so scale-out can only
// be shown against a real PostgreSQL server (the TEST_DATABASE_URL lane).
describe.skipIf(!process.env.TEST_DATABASE_URL)('three instances against one PostgreSQL', { timeout: 180_000 }, () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let apiKey: string;
  const instances: Instance[] = [];
  const children = new Set<ChildProcess>();
  // Last resort if the worker exits without afterAll (crash, hard timeout): never leave a server running.
  const killAll = () => {
    for (const c of children) if (!exited(c)) c.kill('SIGKILL');
  };

  const call = async (inst: Instance, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const res = await fetch(`${inst.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const at = (i: number) => instances[i % instances.length]!;

  async function waitHealthy(inst: Instance): Promise<void> {
    const state = await waitFor(
      async () => {
        if (exited(inst.child)) return 'exited';
        try {
          const res = await fetch(`${inst.base}/health`, { signal: AbortSignal.timeout(5_000) });
          return res.status === 200 ? 'healthy' : undefined;
        } catch {
          return undefined; // not listening yet
        }
      },
      { what: `${inst.name} to answer /health (output so far: ${inst.output.join('').slice(-500)})`, timeoutMs: START_TIMEOUT_MS, intervalMs: 100 },
    );
    if (state === 'exited') throw new Error(`${inst.name} exited (${inst.child.exitCode ?? inst.child.signalCode}) before it was healthy:\n${inst.output.join('')}`);
  }

  beforeAll(async () => {
    process.once('exit', killAll);
    database = await freshDatabase({ poolSize: 4 });
    await seedDemo({ db: database.db, clock: systemClock, ids: randomIds });
    apiKey = await createApiKey(database.db, 'demo', randomIds.next('key'), 'scale-out', [...API_SCOPES]);
    receiver = await startWebhookReceiver();

    const encryptionKey = randomBytes(32).toString('base64');
    const ports = new Set<number>();
    while (ports.size < INSTANCES) ports.add(await freePort());
    // The child must not inherit vitest's worker settings.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS'));
    for (const [i, port] of [...ports].entries()) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...inherited,
          DATABASE_URL: database.url!,
          PORT: String(port),
          HOST: '127.0.0.1',
          ENCRYPTION_KEY: encryptionKey,
          SEED_DEMO: 'false',
          WORKERS: 'true',
          OUTBOX_POLL_MS: '50',
          SCHEDULER_TICK_MS: '1000',
          DATABASE_POOL_SIZE: '10',
          LOG_LEVEL: 'warn',
          WEBHOOK_ALLOW_HOSTS: '127.0.0.1', // the receiver is on loopback
        },
      });
      children.add(child);
      const inst: Instance = { name: `instance ${'ABC'[i]}`, base: `http://127.0.0.1:${port}`, child, output: [] };
      child.stdout?.on('data', (d: Buffer) => inst.output.push(d.toString()));
      child.stderr?.on('data', (d: Buffer) => inst.output.push(d.toString()));
      instances.push(inst);
    }
    await Promise.all(instances.map(waitHealthy));

    // Registered through instance B: whichever instance delivers must decrypt the secret with the shared key.
    const hook = await call(at(1), 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['*'] });
    expect(hook.status).toBe(201);
    receiver.setSecret(hook.body.secret);
  }, START_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    // The test stops them itself; this is for a test that failed before it could.
    await Promise.all([...children].map((c) => stopChild(c, 5_000)));
    process.off('exit', killAll);
    await receiver?.close();
    await database?.close();
  }, 60_000);

  it('records every approval once and delivers every outbox message once', async () => {
    const started = Date.now();

    // 60 requests: small ones (manager only), ≥ ¥5,000 (manager, head) and ≥ ¥20,000 (manager, head, finance).
    const submitters = ['e_zhangwei', 'e_lina', 'e_david'];
    const plan = Array.from({ length: REQUESTS }, (_, i) => {
      const kind = i % 5 < 2 ? 'small' : i % 5 < 4 ? 'head' : 'finance';
      const minor = kind === 'small' ? 12_000 + i : kind === 'head' ? (i === 2 ? 500_000 : 600_000 + i) : i === 4 ? 2_000_000 : 2_500_000 + i;
      const steps = kind === 'small' ? ['manager'] : kind === 'head' ? ['manager', 'head'] : ['manager', 'head', 'finance'];
      return { i, kind, minor, steps, submitterId: submitters[i % submitters.length]! };
    });

    const submitted = await inParallel(plan, 12, async (p) => {
      const r = await call(at(p.i), 'POST', '/api/v1/requests', {
        type: 'purchase',
        submitterId: p.submitterId,
        title: `Scale-out ${p.i} (${p.kind})`,
        amount: { minor: p.minor, currency: 'CNY' },
        clientRef: `scale-${p.i}`,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { ...p, requestId: r.body.request.id as string, approvalId: r.body.approvalId as string };
    });

    const statuses = new Set<number>();
    const loserCodes = new Map<string, number>();
    let raced = 0;

    const readSteps = async (requestId: string, via: Instance): Promise<{ status: string; current: number; steps: Step[] }> => {
      const g = await call(via, 'GET', `/api/v1/requests/${requestId}`);
      expect(g.status).toBe(200);
      return { status: g.body.approval.status, current: g.body.approval.steps.findIndex((s: Step) => s.status === 'active'), steps: g.body.approval.steps };
    };

    await inParallel(submitted, 8, async (r) => {
      const initial = await readSteps(r.requestId, at(r.i + 1));
      expect(initial.steps.map((s) => s.key)).toEqual(r.steps);
      for (const [index, stepKey] of r.steps.entries()) {
        // Whoever the engine assigned now (e_wangqiang is both line manager and head of sales).
        const now = await readSteps(r.requestId, at(r.i + index));
        expect(now.status).toBe('pending');
        expect(now.current).toBe(index);
        const assignees = now.steps[index]!.assignees;
        expect(assignees.length).toBeGreaterThan(0);
        const mode = (r.i + index) % 3; // 0: a key per click, 1: no keys, 2: two calls share a key, one has none
        // An idempotency key stands for one person's click, so it is only ever reused by the same actor.
        const k = (actorId: string) => `${r.approvalId}:${stepKey}:${actorId}`;
        const [a0, a1] = [assignees[0]!, assignees[1] ?? assignees[0]!];
        // On an any-step with several assignees (finance: e_zhaomin vs e_sarah) two different approvers race.
        if (assignees.length > 1) raced++;
        const calls: { actorId: string; key?: string }[] =
          mode === 0 ? [{ actorId: a0, key: k(a0) }, { actorId: a1, key: k(a1) }, { actorId: a0, key: k(a0) }]
          : mode === 1 ? [{ actorId: a0 }, { actorId: a1 }, { actorId: a0 }]
          : a0 === a1 ? [{ actorId: a0, key: k(a0) }, { actorId: a0, key: k(a0) }, { actorId: a0 }]
          : [{ actorId: a0, key: k(a0) }, { actorId: a1 }, { actorId: a1, key: k(a1) }];
        // The same action reaches instances A, B and C at once.
        const replies = await Promise.all(
          calls.map(({ actorId, key }, slot) =>
            call(at(slot), 'POST', `/api/v1/approvals/${r.approvalId}/actions`, { actorId, action: 'approve', stepKey }, key ? { 'idempotency-key': key } : {}),
          ),
        );
        for (const rep of replies) {
          statuses.add(rep.status);
          if (rep.status === 409) loserCodes.set(rep.body.error.code, (loserCodes.get(rep.body.error.code) ?? 0) + 1);
        }
        const detail = JSON.stringify({ request: r.requestId, stepKey, mode, calls, replies });
        for (const rep of replies) expect([200, 409], detail).toContain(rep.status);
        const fresh = replies.filter((x) => x.status === 200 && x.body.replayed === false);
        expect(fresh, detail).toHaveLength(1);
        const winner = fresh[0]!.body;
        expect(winner.status, detail).toBe(index === r.steps.length - 1 ? 'approved' : 'pending');
        // A replay repeats the winner's answer word for word.
        for (const rep of replies.filter((x) => x.status === 200 && x.body.replayed === true)) expect({ ...rep.body, replayed: false }, detail).toEqual(winner);
        for (const rep of replies.filter((x) => x.status === 409)) expect(LOSER_CODES.has(rep.body.error.code), detail).toBe(true);
      }
    });

    expect([...statuses].every((s) => s === 200 || s === 409), JSON.stringify([...statuses])).toBe(true);
    expect(statuses.has(409)).toBe(true);
    expect(raced).toBe(plan.filter((p) => p.kind === 'finance').length);

    // Every request approved, one approval per step in history, decisions and audit.
    const totalSteps = plan.reduce((n, p) => n + p.steps.length, 0);
    let auditApprovals = 0;
    await inParallel(submitted, 12, async (r) => {
      const g = await call(at(r.i + 2), 'GET', `/api/v1/requests/${r.requestId}`);
      expect(g.status).toBe(200);
      expect(g.body.request.status).toBe('approved');
      expect(g.body.approval.status).toBe('approved');
      const approves = g.body.approval.history.filter((h: any) => h.action === 'approve');
      expect(approves.map((h: any) => h.step)).toEqual(r.steps);
      for (const s of g.body.approval.steps as Step[]) {
        expect(s.status).toBe('approved');
        expect(s.decisions).toHaveLength(1);
      }
      const approveAudit = g.body.audit.filter((a: any) => a.action === 'approval.approve');
      expect(approveAudit).toHaveLength(r.steps.length);
      auditApprovals += approveAudit.length;
    });
    expect(auditApprovals).toBe(totalSteps);

    // The audit chain is intact whichever instance checks it: seed + the webhook subscription + one row per submission
    // + one per approved step, and the finance digest's row when the run falls after DIGEST_TIME in Shanghai (sent
    // once, whichever of the three instances got there first).
    const digests = rowsOf<{ n: number }>(await database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'digest.sent'`))[0]!.n;
    expect(digests).toBeLessThanOrEqual(1);
    for (const inst of instances) {
      const v = await call(inst, 'GET', '/api/v1/audit/verify');
      expect(v.status).toBe(200);
      expect(v.body).toMatchObject({ ok: true, rows: 2 + REQUESTS + totalSteps + digests });
    }

    const drove = Date.now();
    // Wait for the three dispatchers to drain the outbox (nothing pending, nothing dead-lettered).
    let outbox: Record<string, number> = {};
    await waitFor(
      async () => {
        outbox = (await call(at(0), 'GET', '/api/v1/audit/verify')).body.outbox;
        return !outbox.pending && !outbox.dead;
      },
      { what: 'the three dispatchers to drain the outbox', timeoutMs: DRAIN_TIMEOUT_MS, intervalMs: 100 },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; outbox ${JSON.stringify(outbox)}`);
    });
    expect(outbox.dead ?? 0).toBe(0);
    const drained = Date.now();

    // Every instance is still up; then all three stop. SIGTERM ends each dispatcher after the batch it has in flight, so
    // once they have exited every delivery that will ever happen has happened: a second dispatcher wrongly delivering a
    // row again shows in the counts below however slow the machine is (no grace period to guess).
    for (const inst of instances) expect(inst.child.exitCode, `${inst.name} exited early:\n${inst.output.join('')}`).toBeNull();
    const ended = await Promise.all(instances.map((inst) => stopChild(inst.child, STOP_TIMEOUT_MS)));
    expect(ended).toEqual(instances.map(() => ({ code: 0, signal: null })));

    const counts = rowsOf<{ topic: string; status: string; n: number | string }>(
      await database.db.execute(sql`SELECT topic, status, count(*) AS n FROM outbox GROUP BY topic, status`),
    ).map((x) => ({ topic: x.topic, status: x.status, n: Number(x.n) }));
    const count = (topic: string) => counts.filter((x) => x.topic === topic).reduce((n, x) => n + x.n, 0);
    expect(counts.every((x) => x.status === 'delivered'), JSON.stringify(counts)).toBe(true);
    const publishes = count('event.publish');
    const webhookRows = count('webhook.deliver');
    // Per request: request.submitted, approval.submitted, step_activated; per step handed on: step_approved +
    // step_activated; per request finally approval.approved.
    expect(publishes).toBe(REQUESTS * 3 + (totalSteps - REQUESTS) * 2 + REQUESTS);
    expect(webhookRows).toBe(publishes); // one subscription to '*'

    const deliverKeys = rowsOf<{ key: string }>(await database.db.execute(sql`SELECT key FROM outbox WHERE topic = 'webhook.deliver'`)).map((x) => x.key);
    const received = receiver.byKey();
    expect(receiver.invalid().map((d) => d.reason)).toEqual([]);
    expect(receiver.duplicateKeys()).toEqual([]);
    expect(received.size).toBe(webhookRows);
    expect(new Set(received.keys())).toEqual(new Set(deliverKeys));
    const eventIds = new Set<string>();
    for (const d of receiver.deliveries) {
      const event = JSON.parse(d.body) as { id: string; type: string; orgId: string };
      expect(d.event).toBe(event.type);
      expect(event.orgId).toBe('demo');
      eventIds.add(event.id);
    }
    expect(eventIds.size).toBe(publishes);

    // No instance logged an error, shutdown included.
    for (const inst of instances) expect(inst.output.join('')).not.toMatch(/"level":"error"/);
    console.info(
      `scale-out: ${REQUESTS} requests, ${totalSteps} steps, ${receiver.deliveries.length} webhooks, 409s ${JSON.stringify(Object.fromEntries(loserCodes))}, drive ${drove - started} ms, drain ${drained - drove} ms`,
    );
  });
});
