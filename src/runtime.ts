// Real implementations of the domain's Clock and IdGenerator ports.
import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from '../domain/shared/index.js';

export const systemClock: Clock = { now: () => new Date() };

let lastMs = 0;
let seq = 0;

/**
 * Random bytes drawn 4 KiB at a time and handed out 8 at a time: one randomBytes call per id (plus its hex string and
 * BigInt parse) showed in the approval path's profile. The same 64 random bits per id as before.
 */
const POOL_SIZE = 4096;
// Drawn on first use, not at import: Cloudflare Workers refuse random values in global scope.
let pool = Buffer.alloc(0);
let poolAt = POOL_SIZE;
function random64(): bigint {
  if (poolAt + 8 > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolAt = 0;
  }
  const v = pool.readBigUInt64BE(poolAt);
  poolAt += 8;
  return v;
}

/**
 * Time-ordered ids: prefix, 10 chars of millisecond time, 3 chars of a per-millisecond sequence, 9 random chars
 * (base36), e.g. `apr_0mhx3k2z8a0009f4c1b2d3e`. Ids made by one process sort in creation order even within a
 * millisecond, which keeps ledger entries written in one transaction in the order they were applied.
 */
export const randomIds: IdGenerator = {
  next(prefix: string) {
    const ms = Date.now();
    if (ms > lastMs) {
      lastMs = ms;
      seq = 0;
    } else seq = (seq + 1) % 46_656; // 36^3
    const time = lastMs.toString(36).padStart(10, '0');
    const rand = random64().toString(36).padStart(12, '0').slice(0, 9);
    return `${prefix}_${time}${seq.toString(36).padStart(3, '0')}${rand}`;
  },
};
