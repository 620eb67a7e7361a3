// Graceful shutdown of the real server (a child process, `node --import tsx src/server.ts`): under concurrent load,
// SIGTERM answers every request already sent (none is reset), refuses new connections, and exits 0 within
// SHUTDOWN_GRACE_MS; a client that never finishes its request cannot hold the process past the grace; a second signal
// exits at once; and (PostgreSQL) the outbox messages the instance had leased are claimable by another dispatcher the
// moment it has gone, not after their lease.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { API_SCOPES, createApiKey } from '../../db/repos/api-keys.js';
import { claimDue } from '../../db/repos/outbox.js';
import { randomIds, systemClock } from '../../src/runtime.js';
import { seedDemo } from '../../src/seed/demo.js';
import { freshDatabase, onPostgres, type TestDatabase } from '../helpers/db.js';
import { freePort } from '../helpers/free-port.js';
import { waitFor } from '../helpers/wait-for.js';
import { SlackSocketModeFake } from '../fakes/slack-socket.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A child compiling TypeScript with tsx on a busy machine is slow to start, not broken. */
const START_TIMEOUT_MS = 120_000;
const GRACE_MS = 10_000;

interface Child {
  child: ChildProcess;
  base: string;
  output: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const children = new Set<ChildProcess>();
const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const f of cleanups) await f();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}, 60_000);

/** Starts the server: on the PostgreSQL test database when there is one, else PGlite in a temp DATA_DIR. */
async function startServer(env: Record<string, string>, database?: TestDatabase): Promise<Child> {
  const port = await freePort();
  // The child must not inherit vitest's worker settings or a PostgreSQL URL meant for another database.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'DATABASE_URL'));
  const where: Record<string, string> = database
    ? { DATABASE_URL: database.url!, ENCRYPTION_KEY: randomBytes(32).toString('base64'), SEED_DEMO: 'false' }
    : { DATA_DIR: (() => { const d = mkdtempSync(path.join(tmpdir(), 'spendbot-shutdown-')); dirs.push(d); return d; })() };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...inherited, ...where, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: String(GRACE_MS), ...env },
  });
  children.add(child);
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, at: Date.now() });
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const state = await waitFor(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null) return 'exited';
      try {
        return (await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(5_000) })).status === 200 ? 'ready' : undefined;
      } catch {
        return undefined; // not listening yet
      }
    },
    { what: `the server to be ready (output so far: ${output.join('').slice(-500)})`, timeoutMs: START_TIMEOUT_MS, intervalMs: 100 },
  );
  if (state === 'exited') throw new Error(`the server exited before it was ready:\n${output.join('')}`);
  return { child, base, output, exit };
}

/** The server's last log line, `stopped`, with what the shutdown did. */
const stoppedLine = (c: Child): Record<string, unknown> => {
  const lines = c.output.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string });
  const line = lines.find((l) => l.msg === 'stopped');
  if (!line) throw new Error(`no "stopped" line:\n${c.output.join('').slice(-2000)}`);
  return line;
};

