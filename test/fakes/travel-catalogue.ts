// The fake travel supplier's catalogue: flights, trains and hotels for any query, deterministic, with times, durations
// and fares that follow from the distance between the cities (as a person reading a demo card would expect), not
// from a table of answers.
import { createHash } from 'node:crypto';
import type { Offer } from '../../domain/travel/index.js';

const EN: Readonly<Record<string, string>> = { beijing: '北京', shanghai: '上海', guangzhou: '广州', shenzhen: '深圳', chengdu: '成都', hangzhou: '杭州', wuhan: '武汉', xian: '西安', nanjing: '南京', chongqing: '重庆' };
/** City centres (latitude, longitude), the only data the rule needs; other cities get a stable made-up distance. */
const PLACES: Readonly<Record<string, readonly [number, number]>> = {
  北京: [39.9, 116.41], 上海: [31.23, 121.47], 广州: [23.13, 113.26], 深圳: [22.54, 114.06], 成都: [30.57, 104.07],
  杭州: [30.27, 120.16], 武汉: [30.59, 114.31], 西安: [34.34, 108.94], 南京: [32.06, 118.8], 重庆: [29.56, 106.55],
};
const TIER1 = new Set(['北京', '上海', '广州', '深圳']);

/** High-speed lines wind: track length is about a quarter longer than the straight line. */
const RAIL_DETOUR = 1.25;
/** Average speed including stops: a through train (~300 km/h) or one that stops often (~230 km/h). */
const TRAIN_KMH = [300, 230] as const;
/** Cruise speed of a narrow-body jet, plus taxi, climb and descent. */
const FLIGHT_KMH = 800;
const FLIGHT_OVERHEAD_MIN = 45;
/** Trains leave 06:30–19:30 and arrive by 23:30; flights leave 07:00–21:30 and land by 23:55 (local times). */
const TRAIN_WINDOW = { first: 6 * 60 + 30, last: 19 * 60 + 30, arriveBy: 23 * 60 + 30 } as const;
const FLIGHT_WINDOW = { first: 7 * 60, last: 21 * 60 + 30, arriveBy: 23 * 60 + 55 } as const;
/** Fares per kilometre (CNY), roughly the published second-class and economy rates. */
const SECOND_CLASS_PER_KM = 0.42;
const ECONOMY_PER_KM = 0.75;

