import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { config } from '../config.js';
import type { Engine } from '../warehouse/engine.js';
import { type PreparedEvents, prepareStagedEvents, stagedTouchSql } from './derive/index.js';
import { tempName } from './derive/sql.js';
import { phasedProgress } from './import-progress.js';
import { createDecoder, type TextEncoding } from './read/decode.js';
import { fileKind, openCsv } from './read/index.js';
import { importResourceError } from './resource-errors.js';
import { mapHeaderRow } from './schema/headers.js';
import { storedName, TABLES } from './schema/tables.js';
import { localDay } from './schema/time.js';
import type { ColumnSpec } from './schema/types.js';
import { stepLog } from './step-log.js';
import type { ImportFileOptions, ImportResult } from './types.js';
import { newImportId } from './write/pipeline.js';

/** Events CSVs at least this big load through DuckDB's CSV reader (see fastEventsPlan). */
export const FAST_EVENTS_MIN_BYTES = 4 * 1024 * 1024;

/** How many of a file's first rows are checked before the whole file is staged. */
const SAMPLE_ROWS = 1000;

/** How often a large events import reports its progress. */
const PROGRESS_INTERVAL_MS = 250;

const spec = TABLES.events as NonNullable<(typeof TABLES)['events']>;
const COLUMNS = spec.columns.map(storedName);

/** How a large events CSV is read by DuckDB: which cell holds each canonical column, encoding, delimiter. */
export interface FastEventsPlan {
  /** canonical column -> index of the file's column that holds it (aliases and --map resolved) */
  columns: Map<string, number>;
  /** how many columns the header row has */
  width: number;
  /** header cells that fill no column (reported as a warning, like the row-by-row path does) */
  ignored: string[];
  encoding: TextEncoding;
  delimiter: string;
}

/**
 * How an events file takes the DuckDB read_csv path, or null when it must go row by row: a CSV of at least minBytes
 * in UTF-8 (with or without BOM) or GBK/GB18030 whose header row names every required column (canonical names,
 * Chinese or English aliases, or --map; the same header matching as the row-by-row path). A header the row-by-row
 * path would reject goes there, for its exact errors.
 */
export async function fastEventsPlan(
  opts: ImportFileOptions,
  minBytes = FAST_EVENTS_MIN_BYTES,
): Promise<FastEventsPlan | null> {
  if (statSync(opts.file).size < minBytes || fileKind(opts.file) !== 'csv') return null;
  const source = openCsv(opts.file);
  if (source.encoding !== 'utf8' && source.encoding !== 'gb18030') return null;
  for await (const batch of source.batches(undefined, 1)) {
    const header = batch[0]?.cells ?? [];
    const mapping = mapHeaderRow(spec, header, { file: path.basename(opts.file), line: 1, map: opts.map });
    if (mapping.errors.length > 0) return null;
    const columns = new Map(
      [...mapping.index].map(([name, at]) => [storedName(spec.columns.find((c) => c.name === name) as ColumnSpec), at]),
    );
    return {
      columns,
      width: header.length,
      ignored: mapping.ignored,
      encoding: source.encoding,
      delimiter: source.delimiter,
    };
  }
  return null;
}

/**
 * A GBK/GB18030 file transcoded to UTF-8 (DuckDB's reader takes UTF-8 only) in a new temp folder, streaming with
 * bounded memory; the caller removes the folder.
 */
async function utf8Copy(file: string): Promise<{ file: string; dir: string }> {
  // bytes that are not GBK/GB18030 decode as U+FFFD: the row-by-row path reports where they are
  const utf8Of = (text: string) => {
    if (text.includes('\uFFFD')) throw new RowByRow();
    return Buffer.from(text, 'utf8');
  };
  const dir = await mkdtemp(path.join(tmpdir(), 'yardstick-utf8-'));
  const copy = path.join(dir, 'events.csv');
  try {
    const decoder = createDecoder('gb18030');
    await pipeline(
      createReadStream(file, { highWaterMark: 1 << 20 }),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) yield utf8Of(decoder.write(chunk));
        yield utf8Of(decoder.end());
      },
      createWriteStream(copy),
    );
    return { file: copy, dir };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Loads a large events CSV (see fastEventsPlan; a GBK file through a UTF-8 copy) with DuckDB's own reader, in one
 * parallel pass, into a staged temp table (validated, normalised, URLs parsed, rows already stored dropped), derives
 * channels, bots, identities and sessions in temp tables, then writes everything in one short transaction: events
 * once, in file order. The scratch work runs outside the transaction but holding the engine (engine.exclusive):
 * DuckDB scans tables written inside an open transaction on one thread. Files with values SQL cannot take as they
 * are fall back to the row-by-row path (which produces the exact row/column errors). Progress comes by phase
 * (phasedProgress).
 */
