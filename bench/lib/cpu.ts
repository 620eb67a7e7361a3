// Where the machine's CPU went during a phase (Linux /proc): the service processes, the load generator (this process,
// or pgbench's client), PostgreSQL's processes, everything else, and idle. /proc is sampled every 200 ms so that
// short-lived processes (pgbench's backends, autovacuum workers) are attributed too. All zeros where /proc is missing.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export interface CpuBreakdown {
  cores: number;
  seconds: number;
  /** Average cores used, per consumer. */
  service: number;
  /** This process (the HTTP load generator), or pgbench's client during the baseline. */
  loadGenerator: number;
  postgres: number;
  /** Busy time not attributed above: kernel (softirq of loopback TCP), other processes, processes that lived < 200 ms. */
  other: number;
  idle: number;
  /** Machine busy share, 0…1. */
  utilisation: number;
}

function machine(): { busy: number; idle: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0); // idle + iowait
    return { busy: f.slice(0, 8).reduce((a, b) => a + b, 0) - idle, idle };
  } catch {
    return { busy: 0, idle: 0 };
  }
}

function processes(): Map<number, { comm: string; jiffies: number }> {
  const out = new Map<number, { comm: string; jiffies: number }>();
  let dirs: string[] = [];
  try {
    dirs = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const d of dirs) {
    if (d.charCodeAt(0) < 48 || d.charCodeAt(0) > 57) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = s.lastIndexOf(')');
      const f = s.slice(close + 2).split(' ');
      // after comm: state(0) ppid(1) … utime(11) stime(12)
      out.set(Number(d), { comm: s.slice(s.indexOf('(') + 1, close), jiffies: Number(f[11]) + Number(f[12]) });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

export interface CpuMeter {
  /** Stops sampling and returns the breakdown since `startCpuMeter`. */
  stop(servicePids: number[]): CpuBreakdown;
}

export function startCpuMeter(intervalMs = 200): CpuMeter {
  const startedAt = performance.now();
  const m0 = machine();
  const first = processes();
  /** pid → { comm, jiffies at start (0 for processes born later), last seen jiffies } */
  const seen = new Map<number, { comm: string; base: number; last: number }>();
  for (const [pid, p] of first) seen.set(pid, { comm: p.comm, base: p.jiffies, last: p.jiffies });
  const sample = () => {
    for (const [pid, p] of processes()) {
      const s = seen.get(pid);
      if (s && s.comm === p.comm) s.last = p.jiffies;
      else seen.set(pid, { comm: p.comm, base: 0, last: p.jiffies });
    }
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop(servicePids) {
      clearInterval(timer);
      sample();
      const m1 = machine();
      const seconds = Math.max(0.001, (performance.now() - startedAt) / 1000);
      let service = 0;
      let loadGenerator = 0;
      let postgres = 0;
      for (const [pid, s] of seen) {
        const d = s.last - s.base;
        if (servicePids.includes(pid)) service += d;
        else if (pid === process.pid || s.comm === 'pgbench') loadGenerator += d;
        else if (s.comm.startsWith('postgres')) postgres += d;
      }
      const busy = m1.busy - m0.busy;
      const idle = m1.idle - m0.idle;
      const cores = (j: number) => (j * TICK_MS) / 1000 / seconds;
      return {
        cores: os.cpus().length,
        seconds,
        service: cores(service),
        loadGenerator: cores(loadGenerator),
        postgres: cores(postgres),
        other: Math.max(0, cores(busy - service - loadGenerator - postgres)),
        idle: cores(idle),
        utilisation: busy / Math.max(1, busy + idle),
      };
    },
  };
}
