import { ValidationError } from '../errors.js';
import { isValidTimeZone, localMidnightUtc } from './time-zone.js';

export { isValidTimeZone, localDateOf, localMidnightUtc, zoneOffsetMs } from './time-zone.js';

export type PeriodKind = 'year' | 'quarter' | 'month' | 'week' | 'range';

/** A reporting period: inclusive local dates and the half-open UTC interval [start, end) they cover. */
export interface Period {
  id: string;
  kind: PeriodKind;
  /** First local day, YYYY-MM-DD. */
  startDate: string;
  /** Last local day (inclusive), YYYY-MM-DD. */
  endDate: string;
  /** UTC instant of local midnight starting startDate. */
  start: Date;
  /** UTC instant of local midnight after endDate (exclusive). */
  end: Date;
  timeZone: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const ymd = (t: number) => new Date(t).toISOString().slice(0, 10);
const dayMs = 86_400_000;

/** Adds whole days to a calendar date (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return ymd(Date.parse(`${date}T00:00:00Z`) + days * dayMs);
}

/** Number of calendar days from a to b (b − a). */
export function daysFrom(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / dayMs);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= lastDayOfMonth(y, mo);
}

/** Monday of ISO week 1 of an ISO week-year (the week containing 4 January). */
function isoWeekOneMonday(year: number): string {
  const jan4 = Date.UTC(year, 0, 4);
  const dow = new Date(jan4).getUTCDay() || 7;
  return ymd(jan4 - (dow - 1) * dayMs);
}

/** Number of ISO weeks (52 or 53) in an ISO week-year. */
export function isoWeeksInYear(year: number): number {
  return daysFrom(isoWeekOneMonday(year), isoWeekOneMonday(year + 1)) / 7;
}

/** ISO week-year and week number of a calendar date. */
export function isoWeekOf(date: string): { year: number; week: number } {
  const y = Number(date.slice(0, 4));
  for (const year of [y + 1, y, y - 1]) {
    const monday = isoWeekOneMonday(year);
    if (date >= monday) return { year, week: Math.floor(daysFrom(monday, date) / 7) + 1 };
  }
  /* c8 ignore next */
  throw new Error(`unreachable: ${date}`);
}

function make(id: string, kind: PeriodKind, startDate: string, endDate: string, timeZone: string): Period {
  return {
    id,
    kind,
    startDate,
    endDate,
    start: localMidnightUtc(startDate, timeZone),
    end: localMidnightUtc(addDays(endDate, 1), timeZone),
    timeZone,
  };
}

function bad(text: string, why: string): never {
  throw new ValidationError(`invalid period "${text}": ${why}`, [{ field: 'period' }]);
}

/**
 * Parses a period id: `2026` (year), `2026-Q1`, `2026-03`, `2026-W14` (ISO week) or `2026-01-01..2026-03-31`
 * (inclusive range), cut at local midnight in the given time zone.
 */
export function parsePeriod(text: string, timeZone: string): Period {
  if (!isValidTimeZone(timeZone)) bad(text, `unknown time zone "${timeZone}"`);
  const t = text.trim();
  let m = /^(\d{4})$/.exec(t);
  if (m) return make(t, 'year', `${m[1]}-01-01`, `${m[1]}-12-31`, timeZone);
  m = /^(\d{4})-Q([1-4])$/i.exec(t);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    const last = q * 3;
    return make(
      `${y}-Q${q}`,
      'quarter',
      `${y}-${pad2(last - 2)}-01`,
      `${y}-${pad2(last)}-${pad2(lastDayOfMonth(y, last))}`,
      timeZone,
    );
  }
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) bad(text, 'month must be 01–12');
    return make(t, 'month', `${y}-${pad2(mo)}-01`, `${y}-${pad2(mo)}-${pad2(lastDayOfMonth(y, mo))}`, timeZone);
  }
  m = /^(\d{4})-W(\d{2})$/i.exec(t);
  if (m) {
    const y = Number(m[1]);
    const w = Number(m[2]);
    if (w < 1 || w > isoWeeksInYear(y)) bad(text, `${y} has ISO weeks 01–${isoWeeksInYear(y)}`);
    const monday = addDays(isoWeekOneMonday(y), (w - 1) * 7);
    return make(`${y}-W${pad2(w)}`, 'week', monday, addDays(monday, 6), timeZone);
  }
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (m) {
    const [, a, b] = m as unknown as [string, string, string];
    if (!validDate(a)) bad(text, `"${a}" is not a calendar date`);
    if (!validDate(b)) bad(text, `"${b}" is not a calendar date`);
    if (b < a) bad(text, 'the range ends before it starts');
    return make(`${a}..${b}`, 'range', a, b, timeZone);
  }
  return bad(text, 'expected 2026, 2026-Q1, 2026-03, 2026-W14 or 2026-01-01..2026-03-31');
}

