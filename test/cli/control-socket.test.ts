// The CLIs while the service runs on the embedded database: each command goes through the service's control socket,
// its effect is visible through the running HTTP API at once, errors keep their exit codes, and db:migrate refuses.
import { request } from 'node:http';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_SOCKET } from '../../src/control/control-client.js';
import { LOCK_FILE } from '../../src/data-dir-lock.js';
import { onPostgres } from '../helpers/db.js';
import { waitFor } from '../helpers/wait-for.js';
import { runCli, startService, tempDataDir, type RunningService } from './cli-process.js';

/** A raw call on the control socket, to check what it accepts without going through the CLI's own checks. */
function rawControl(socket: string, op: string, body: string): Promise<{ status: number; json: { error?: { code: string; message: string }; value?: unknown } }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, method: 'POST', path: `/ops/${op}`, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as never }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// The control socket exists only for the embedded database; with DATABASE_URL every CLI opens PostgreSQL itself.
describe.skipIf(onPostgres)('the CLIs while the service runs on the embedded database', () => {
  let dir: string;
  let service: RunningService;
  let env: Record<string, string>;
  const api = (key: string, p: string, init: RequestInit = {}) => fetch(`${service.url}${p}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers } });
  const newKey = async (args: string[]) => {
    const r = await runCli('api-key', args, env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sk_\S+\n$/);
    return r.stdout.trim();
  };

  beforeAll(async () => {
    dir = tempDataDir();
    env = { DATA_DIR: dir };
    // A socket file left by a service that died must not stop the next one.
    writeFileSync(path.join(dir, CONTROL_SOCKET), 'stale');
    service = await startService(dir);
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
  });

  it('listens on loopback, and on a socket in DATA_DIR that only its user may open', () => {
    expect(service.log()).toContain('"host":"127.0.0.1"');
    const st = statSync(path.join(dir, CONTROL_SOCKET));
    expect(st.isSocket()).toBe(true);
    expect(st.mode & 0o777).toBe(0o600);
  });

  it('creates and lists organisations through the service', async () => {
    const created = await runCli('org', ['create', '--id', 'acme', '--name', 'Acme Ltd', '--time-zone', 'Europe/London', '--currency', 'GBP'], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toBe('created organisation acme (Acme Ltd, time zone Europe/London, currency GBP)\n');
    expect((await runCli('org', ['create', '--id', 'beta', '--name', 'Beta'], env)).code).toBe(0);
    const listed = await runCli('org', ['list', '--json'], env);
    expect(listed.code).toBe(0);
    // Other tests share this service and create organisations of their own, in any order.
    const orgs = JSON.parse(listed.stdout) as { id: string }[];
    expect(orgs.filter((o) => o.id === 'acme' || o.id === 'beta')).toEqual([
      expect.objectContaining({ id: 'acme', name: 'Acme Ltd', timeZone: 'Europe/London', currency: 'GBP' }),
      expect.objectContaining({ id: 'beta', name: 'Beta', currency: 'CNY' }),
    ]);
    const tsv = await runCli('org', ['list'], env);
    expect(tsv.stdout).toMatch(/^acme\tAcme Ltd\tEurope\/London\tGBP\t\d{4}-/m);
  }, 120_000);

  it('makes an API key the running service accepts at once, bound to an employee only inside its organisation', async () => {
    await runCli('org', ['create', '--id', 'keys', '--name', 'Keys'], env);
    const key = await newKey(['--org', 'keys', '--name', 'OA']);
    const sync = await api(key, '/api/v1/org/sync', { method: 'POST', body: JSON.stringify({ departments: [{ id: 'd_ops', name: 'Ops' }], employees: [{ id: 'e_ann', name: 'Ann', departmentId: 'd_ops' }] }) });
    expect(sync.status).toBe(200);
    const bound = await newKey(['--org', 'keys', '--name', 'ann', '--employee', 'e_ann', '--scopes', 'org:read']);
    const read = await api(bound, '/api/v1/org');
    expect(read.status).toBe(200);
    expect((await read.json()) as unknown).toMatchObject({ employees: [expect.objectContaining({ id: 'e_ann' })] });
    // The scopes given are the scopes it has.
    expect((await api(bound, '/api/v1/budgets')).status).toBe(403);
    await runCli('org', ['create', '--id', 'keys2', '--name', 'Keys 2'], env);
    const elsewhere = await runCli('api-key', ['--org', 'keys2', '--employee', 'e_ann'], env);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('no active employee e_ann in keys2');
  }, 120_000);

  it('keeps organisations walled: a key made for one cannot read the other', async () => {
    await runCli('org', ['create', '--id', 'wall-a', '--name', 'A'], env);
    await runCli('org', ['create', '--id', 'wall-b', '--name', 'B'], env);
    const a = await newKey(['--org', 'wall-a']);
    const b = await newKey(['--org', 'wall-b']);
    expect((await api(a, '/api/v1/org/sync', { method: 'POST', body: JSON.stringify({ departments: [{ id: 'd_fin', name: 'Finance' }], employees: [{ id: 'e_zoe', name: 'Zoe', departmentId: 'd_fin' }] }) })).status).toBe(200);
    const made = await api(a, '/api/v1/budgets', { method: 'POST', body: JSON.stringify({ departmentId: 'd_fin', category: 'travel', periodKey: '2026', amount: { minor: 100_000, currency: 'CNY' } }) });
    expect(made.status).toBe(200);
    const { id } = (await made.json()) as { id: string };
    expect((await api(a, `/api/v1/budgets/${id}`)).status).toBe(200);
    expect((await api(b, `/api/v1/budgets/${id}`)).status).toBe(404);
    expect((await (await api(b, '/api/v1/org')).json()) as unknown).toEqual({ departments: [], employees: [] });
  }, 120_000);

  it('verifies the audit chain through the service, including rows it wrote a moment ago', async () => {
    await runCli('org', ['create', '--id', 'audited', '--name', 'Audited'], env);
    await runCli('org', ['add-tenant', '--id', 'audited', '--platform', 'slack', '--tenant', 'T_AUDITED'], env);
    const r = await runCli('audit-verify', ['--org', 'audited'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ org: 'audited', ok: true, rows: 2, unsealed: 0 });
  }, 120_000);

  it('connects a platform tenant once, and says so the second time', async () => {
    await runCli('org', ['create', '--id', 'tenanted', '--name', 'T'], env);
    const first = await runCli('org', ['add-tenant', '--id', 'tenanted', '--platform', 'feishu', '--tenant', 'tk_1'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('connected feishu tenant tk_1 → organisation tenanted\n');
    const again = await runCli('org', ['add-tenant', '--id', 'tenanted', '--platform', 'feishu', '--tenant', 'tk_1'], env);
    expect(again.stdout).toBe('already connected: feishu tenant tk_1 → organisation tenanted\n');
  }, 120_000);

  it('answers a refused command with exit 2 and the reason, as the direct path does', async () => {
    await runCli('org', ['create', '--id', 'taken', '--name', 'First'], env);
    const cases: [string, string[], string][] = [
      ['org', ['create', '--id', 'taken', '--name', 'Again'], 'org: organisation taken already exists'],
      ['org', ['add-tenant', '--id', 'nosuch', '--platform', 'slack', '--tenant', 'T1'], 'org: no organisation nosuch'],
      ['api-key', ['--org', 'nosuch'], 'api-key: no organisation nosuch'],
      ['api-key', ['--org', 'taken', '--employee', 'e_nobody'], 'api-key: no active employee e_nobody in taken'],
    ];
    for (const [script, args, message] of cases) {
      const r = await runCli(script, args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
  }, 120_000);

  it('validates what arrives on the socket and answers with a coded error', async () => {
    const socket = path.join(dir, CONTROL_SOCKET);
    const badField = await rawControl(socket, 'api-key.create', JSON.stringify({ org: 'taken', name: 'x', scopes: ['root'] }));
    expect(badField.status).toBe(400);
    expect(badField.json.error).toEqual({ code: 'VALIDATION.INVALID', message: expect.stringMatching(/^scopes\.0: /) });
    const extra = await rawControl(socket, 'org.list', JSON.stringify({ all: true }));
    expect(extra.json.error?.code).toBe('VALIDATION.INVALID');
    expect((await rawControl(socket, 'org.list', 'not json')).json.error?.code).toBe('REQUEST.MALFORMED_JSON');
    const unknown = await rawControl(socket, 'org.drop', '{}');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.code).toBe('ROUTE.NOT_FOUND');
  }, 120_000);

  it('refuses db:migrate while the service runs, saying it already migrated', async () => {
    const r = await runCli('migrate', [], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`db:migrate: the running service (pid ${service.pid}`);
    expect(r.stderr).toContain('already applied the migrations');
  }, 120_000);

  it('removes the socket and the lock when it stops, and the CLIs then open the database themselves', async () => {
    // Its own service on its own DATA_DIR: stopping the shared one would leave the other tests nothing to talk to.
    const own = tempDataDir();
    const stopping = await startService(own);
    try {
      expect((await runCli('org', ['create', '--id', 'kept', '--name', 'Kept'], { DATA_DIR: own })).code).toBe(0);
    } finally {
      await stopping.stop();
    }
    expect(existsSync(path.join(own, CONTROL_SOCKET))).toBe(false);
    expect(existsSync(path.join(own, LOCK_FILE))).toBe(false);
    const listed = await runCli('org', ['list', '--json'], { DATA_DIR: own });
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((o) => o.id)).toEqual(['kept']);
  }, 180_000);
});

describe.skipIf(onPostgres)('a CLI started while the service is still starting', () => {
  it('waits for the control socket instead of opening the database, then runs through the service', async () => {
    const dir = tempDataDir();
    const starting = startService(dir);
    // The service takes the lock first and listens on the socket only once the database is open and migrated.
    await waitFor(() => existsSync(path.join(dir, LOCK_FILE)), { what: `the starting service to take ${LOCK_FILE}`, timeoutMs: 60_000 });
    const early = runCli('org', ['create', '--id', 'early', '--name', 'Early'], { DATA_DIR: dir });
    const service = await starting;
    try {
      const r = await early;
      // It says it is waiting (unless the service happened to be ready first), and nothing else: no refusal.
      expect(r.stderr).toMatch(/^(org: waiting for the service \(pid \d+\) to finish starting…\n)?$/);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('created organisation early (Early, time zone Asia/Shanghai, currency CNY)\n');
      const listed = await runCli('org', ['list', '--json'], { DATA_DIR: dir });
      expect((JSON.parse(listed.stdout) as { id: string }[]).map((o) => o.id)).toEqual(['early']);
    } finally {
      await service.stop();
    }
  }, 180_000);
});
