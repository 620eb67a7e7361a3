// One process at a time on the embedded database: PGlite is a single-process engine, and a second process opening the
// same DATA_DIR corrupts it. The service and every CLI that opens the embedded database take this lock file first; a
// CLI that finds the service holding it sends its command through the service's control socket instead.
import { closeSync, openSync, readFileSync, rmSync, writeSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../domain/shared/index.js';

export const LOCK_FILE = 'spendbot.lock';

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

export interface LockHolder {
  pid: number;
  role: string;
  startedAt: string;
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof h.pid === 'number' ? { pid: h.pid, role: String(h.role ?? 'unknown'), startedAt: String(h.startedAt ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

/** The live process holding the lock of `dataDir`, if any (a lock left by a process that has gone is no holder). */
export function liveLockHolder(dataDir: string): LockHolder | undefined {
  const holder = readHolder(path.join(dataDir, LOCK_FILE));
  return holder && alive(holder.pid) ? holder : undefined;
}

/**
 * Takes `DATA_DIR/spendbot.lock` for `role` ("server", "org", …). Refused with a sentence naming the holder while a
 * live process holds it; a lock left by a process that died is taken over. The file is created with O_EXCL, so two
 * processes starting at once cannot both get it. `release()` removes it (also on process exit).
 */
export function acquireDataDirLock(dataDir: string, role: string): Result<DataDirLock, string> {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, role, startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
      };
      process.once('exit', release);
      return ok({ file, release });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && alive(holder.pid))
        return err(
          `the embedded database in ${dataDir} is in use by ${holder.role === 'server' ? 'the running service' : `\`${holder.role}\``} (pid ${holder.pid}, since ${holder.startedAt}). ` +
            'PGlite allows one process at a time: stop it first' +
            (holder.role === 'server' ? ' (npm run org, api-key and audit:verify run through the service while it runs)' : '') +
            `. If no such process is running, delete ${file}.`,
        );
      // A stale lock (its process is gone, or the file is unreadable): take it over.
      rmSync(file, { force: true });
    }
  }
  return err(`could not take the lock ${file}; another process keeps creating it`);
}
