/** A UTC instant as a TIMESTAMP literal value both engines parse ('YYYY-MM-DD HH:MM:SS.sss', no zone). */
export function utcTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Epoch milliseconds of a TIMESTAMP value returned by an engine (JS Date in UTC, or a string). */
export function epochMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  const ms = Date.parse(`${String(value).replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** Whole fen of a DECIMAL(18,2) value returned as a JS number or string. */
export function toFen(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Math.round(Number(value) * 100);
}
