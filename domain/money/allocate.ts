// Splits an amount into parts by weight with exact integer arithmetic, so no minor unit is ever lost or invented.
import { domainError, err, ok, type DomainError, type Result } from '../shared/index.js';
import { negate, type Money } from './money.js';

function invalid(message: string, details: Record<string, unknown>): DomainError {
  return domainError('MONEY.INVALID_AMOUNT', message, details);
}

/**
 * A finite non-negative number as an exact decimal `digits × 10^-scale`, read from its shortest string
 * form (so 33.33 is 3333 × 10^-2, not the binary double). Undefined for NaN, ±Infinity and negatives.
 */
function decimalOf(w: number): { readonly digits: bigint; readonly scale: number } | undefined {
  if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) return undefined;
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(w));
  if (!m) return undefined;
  const frac = m[2] ?? '';
  const scale = frac.length - Number(m[3] ?? '0');
  const digits = BigInt(`${m[1] ?? '0'}${frac}`);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

/** Splits a non-negative bigint total by non-negative bigint weights (sum > 0) with the largest-remainder method. */
function split(total: bigint, weights: readonly bigint[]): bigint[] {
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  const floors = weights.map((w) => (total * w) / weightSum);
  const remainders = weights.map((w, i) => ({ i, r: (total * w) % weightSum }));
  let leftover = total - floors.reduce((a, b) => a + b, 0n); // always < weights.length
  // Largest remainder first; ties go to the lower index. Only parts with a non-zero remainder can be chosen.
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (leftover === 0n) break;
    floors[i] = (floors[i] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return floors;
}

function toParts(total: Money, magnitudes: readonly bigint[]): Money[] {
  const parts = magnitudes.map((p) => ({ minor: Number(p), currency: total.currency }));
  return total.minor < 0 ? parts.map(negate) : parts;
}

/**
 * Splits `total` into one part per weight, proportionally to the weights (integers, decimals such as
 * percentages 33.33/33.33/33.34, or amounts). Exact: the parts always sum to `total`, and each part is
 * within 1 minor unit of its exact share (floor of the share plus one for the largest remainders, ties
 * to the lower index). A negative total is split by magnitude and every part negated.
 * MONEY.INVALID_AMOUNT when weights are empty, all zero, negative, NaN or infinite.
 */
export function allocate(total: Money, weights: readonly number[]): Result<Money[]> {
  if (weights.length === 0) return err(invalid('Allocation needs at least one weight', { weights: [] }));
  const decimals: { digits: bigint; scale: number }[] = [];
  for (const [index, w] of weights.entries()) {
    const d = decimalOf(w);
    if (d === undefined) {
      return err(invalid(`Weight ${index} must be a finite non-negative number, got ${String(w)}`, { index, weight: w }));
    }
    decimals.push(d);
  }
  const scale = decimals.reduce((max, d) => Math.max(max, d.scale), 0);
  const scaled = decimals.map((d) => d.digits * 10n ** BigInt(scale - d.scale));
  if (scaled.every((w) => w === 0n)) return err(invalid('Allocation weights must not all be zero', { weights: [...weights] }));
  const magnitude = BigInt(Math.abs(total.minor));
  return ok(toParts(total, split(magnitude, scaled)));
}

/**
 * Splits `total` into `n` parts that differ by at most one minor unit; the first parts get the extra units.
 * MONEY.INVALID_AMOUNT unless `n` is a positive safe integer.
 */
export function allocateEvenly(total: Money, n: number): Result<Money[]> {
  if (!Number.isSafeInteger(n) || n < 1) {
    return err(invalid(`Cannot split into ${String(n)} parts; expected a positive whole number`, { parts: n }));
  }
  const magnitude = BigInt(Math.abs(total.minor));
  const count = BigInt(n);
  const base = magnitude / count;
  const extra = Number(magnitude % count);
  return ok(toParts(total, Array.from({ length: n }, (_, i) => (i < extra ? base + 1n : base))));
}
