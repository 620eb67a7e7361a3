// flight_cabin and train_seat: the class a traveller may book — the default, unless their grade or the journey's
// length earns an upgrade.
import { z } from 'zod';
import type { Cabin, SeatClass } from '../../travel/supplier.port.js';
import { defineRule } from '../define-rule.js';
import type { Finding } from '../policy.types.js';
import type { TravelContext } from './travel.types.js';

export const CABINS = ['economy', 'premium_economy', 'business', 'first'] as const;
export const SEATS = ['second', 'hard_sleeper', 'first', 'soft_sleeper', 'business'] as const;
const CABIN_RANK: Readonly<Record<Cabin, number>> = { economy: 0, premium_economy: 1, business: 2, first: 3 };
/** A hard sleeper ranks with second class, a soft sleeper with first class. */
const SEAT_RANK: Readonly<Record<SeatClass, number>> = { second: 0, hard_sleeper: 0, first: 1, soft_sleeper: 1, business: 2 };

export const CABIN_LABEL: Readonly<Record<Cabin, { zh: string; en: string }>> = {
  economy: { zh: '经济舱', en: 'economy' },
  premium_economy: { zh: '超级经济舱', en: 'premium economy' },
  business: { zh: '公务舱', en: 'business' },
  first: { zh: '头等舱', en: 'first' },
};
export const SEAT_LABEL: Readonly<Record<SeatClass, { zh: string; en: string }>> = {
  second: { zh: '二等座', en: 'second class' },
  hard_sleeper: { zh: '硬卧', en: 'hard sleeper' },
  first: { zh: '一等座', en: 'first class' },
  soft_sleeper: { zh: '软卧', en: 'soft sleeper' },
  business: { zh: '商务座', en: 'business class' },
};

const upgrade = <T extends z.ZodType>(cls: T) => z.strictObject({ minGrade: z.int().min(0).optional(), minHours: z.number().min(0).optional(), class: cls });
export const flightCabinParams = z.strictObject({ defaultCabin: z.enum(CABINS), upgrades: z.array(upgrade(z.enum(CABINS))).default([]) });
export const trainSeatParams = z.strictObject({ defaultSeat: z.enum(SEATS), upgrades: z.array(upgrade(z.enum(SEATS))).default([]) });

/** The best class allowed: the default, or any upgrade whose conditions (all given ones) hold. */
function best<C extends string>(def: C, upgrades: readonly { minGrade?: number | undefined; minHours?: number | undefined; class: C }[], rank: Readonly<Record<C, number>>, grade: number, hours: number): C {
  let out = def;
  for (const u of upgrades) {
    const gradeOk = u.minGrade === undefined || grade >= u.minGrade;
    const hoursOk = u.minHours === undefined || hours > u.minHours;
    if (gradeOk && hoursOk && rank[u.class] > rank[out]) out = u.class;
  }
  return out;
}

export const allowedCabinBy = (p: z.output<typeof flightCabinParams>, grade: number, hours: number): Cabin => best(p.defaultCabin, p.upgrades, CABIN_RANK, grade, hours);
export const allowedSeatBy = (p: z.output<typeof trainSeatParams>, grade: number, hours: number): SeatClass => best(p.defaultSeat, p.upgrades, SEAT_RANK, grade, hours);

/** POLICY.CABIN_ABOVE_ENTITLEMENT for each flight booked above the best cabin the traveller may take on it. */
export const flightCabin = defineRule(flightCabinParams, (p, ctx: TravelContext): Finding[] =>
  ctx.segments.flatMap((s) => {
    if (s.kind !== 'flight' || !s.cabin) return [];
    const hours = (s.durationMinutes ?? 0) / 60;
    const allowed = allowedCabinBy(p, ctx.employeeGrade, hours);
    if (CABIN_RANK[s.cabin] <= CABIN_RANK[allowed]) return [];
    return [
      {
        code: 'POLICY.CABIN_ABOVE_ENTITLEMENT',
        message: {
          zh: `${s.origin}→${s.destination} 航班订了${CABIN_LABEL[s.cabin].zh}，职级 ${ctx.employeeGrade} 该航程标准为${CABIN_LABEL[allowed].zh}`,
          en: `The ${s.origin}→${s.destination} flight is booked in ${CABIN_LABEL[s.cabin].en}; grade ${ctx.employeeGrade} may fly ${CABIN_LABEL[allowed].en} on it`,
        },
        details: { origin: s.origin, destination: s.destination, date: s.date, cabin: s.cabin, allowed, grade: ctx.employeeGrade, flightHours: hours },
      },
    ];
  }),
);

/** POLICY.SEAT_ABOVE_ENTITLEMENT for each train booked above the traveller's seat class. */
export const trainSeat = defineRule(trainSeatParams, (p, ctx: TravelContext): Finding[] =>
  ctx.segments.flatMap((s) => {
    if (s.kind !== 'train' || !s.seatClass) return [];
    const hours = (s.durationMinutes ?? 0) / 60;
    const allowed = allowedSeatBy(p, ctx.employeeGrade, hours);
    if (SEAT_RANK[s.seatClass] <= SEAT_RANK[allowed]) return [];
    return [
      {
        code: 'POLICY.SEAT_ABOVE_ENTITLEMENT',
        message: {
          zh: `${s.origin}→${s.destination} 火车订了${SEAT_LABEL[s.seatClass].zh}，职级 ${ctx.employeeGrade} 标准为${SEAT_LABEL[allowed].zh}`,
          en: `The ${s.origin}→${s.destination} train is booked in ${SEAT_LABEL[s.seatClass].en}; grade ${ctx.employeeGrade} may take ${SEAT_LABEL[allowed].en}`,
        },
        details: { origin: s.origin, destination: s.destination, date: s.date, seatClass: s.seatClass, allowed, grade: ctx.employeeGrade, trainHours: hours },
      },
    ];
  }),
);
