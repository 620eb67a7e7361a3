// Starts the workers (outbox dispatcher, audit sealer, scheduler) on a thread of their own and keeps them running:
// a thread that dies is logged and started again after a pause that grows to 30 s. The request thread only posts a
// 'kick' when it queued outbox rows (coalesced to one message per turn of its event loop).
//
// Why a thread: an instance is one JavaScript thread, and at load the clicks, the fan-out, the card refreshes, the
// platform calls and the sealing all queue on it while the machine's other core idles. With the workers on their own
// thread they run beside the requests instead of between them. PGlite lives in one thread's memory, so the embedded
// default keeps its workers on the main thread (src/server.ts).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.js';

export interface BackgroundThreadData {
  /** The environment the configuration is read from (the thread reads the same settings as the request thread). */
  env: Record<string, string | undefined>;
  /** ENCRYPTION_KEY's keys, base64 (the thread decrypts platform secrets and signs card buttons). */
  keys: string[];
  /** The instance's name on the outbox leases the thread takes: the request thread releases them after stopping it. */
  leaseOwner?: string;
}

export interface BackgroundHandle {
  kick(): void;
  /** Asks the thread to finish its running pass and close its pool; ends it after `graceMs` otherwise. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when a thread has started its workers (tests; the service does not wait for it). */
  ready(): Promise<void>;
}

export interface HostOptions {
  /** The thread's module (default: background-thread beside this code, .js in the bundle, .ts under tsx). */
  entry?: URL;
  log: Logger;
  /** First restart pause; doubled after each failure that came within a minute of its start (default 1 s, at most 30 s). */
  restartMs?: number;
}

const MAX_RESTART_MS = 30_000;

/** The parent's node flags without its `--import`s of tsx and of TypeScript files, which come back as file URLs. */
export function splitTsImports(argv: readonly string[]): { execArgv: string[]; preloads: string[] } {
  const execArgv: string[] = [];
  const preloads: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = a === '--import' ? argv[i + 1] : a.startsWith('--import=') ? a.slice('--import='.length) : undefined;
    if (value === undefined) {
      execArgv.push(a);
      continue;
    }
    if (a === '--import') i++;
    if (value === 'tsx' || value.startsWith('tsx/')) continue;
    if (/\.[cm]?ts$/.test(value)) preloads.push(value.startsWith('file:') ? value : pathToFileURL(path.resolve(value)).href);
    else execArgv.push('--import', value);
  }
  return { execArgv, preloads };
}

/** The bundle puts every chunk in dist/, beside dist/background-thread.js; from the sources it is src/background-thread.ts. */
function defaultEntry(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../background-thread.ts', here) : new URL('./background-thread.js', here);
}

export function startBackgroundThread(data: BackgroundThreadData, o: HostOptions): BackgroundHandle {
  const entry = o.entry ?? defaultEntry();
  // From the TypeScript sources (tsx, tests) a thread does not inherit tsx's loader and cannot load a .ts entry or a
  // `--import x.ts` of the parent's (Node 20 loads those before any loader is registered): a one-line loader registers
  // tsx, then imports the parent's TypeScript preloads (e.g. the bench's query counter) and the entry.
  const open = (): Worker => {
    const { execArgv, preloads } = splitTsImports(process.execArgv);
    if (!entry.pathname.endsWith('.ts') && preloads.length === 0) return new Worker(entry, { workerData: data });
    const steps = [...preloads, entry.href].map((u) => `.then(() => import(${JSON.stringify(u)}))`).join('');
    return new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => t.register())${steps};`, { eval: true, execArgv, workerData: data });
  };
  let worker: Worker | undefined;
  let stopping = false;
  let pause = o.restartMs ?? 1000;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let kickQueued = false;
  let readyWaiters: (() => void)[] = [];
  let isReady = false;

  const spawn = () => {
    const startedAt = Date.now();
    const w = open();
    worker = w;
    isReady = false;
    w.on('message', (m: unknown) => {
      if (m === 'ready') {
        isReady = true;
        o.log.info('workers started on their own thread', { threadId: w.threadId });
        for (const r of readyWaiters) r();
        readyWaiters = [];
      }
    });
    w.on('error', (e) => o.log.error('the workers thread failed', { error: e }));
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      if (stopping) return;
      // A thread that ran a while before failing starts again at the first pause; repeated quick failures back off.
      pause = Date.now() - startedAt > 60_000 ? (o.restartMs ?? 1000) : pause;
      o.log.error('the workers thread stopped; starting it again', { code, inMs: pause });
      restartTimer = setTimeout(spawn, pause);
      pause = Math.min(pause * 2, MAX_RESTART_MS);
    });
  };
  spawn();

  return {
    kick() {
      if (kickQueued) return;
      kickQueued = true;
      setImmediate(() => {
        kickQueued = false;
        if (isReady) worker?.postMessage('kick');
      });
    },
    ready() {
      return isReady ? Promise.resolve() : new Promise((resolve) => readyWaiters.push(resolve));
    },
    async stop(graceMs = 15_000) {
      stopping = true;
      clearTimeout(restartTimer);
      const w = worker;
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      const stopped = new Promise<void>((resolve) => w.on('message', (m: unknown) => m === 'stopped' && resolve()));
      w.postMessage('stop');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
      if ((await Promise.race([stopped, exited, late])) === 'late') o.log.warn('the workers thread did not stop in time; ending it', { graceMs });
      clearTimeout(timer);
      await w.terminate();
      await exited;
    },
  };
}
