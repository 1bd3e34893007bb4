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

/**
 * Builds header -> column lookups for a table: canonical names first, then aliases; with `notes`, a header matching
 * neither may match without a trailing note in brackets (withoutNote).
 */
export function headerResolver(spec: TableSpec, notes = true): (header: string) => ColumnSpec | undefined {
  const byName = new Map<string, ColumnSpec>();
  for (const c of spec.columns) byName.set(normalizeHeader(c.name), c);
  for (const c of spec.columns) {
    for (const a of c.aliases ?? []) {
      const key = normalizeHeader(a);
      if (!byName.has(key)) byName.set(key, c);
    }
  }
  return (header) => {
    const key = normalizeHeader(header);
    return byName.get(key) ?? (notes ? byName.get(withoutNote(key) ?? '') : undefined);
  };
}

/** A note in brackets that scales or re-expresses the values: 万元, 千次, %, ‰, 分 (fen), k, thousands, millions. */
const SCALING_NOTE = /万|千|百|亿|%|‰|‱|分|^k$|thousand|million|billion|^m$|^bn$|cents?/i;

/**
 * A normalised header without its trailing note in brackets ("sessionprimarychannelgroup(defaultchannelgroup)" →
 * "sessionprimarychannelgroup", "消耗(元)" → "消耗"), or undefined when it has none or the note scales the values
 * ("消耗(万元)", "点击率(%)"): such a column must be mapped with --map, not read as if in plain units.
 */
export function withoutNote(normalized: string): string | undefined {
  const m = /^(.+?)\(([^()]*)\)$/.exec(normalized);
  if (!m || SCALING_NOTE.test(m[2] ?? '')) return undefined;
  return m[1];
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
  const resolve = [headerResolver(spec, false), headerResolver(spec)];
  // canonical names win over aliases, and both over a header matched without its note in brackets: three passes
  for (const pass of [0, 1, 2] as const) {
    headers.forEach((h, i) => {
      if (taken.has(i)) return;
      const column =
        pass === 0 ? spec.columns.find((c) => normalizeHeader(c.name) === normalized[i]) : resolve[pass - 1]?.(h);
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