export const canon = (c: string): string => EN[c.trim().toLowerCase()] ?? c.trim().replace(/市$/, '');
/** A stable number in [0, 1) from a string. */
const h = (s: string) => createHash('sha256').update(s).digest().readUInt32BE(0) / 2 ** 32;
const pad = (n: number) => String(n).padStart(2, '0');
const at = (date: string, minutes: number) => {
  const d = new Date(Date.parse(`${date}T00:00:00Z`) + minutes * 60_000);
  return `${d.toISOString().slice(0, 10)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};
const yuan = (n: number) => Math.round(n) * 100;

/** Great-circle distance in km between two known cities; 300–1,500 km, stable per pair, when one is unknown. */
export function distanceKm(a: string, b: string): number {
  const p = PLACES[a];
  const q = PLACES[b];
  if (!p || !q) return 300 + Math.round(h([a, b].sort().join('-')) * 1200);
  const rad = (d: number) => (d * Math.PI) / 180;
  const s = Math.sin(rad(q[0] - p[0]) / 2) ** 2 + Math.cos(rad(p[0])) * Math.cos(rad(q[0])) * Math.sin(rad(q[1] - p[1]) / 2) ** 2;
  return Math.max(50, Math.round(2 * 6371 * Math.asin(Math.sqrt(s))));
}

/**
 * Four departures in time order, spread over the day's window so that each arrives by `arriveBy`: no daytime service
 * runs past midnight. (Every pair sold is under ~2,000 km, so every journey fits in one day.)
 */
function departures(key: string, minutes: readonly number[], w: { first: number; last: number; arriveBy: number }): number[] {
  const last = Math.max(w.first, Math.min(w.last, w.arriveBy - Math.max(...minutes)));
  const slot = (last - w.first) / 4;
  return minutes.map((_, i) => Math.round(w.first + slot * (i + h(`${key}${i}`) * 0.8)));
}

function hotels(q: Record<string, string>): Offer[] {
  const city = canon(q.city ?? '');
  const nights = Math.max(1, Math.round((Date.parse(q.checkOut!) - Date.parse(q.checkIn!)) / 86_400_000));
  const base = TIER1.has(city) ? 450 : 300;
  return ['快捷酒店 Express Inn', '商务酒店 Business Hotel', '豪华酒店 Grand Hotel'].map((name, i) => {
    const nightly = yuan(base * [1, 1.25, 2][i]! + h(`${city}${q.checkIn}${i}`) * 80);
    return { offerId: `H|${city}|${q.checkIn}|${q.checkOut}|${i}`, kind: 'hotel', description: `${city}${name}`, city, checkIn: q.checkIn!, checkOut: q.checkOut!, nights, nightly: { minor: nightly, currency: 'CNY' }, price: { minor: nightly * nights, currency: 'CNY' } };
  });
}

/** Every offer the fake sells for a query: four departures (flights in two cabins, trains in two classes), or three hotels. */
export function catalogue(q: Record<string, string>): Offer[] {
  if (q.kind === 'hotel') return hotels(q);
  const origin = canon(q.origin ?? '');
  const destination = canon(q.destination ?? '');
  const date = q.date!;
  const route = [origin, destination].sort().join('-');
  const km = distanceKm(origin, destination);
  // Train numbers and flight numbers are stable per route, so the outbound and return legs look like one timetable.
  const number = Math.floor(h(route) * 80);
  const out: Offer[] = [];
  if (q.kind === 'flight') {
    const minutes = [0, 1, 2, 3].map((i) => Math.max(55, Math.round(FLIGHT_OVERHEAD_MIN + (km / FLIGHT_KMH) * 60 + h(`${route}${i}m`) * 15)));
    const deps = departures(`${origin}-${destination}${date}f`, minutes, FLIGHT_WINDOW);
    for (let i = 0; i < 4; i++) {
      const economy = yuan(Math.max(280, km * ECONOMY_PER_KM * (0.7 + h(`${route}${date}${i}f`) * 0.6)));
      for (const [cabin, price] of [['economy', economy], ['business', economy * 3]] as const)
        out.push({ offerId: `F|${origin}|${destination}|${date}|${i}|${cabin}`, kind: 'flight', description: `MU${5100 + number * 4 + i} ${origin} → ${destination}`, origin, destination, departAt: at(date, deps[i]!), arriveAt: at(date, deps[i]! + minutes[i]!), durationMinutes: minutes[i]!, cabin, price: { minor: price, currency: 'CNY' } });
    }
    return out;
  }
  const railKm = km * RAIL_DETOUR;
  const minutes = [0, 1, 2, 3].map((i) => Math.round(15 + (railKm / TRAIN_KMH[i % 2]!) * 60));
  const deps = departures(`${origin}-${destination}${date}t`, minutes, TRAIN_WINDOW);
  for (let i = 0; i < 4; i++) {
    const second = yuan(Math.max(30, railKm * SECOND_CLASS_PER_KM * (0.9 + h(`${route}${date}${i}t`) * 0.2)));
    for (const [seatClass, price] of [['second', second], ['first', yuan((second / 100) * 1.6)]] as const)
      out.push({ offerId: `T|${origin}|${destination}|${date}|${i}|${seatClass}`, kind: 'train', description: `G${(number + i * 20) * 2 + (origin < destination ? 1 : 2)} ${origin} → ${destination}`, origin, destination, departAt: at(date, deps[i]!), arriveAt: at(date, deps[i]! + minutes[i]!), durationMinutes: minutes[i]!, seatClass, price: { minor: price, currency: 'CNY' } });
  }
  return out;
}

/** The offer an id names (ids encode the query), or undefined. */
export function offerById(id: string): Offer | undefined {
  const p = id.split('|');
  if (p[0] === 'H') return catalogue({ kind: 'hotel', city: p[1]!, checkIn: p[2]!, checkOut: p[3]! }).find((o) => o.offerId === id);
  if (p[0] === 'F' || p[0] === 'T') return catalogue({ kind: p[0] === 'F' ? 'flight' : 'train', origin: p[1]!, destination: p[2]!, date: p[3]! }).find((o) => o.offerId === id);
  return undefined;
}
