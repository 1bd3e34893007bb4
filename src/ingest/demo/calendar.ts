/**
 * The demo's calendar: the 12 full months before "today" plus the current month to date, with the
 * seasonality of a Chinese company (weekends, 618, 双11, 春节). Times are China wall-clock seconds
 * ("local seconds": epoch seconds of the local time read as if it were UTC) written with a +08:00 offset.
 */

/** The offset written on every demo timestamp (China has no daylight saving time). */
export const DEMO_UTC_OFFSET = '+08:00';

const DAY_MS = 86_400_000;
const PAD2: string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/** 'YYYY-MM-DD' → days since 1970-01-01; throws on an invalid date. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: "${date}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (dayString(ms / DAY_MS) !== date) throw new RangeError(`not a valid calendar date: "${date}"`);
  return ms / DAY_MS;
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Today's date (YYYY-MM-DD) in an IANA time zone; `now` is passed in so callers stay deterministic. */
export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Chinese New Year's Day (正月初一) per Gregorian year; the 春节 dip centres on it. */
const SPRING_FESTIVAL: Record<number, string> = {
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
};

/** One day of the demo range. */
export interface DemoDay {
  day: number;
  date: string;
  year: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** Relative traffic volume (1 = an ordinary weekday early in the range). */
  weight: number;
  /** Position in the range, 0 … 1 (for growth trends). */
  progress: number;
  /** Which promotion is running, if any. */
  promo: '618' | 'double11' | undefined;
}

/** The demo range: first day of the month 12 months before `until`'s month, through `until` inclusive. */
export function demoRange(until: string): { first: number; last: number } {
  const last = dayNumber(until);
  const y = Number(until.slice(0, 4));
  const m = Number(until.slice(5, 7)) - 1;
  return { first: Date.UTC(y - 1, m, 1) / DAY_MS, last };
}

/** Builds the calendar with seasonal weights. */
export function buildCalendar(until: string): DemoDay[] {
  const { first, last } = demoRange(until);
  const days: DemoDay[] = [];
  for (let day = first; day <= last; day++) {
    const date = dayString(day);
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    const dom = Number(date.slice(8, 10));
    const weekday = new Date(day * DAY_MS).getUTCDay();
    const progress = last === first ? 1 : (day - first) / (last - first);
    let weight = 1 + 0.35 * progress;
    if (weekday === 6) weight *= 0.62;
    if (weekday === 0) weight *= 0.55;
    let promo: DemoDay['promo'];
    if ((month === 5 && dom >= 25) || (month === 6 && dom <= 20)) {
      promo = '618';
      weight *= month === 6 && dom >= 14 && dom <= 18 ? 1.9 : 1.3;
    } else if ((month === 10 && dom >= 20) || (month === 11 && dom <= 12)) {
      promo = 'double11';
      weight *= month === 11 && dom >= 8 && dom <= 11 ? 2.3 : 1.4;
    }
    const festival = SPRING_FESTIVAL[year] ?? `${year}-02-05`;
    const fromFestival = day - dayNumber(festival);
    if (fromFestival >= -4 && fromFestival <= 7) weight *= 0.3;
    else if (fromFestival >= -10 && fromFestival <= 14) weight *= 0.75;
    days.push({ day, date, year, weekday, weight, progress, promo });
  }
  return days;
}

/** Formats local seconds as ISO 8601 with the demo offset, e.g. 2026-03-01T10:15:32+08:00 (fast path). */
export class TimeFormatter {
  private readonly prefixes = new Map<number, string>();

  /** '2026-03-01T10:15:32+08:00' */
  ts(localSeconds: number): string {
    const day = Math.floor(localSeconds / 86_400);
    let s = localSeconds - day * 86_400;
    const h = Math.floor(s / 3600);
    s -= h * 3600;
    const m = Math.floor(s / 60);
    s = Math.floor(s - m * 60);
    return `${this.prefix(day)}${PAD2[h]}:${PAD2[m]}:${PAD2[s]}${DEMO_UTC_OFFSET}`;
  }

  /** 'YYYY-MM-DD' of local seconds. */
  date(localSeconds: number): string {
    return this.prefix(Math.floor(localSeconds / 86_400)).slice(0, 10);
  }

  private prefix(day: number): string {
    let p = this.prefixes.get(day);
    if (p === undefined) {
      p = `${dayString(day)}T`;
      this.prefixes.set(day, p);
    }
    return p;
  }
}

/** Integer fen → decimal string '1234.50' (money is never formatted through floats). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100)}.${PAD2[abs % 100]}`;
}
