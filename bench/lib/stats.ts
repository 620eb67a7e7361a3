// Latency percentiles over a preallocated sample array.

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles (ms) of the first `count` samples; sorts a copy. */
export function summarise(samples: Float64Array, count: number): LatencySummary {
  if (count === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const s = samples.slice(0, count).sort();
  const at = (p: number) => s[Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1))]!;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += s[i]!;
  return { count, p50: at(50), p95: at(95), p99: at(99), max: s[count - 1]!, mean: sum / count };
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const round = (x: number, digits = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);
