// The workers' thread host (src/jobs/background-host.ts) with a probe thread that records what reaches it: kicks are
// delivered (many in one turn coalesced to one), a stop waits for the thread to finish its pass and close, a thread
// that dies or fails to start is started again, and one that does not stop in time is ended. The real thread
// (src/background-thread.ts) runs in test/scale/scale-out.test.ts on PostgreSQL, where every service starts it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { splitTsImports, startBackgroundThread, type BackgroundHandle } from '../../src/jobs/background-host.js';
import { createLogger } from '../../src/log.js';
import { waitFor } from '../helpers/wait-for.js';

const PROBE = new URL('../fixtures/background-thread-probe.mjs', import.meta.url);
const dirs: string[] = [];
const handles: BackgroundHandle[] = [];

afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.stop(1000)));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bg-host-'));
  dirs.push(dir);
  const file = path.join(dir, 'probe.log');
  const logged: { level: string; msg: string }[] = [];
  const log = createLogger('debug', (l) => logged.push(JSON.parse(l) as { level: string; msg: string }));
  const handle = startBackgroundThread({ env: { PROBE_FILE: file, ...env }, keys: [] }, { entry: PROBE, log, restartMs: 50 });
  handles.push(handle);
  const lines = () => {
    try {
      return readFileSync(file, 'utf8').trim().split('\n');
    } catch {
      return [];
    }
  };
  return { handle, lines, logged };
}

describe('the workers thread host', () => {
  it('delivers kicks, one per turn of the event loop however many were asked for', async () => {
    const { handle, lines } = start();
    await handle.ready();
    for (let i = 0; i < 50; i++) handle.kick();
    await waitFor(() => lines().some((l) => l.endsWith(' kick')), { what: 'the kick to reach the thread' });
    handle.kick();
    await waitFor(() => lines().filter((l) => l.endsWith(' kick')).length === 2, { what: 'the second kick' });
    await new Promise((r) => setTimeout(r, 100));
    expect(lines().filter((l) => l.endsWith(' kick'))).toHaveLength(2);
  });

  it('stops by asking the thread to finish, and waits for it', async () => {
    const { handle, lines } = start({ STOP_MS: '200' });
    await handle.ready();
    const t0 = Date.now();
    await handle.stop(5000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expect(lines().slice(-2).map((l) => l.split(' ')[1])).toEqual(['stop', 'stopped']);
  });

  it('ends a thread that does not stop within the grace period', async () => {
    const { handle, lines, logged } = start({ STOP_MS: '60000' });
    await handle.ready();
    const t0 = Date.now();
    await handle.stop(300);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(lines().at(-1)).toMatch(/ stop$/);
    expect(logged.some((l) => l.level === 'warn' && /did not stop in time/.test(l.msg))).toBe(true);
  });

  it('starts a thread again when it fails to start, backing off', async () => {
    const { handle, lines, logged } = start({ FAIL_STARTS: '2' });
    await handle.ready();
    const starts = lines().filter((l) => l.endsWith(' start'));
    expect(starts).toHaveLength(3);
    expect(new Set(starts.map((l) => l.split(' ')[0])).size).toBe(3);
    const restarts = logged.filter((l) => /starting it again/.test(l.msg)) as unknown as { inMs: number }[];
    expect(restarts.map((r) => r.inMs)).toEqual([50, 100]);
    expect(logged.filter((l) => l.level === 'error' && /thread failed/.test(l.msg))).toHaveLength(2);
  });

  it('starts a thread again when it dies, and kicks reach the new one', async () => {
    const { handle, lines } = start({ DIE_ON_KICK: '1' });
    await handle.ready();
    const first = lines()[0]!.split(' ')[0];
    handle.kick();
    await waitFor(() => lines().filter((l) => l.endsWith(' start')).length === 2, { what: 'a second thread' });
    await handle.ready();
    handle.kick();
    await waitFor(() => lines().some((l) => l.endsWith(' kick') && !l.startsWith(`${first} `)), { what: 'a kick on the new thread' });
  });

  it('stops cleanly when the thread has already ended', async () => {
    const { handle } = start({ FAIL_STARTS: '100' });
    await new Promise((r) => setTimeout(r, 200));
    await handle.stop(1000);
  });
});

describe('the flags a thread started from the TypeScript sources gets', () => {
  it("drops tsx's import and hands TypeScript preloads to the thread's own loader", () => {
    const r = splitTsImports(['--cpu-prof', '--import', 'tsx', '--import', './bench/lib/query-counter.ts', '--import=./x.mjs', '--import=tsx/esm']);
    expect(r.execArgv).toEqual(['--cpu-prof', '--import', './x.mjs']);
    expect(r.preloads).toEqual([pathToFileURL(path.resolve('./bench/lib/query-counter.ts')).href]);
  });
});
