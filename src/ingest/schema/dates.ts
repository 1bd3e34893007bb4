import { type LocalParts, localDay, localToUtc, validParts } from './time.js';

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const ISO_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:[T ]?(\d{2})(\d{2})(\d{2})?)?$/;
const CJK = /^(\d{4})年(\d{1,2})月(\d{1,2})日?(?:\s*(\d{1,2})[:时](\d{2})(?:[:分](\d{2})秒?|分)?)?$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i;
const NAMED = /^([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i;

function num(s: string | undefined): number {
  return s === undefined ? 0 : Number(s);
}

function ms(s: string | undefined): number {
  return s === undefined ? 0 : Number(s.slice(0, 3).padEnd(3, '0'));
}

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === 'pm';
  return (h % 12) + (pm ? 12 : 0);
}

/** Parses wall-clock text (no offset) into parts; undefined when it is not a date we understand. */
export function parseLocalParts(text: string): LocalParts | undefined {
  let m = YMD.exec(text) ?? COMPACT.exec(text) ?? CJK.exec(text);
  if (m) {
    return { y: num(m[1]), mo: num(m[2]), d: num(m[3]), h: num(m[4]), mi: num(m[5]), s: num(m[6]), ms: ms(m[7]) };
  }
  m = US.exec(text);
  if (m)
    return {
      y: num(m[3]),
      mo: num(m[1]),
      d: num(m[2]),
      h: hour12(num(m[4]), m[7]),
      mi: num(m[5]),
      s: num(m[6]),
      ms: 0,
    };
  m = NAMED.exec(text);
  if (m) {
    const mo = MONTHS[(m[1] ?? '').toLowerCase().slice(0, (m[1] ?? '').toLowerCase() === 'sept' ? 4 : 3)];
    if (mo === undefined) return undefined;
    return { y: num(m[3]), mo, d: num(m[2]), h: hour12(num(m[4]), m[7]), mi: num(m[5]), s: num(m[6]), ms: 0 };
  }
  return undefined;
}

/** Parses a timestamp (ISO with offset, or local wall-clock text in timeZone) into a UTC instant. */
export function parseInstant(value: unknown, timeZone: string): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return new Date(value > 1e11 ? value : value * 1000);
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const iso = ISO_OFFSET.exec(text);
  if (iso) {
    const p = {
      y: num(iso[1]),
      mo: num(iso[2]),
      d: num(iso[3]),
      h: num(iso[4]),
      mi: num(iso[5]),
      s: num(iso[6]),
      ms: ms(iso[7]),
    };
    if (!validParts(p)) return undefined;
    const zone = (iso[8] ?? 'Z').toUpperCase();
    let offset = 0;
    if (zone !== 'Z') {
      const digits = zone.slice(1).replace(':', '');
      offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
      if (zone.startsWith('-')) offset = -offset;
    }
    return new Date(Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms) - offset);
  }
  const parts = parseLocalParts(text);
  if (!parts || !validParts(parts)) return undefined;
  return localToUtc(parts, timeZone);
}

/** Parses a calendar day; instants with an offset become the local day in timeZone. Returns YYYY-MM-DD. */
export function parseDay(value: unknown, timeZone: string): string | undefined {
  if (value instanceof Date || typeof value === 'number') {
    const instant = parseInstant(value, timeZone);
    return instant ? localDay(instant, timeZone) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (ISO_OFFSET.test(text)) {
    const instant = parseInstant(text, timeZone);
    return instant ? localDay(instant, timeZone) : undefined;
  }
  const p = parseLocalParts(text);
  if (!p || !validParts(p)) return undefined;
  return `${String(p.y).padStart(4, '0')}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}
