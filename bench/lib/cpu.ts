// Where the machine's CPU went during a phase (Linux /proc): the service processes, the load generator (this process),
// PostgreSQL's processes, everything else, and idle. Returns nothing useful elsewhere (all zeros).
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export interface CpuSnapshot {
  at: number;
  /** Machine-wide jiffies. */
  busy: number;
  idle: number;
  /** pid → utime+stime jiffies (whole process, all threads). */
  procs: Map<number, { comm: string; jiffies: number }>;
}

function procStat(pid: number | string): { comm: string; jiffies: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = s.lastIndexOf(')');
    const comm = s.slice(s.indexOf('(') + 1, close);
    const f = s.slice(close + 2).split(' ');
    // fields after comm: state(0) ppid(1) … utime(11) stime(12)
    return { comm, jiffies: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

export function cpuSnapshot(): CpuSnapshot {
  const procs = new Map<number, { comm: string; jiffies: number }>();
  let busy = 0;
  let idle = 0;
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    idle = (line[3] ?? 0) + (line[4] ?? 0);
    busy = line.slice(0, 8).reduce((a, b) => a + b, 0) - idle;
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      const p = procStat(d);
      if (p) procs.set(Number(d), p);
    }
  } catch {
    /* not Linux */
  }
  return { at: Date.now(), busy, idle, procs };
}

export interface CpuBreakdown {
  cores: number;
  seconds: number;
  /** Average cores used, per consumer. */
  service: number;
  /** This process (the HTTP load generator), or pgbench's client during the baseline. */
  loadGenerator: number;
  postgres: number;
  other: number;
  idle: number;
  /** Machine busy share, 0…1. */
  utilisation: number;
}

/** CPU between two snapshots, in cores; `servicePids` are the service processes. */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot, servicePids: number[]): CpuBreakdown {
  const seconds = Math.max(0.001, (b.at - a.at) / 1000);
  const cores = os.cpus().length;
  const delta = (pid: number) => {
    const x = b.procs.get(pid);
    if (!x) return 0;
    return x.jiffies - (a.procs.get(pid)?.jiffies ?? 0);
  };
  let service = 0;
  let postgres = 0;
  let loadGenerator = 0;
  for (const [pid, p] of b.procs) {
    const d = delta(pid);
    if (servicePids.includes(pid)) service += d;
    else if (pid === process.pid || p.comm === 'pgbench') loadGenerator += d;
    else if (p.comm === 'postgres' || p.comm.startsWith('postgres')) postgres += d;
  }
  const busy = b.busy - a.busy;
  const idle = b.idle - a.idle;
  const toCores = (j: number) => (j * TICK_MS) / 1000 / seconds;
  return {
    cores,
    seconds,
    service: toCores(service),
    loadGenerator: toCores(loadGenerator),
    postgres: toCores(postgres),
    // Busy time not attributed to the three above (other processes, kernel threads, interrupts, exited processes).
    other: Math.max(0, toCores(busy - service - loadGenerator - postgres)),
    idle: toCores(idle),
    utilisation: busy / Math.max(1, busy + idle),
  };
}
