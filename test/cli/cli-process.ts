// Test helpers for the CLIs as child processes: run one, or start the real service on a DATA_DIR and stop it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without anything that would point a child at another database, port or language model. */
function cleanEnv(): Record<string, string> {
  const drop = ['DATABASE_URL', 'DATA_DIR', 'SEED_DEMO', 'HOST', 'PORT', 'OPERATOR_KEY'];
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !drop.includes(e[0]) && !e[0].startsWith('OPENAI_')));
}

/** Runs `src/cli/<script>.ts` with `args` (and `input` on stdin, which is closed after it) and waits for it to exit. */
export function runCli(script: string, args: string[], env: Record<string, string>, input = ''): Promise<CliRun> {
  return collect(spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], { cwd: root, env: { ...cleanEnv(), ...env } }), input);
}

/** Collects a child's stdout and stderr, writes `input` to its stdin (then closes it) and waits for it to exit. */
export function collect(child: ChildProcessWithoutNullStreams, input = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** A fresh temp directory for one DATA_DIR (short, so the control socket path fits). */
export const tempDataDir = () => mkdtempSync(path.join(tmpdir(), 'cli-'));

export interface RunningService {
  /** Base URL of its HTTP API, e.g. http://127.0.0.1:40123. */
  url: string;
  pid: number;
  /** Everything it logged so far. */
  log(): string;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `src/server.ts` on `dataDir` (random port, no demo seed, no workers) and resolves once it listens. */
export function startService(dataDir: string, env: Record<string, string> = {}): Promise<RunningService> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env: { ...cleanEnv(), DATA_DIR: dataDir, PORT: '0', SEED_DEMO: 'false', WORKERS: 'false', ...env } });
  let out = '';
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /"msg":"listening","url":"([^"]+)"/.exec(out);
      if (m)
        resolve({
          url: m[1]!,
          pid: child.pid!,
          log: () => out,
          async stop() {
            child.kill('SIGTERM');
            await closed;
          },
        });
    });
    child.on('close', (code) => reject(new Error(`the service exited ${code}: ${out}`)));
  });
}
