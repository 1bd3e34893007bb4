import { hashIdentifier, normaliseEmail, normalisePhone } from '../secret.js';
import { parseDay, parseInstant } from './dates.js';
import { isEmptyCell, parseBoolean, parseDuration, parseInteger, parseMoney, parseNumber } from './numbers.js';
import { storedName } from './tables.js';
import { sqlTimestamp } from './time.js';
import type { ColumnSpec, TableSpec } from './types.js';

/** What value parsing needs from the installation. */
export interface NormalizeContext {
  timeZone: string;
  secret: string;
}

/** A problem with one cell. */
export interface CellProblem {
  column: string;
  message: string;
}

function show(value: unknown): string {
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

function range(c: ColumnSpec, n: number): string | undefined {
  if (c.min !== undefined && n < c.min) {
    return c.min === 0 && c.max === undefined
      ? `negative ${c.name} ${n} not allowed`
      : `${c.name} ${n} out of range ${c.min}–${c.max ?? '∞'}`;
  }
  if (c.max !== undefined && n > c.max) return `${c.name} ${n} out of range ${c.min ?? '-∞'}–${c.max}`;
  return undefined;
}

type Parsed = { value: unknown } | { error: string };

/** Parses one cell for a column; returns the value to store (null when empty) or an error message. */
export function parseCell(c: ColumnSpec, raw: unknown, ctx: NormalizeContext): Parsed {
  if (typeof raw === 'object' && raw !== null && '__invalid' in raw) return { error: String(raw.__invalid) };
  const empty = c.type === 'text' || c.type === 'json' ? raw === null || raw === undefined : isEmptyCell(raw);
  if (empty || (typeof raw === 'string' && raw.trim() === '')) {
    return c.required ? { error: 'missing value' } : { value: null };
  }
  switch (c.type) {
    case 'text': {
      const text = typeof raw === 'string' ? raw.trim() : raw instanceof Date ? raw.toISOString() : String(raw);
      return { value: text };
    }
    case 'timestamp': {
      const d = parseInstant(raw, ctx.timeZone);
      return d ? { value: d } : { error: `unparseable date ${show(raw)}` };
    }
    case 'date': {
      const d = parseDay(raw, ctx.timeZone);
      return d ? { value: d } : { error: `unparseable date ${show(raw)}` };
    }
    case 'int': {
      const n = parseInteger(raw);
      if (n === undefined) return { error: `not a whole number ${show(raw)}` };
      const bad = range(c, n);
      return bad ? { error: bad } : { value: n };
    }
    case 'number':
    case 'rate': {
      let n = parseNumber(raw);
      if (n === undefined) return { error: `not a number ${show(raw)}` };
      if (c.type === 'rate' && c.max === 1 && n > 1 && n <= 100 && !String(raw).includes('%')) n = n / 100;
      const bad = range(c, n);
      return bad ? { error: bad } : { value: n };
    }
    case 'duration': {
      const n = parseDuration(raw);
      if (n === undefined) return { error: `unparseable duration ${show(raw)}` };
      const bad = range(c, n);
      return bad ? { error: bad } : { value: n };
    }
    case 'money': {
      const m = parseMoney(raw);
      if (m === undefined) return { error: `not an amount ${show(raw)}` };
      if (c.min === 0 && m.startsWith('-')) return { error: `negative ${c.name} ${show(raw)} not allowed` };
      return { value: m };
    }
    case 'bool': {
      const b = parseBoolean(raw);
      return b === undefined ? { error: `not yes/no ${show(raw)}` } : { value: b };
    }
    case 'json': {
      if (typeof raw === 'object') return { value: JSON.stringify(raw) };
      try {
        return { value: JSON.stringify(JSON.parse(String(raw))) };
      } catch {
        return { error: `invalid JSON ${show(raw)}` };
      }
    }
    case 'email': {
      const e = normaliseEmail(String(raw));
      return e ? { value: hashIdentifier('email', e, ctx.secret) } : { error: `invalid email ${show(raw)}` };
    }
    case 'phone': {
      const p = normalisePhone(String(raw));
      return p ? { value: hashIdentifier('phone', p, ctx.secret) } : { error: `invalid phone number ${show(raw)}` };
    }
    case 'enum': {
      const key = String(raw).trim().toLowerCase();
      const v = c.values?.[key];
      if (v) return { value: v };
      const allowed = [...new Set(Object.values(c.values ?? {}))].join('/');
      return { error: `unknown ${c.name} ${show(raw)} (expected ${allowed})` };
    }
  }
}

/** Parses a record of canonical input values into stored columns; collects every cell problem. */
export function normalizeRecord(
  spec: TableSpec,
  values: Record<string, unknown>,
  ctx: NormalizeContext,
): { row: Record<string, unknown>; problems: CellProblem[] } {
  const row: Record<string, unknown> = {};
  const problems: CellProblem[] = [];
  for (const c of spec.columns) {
    const raw = values[c.name];
    const parsed = parseCell(c, raw, ctx);
    if ('error' in parsed) problems.push({ column: c.name, message: parsed.error });
    else row[storedName(c)] = parsed.value === null && c.fallback ? c.fallback() : parsed.value;
  }
  for (const e of spec.extra ?? []) row[e] = values[e] ?? null;
  if (problems.length === 0 && spec.check) {
    const problem = spec.check(row);
    if (problem) problems.push(problem);
  }
  return { row, problems };
}

/** A stored value as text for hashing and bulk append (timestamps in UTC). */
export function storedText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return sqlTimestamp(value);
  return String(value);
}
