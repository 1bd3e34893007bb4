import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { config } from '../config.js';
import type { Engine } from '../warehouse/engine.js';
import { fileKind, openCsv } from './read/index.js';
import { normalizeHeader } from './schema/headers.js';
import { storedName, TABLES } from './schema/tables.js';
import { localDay } from './schema/time.js';
import type { ImportFileOptions, ImportResult } from './types.js';
import { runDerivation } from './write/derive-hook.js';
import { newImportId } from './write/pipeline.js';

/** Files at least this big with canonical headers load through DuckDB's CSV reader. */
export const FAST_EVENTS_MIN_BYTES = 4 * 1024 * 1024;

const spec = TABLES.events as NonNullable<(typeof TABLES)['events']>;
const COLUMNS = spec.columns.map(storedName);

/** Whether an events file can take the DuckDB read_csv path: UTF-8 CSV, canonical header names, no --map. */
export async function isFastEventsCsv(opts: ImportFileOptions, minBytes = FAST_EVENTS_MIN_BYTES): Promise<boolean> {
  if (opts.map && Object.keys(opts.map).length > 0) return false;
  if (statSync(opts.file).size < minBytes || fileKind(opts.file) !== 'csv') return false;
  const source = openCsv(opts.file);
  if (source.encoding !== 'utf8') return false;
  for await (const batch of source.batches(undefined, 1)) {
    const header = batch[0]?.cells.map((h) => h.trim()) ?? [];
    const known = new Set(COLUMNS);
    return (
      header.every((h) => known.has(h) && normalizeHeader(h) === h.replace(/_/g, '')) &&
      spec.columns.filter((c) => c.required).every((c) => header.includes(c.name)) &&
      new Set(header).size === header.length
    );
  }
  return false;
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Loads a large canonical events CSV with DuckDB's own reader, validates and normalises in SQL, and inserts in
 * one transaction. Files with values SQL cannot take as they are fall back to the row-by-row path (which
 * produces the exact row/column errors).
 */
export async function importEventsCsvFast(
  engine: Engine,
  opts: ImportFileOptions & { fileName: string; fileHash: string },
  fallback: () => Promise<ImportResult>,
): Promise<ImportResult> {
  const source = openCsv(opts.file);
  const header = await (async () => {
    for await (const batch of source.batches(undefined, 1)) return batch[0]?.cells.map((h) => h.trim()) ?? [];
    return [];
  })();
  const importId = newImportId();
  const tz = config().timeZone;
  const started = new Date();
  const totalBytes = source.totalBytes;
  opts.onProgress?.({ rows: 0, bytes: 0, totalBytes });
  const present = new Set(header);
  const ident = (c: string) => engine.dialect.ident(c);
  // Long free-text columns are not trimmed: trim() on URLs and user agents doubles the load time, and exporters
  // do not pad them; ids, types and times are trimmed like the row-by-row path does.
  const LONG = new Set(['page_url', 'referrer', 'user_agent', 'properties']);
  const text = (c: string) =>
    !present.has(c) ? 'NULL::VARCHAR' : LONG.has(c) ? `nullif(${ident(c)}, '')` : `nullif(trim(${ident(c)}), '')`;
  // Invalid values make the INSERT fail (NOT NULL on a failed TRY_CAST, json() on bad JSON, the primary key on
  // duplicate ids): the transaction rolls back and the row-by-row path reports the exact rows.
  const selects = COLUMNS.map((c) => {
    if (c === 'occurred_at') return `timezone('UTC', TRY_CAST(${text(c)} AS TIMESTAMPTZ)) AS occurred_at`;
    if (c === 'properties') return `json(${text(c)})::VARCHAR AS properties`;
    return `${text(c)} AS ${ident(c)}`;
  });
  const keyText = COLUMNS.map((c) =>
    c === 'occurred_at' ? `coalesce(strftime(occurred_at, '%Y-%m-%d %H:%M:%S.%g'), '')` : `coalesce(${ident(c)}, '')`,
  ).join(', chr(31), ');
  const columnTypes = `{${header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ')}}`;
  const read = `read_csv(${sqlString(path.resolve(opts.file))}, header = true, delim = ${sqlString(source.delimiter)}, quote = '"', escape = '"', columns = ${columnTypes}, auto_detect = false)`;
  const cols = COLUMNS.map(ident).join(', ');
  const [previous] = await engine.query<{ tz: string }>("SELECT current_setting('TimeZone') AS tz");
  const lines = countRecords(opts.file).catch(() => 0);
  try {
    return await engine.transaction(async (tx) => {
      await tx.exec(`SET TimeZone = ${sqlString(tz)}`);
      const [done] = await tx.query<{ Count?: number; count?: number }>(
        `INSERT INTO events (${cols}, row_key, import_id)
         SELECT ${cols}, rk, $1 FROM (
           SELECT *, coalesce(event_id, md5(concat(${keyText}))) AS rk FROM (SELECT ${selects.join(', ')} FROM ${read})
         ) s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.row_key = s.rk)`,
        [importId],
      );
      await tx.exec(`SET TimeZone = ${sqlString(previous?.tz ?? 'UTC')}`);
      const inserted = Number(done?.Count ?? done?.count ?? 0);
      const rowsRead = Math.max(await lines, inserted);
      const [written] = await tx.query<{ lo: Date | null; hi: Date | null }>(
        'SELECT min(occurred_at) AS lo, max(occurred_at) AS hi FROM events WHERE import_id = $1',
        [importId],
      );
      const result: ImportResult = {
        importId,
        format: opts.format,
        table: 'events',
        fileName: opts.fileName,
        fileHash: opts.fileHash,
        rowsRead,
        inserted,
        updated: 0,
        skipped: rowsRead - inserted,
        rejected: 0,
        periodStart: written?.lo ? localDay(new Date(written.lo), tz) : null,
        periodEnd: written?.hi ? localDay(new Date(written.hi), tz) : null,
        dryRun: Boolean(opts.dryRun),
        errors: [],
        errorCount: 0,
        warnings: [],
      };
      opts.onProgress?.({ rows: rowsRead, bytes: totalBytes, totalBytes });
      if (opts.dryRun) throw new DryRun(result);
      if (inserted > 0 && !(await runDerivation(tx, 'events', importId))) {
        result.warnings.push('derivation hook not available: channels, bots, sessions and identities not filled');
      }
      await tx.exec(
        `INSERT INTO imports (import_id, format, target_table, file_name, file_hash, rows_read, rows_inserted,
           rows_updated, rows_skipped, rows_rejected, period_start, period_end, username, started_at, finished_at, status)
         VALUES ($1, $2, 'events', $3, $4, $5, $6, 0, $7, 0, $8::DATE, $9::DATE, $10, $11::TIMESTAMP, now()::TIMESTAMP, 'committed')`,
        [
          importId,
          opts.format,
          opts.fileName,
          opts.fileHash,
          rowsRead,
          inserted,
          rowsRead - inserted,
          result.periodStart,
          result.periodEnd,
          opts.username ?? null,
          started.toISOString().replace('T', ' ').replace('Z', ''),
        ],
      );
      return result;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    if (
      /duplicate key|constraint|Conversion Error|Invalid Input|malformed JSON|CSV/i.test(
        String((error as Error).message),
      )
    ) {
      return fallback();
    }
    throw error;
  } finally {
    await engine.exec(`SET TimeZone = ${sqlString(previous?.tz ?? 'UTC')}`).catch(() => undefined);
  }
}

/** Counts CSV records (line breaks outside quotes, minus the header) while DuckDB loads the file. */
async function countRecords(file: string): Promise<number> {
  let records = 0;
  let quoted = false;
  let last = 0x0a;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 22 })) {
    const buf = chunk as Buffer;
    let from = 0;
    while (from < buf.length) {
      const q = quoted ? -1 : buf.indexOf(0x22, from);
      const nl = buf.indexOf(0x0a, from);
      if (quoted) {
        const close = buf.indexOf(0x22, from);
        if (close < 0) break;
        quoted = false;
        from = close + 1;
        continue;
      }
      if (nl < 0 && q < 0) break;
      if (q >= 0 && (nl < 0 || q < nl)) {
        quoted = true;
        from = q + 1;
        continue;
      }
      records++;
      from = nl + 1;
    }
    if (buf.length > 0) last = buf[buf.length - 1] as number;
  }
  if (last !== 0x0a) records++;
  return Math.max(0, records - 1);
}

class DryRun extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}
