// The fake supplier's catalogue reads like a real timetable: daytime departures, arrivals after departures and before
// midnight, durations and fares that grow with distance, for every pair of cities on many dates.
import { describe, expect, it } from 'vitest';
import type { Offer } from '../../domain/travel/index.js';
import { catalogue, distanceKm, offerById } from './travel-catalogue.js';

const CITIES = ['北京', '上海', '广州', '深圳', '成都', '杭州', '武汉', '西安', '南京', '重庆', '乌鲁木齐'];
const DATES = ['2026-01-05', '2026-02-17', '2026-06-30', '2026-11-24', '2026-12-31'];
const PAIRS = CITIES.flatMap((a) => CITIES.filter((b) => b !== a).map((b) => [a, b] as const));

/** Minutes since the start of the query's date for a 'YYYY-MM-DDTHH:MM' local time. */
const minutesOf = (date: string, t: string) => (Date.parse(`${t}:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 60_000;
const search = (kind: 'train' | 'flight', origin: string, destination: string, date: string) => catalogue({ kind, origin, destination, date });
const cheapestClass = (offers: Offer[]) => offers.filter((o) => o.seatClass === 'second' || o.cabin === 'economy');

describe('the fake travel catalogue', () => {
  it('departs in the daytime and arrives after departing, on the same day, with the stated duration, for every route and date', () => {
    let checked = 0;
    for (const [a, b] of PAIRS)
      for (const date of DATES)
        for (const kind of ['train', 'flight'] as const) {
          const offers = search(kind, a, b, date);
          expect(offers).toHaveLength(8);
          const deps: number[] = [];
          for (const o of cheapestClass(offers)) {
            const dep = minutesOf(date, o.departAt!);
            const arr = minutesOf(date, o.arriveAt!);
            expect(dep, `${o.description} ${date} leaves at ${o.departAt}`).toBeGreaterThanOrEqual(kind === 'train' ? 6 * 60 + 30 : 7 * 60);
            expect(dep).toBeLessThanOrEqual(kind === 'train' ? 19 * 60 + 30 : 21 * 60 + 30);
            expect(arr - dep, `${o.description} ${o.departAt}→${o.arriveAt}`).toBe(o.durationMinutes);
            expect(arr, `${o.description} ${o.departAt}→${o.arriveAt} runs past midnight`).toBeLessThan(24 * 60);
            deps.push(dep);
            checked += 1;
          }
          expect(deps).toEqual([...deps].sort((x, y) => x - y));
        }
    expect(checked).toBe(PAIRS.length * DATES.length * 2 * 4);
  });

  it('runs Beijing–Shanghai high-speed trains in 4.5 to 6 hours and flights in 2 to 2.5 hours, both ways', () => {
    for (const date of DATES)
      for (const [a, b] of [['北京', '上海'], ['上海', '北京']] as const) {
        for (const t of search('train', a, b, date)) expect(t.durationMinutes! / 60).toSatisfy((hours: number) => hours >= 4.5 && hours <= 6.1);
        for (const f of search('flight', a, b, date)) expect(f.durationMinutes! / 60).toSatisfy((hours: number) => hours >= 2 && hours <= 2.5);
      }
  });

  it('takes longer and costs more the farther apart the cities are, and a flight beats the train over 800 km', () => {
    const known = PAIRS.filter(([a, b]) => a !== '乌鲁木齐' && b !== '乌鲁木齐');
    const byDistance = [...known].sort((x, y) => distanceKm(...x) - distanceKm(...y));
    const fastest = (kind: 'train' | 'flight', [a, b]: readonly [string, string]) => Math.min(...search(kind, a, b, '2026-11-24').map((o) => o.durationMinutes!));
    const cheapest = (kind: 'train' | 'flight', [a, b]: readonly [string, string]) => Math.min(...search(kind, a, b, '2026-11-24').map((o) => o.price.minor));
    const near = byDistance[0]!;
    const far = byDistance.at(-1)!;
    expect(distanceKm(...near)).toBeLessThan(200); // 上海–杭州
    expect(distanceKm(...far)).toBeGreaterThan(1500);
    for (const kind of ['train', 'flight'] as const) {
      expect(fastest(kind, far)).toBeGreaterThan(fastest(kind, near));
      expect(cheapest(kind, far)).toBeGreaterThan(cheapest(kind, near));
    }
    for (const pair of known) if (distanceKm(...pair) > 800) expect(fastest('flight', pair), pair.join('→')).toBeLessThan(fastest('train', pair));
    // Beijing–Shanghai is about 1,070 km as the crow flies.
    expect(distanceKm('北京', '上海')).toBeGreaterThan(1000);
    expect(distanceKm('北京', '上海')).toBeLessThan(1100);
  });

  it('prices first class and business as a multiple of the cheapest seat, in whole yuan', () => {
    for (const [a, b] of PAIRS.slice(0, 20)) {
      const trains = search('train', a, b, '2026-11-24');
      const flights = search('flight', a, b, '2026-11-24');
      for (let i = 0; i < 8; i += 2) {
        expect(Math.abs(trains[i + 1]!.price.minor - trains[i]!.price.minor * 1.6)).toBeLessThanOrEqual(50);
        expect(flights[i + 1]!.price.minor).toBe(flights[i]!.price.minor * 3);
      }
      for (const o of [...trains, ...flights]) expect(o.price.minor % 100).toBe(0);
    }
  });

  it('answers the same query with the same offers, and finds each offer again by its id', () => {
    const offers = [...search('train', 'Beijing', '上海', '2026-11-24'), ...search('flight', '北京市', 'shanghai', '2026-11-24'), ...catalogue({ kind: 'hotel', city: '上海', checkIn: '2026-11-24', checkOut: '2026-11-26' })];
    expect(search('train', '北京', '上海', '2026-11-24')).toEqual(offers.slice(0, 8));
    for (const o of offers) expect(offerById(o.offerId)).toEqual(o);
    expect(offerById('T|北京|上海|2026-11-24|9|second')).toBeUndefined();
  });
});
