import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { Engine } from '../warehouse/engine.js';
import { fileKind, openCsv, readJsonRecords } from './read/index.js';
import { readXlsxRows } from './read/xlsx.js';
import { headerResolver, mapHeaderRow } from './schema/headers.js';
import type { TableSpec } from './schema/types.js';
import type { ImportFileOptions, ImportProgress, ImportResult, RawRow, SourceRecord } from './types.js';
import { importValidationError } from './write/errors.js';
import { runImport } from './write/pipeline.js';

function isBlank(row: RawRow): boolean {
  return row.cells.every((c) => c.trim() === '');
}

/** Turns header + data rows into canonical records (lazily, batch by batch). */
async function* recordsFromRows(
  spec: TableSpec,
  batches: AsyncIterable<RawRow[]> | Iterable<RawRow[]>,
  opts: {
    file: string;
    map?: Record<string, string> | undefined;
    warnings: string[];
    progress: (rows: number) => void;
  },
): AsyncGenerator<SourceRecord[]> {
  let mapping: ReturnType<typeof mapHeaderRow> | undefined;
  let rows = 0;
  for await (const batch of batches) {
    const out: SourceRecord[] = [];
    for (const raw of batch) {
      if (isBlank(raw)) continue;
      if (!mapping) {
        if (raw.cells[0]?.startsWith('#')) continue;
        mapping = mapHeaderRow(spec, raw.cells, { file: opts.file, line: raw.line, map: opts.map });
        if (mapping.errors.length > 0) throw importValidationError(mapping.errors);
        if (mapping.ignored.length > 0) opts.warnings.push(`ignored columns: ${mapping.ignored.join(', ')}`);
        continue;
      }
      const values: Record<string, unknown> = {};
      let garbled: string | undefined;
      for (const [column, index] of mapping.index) {
        const cell = raw.cells[index] ?? '';
        if (cell.includes('\uFFFD')) garbled = column;
        values[column] = cell;
      }
      if (garbled) {
        values[garbled] = { __invalid: 'invalid characters: the file is not valid UTF-8 or GBK/GB18030' };
      }
      out.push({ row: raw.line, values });
    }
    rows += out.length;
    opts.progress(rows);
    yield out;
  }
  if (!mapping) throw new UserError('empty_file', `${opts.file}: no header row (the file is empty)`, { status: 422 });
}

/** Turns JSON objects into canonical records by matching their keys like headers. */
async function* recordsFromJson(
  spec: TableSpec,
  batches: AsyncIterable<{ line: number; value: Record<string, unknown> }[]>,
  opts: { map?: Record<string, string> | undefined; warnings: string[]; progress: (rows: number) => void },
): AsyncGenerator<SourceRecord[]> {
  const resolve = headerResolver(spec);
  const reverseMap = new Map(Object.entries(opts.map ?? {}).map(([target, source]) => [source, target]));
  const cache = new Map<string, string | null>();
  const ignored = new Set<string>();
  let rows = 0;
  for await (const batch of batches) {
    const out: SourceRecord[] = [];
    for (const { line, value } of batch) {
      const values: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        let column = cache.get(key);
        if (column === undefined) {
          column = reverseMap.get(key) ?? resolve(key)?.name ?? null;
          cache.set(key, column);
        }
        if (column === null) ignored.add(key);
        else if (values[column] === undefined) values[column] = v;
      }
      out.push({ row: line, values });
    }
    rows += out.length;
    opts.progress(rows);
    yield out;
  }
  if (ignored.size > 0) opts.warnings.push(`ignored fields: ${[...ignored].slice(0, 20).join(', ')}`);
}

/** Imports a file holding one canonical table (CSV, XLSX or JSON lines). */
export async function importCanonicalFile(
  engine: Engine,
  spec: TableSpec,
  opts: ImportFileOptions & { fileName: string; fileHash: string },
): Promise<ImportResult> {
  const kind = fileKind(opts.file);
  const warnings: string[] = [];
  let bytes = 0;
  let totalBytes = 0;
  const progress = (rows: number) => opts.onProgress?.({ rows, bytes, totalBytes } satisfies ImportProgress);
  let records: AsyncIterable<SourceRecord[]>;
  if (kind === 'xlsx') {
    const rows = await readXlsxRows(opts.file, opts.sheet);
    records = recordsFromRows(spec, [rows], { file: opts.fileName, map: opts.map, warnings, progress });
  } else if (kind === 'json') {
    const { statSync } = await import('node:fs');
    totalBytes = statSync(opts.file).size;
    records = recordsFromJson(
      spec,
      readJsonRecords(opts.file, (b) => {
        bytes = b;
      }),
      { map: opts.map, warnings, progress },
    );
  } else {
    const source = openCsv(opts.file);
    totalBytes = source.totalBytes;
    if (source.encoding !== 'utf8') warnings.push(`decoded as ${source.encoding.toUpperCase()}`);
    records = recordsFromRows(
      spec,
      source.batches((b) => {
        bytes = b;
      }),
      { file: opts.fileName, map: opts.map, warnings, progress },
    );
  }
  return runImport(
    engine,
    spec,
    {
      format: opts.format,
      fileName: opts.fileName ?? path.basename(opts.file),
      fileHash: opts.fileHash,
      username: opts.username,
      dryRun: opts.dryRun,
      warnings,
    },
    records,
  );
}
