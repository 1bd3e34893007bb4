import { normalizeHeader, withoutNote } from '../schema/headers.js';
import type { RawRow } from '../types.js';

/** Whether every cell of a row is empty. */
export function isBlankRow(row: RawRow): boolean {
  return row.cells.every((c) => c.trim() === '');
}

/** Finds a header row: the first row (within the first 30) naming at least `need` of the wanted headers. */
export function findHeaderRow(rows: RawRow[], wanted: string[][], need = 2): number {
  const keys = wanted.map((names) => new Set(names.map(normalizeHeader)));
  for (let i = 0; i < Math.min(rows.length, 30); i++) {
    const cells = (rows[i]?.cells ?? []).map(normalizeHeader);
    const hits = keys.filter((k) => cells.some((c) => k.has(c) || k.has(withoutNote(c) ?? ''))).length;
    if (hits >= need) return i;
  }
  return -1;
}

/**
 * Index of the first header cell matching any of the names (normalised), or -1. A header that matches none may
 * match without a trailing note in brackets that does not scale the values ("Session primary channel group
 * (Default Channel Group)", "消耗(元)"; see withoutNote).
 */
export function columnIndex(header: string[], names: string[]): number {
  const wanted = new Set(names.map(normalizeHeader));
  const normalized = header.map(normalizeHeader);
  const exact = normalized.findIndex((h) => wanted.has(h));
  return exact >= 0 ? exact : normalized.findIndex((h) => wanted.has(withoutNote(h) ?? ''));
}

/** Builds a getter for named columns of a header row. */
export function columnGetter<K extends string>(header: string[], columns: Record<K, string[]>) {
  const index = {} as Record<K, number>;
  for (const key of Object.keys(columns) as K[]) index[key] = columnIndex(header, columns[key]);
  return {
    has: (key: K) => index[key] >= 0,
    get: (row: RawRow, key: K): string | undefined => {
      const i = index[key];
      if (i < 0) return undefined;
      const v = row.cells[i];
      return v === undefined ? undefined : v.trim();
    },
  };
}

/** The data rows after a header row: blank rows dropped, total lines counted as skipped. */
export function bodyRows(rows: RawRow[], header: number): { rows: RawRow[]; skipped: number } {
  const body = rows.slice(header + 1).filter((row) => !isBlankRow(row));
  const data = body.filter((row) => !isTotalRow(row));
  return { rows: data, skipped: body.length - data.length };
}

/** Whether a row is a total line (Grand total, Total:, 总计, 合计). */
export function isTotalRow(row: RawRow): boolean {
  const first = (row.cells.find((c) => c.trim() !== '') ?? '').trim().toLowerCase();
  return /^(grand total|total|totals|总计|合计|汇总|全部)$|^(grand )?total:|^(总计|合计)[:：]/.test(first);
}

/** Parses a date range like "January 1, 2026 - March 31, 2026", "2026/03/01 - 2026/03/31", "20260101~20260331". */
export function parseDayRange(
  text: string,
  parse: (value: string) => string | undefined,
): { start: string; end: string } | undefined {
  const parts = text
    .trim()
    .replace(/^["']|["']$/g, '')
    .split(/\s+[-–—~]\s+|\s*[~至到]\s*|(?<=\d)-(?=\d{4}[/-])/);
  if (parts.length !== 2) return undefined;
  const start = parse(parts[0] ?? '');
  const end = parse(parts[1] ?? '');
  return start && end ? { start, end } : undefined;
}
