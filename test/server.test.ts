// The Node entry as a person starts it: `npm start` (scripts/start.mjs) on an empty data directory says what it is
// doing in order, answers /health, stops cleanly on SIGTERM, and on restart neither migrates nor seeds again.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** A first start may build the bundle and the database template first (tens of seconds on a busy machine). */
const START_TIMEOUT_MS = 240_000;
const MIGRATIONS = (JSON.parse(readFileSync(path.join(ROOT, 'db', 'migrations', 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

interface Line {
  msg: string;
  [k: string]: unknown;
}

interface Started {
  child: ChildProcess;
  lines: Line[];
  output: string[];
}

const children = new Set<ChildProcess>();
const dirs: string[] = [];

/** Runs what `npm start` runs and collects its JSON log lines until the `ready` line (or the process dies). */
async function start(dataDir: string, port: number): Promise<Started> {
  // The child must not inherit vitest's worker settings or a PostgreSQL URL: this is the embedded default.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'DATABASE_URL'));
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
  });
  children.add(child);
  const started: Started = { child, lines: [], output: [] };
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "ready" line within ${START_TIMEOUT_MS} ms:\n${started.output.join('')}`)), START_TIMEOUT_MS);
    child.stderr!.on('data', (d: Buffer) => started.output.push(d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      started.output.push(d.toString());
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const p of parts) {
        if (!p.startsWith('{')) continue; // the build's own plain lines
        const line = JSON.parse(p) as Line;
        started.lines.push(line);
        if (line.msg === 'ready') {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before "ready":\n${started.output.join('')}`));
    });
  });
  return started;
}

/** SIGTERM, then the exit code; the service closes the database and releases the data-directory lock. */
function stop(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.once('exit', (code) => {
      children.delete(s.child);
      resolve(code);
    });
    s.child.kill('SIGTERM');
  });
}

/** The start-up steps: the lines carrying `sinceStartMs` (others, such as the web console's access, are details). */
const messages = (s: Started) => s.lines.filter((l) => typeof l.sinceStartMs === 'number').map((l) => l.msg);

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('npm start on the embedded database', { timeout: 2 * START_TIMEOUT_MS + 60_000 }, () => {
  it('says what it does in order on a first start and a restart, and answers /health', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'spendbot-start-'));
    dirs.push(dataDir);
    const port = await freePort();

    const first = await start(dataDir, port);
    expect(messages(first)).toEqual(['opening the database', 'migrated the database', 'seeded the demo organisation', 'listening', 'ready']);
    const opening = first.lines.find((l) => l.msg === 'opening the database')!;
    expect(opening).toMatchObject({ kind: 'pglite', where: path.join(dataDir, 'pglite') });
    expect(typeof opening.created).toBe('string'); // from the template or by initdb: either way it says it created one
    expect(first.lines.find((l) => l.msg === 'migrated the database')).toMatchObject({ total: MIGRATIONS });
    const url = `http://127.0.0.1:${port}`;
    expect(first.lines.find((l) => l.msg === 'ready')).toMatchObject({ frontDoor: `${url}/`, console: `${url}/console`, docs: `${url}/docs`, health: `${url}/health` });
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await stop(first)).toBe(0);
    expect(existsSync(path.join(dataDir, 'spendbot.lock'))).toBe(false);

    const again = await start(dataDir, port);
    expect(messages(again)).toEqual(['opening the database', 'migrated the database', 'demo organisation present, not seeded', 'listening', 'ready']);
    expect(again.lines.find((l) => l.msg === 'opening the database')).not.toHaveProperty('created');
    expect(again.lines.find((l) => l.msg === 'migrated the database')).toMatchObject({ applied: 0, total: MIGRATIONS });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(await stop(again)).toBe(0);
    expect(existsSync(path.join(dataDir, 'spendbot.lock'))).toBe(false);
  });
});
