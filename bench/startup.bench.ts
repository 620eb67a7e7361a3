// Start-up time: how long `npm start` takes to a healthy /health, as a child process on its own temp DATA_DIR and
// free port, (a) on an empty embedded directory and (b) again on the data the first start left. Median of `runs`.
// Each run is stopped with SIGTERM and must exit 0 having released the data-directory lock; anything else is a
// correctness failure. No PostgreSQL needed.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './lib/service.js';
import { median, round } from './lib/stats.js';

/** The issue's targets on this machine. */
export const STARTUP_TARGETS_MS = { firstStart: 10_000, restart: 3_000 };
const HEALTH_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 15_000;

export interface StartupOptions {
  /** Repository to start (its scripts/start.mjs unless `command` says otherwise). */
  root: string;
  /** The program and arguments, run with `root` as the working directory; default: what `npm start` runs. */
  command?: string[];
  runs: number;
  logDir: string;
  log: (line: string) => void;
}

export interface StartupCase {
  runsMs: number[];
  medianMs: number;
  targetMs: number;
  pass: boolean;
}

export interface StartupResult {
  command: string;
  firstStart: StartupCase;
  restart: StartupCase;
  failures: string[];
}

/** What `npm start` runs (package.json "start"), without npm in between: npm does not pass SIGTERM on to it. */
export const NPM_START = [process.execPath, 'scripts/start.mjs'];

/** Starts once on `dataDir`, returns the milliseconds to the first 200 from /health, then stops it with SIGTERM. */
async function timedStart(o: StartupOptions, dataDir: string, label: string, failures: string[]): Promise<number> {
  const [program, ...args] = o.command ?? NPM_START;
  const port = await freePort();
  const logFile = path.join(o.logDir, `${label}.log`);
  const out = createWriteStream(logFile);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'NODE_OPTIONS'));
  const started = performance.now();
  const child = spawn(program!, args, { cwd: o.root, env: { ...env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(out, { end: false });
  child.stderr!.pipe(out, { end: false });
  const exit = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let exited: number | string | undefined;
  void exit.then((c) => (exited = c));
  let ms = NaN;
  const deadline = started + HEALTH_TIMEOUT_MS;
  while (exited === undefined && performance.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        ms = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  if (Number.isNaN(ms)) failures.push(`${label}: ${exited !== undefined ? `exited (${exited})` : 'not healthy'} before /health answered 200; log ${logFile}`);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const code = await exit;
  clearTimeout(timer);
  out.end();
  if (!Number.isNaN(ms) && code !== 0) failures.push(`${label}: SIGTERM ended it with ${code}, not 0; log ${logFile}`);
  if (existsSync(path.join(dataDir, 'spendbot.lock'))) failures.push(`${label}: the data-directory lock was left behind`);
  return ms;
}

const summary = (runsMs: number[], targetMs: number): StartupCase => {
  const m = median(runsMs.filter((x) => Number.isFinite(x)));
  return { runsMs: runsMs.map((x) => round(x, 0)), medianMs: round(m, 0), targetMs, pass: Number.isFinite(m) && m <= targetMs };
};

/**
 * `runs` first starts, each on a new empty directory, then `runs` restarts on the directory the last one filled.
 * The build (scripts/build.mjs) is brought up to date first and not timed: a first start after a source change
 * rebuilds once, which is not what a start costs.
 */
export async function runStartupBench(o: StartupOptions): Promise<StartupResult> {
  mkdirSync(o.logDir, { recursive: true });
  const failures: string[] = [];
  const command = (o.command ?? ['node', 'scripts/start.mjs']).join(' ');
  if (!o.command) {
    o.log('startup: bringing the build up to date (untimed)');
    const built = spawn(process.execPath, ['scripts/build.mjs'], { cwd: o.root, stdio: ['ignore', 'inherit', 'inherit'] });
    const code = await new Promise<number | null>((resolve) => built.once('exit', resolve));
    if (code !== 0) failures.push(`build exited with ${code}`);
  }
  const dirs: string[] = [];
  try {
    const first: number[] = [];
    for (let i = 1; i <= o.runs; i++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'spendbot-startup-'));
      dirs.push(dir);
      first.push(await timedStart(o, dir, `first-${i}`, failures));
      o.log(`startup: first start ${i}/${o.runs} on an empty DATA_DIR: ${(first.at(-1)! / 1000).toFixed(2)} s`);
    }
    const restart: number[] = [];
    const dir = dirs.at(-1)!;
    for (let i = 1; i <= o.runs; i++) {
      restart.push(await timedStart(o, dir, `restart-${i}`, failures));
      o.log(`startup: restart ${i}/${o.runs} on existing data: ${(restart.at(-1)! / 1000).toFixed(2)} s`);
    }
    return { command, firstStart: summary(first, STARTUP_TARGETS_MS.firstStart), restart: summary(restart, STARTUP_TARGETS_MS.restart), failures };
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/** Rows for the human summary. */
export function startupRows(r: StartupResult): [string, string][] {
  const s = (c: StartupCase) => `median ${(c.medianMs / 1000).toFixed(2)} s  (runs ${c.runsMs.map((x) => (x / 1000).toFixed(2)).join(', ')})  ${c.pass ? 'PASS' : 'FAIL'}`;
  return [
    [`startup: first start, empty DATA_DIR (≤ ${r.firstStart.targetMs / 1000} s)`, s(r.firstStart)],
    [`startup: restart on existing data (≤ ${r.restart.targetMs / 1000} s)`, s(r.restart)],
    ['startup: command', r.command],
  ];
}
