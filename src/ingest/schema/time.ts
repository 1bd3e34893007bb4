import { zoneOffsetMs } from '../../core/periods/time-zone.js';

/** Wall-clock parts of a local time (month 1-12). */
export interface LocalParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

const offsetCache = new Map<string, number>();

/** Offset (ms, local minus UTC) of a time zone at a UTC instant; cached per zone and hour for row-level parsing. */
export function zoneOffset(utcMs: number, timeZone: string): number {
  const hour = Math.floor(utcMs / 3_600_000);
  const key = `${timeZone}|${hour}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const offset = zoneOffsetMs(hour * 3_600_000, timeZone);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** The UTC instant of a wall-clock time in a time zone. */
export function localToUtc(p: LocalParts, timeZone: string): Date {
  const guess = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms);
  let utc = guess - zoneOffset(guess, timeZone);
  const second = zoneOffset(utc, timeZone);
  utc = guess - second;
  return new Date(utc);
}

/** The local calendar day (YYYY-MM-DD) of a UTC instant in a time zone. */
export function localDay(instant: Date, timeZone: string): string {
  const local = new Date(instant.getTime() + zoneOffset(instant.getTime(), timeZone));
  return local.toISOString().slice(0, 10);
}

/** Whether y-mo-d h:mi:s is a real calendar time. */
export function validParts(p: LocalParts): boolean {
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.h > 23 || p.mi > 59 || p.s > 60) return false;
  const days = new Date(Date.UTC(p.y, p.mo, 0)).getUTCDate();
  return p.d <= days && p.y >= 1900 && p.y <= 2200;
}

/** Formats a UTC instant the way DuckDB casts text to TIMESTAMP. */
export function sqlTimestamp(instant: Date): string {
  return instant.toISOString().replace('T', ' ').replace('Z', '');
}
