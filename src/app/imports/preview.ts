import { fileKind, openCsv, readJsonRecords } from '../../ingest/read/index.js';
import { readXlsxRows } from '../../ingest/read/xlsx.js';
import { mapHeaderRow } from '../../ingest/schema/headers.js';
import { TABLES } from '../../ingest/schema/tables.js';
import type { RawRow } from '../../ingest/types.js';

/** The first rows of an upload as the importer reads them, and how its headers map to the canonical columns. */
export interface ImportPreview {
  file_name: string;
  kind: 'csv' | 'xlsx' | 'json';
  /** Text encoding the importer detected (CSV only): utf8, gb18030, utf16le, utf16be. */
  encoding: string | null;
  delimiter: string | null;
  /** The header row's cells (JSON: the first record's keys) and its line (Excel row) number, null for JSON. */
  header: string[];
  header_row: number | null;
  /** Up to `limit` data rows after the header. */
  rows: { row: number; cells: string[] }[];
  /** Canonical tables only: each header and the canonical column it fills (null: ignored). */
  columns: { header: string; column: string | null }[];
  /** Canonical tables only: problems with the header (missing required columns, bad `map` entries). */
  problems: { column: string; message: string }[];
}

const SCAN_ROWS = 200;

const nonEmpty = (row: RawRow) => row.cells.filter((c) => c.trim() !== '').length;

/** The header of a source export: the first non-comment row as wide as the widest of the first rows. */
function sourceHeaderIndex(rows: RawRow[]): number {
  const candidates = rows.filter((r) => nonEmpty(r) > 0 && !r.cells[0]?.startsWith('#')).slice(0, 20);
  const widest = Math.max(0, ...candidates.map(nonEmpty));
  const header = candidates.find((r) => nonEmpty(r) === widest);
  return header ? rows.indexOf(header) : -1;
}

async function firstRows(file: string, sheet: string | undefined) {
  const kind = fileKind(file);
  if (kind === 'xlsx') {
    return { kind, encoding: null, delimiter: null, rows: (await readXlsxRows(file, sheet)).slice(0, SCAN_ROWS) };
  }
  if (kind === 'json') {
    const rows: RawRow[] = [];
    let keys: string[] | null = null;
    for await (const batch of readJsonRecords(file)) {
      for (const { line, value } of batch) {
        if (!keys) {
          keys = Object.keys(value);
          rows.push({ line: 0, cells: keys });
        }
        rows.push({ line, cells: (keys as string[]).map((k) => (value[k] === undefined ? '' : String(value[k]))) });
        if (rows.length > SCAN_ROWS) break;
      }
      if (rows.length > SCAN_ROWS) break;
    }
    return { kind, encoding: 'utf8', delimiter: null, rows };
  }
  const source = openCsv(file);
  const rows: RawRow[] = [];
  for await (const batch of source.batches(undefined, SCAN_ROWS)) {
    rows.push(...batch);
    if (rows.length >= SCAN_ROWS) break;
  }
  return { kind, encoding: source.encoding, delimiter: source.delimiter, rows: rows.slice(0, SCAN_ROWS) };
}

/**
 * Previews an upload with the importer's own readers (encoding and delimiter detection, GBK/GB18030, XLSX):
 * the header, the first data rows and, for canonical tables, which column each header fills.
 */
export async function previewImport(req: {
  format: string;
  file: string;
  fileName: string;
  map?: Record<string, string> | undefined;
  sheet?: string | undefined;
  limit?: number;
}): Promise<ImportPreview> {
  const limit = req.limit ?? 10;
  const read = await firstRows(req.file, req.sheet);
  const rows = read.rows.filter((r) => nonEmpty(r) > 0);
  const spec = TABLES[req.format];
  const headerAt = spec ? rows.findIndex((r) => !r.cells[0]?.startsWith('#')) : sourceHeaderIndex(rows);
  const header = headerAt >= 0 ? (rows[headerAt] as RawRow) : null;
  const preview: ImportPreview = {
    file_name: req.fileName,
    kind: read.kind,
    encoding: read.encoding,
    delimiter: read.delimiter,
    header: header?.cells ?? [],
    header_row: header && read.kind !== 'json' ? header.line : null,
    rows: rows.slice(headerAt + 1, headerAt + 1 + limit).map((r) => ({ row: r.line, cells: r.cells })),
    columns: [],
    problems: [],
  };
  if (spec && header) {
    const mapping = mapHeaderRow(spec, header.cells, { file: req.fileName, line: header.line, map: req.map });
    const byIndex = new Map([...mapping.index].map(([column, i]) => [i, column]));
    preview.columns = header.cells.map((h, i) => ({ header: h, column: byIndex.get(i) ?? null }));
    preview.problems = mapping.errors.map((e) => ({ column: e.column, message: e.message }));
  }
  return preview;
}
