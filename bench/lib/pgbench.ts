// The physical baseline: pgbench TPC-B on the same server, through the shared script.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { libpqEnv } from './postgres.js';

export interface PgbenchResult {
  tps: number | null;
  latencyMs: number | null;
  clients?: number;
  seconds?: number;
  error?: string;
}

export function pgbenchScript(repoRoot: string): string {
  return path.resolve(repoRoot, '../shared/bench/pgbench-baseline.sh');
}

/** Runs `bash pgbench-baseline.sh <seconds> <clients>` and parses its one JSON line. Never throws. */
export function runPgbench(repoRoot: string, serverUrl: string, seconds: number, clients: number): Promise<PgbenchResult> {
  const script = pgbenchScript(repoRoot);
  return new Promise((resolve) => {
    const child = spawn('bash', [script, String(seconds), String(clients)], {
      cwd: repoRoot,
      env: { ...process.env, ...libpqEnv(serverUrl) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => resolve({ tps: null, latencyMs: null, error: `cannot run ${script}: ${e.message}` }));
    child.on('close', (code) => {
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      try {
        const j = JSON.parse(line ?? '') as { tps?: number | null; latency_ms?: number | null; clients?: number; seconds?: number; error?: string };
        if (j.error || typeof j.tps !== 'number') {
          resolve({ tps: null, latencyMs: null, error: j.error ?? `pgbench produced no tps (exit ${code}) ${err.trim()}` });
          return;
        }
        resolve({ tps: j.tps, latencyMs: j.latency_ms ?? null, clients: j.clients, seconds: j.seconds });
      } catch {
        resolve({ tps: null, latencyMs: null, error: `unexpected output from ${script} (exit ${code}): ${(out + err).trim().slice(0, 500)}` });
      }
    });
  });
}
