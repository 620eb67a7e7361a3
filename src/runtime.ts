// Real implementations of the domain's Clock and IdGenerator ports.
import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from '../domain/shared/index.js';

export const systemClock: Clock = { now: () => new Date() };

/** Time-ordered ids: prefix, 10 chars of millisecond time, 12 random chars (base36), e.g. `apr_0mhx3k2z8a9f4c1b2d3e`. */
export const randomIds: IdGenerator = {
  next(prefix: string) {
    const time = Date.now().toString(36).padStart(10, '0');
    const rand = BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36).padStart(12, '0').slice(0, 12);
    return `${prefix}_${time}${rand}`;
  },
};
