// Wall-clock arithmetic in an IANA time zone with Intl only: the local HH:MM now, calendar days, and the instant a
// local day starts (daylight-saving zones included: the offset is read at the instant, not assumed).
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function partsIn(at: Date, timeZone: string): Record<string, number> {
  let f = clockFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    if (clockFormats.size >= 1000) clockFormats.clear();
    clockFormats.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The local time at `at` in `timeZone`, as HH:MM (24-hour). */
export function localClock(at: Date, timeZone: string): string {
  const p = partsIn(at, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** `day` (YYYY-MM-DD) moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Minutes `timeZone` is ahead of UTC at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const p = partsIn(at, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant `day` begins in `timeZone` (00:00 local; where midnight is skipped by a DST change, the first instant after). */
export function zonedMidnight(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let at = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  // The offset at the answer may differ from the one at the guess (a change between them): settle on the answer's.
  at = guess - offsetMinutes(new Date(at), timeZone) * 60_000;
  return new Date(at);
}
