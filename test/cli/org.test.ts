// `npm run org` as a child process: create, list, exit codes, and the DATA_DIR lock every embedded-database CLI takes.
import { spawn } from 'node:child_process';
import { writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/data-dir-lock.js';
import { freshDatabase, onPostgres, type TestDatabase } from '../helpers/db.js';
import { runCli as run, tempDataDir as tempDir } from './cli-process.js';

describe('npm run org', () => {
  // The same commands against the embedded database under a temp DATA_DIR, or a fresh PostgreSQL database on that lane.
  let pg: TestDatabase | undefined;
  let env: Record<string, string>;
  beforeAll(async () => {
    if (onPostgres) {
      pg = await freshDatabase({ poolSize: 1 });
      env = { DATABASE_URL: pg.url!, ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') };
    } else env = { DATA_DIR: tempDir() };
  });
  afterAll(async () => {
    await pg?.close();
  });

  it('creates an organisation, refuses the same id again with exit 2, and lists it', async () => {
    const created = await run('org', ['create', '--id', 'acme', '--name', 'Acme Ltd', '--time-zone', 'Europe/London', '--currency', 'GBP'], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('created organisation acme (Acme Ltd, time zone Europe/London, currency GBP)');
    const again = await run('org', ['create', '--id', 'acme', '--name', 'Another'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('organisation acme already exists');
    const listed = await run('org', ['list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: 'acme', name: 'Acme Ltd', timeZone: 'Europe/London', currency: 'GBP' })]);
  }, 120_000);

  it('exits 2 naming the problem for a bad id, time zone, currency or command', async () => {
    const cases: [string[], RegExp][] = [
      [['create', '--id', 'no spaces', '--name', 'X'], /id "no spaces"/],
      [['create', '--id', 'ok', '--name', 'X', '--time-zone', 'Mars/Base'], /timeZone "Mars\/Base"/],
      [['create', '--id', 'ok', '--name', 'X', '--currency', 'ABC'], /currency "ABC"/],
      [['create', '--name', 'X'], /needs --id and --name/],
      [['remove', '--id', 'acme'], /unknown command remove/],
      [['create', '--id', 'ok', '--name', 'X', '--colour', 'red'], /colour/],
    ];
    for (const [args, message] of cases) {
      const r = await run('org', args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  }, 120_000);
});

describe('the embedded database lock', () => {
  it('makes org, api-key and audit:verify refuse while another CLI holds DATA_DIR', async () => {
    const dir = tempDir();
    // A live process (this test runner) holding the lock as a CLI would; the service is covered in control-socket.test.ts.
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, role: 'org', startedAt: '2026-12-02T08:00:00.000Z' }));
    for (const [script, args] of [['org', ['list']], ['org', ['create', '--id', 'acme', '--name', 'Acme']], ['api-key', ['--org', 'demo']], ['audit-verify', ['--org', 'demo']]] as const) {
      const r = await run(script, [...args], { DATA_DIR: dir });
      expect(r.code, script).toBe(2);
      expect(r.stderr).toContain(`is in use by \`org\` (pid ${process.pid}`);
    }
    // Nothing was opened: no database files were created beside the lock.
    expect(existsSync(path.join(dir, 'pglite'))).toBe(false);
  }, 120_000);

  it('takes over a lock left by a process that has gone, and removes it when done', async () => {
    const dir = tempDir();
    const gone = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.on('close', () => resolve(child.pid!));
    });
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: gone, role: 'server', startedAt: '2026-12-01T00:00:00.000Z' }));
    const r = await run('org', ['list'], { DATA_DIR: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no organisations');
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  }, 120_000);
});
