// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by origin (package, our code, GC…).
// Also usable alone: `npx tsx bench/lib/cpuprofile.ts bench/results/profile/<file>.cpuprofile`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Share of wall time the process was busy (not idle). */
  busyShare: number;
  byOrigin: { origin: string; ms: number; share: number }[];
  /**
   * Self time charged to the nearest calling package or folder of ours (so `writev` under pg counts as pg, JSON.parse
   * under hono as hono): answers "which component caused this CPU time".
   */
  byComponent: { component: string; ms: number; share: number }[];
  topFunctions: { fn: string; origin: string; ms: number; share: number }[];
}

/** Where a frame comes from: an npm package, one of our top-level folders, node internals or a V8 pseudo-frame. */
export function originOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return 'node:internals';
  const ours = /\/(src|db|domain|bench|cards|bots)\//.exec(url);
  if (ours) return `ours:${ours[1]}`;
  return url.replace(/^file:\/\//, '').slice(-40);
}

export function summariseProfile(file: string, top = 25): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const componentCache = new Map<number, string>();
  const componentOf = (id: number): string => {
    const hit = componentCache.get(id);
    if (hit) return hit;
    const n = byId.get(id)!;
    const o = originOf(n.callFrame.url, n.callFrame.functionName);
    const own = o.startsWith('(') && o !== '(native)' ? o : o.startsWith('ours:') || !/^(node:internals|\(native\))$/.test(o) ? o : undefined;
    const up = parent.get(id);
    const c = own ?? (up === undefined ? o : componentOf(up));
    componentCache.set(id, c);
    return c;
  };
  const components = new Map<string, number>();
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const totalUs = p.endTime - p.startTime;
  const origins = new Map<string, number>();
  const fns = new Map<string, { origin: string; us: number }>();
  let idle = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const fn = functionName || '(anonymous)';
    if (fn === '(idle)') idle += us;
    const origin = originOf(url, fn);
    origins.set(origin, (origins.get(origin) ?? 0) + us);
    const component = componentOf(id);
    components.set(component, (components.get(component) ?? 0) + us);
    const key = `${fn} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/main\//, '')}:${lineNumber + 1}` : ''}`.trim();
    const f = fns.get(key) ?? { origin, us: 0 };
    f.us += us;
    fns.set(key, f);
  }
  const busyUs = Math.max(1, totalUs - idle);
  return {
    file,
    totalMs: totalUs / 1000,
    busyShare: busyUs / totalUs,
    byOrigin: [...origins.entries()]
      .filter(([o]) => o !== '(idle)')
      .map(([origin, us]) => ({ origin, ms: us / 1000, share: us / busyUs }))
      .sort((a, b) => b.ms - a.ms),
    byComponent: [...components.entries()]
      .filter(([c]) => c !== '(idle)')
      .map(([component, us]) => ({ component, ms: us / 1000, share: us / busyUs }))
      .sort((a, b) => b.ms - a.ms),
    topFunctions: [...fns.entries()]
      .filter(([k]) => !k.startsWith('(idle)'))
      .map(([fn, v]) => ({ fn, origin: v.origin, ms: v.us / 1000, share: v.us / busyUs }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
  };
}

export function formatProfile(s: ProfileSummary, origins = 15): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;
  const lines = [`${s.file}: ${(s.totalMs / 1000).toFixed(1)} s, busy ${pct(s.busyShare)} of wall time`, '  self time by origin (share of busy time):'];
  for (const o of s.byOrigin.slice(0, origins)) lines.push(`    ${pct(o.share)}  ${o.ms.toFixed(0).padStart(7)} ms  ${o.origin}`);
  lines.push('  self time charged to the calling component (package or our folder):');
  for (const c of s.byComponent.slice(0, origins)) lines.push(`    ${pct(c.share)}  ${c.ms.toFixed(0).padStart(7)} ms  ${c.component}`);
  lines.push('  top functions by self time:');
  for (const f of s.topFunctions) lines.push(`    ${pct(f.share)}  ${f.ms.toFixed(0).padStart(7)} ms  ${f.fn}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of process.argv.slice(2)) process.stdout.write(`${formatProfile(summariseProfile(f, 40), 30)}\n`);
}