/** The period of the same kind just before (a range: the same number of days just before). */
export function previousPeriod(p: Period): Period {
  const y = Number(p.startDate.slice(0, 4));
  const mo = Number(p.startDate.slice(5, 7));
  switch (p.kind) {
    case 'year':
      return parsePeriod(String(y - 1), p.timeZone);
    case 'quarter': {
      const q = Math.floor((mo - 1) / 3) + 1;
      return parsePeriod(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`, p.timeZone);
    }
    case 'month':
      return parsePeriod(mo === 1 ? `${y - 1}-12` : `${y}-${pad2(mo - 1)}`, p.timeZone);
    case 'week': {
      const w = isoWeekOf(addDays(p.startDate, -7));
      return parsePeriod(`${w.year}-W${pad2(w.week)}`, p.timeZone);
    }
    case 'range': {
      const days = daysFrom(p.startDate, p.endDate) + 1;
      return parsePeriod(`${addDays(p.startDate, -days)}..${addDays(p.startDate, -1)}`, p.timeZone);
    }
  }
}

/** The period of the same kind just after. */
export function nextPeriod(p: Period): Period {
  if (p.kind === 'range') {
    const days = daysFrom(p.startDate, p.endDate) + 1;
    return parsePeriod(`${addDays(p.endDate, 1)}..${addDays(p.endDate, days)}`, p.timeZone);
  }
  return periodContaining(addDays(p.endDate, 1), p.kind, p.timeZone);
}

/** The period of a kind (not range) containing a local date. */
export function periodContaining(date: string, kind: Exclude<PeriodKind, 'range'>, timeZone: string): Period {
  const y = date.slice(0, 4);
  const mo = Number(date.slice(5, 7));
  switch (kind) {
    case 'year':
      return parsePeriod(y, timeZone);
    case 'quarter':
      return parsePeriod(`${y}-Q${Math.floor((mo - 1) / 3) + 1}`, timeZone);
    case 'month':
      return parsePeriod(date.slice(0, 7), timeZone);
    case 'week': {
      const w = isoWeekOf(date);
      return parsePeriod(`${w.year}-W${pad2(w.week)}`, timeZone);
    }
  }
}

/** Periods of the kind of `from` from `from` through the one containing `to`'s end (inclusive). */
export function periodsBetween(from: Period, to: Period): Period[] {
  if (from.kind === 'range') return [from];
  const out: Period[] = [];
  for (let p = from; p.startDate <= to.endDate; p = nextPeriod(p)) {
    out.push(p);
    if (out.length > 1000) throw new ValidationError('too many periods between the two ends (max 1000)');
  }
  return out;
}

/** The n months ending with the month that contains the period's last day (for trends). */
export function trailingMonths(p: Period, n: number): Period[] {
  let month = periodContaining(p.endDate, 'month', p.timeZone);
  const out: Period[] = [month];
  while (out.length < n) {
    month = previousPeriod(month);
    out.unshift(month);
  }
  return out;
}

/** Whether two inclusive date ranges overlap. */
export function rangesOverlap(aStart: string, aEnd: string, bStart: string, bEnd: string): boolean {
  return aStart <= bEnd && bStart <= aEnd;
}
