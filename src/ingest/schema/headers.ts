import type { ErrorLocation } from '../../core/errors.js';
import type { ImportErrorItem } from '../types.js';
import type { ColumnSpec, TableSpec } from './types.js';

/** Normalises a header for matching: lower-case, no BOM, ASCII brackets, no spaces/underscores/dashes. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.:：]/g, '')
    .replace(/[（【[]/g, '(')
    .replace(/[）】\]]/g, ')');
}

/** Builds header -> column lookups for a table: canonical names first, then aliases. */
export function headerResolver(spec: TableSpec): (header: string) => ColumnSpec | undefined {
  const byName = new Map<string, ColumnSpec>();
  for (const c of spec.columns) byName.set(normalizeHeader(c.name), c);
  for (const c of spec.columns) {
    for (const a of c.aliases ?? []) {
      const key = normalizeHeader(a);
      if (!byName.has(key)) byName.set(key, c);
    }
  }
  return (header) => byName.get(normalizeHeader(header));
}

/** Where each canonical column is in a file's header row. */
export interface HeaderMapping {
  /** canonical column name -> cell index */
  index: Map<string, number>;
  ignored: string[];
  errors: ImportErrorItem[];
}

/** Matches a header row against a table (plus `--map target=source` overrides); reports missing required columns. */
export function mapHeaderRow(
  spec: TableSpec,
  headers: string[],
  opts: { file: string; line: number; map?: Record<string, string> | undefined },
): HeaderMapping {
  const index = new Map<string, number>();
  const errors: ImportErrorItem[] = [];
  const taken = new Set<number>();
  const normalized = headers.map(normalizeHeader);
  for (const [target, source] of Object.entries(opts.map ?? {})) {
    const column = spec.columns.find((c) => c.name === target || c.store === target);
    if (!column) {
      errors.push({
        file: opts.file,
        row: opts.line,
        column: target,
        message: `--map: ${spec.table} has no column "${target}"`,
      });
      continue;
    }
    const at = normalized.indexOf(normalizeHeader(source));
    if (at < 0) {
      errors.push({
        file: opts.file,
        row: opts.line,
        column: target,
        message: `--map: no header "${source}" in the file`,
      });
      continue;
    }
    index.set(column.name, at);
    taken.add(at);
  }
  const resolve = headerResolver(spec);
  // exact canonical names win over aliases, so resolve in two passes
  for (const exact of [true, false]) {
    headers.forEach((h, i) => {
      if (taken.has(i)) return;
      const column = exact ? spec.columns.find((c) => normalizeHeader(c.name) === normalized[i]) : resolve(h);
      if (column && !index.has(column.name)) {
        index.set(column.name, i);
        taken.add(i);
      }
    });
  }
  const ignored = headers.filter((h, i) => !taken.has(i) && h.trim() !== '');
  for (const c of spec.columns) {
    if (c.required && !index.has(c.name)) {
      const aliases = (c.aliases ?? []).slice(0, 4).join(', ');
      errors.push({
        file: opts.file,
        row: opts.line,
        column: c.name,
        message: `missing required column ${c.name}${aliases ? ` (or ${aliases})` : ''}`,
      });
    }
  }
  return { index, ignored, errors };
}

/** Converts import error items to error locations. */
export function toLocations(items: ImportErrorItem[]): ErrorLocation[] {
  return items.map((e) => ({ file: e.file, row: e.row, column: e.column }));
}