export async function importEventsCsvFast(
  engine: Engine,
  opts: ImportFileOptions & { fileName: string; fileHash: string; plan?: FastEventsPlan },
  fallback: () => Promise<ImportResult>,
): Promise<ImportResult> {
  const plan = opts.plan ?? (await fastEventsPlan(opts, 0));
  if (!plan) return fallback();
  const importId = newImportId();
  const tz = config().timeZone;
  const started = new Date();
  const totalBytes = statSync(opts.file).size;
  // the file's columns by position (c0, c1, …): header cells may be Chinese, repeated or anything else
  const cell = (c: string) => {
    const at = plan.columns.get(c);
    return at === undefined ? undefined : `c${at}`;
  };
  // Long free-text columns are not trimmed: trim() on URLs and user agents doubles the load time, and exporters
  // do not pad them; ids, types and times are trimmed like the row-by-row path does.
  const LONG = new Set(['page_url', 'referrer', 'user_agent', 'properties']);
  const text = (c: string) => {
    const from = cell(c);
    if (!from) return 'NULL::VARCHAR';
    return LONG.has(c) ? `nullif(${from}, '')` : `nullif(trim(${from}), '')`;
  };
  const ident = (c: string) => engine.dialect.ident(c);
  // Invalid values (a required value missing or failing TRY_CAST, json() on bad JSON, an event_id twice in the file)
  // send the file to the row-by-row path, which reports the exact rows.
  const selects = COLUMNS.map((c) => {
    if (c === 'occurred_at') return `${utcTimestampSql('occurred_at')} AS occurred_at`;
    if (c === 'properties') return `json(${text(c)})::VARCHAR AS properties`;
    return `${text(c)} AS ${ident(c)}`;
  });
  const keyText = COLUMNS.map((c) =>
    c === 'occurred_at' ? `coalesce(strftime(occurred_at, '%Y-%m-%d %H:%M:%S.%g'), '')` : `coalesce(${ident(c)}, '')`,
  ).join(', chr(31), ');
  const columnTypes = `{${Array.from({ length: plan.width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  const stage = tempName('events_stage');
  const warnings = [
    ...(plan.ignored.length > 0 ? [`ignored columns: ${plan.ignored.join(', ')}`] : []),
    ...(plan.encoding !== 'utf8' ? [`decoded as ${plan.encoding.toUpperCase()}`] : []),
  ];
  const normalizedFrom = (file: string) => {
    const read = `read_csv(${sqlString(path.resolve(file))}, header = true, delim = ${sqlString(plan.delimiter)}, quote = '"', escape = '"', columns = ${columnTypes}, auto_detect = false)`;
    return `(SELECT *, coalesce(event_id, md5(concat(${keyText}))) AS row_key FROM (SELECT ${selects.join(', ')}
      FROM (SELECT *, ${cell('occurred_at') ? `nullif(trim(${cell('occurred_at')}), '')` : 'NULL::VARCHAR'} AS occurred_at FROM ${read})))`;
  };
  const log = stepLog(`import ${importId}`);
  let utf8: { file: string; dir: string } | undefined;
  try {
    if (plan.encoding !== 'utf8') utf8 = await utf8Copy(opts.file);
    const normalized = normalizedFrom(utf8?.file ?? opts.file);
    return await engine.exclusive(async (x) => {
      // progress while the engine is this import's: its statements are the ones running
      // the staging statement's progress is the file's: the sample and the counts around it say nothing of it
      let staging = false;
      const progress = phasedProgress({
        totalBytes,
        emit: (p) => opts.onProgress?.(p),
        statement: () => (staging ? (x.statementProgress?.() ?? null) : null),
        intervalMs: PROGRESS_INTERVAL_MS,
      });
      progress.tick();
      const [previous] = await x.query<{ tz: string }>("SELECT current_setting('TimeZone') AS tz");
      let prepared: PreparedEvents | undefined;
      try {
        // read, normalise, key and parse URLs into a temp table in file order (in one parallel pass)
        await x.exec('SET preserve_insertion_order = true');
        await x.exec(`SET TimeZone = ${sqlString(tz)}`);
        // the first rows first: a file whose times or required values SQL cannot read at all goes row by row at once,
        // not after staging all of it
        const [early] = await x.query<{ n: number }>(
          `SELECT count(*) AS n FROM (SELECT occurred_at, visitor_id, event_type FROM ${normalized} LIMIT ${SAMPLE_ROWS})
           WHERE occurred_at IS NULL OR visitor_id IS NULL OR event_type IS NULL`,
        );
        if (Number(early?.n ?? 0) > 0) throw new RowByRow();
        staging = true;
        await x.exec(`CREATE TEMP TABLE ${stage} AS ${stagedTouchSql(normalized)}`);
        staging = false;
        await x.exec(`SET TimeZone = ${sqlString(previous?.tz ?? 'UTC')}`);
        // the rest carries row ids explicitly, without the memory order preservation takes
        await x.exec('SET preserve_insertion_order = false');
        const [read] = await x.query<{ n: number }>(`SELECT count(*) AS n FROM ${stage}`);
        const rowsRead = Number(read?.n ?? 0);
        progress.rows(rowsRead);
        // rows already stored (semi-join on row_key) are dropped
        const [{ n: hasEvents } = { n: 0 }] = await x.query<{ n: number }>(
          'SELECT count(*) AS n FROM (SELECT 1 FROM events LIMIT 1)',
        );
        if (Number(hasEvents) > 0) {
          const [{ n: known } = { n: 0 }] = await x.query<{ n: number }>(
            `SELECT count(*) AS n FROM ${stage} s SEMI JOIN events e ON e.row_key = s.row_key`,
          );
          if (Number(known) > 0) await x.exec(`DELETE FROM ${stage} WHERE row_key IN (SELECT row_key FROM events)`);
        }
        log('staged');
        if (await needsRowByRow(x, stage)) throw new RowByRow();
        log('checked');
        const [written] = await x.query<{ n: number; lo: Date | null; hi: Date | null }>(
          `SELECT count(*) AS n, min(occurred_at) AS lo, max(occurred_at) AS hi FROM ${stage}`,
        );
        const inserted = Number(written?.n ?? 0);
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
          warnings,
        };
        if (opts.dryRun) {
          progress.done();
          return result;
        }
        progress.phase('derive');
        if (inserted > 0) prepared = await prepareStagedEvents(x, stage, importId);
        log('derived');
        progress.phase('write');
        // the one write transaction: all of it or none
        await x.transaction(async (tx) => {
          if (prepared) {
            await prepared.write(tx);
            const [{ n } = { n: 0 }] = await tx.query<{ n: number }>(
              'SELECT count(*) AS n FROM events WHERE import_id = $1',
              [importId],
            );
            if (Number(n) !== inserted) throw new Error(`events import: wrote ${n} rows of ${inserted}`);
            // the scratch tables go before the commit: its checkpoint then has their memory (a 1M-row append into
            // 10M events at a 512MB cap: commit 4.0 s vs 6.3 s); a rollback brings them back for the finally below
            await prepared.drop();
            await tx.exec(`DROP TABLE IF EXISTS ${stage}`);
          }
          await tx.exec(
            `INSERT INTO imports (import_id, format, target_table, file_name, file_hash, rows_read, rows_inserted,
               rows_updated, rows_skipped, rows_rejected, period_start, period_end, username, started_at, finished_at,
               status)
             VALUES ($1, $2, 'events', $3, $4, $5, $6, 0, $7, 0, $8::DATE, $9::DATE, $10, $11::TIMESTAMP,
               now()::TIMESTAMP, 'committed')`,
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
          log('written');
        });
        log('committed');
        progress.done();
        return result;
      } finally {
        progress.stop();
        await prepared?.drop();
        await x.exec(`DROP TABLE IF EXISTS ${stage}`).catch(() => undefined);
        await x.exec('SET preserve_insertion_order = false').catch(() => undefined);
        await x.exec(`SET TimeZone = ${sqlString(previous?.tz ?? 'UTC')}`).catch(() => undefined);
        log.end();
      }
    });
  } catch (error) {
    const resource = importResourceError(opts.fileName, error);
    if (resource) throw resource;
    if (
      error instanceof RowByRow ||
      /duplicate key|constraint|Conversion Error|Invalid Input|malformed JSON|CSV/i.test(
        String((error as Error).message),
      )
    ) {
      return await fallback();
    }
    throw error;
  } finally {
    if (utf8) await rm(utf8.dir, { recursive: true, force: true });
  }
}

/**
 * Wall-clock formats DuckDB's TIMESTAMPTZ cast does not read but the row-by-row path does (src/ingest/schema/dates.ts):
 * dotted and Chinese dates (2026.03.01, 2026年3月1日 10时30分), US month/day (3/1/2026 10:30 PM) and named months
 * (Mar 1, 2026), tried in order (compact dates such as 20260301103000 apart), only for values the cast leaves NULL and
 * only where the year has 4 digits, as the row-by-row path requires.
 */
const WALL_CLOCK_FORMATS = [
  ...['%Y.%m.%d', '%Y年%m月%d日', '%Y年%m月%d'].flatMap((d) => [
    `${d} %H:%M:%S`,
    `${d} %H:%M`,
    `${d}%H:%M:%S`,
    `${d}%H:%M`,
    `${d} %H时%M分%S秒`,
    `${d} %H时%M分`,
    `${d} %H时%M`,
    `${d}%H时%M分%S秒`,
    `${d}%H时%M分`,
    `${d}%H时%M`,
    d,
  ]),
  ...['%m/%d/%Y', '%b %d, %Y', '%b %d %Y', '%B %d, %Y', '%B %d %Y'].flatMap((d) => [
    `${d} %I:%M:%S %p`,
    `${d} %I:%M %p`,
    `${d}, %I:%M:%S %p`,
    `${d}, %I:%M %p`,
    `${d} %H:%M:%S`,
    `${d} %H:%M`,
    d,
  ]),
];

/**
 * SQL: a text timestamp as UTC. ISO times with an explicit ±HH:MM offset or Z (what exporters write) are shifted in
 * plain arithmetic; anything else (local times, other offset forms) goes through the TIMESTAMPTZ cast in the
 * session time zone, which is exact but several times slower, and what that cast cannot read through the wall-clock
 * formats of the row-by-row path (WALL_CLOCK_FORMATS) in the session time zone. NULL for anything else (the file
 * then goes row by row, which reports the row).
 */
export function utcTimestampSql(v: string): string {
  const local = (cut: number) => `TRY_CAST(left(${v}, length(${v}) - ${cut}) AS TIMESTAMP)`;
  const minutes = `(TRY_CAST(substr(${v}, -5, 2) AS INTEGER) * 60 + TRY_CAST(substr(${v}, -2, 2) AS INTEGER))`;
  // date, hours, minutes and seconds before the offset (as the TIMESTAMPTZ cast requires)
  const offset = `length(${v}) >= 25 AND substr(${v}, -3, 1) = ':'`;
  const formats = `[${WALL_CLOCK_FORMATS.map((f) => `'${f}'`).join(', ')}]`;
  // compact dates only with exactly the digits the row-by-row path takes (strptime would read 7 or 9 digits too)
  const compact = `CASE WHEN regexp_full_match(${v}, '\\d{8}([T ]?\\d{4}(\\d{2})?)?')
    THEN try_strptime(replace(replace(${v}, 'T', ''), ' ', ''), ['%Y%m%d%H%M%S', '%Y%m%d%H%M', '%Y%m%d']) END`;
  return `coalesce(
      CASE WHEN ${offset} AND substr(${v}, -6, 1) = '+' THEN ${local(6)} - to_minutes(${minutes})
        WHEN ${offset} AND substr(${v}, -6, 1) = '-' THEN ${local(6)} + to_minutes(${minutes})
        WHEN length(${v}) >= 20 AND ends_with(${v}, 'Z') THEN ${local(1)} END,
      timezone('UTC', coalesce(TRY_CAST(${v} AS TIMESTAMPTZ),
        coalesce(${compact}, CASE WHEN regexp_matches(${v}, '^\\d{4}\\D|^\\d{1,2}/|^[A-Za-z]') THEN try_strptime(${v}, ${formats}) END)::TIMESTAMPTZ)))`;
}

/**
 * Whether the staged rows need the row-by-row path for exact errors: a required value missing or unparseable, or
 * an event_id twice in the file. Rows repeated without an event_id (same content key) are kept once (the first),
 * as the row-by-row path does.
 */
async function needsRowByRow(x: Engine, stage: string): Promise<boolean> {
  const [bad] = await x.query<{ n: number }>(
    `SELECT count(*) AS n FROM ${stage} WHERE occurred_at IS NULL OR visitor_id IS NULL OR event_type IS NULL`,
  );
  if (Number(bad?.n ?? 0) > 0) return true;
  const [dup] = await x.query<{ keyed: boolean | null; n: number }>(
    `SELECT bool_or(keyed) AS keyed, count(*) AS n FROM (
       SELECT bool_or(event_id IS NOT NULL) AS keyed FROM ${stage} GROUP BY row_key HAVING count(*) > 1)`,
  );
  if (dup?.keyed) return true;
  if (Number(dup?.n ?? 0) > 0) {
    await x.exec(`DELETE FROM ${stage} WHERE rowid NOT IN (SELECT min(rowid) FROM ${stage} GROUP BY row_key)`);
  }
  return false;
}

/** Signals that the file must go through the row-by-row path (which reports the exact rows). */
class RowByRow extends Error {
  constructor() {
    super('row-by-row');
  }
}
