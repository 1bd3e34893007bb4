import path from 'node:path';
import { config } from '../config.js';
import { UserError } from '../core/errors.js';
import type { Engine } from '../warehouse/engine.js';
import { importCanonicalFile } from './canonical.js';
import { fastEventsPlan, importEventsCsvFast } from './fast-events.js';
import { fileHash } from './file-hash.js';
import { SOURCE_FORMATS } from './formats/index.js';
import { readAllRows } from './read/index.js';
import { importResourceError } from './resource-errors.js';
import { TABLES } from './schema/tables.js';
import { contentHash } from './secret.js';
import type { ImportFileOptions, ImportRecordsOptions, ImportResult } from './types.js';
import { runImport } from './write/pipeline.js';

export { FORMATS, type FormatInfo } from './formats-list.js';
export { hashIdentifier, hashSecret, normaliseEmail, normalisePhone } from './secret.js';
export type {
  ImportErrorItem,
  ImportFileOptions,
  ImportPhase,
  ImportProgress,
  ImportRecordsOptions,
  ImportResult,
} from './types.js';
export { type ImportLogEntry, listImports, rollbackImport } from './write/rollback.js';

function unknownFormat(format: string): UserError {
  const known = [...Object.keys(TABLES), ...Object.keys(SOURCE_FORMATS)].join(', ');
  return new UserError('unknown_format', `unknown import format "${format}" (one of: ${known})`);
}

/**
 * Imports one file (a canonical table by name, or a source export format) atomically and idempotently. DuckDB
 * running out of memory or temporary disk becomes a user error saying what to do (importResourceError).
 */
export async function importFile(engine: Engine, opts: ImportFileOptions): Promise<ImportResult> {
  const fileName = opts.fileName ?? path.basename(opts.file);
  try {
    return await importFileAs(engine, opts, fileName);
  } catch (error) {
    throw importResourceError(fileName, error) ?? error;
  }
}

async function importFileAs(engine: Engine, opts: ImportFileOptions, fileName: string): Promise<ImportResult> {
  const spec = TABLES[opts.format];
  const source = SOURCE_FORMATS[opts.format];
  if (!spec && !source) throw unknownFormat(opts.format);
  const hash = await fileHash(opts.file).catch((error: NodeJS.ErrnoException) => {
    throw new UserError('file_not_found', `cannot read ${opts.file}: ${error.code ?? error.message}`);
  });
  if (spec) {
    // DuckDB's own CSV reader (and its SQL) for large events files
    const plan = spec.table === 'events' && engine.dialect.name === 'duckdb' ? await fastEventsPlan(opts) : null;
    if (plan) {
      const options = { ...opts, fileName, fileHash: hash };
      return importEventsCsvFast(engine, { ...options, plan }, () => importCanonicalFile(engine, spec, options));
    }
    return importCanonicalFile(engine, spec, { ...opts, fileName, fileHash: hash });
  }
  const format = source as NonNullable<typeof source>;
  const rows = await readAllRows(opts.file, { sheet: opts.sheet });
  opts.onProgress?.({ rows: rows.length, bytes: 0, totalBytes: 0 });
  const parsed = format.parse(rows, { file: fileName, timeZone: config().timeZone });
  if (opts.map && Object.keys(opts.map).length > 0)
    parsed.warnings.push(`--map is ignored for the ${format.id} format`);
  return runImport(
    engine,
    TABLES[format.table] as NonNullable<(typeof TABLES)[string]>,
    {
      format: format.id,
      fileName,
      fileHash: hash,
      username: opts.username,
      dryRun: opts.dryRun,
      warnings: parsed.warnings,
      preErrors: parsed.errors,
      leadPatches: parsed.leadPatches,
      preSkipped: parsed.skipped,
    },
    [parsed.records],
  );
}

/**
 * Imports in-memory records of one canonical table (collector, demo generator): the same validation, atomic
 * write, idempotence and import log as files. Errors name `fileName` and the record's 1-based position.
 */
export async function importRecords(engine: Engine, opts: ImportRecordsOptions): Promise<ImportResult> {
  const spec = TABLES[opts.table];
  if (!spec) throw unknownFormat(opts.table);
  const records = opts.records.map((values, i) => ({ row: i + 1, values }));
  return runImport(
    engine,
    spec,
    {
      format: opts.format,
      fileName: opts.fileName,
      fileHash: opts.fileHash ?? contentHash(JSON.stringify(opts.records)),
      username: opts.username,
      dryRun: opts.dryRun,
      warnings: [],
    },
    [records],
  );
}