/** The error code under a failed fetch (undici wraps the socket's error as its cause). */
const codeOf = (e: unknown): string => {
  for (let cur = e, i = 0; cur && typeof cur === 'object' && i < 5; cur = (cur as { cause?: unknown }).cause, i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return String((e as Error)?.message ?? e);
};

interface Outcome {
  startedAt: number;
  endedAt: number;
  status?: number;
  error?: string;
}

/**
 * `clients` loops, each sending requests one after another over its keep-alive connection until one is refused
 * (the listener has closed). Resolves with every request's outcome once all have stopped.
 */
function load(base: string, clients: number, request: (i: number) => Promise<Response>): { outcomes: Outcome[]; done: Promise<void>; sent(): number } {
  const outcomes: Outcome[] = [];
  let n = 0;
  const loop = async () => {
    for (;;) {
      const startedAt = Date.now();
      try {
        const r = await request(n++);
        await r.arrayBuffer();
        outcomes.push({ startedAt, endedAt: Date.now(), status: r.status });
      } catch (e) {
        outcomes.push({ startedAt, endedAt: Date.now(), error: codeOf(e) });
        return;
      }
    }
  };
  return { outcomes, done: Promise.all(Array.from({ length: clients }, loop)).then(() => undefined), sent: () => n };
}

describe('SIGTERM under load', { timeout: START_TIMEOUT_MS + 120_000 }, () => {
  it('answers every request already sent, refuses new connections, and exits 0 within the grace', async () => {
    let database: TestDatabase | undefined;
    let key = '';
    if (onPostgres) {
      database = await freshDatabase({ poolSize: 2 });
      cleanups.push(() => database!.close());
      await seedDemo({ db: database.db, clock: systemClock, ids: randomIds });
      key = await createApiKey(database.db, 'demo', randomIds.next('key'), 'shutdown', [...API_SCOPES]);
    }
    const server = await startServer({ OUTBOX_POLL_MS: '50' }, database);
    const paths = ['/openapi.json', '/health', '/health/ready', '/api/v1/requests'];
    const traffic = load(server.base, 16, (i) => {
      const p = paths[i % paths.length]!;
      // On PostgreSQL the API calls are authenticated and write: a submission is a transaction with outbox rows.
      if (p === '/api/v1/requests' && key)
        return fetch(`${server.base}${p}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'expense', submitterId: 'e_zhangwei', title: `Taxi ${i}`, amount: { minor: 4500, currency: 'CNY' }, category: 'transport', details: { date: '2026-11-17', hasInvoice: true }, clientRef: `shutdown-${i}` }),
        });
      return fetch(`${server.base}${p}`);
    });
    // Well under way: every client has had answers.
    await waitFor(() => traffic.outcomes.length >= 200, { what: '200 answers under load', timeoutMs: 60_000 });
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exit;
    await traffic.done;

    const failures = traffic.outcomes.filter((o) => o.error !== undefined);
    // The only failure allowed is a connection refused: a request sent after the listener closed.
    expect(failures.map((f) => f.error).filter((e) => e !== 'ECONNREFUSED'), server.output.join('').slice(-2000)).toEqual([]);
    // Requests under way when the signal came were answered, with the statuses they would have had anyway.
    const inFlight = traffic.outcomes.filter((o) => o.startedAt <= signalledAt && o.endedAt >= signalledAt);
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.every((o) => o.status !== undefined)).toBe(true);
    const answered = traffic.outcomes.filter((o) => o.status !== undefined).map((o) => o.status!);
    expect(answered.length).toBeGreaterThan(200);
    expect(new Set(answered).size).toBeGreaterThan(0);
    for (const s of answered) expect([200, 201, 401, 503]).toContain(s);
    expect(exit.code, server.output.join('').slice(-2000)).toBe(0);
    expect(exit.at - signalledAt).toBeLessThan(GRACE_MS);
    expect(stoppedLine(server)).toMatchObject({ signal: 'SIGTERM', connectionsCut: 0, workersLate: false });
  });
});

describe('a client that never finishes its request', { timeout: START_TIMEOUT_MS + 60_000 }, () => {
  it('does not hold the process past the grace; a second signal exits at once', async () => {
    const grace = 2_000;
    const a = await startServer({ SHUTDOWN_GRACE_MS: String(grace) });
    // Half a request: the connection is busy, not idle, so only the grace ends it.
    const url = new URL(a.base);
    const slow = connect(Number(url.port), url.hostname);
    slow.on('error', () => undefined);
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    const signalledAt = Date.now();
    a.child.kill('SIGTERM');
    const exit = await a.exit;
    expect(exit.code, a.output.join('')).toBe(0);
    expect(exit.at - signalledAt).toBeGreaterThanOrEqual(grace - 100);
    expect(exit.at - signalledAt).toBeLessThan(grace + 8_000);
    // Ours, and any idle keep-alive connection of the readiness polls whose keep-alive time the grace did not outlast.
    expect(stoppedLine(a).connectionsCut).toBeGreaterThanOrEqual(1);
    slow.destroy();

    // The same, stopped by someone who will not wait for the grace.
    const b = await startServer({ SHUTDOWN_GRACE_MS: '60000' });
    const port = Number(new URL(b.base).port);
    const held = connect(port, '127.0.0.1');
    held.on('error', () => undefined);
    await new Promise<void>((resolve) => held.once('connect', () => resolve()));
    held.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    b.child.kill('SIGTERM');
    await waitFor(() => b.output.join('').includes('"msg":"shutting down"'), { what: 'the first signal to be taken' });
    const secondAt = Date.now();
    b.child.kill('SIGTERM');
    const second = await b.exit;
    expect(second.code).toBe(143);
    expect(second.at - secondAt).toBeLessThan(5_000);
    held.destroy();
  });
});

describe('long connections on SIGTERM', { timeout: START_TIMEOUT_MS + 60_000 }, () => {
  it("closes Slack Socket Mode's WebSocket cleanly before exiting, so Slack sends the next envelopes to another instance", async () => {
    const slack = new SlackSocketModeFake();
    await slack.start();
    cleanups.push(() => slack.stop());
    const server = await startServer({ SLACK_BOT_TOKEN: slack.token, SLACK_APP_TOKEN: slack.appToken, SLACK_API_URL: slack.apiUrl });
    await waitFor(() => slack.connections > 0, { what: 'the server to open its Socket Mode connection', timeoutMs: 30_000 });
    server.child.kill('SIGTERM');
    const exit = await server.exit;
    expect(exit.code, server.output.join('')).toBe(0);
    // A WebSocket closed by its client ends with 1000; one whose process vanished ends with 1006 (abnormal closure).
    expect(await slack.waitForClose()).toBe(1000);
    expect(stoppedLine(server)).toMatchObject({ signal: 'SIGTERM', channelsLate: false });
  });
});

// PGlite is one process's database: no other dispatcher could claim from it while the instance runs or after.
describe.skipIf(!onPostgres)('outbox leases on SIGTERM (PostgreSQL)', { timeout: START_TIMEOUT_MS + 60_000 }, () => {
  it('hands back a message it was delivering, so another dispatcher claims it at once and not after its lease', async () => {
    // A webhook receiver that takes the request and never answers: the delivery hangs past the grace.
    const hung: { end(): void }[] = [];
    const receiver: Server = createServer((_req, res) => hung.push(res));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const r of hung) r.end();
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    });
    const database = await freshDatabase({ poolSize: 2 });
    cleanups.push(() => database.close());
    await seedDemo({ db: database.db, clock: systemClock, ids: randomIds });
    const key = await createApiKey(database.db, 'demo', randomIds.next('key'), 'leases', [...API_SCOPES]);
    const grace = 3_000;
    const server = await startServer(
      { SHUTDOWN_GRACE_MS: String(grace), OUTBOX_LEASE_MS: '3600000', WEBHOOK_TIMEOUT_MS: '120000', WEBHOOK_ALLOW_HOSTS: '127.0.0.1', OUTBOX_POLL_MS: '50' },
      database,
    );
    const call = (method: string, p: string, body: unknown) =>
      fetch(`${server.base}${p}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const port = (receiver.address() as { port: number }).port;
    expect((await call('POST', '/api/v1/webhooks', { url: `http://127.0.0.1:${port}/hook`, events: ['*'] })).status).toBe(201);
    expect((await call('POST', '/api/v1/requests', { type: 'expense', submitterId: 'e_zhangwei', title: 'Taxi', amount: { minor: 4500, currency: 'CNY' }, category: 'transport', details: { date: '2026-11-17', hasInvoice: true } })).status).toBe(201);

    // The child's dispatcher has claimed a webhook delivery for an hour and is waiting on the receiver.
    await waitFor(() => hung.length > 0, { what: 'a webhook delivery to reach the receiver' });
    const leased = rowsOf<{ id: number | string; topic: string; lease_owner: string | null }>(
      await database.db.execute(sql`SELECT id, topic, lease_owner FROM outbox WHERE status = 'pending' AND locked_until > now() + interval '30 minutes'`),
    );
    expect(leased.length).toBeGreaterThan(0);
    expect(leased.every((r) => r.lease_owner !== null)).toBe(true);
    const topics = [...new Set(leased.map((r) => r.topic))];
    expect(await claimDue(database.db, 100, 60_000, new Date(), { only: topics }, 'test')).toEqual([]); // held

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exit;
    expect(exit.code, server.output.join('').slice(-2000)).toBe(0);
    expect(exit.at - signalledAt).toBeLessThan(grace + 8_000);
    // The workers thread was stuck on the delivery until the deadline; the request thread released its leases after.
    expect(stoppedLine(server)).toMatchObject({ releasedLeases: leased.length });

    // Another dispatcher, right now: every message the instance held is due again.
    const claimed = await claimDue(database.db, 100, 60_000, new Date(), { only: topics }, 'test');
    expect(claimed.map((m) => m.id).sort((x, y) => x - y)).toEqual(leased.map((r) => Number(r.id)).sort((x, y) => x - y));
  });
});
