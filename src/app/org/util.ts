import { randomBytes } from 'node:crypto';

/** A new random id with a readable prefix, e.g. `sc_3f9a1c2b7d`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Parses a JSON column; null/empty gives the fallback. */
export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string' || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** A DATE column value (Date or string) as YYYY-MM-DD. */
export function isoDate(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/** Current instant as an ISO string (bound as TIMESTAMP). */
export function nowIso(): string {
  return new Date().toISOString();
}
