// Starts the service as child processes and stops them, even when the run fails. A service runs what `npm start`
// runs (scripts/start.mjs: the esbuild bundle dist/server.js), so the figures are those of a deployment; the bundle is
// brought up to date once, untimed, before the first service starts (`ensureBuilt`).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

export interface ServiceOptions {
  repoRoot: string;
  databaseUrl: string;
  encryptionKey: string;
  label: string;
  logDir: string;
  poolSize?: number;
  workers?: boolean;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=…'] or ['--import', 'tsx', '--import', './bench/lib/query-counter.ts']. */
  nodeFlags?: string[];
  env?: Record<string, string>;
  /** Append to the label's log instead of starting it afresh (a restart of the same service). */
  appendLog?: boolean;
}

export interface Service {
  label: string;
  port: number;
  url: URL;
  pid: number;
  logFile: string;
  /** SIGTERM (graceful: the server closes its pool and writes profiles), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (`kill -9`: no shutdown hook runs, in-flight work is cut), resolved when the process is gone. */
  kill(): Promise<void>;
}

const running = new Set<Service>();

/** Stops every service still running (used by the harness's `finally` and signal handlers). */
export async function stopAllServices(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop().catch(() => undefined)));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function health(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

const tail = (file: string, n = 30) => {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
};

let built: Promise<void> | undefined;
/** Runs `npm run build` (scripts/build.mjs) once per bench run, so no timed start compiles or races another's build. */
export function ensureBuilt(repoRoot: string): Promise<void> {
  built ??= new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`scripts/build.mjs exited with ${code}`))));
  });
  return built;
}

export async function startService(o: ServiceOptions): Promise<Service> {
  mkdirSync(o.logDir, { recursive: true });
  const port = await freePort();
  const logFile = path.join(o.logDir, `service-${o.label}.log`);
  const log = createWriteStream(logFile, { flags: o.appendLog ? 'a' : 'w' });
  await ensureBuilt(o.repoRoot);
  const child = spawn(process.execPath, [...(o.nodeFlags ?? []), 'scripts/start.mjs'], {
    cwd: o.repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: o.databaseUrl,
      ENCRYPTION_KEY: o.encryptionKey,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      WORKERS: o.workers === false ? 'false' : 'true',
      DATABASE_POOL_SIZE: String(o.poolSize ?? 20),
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const done = exited(child);

  const service: Service = {
    label: o.label,
    port,
    url: new URL(`http://127.0.0.1:${port}`),
    pid: child.pid ?? -1,
    logFile,
    async stop(graceMs = 15_000) {
      running.delete(service);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await done;
        clearTimeout(timer);
      }
      log.end();
    },
    async kill() {
      running.delete(service);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await done;
      log.end();
    },
  };
  running.add(service);

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await service.stop();
      throw new Error(`service ${o.label} exited during start-up (code ${child.exitCode ?? child.signalCode}); log ${logFile}:\n${tail(logFile)}`);
    }
    if ((await health(port)) === 200) return service;
    if (Date.now() > deadline) {
      await service.stop();
      throw new Error(`service ${o.label} did not become healthy within 60 s; log ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
