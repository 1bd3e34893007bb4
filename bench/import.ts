/**
 * Import benchmark: a generated events CSV loaded through `importFile` (validation, normalisation, derivation:
 * channels, bots, sessions, identities) next to DuckDB's raw `read_csv` of the same file into a plain table, in the
 * same run, plus appends into the already-loaded database. The raw load and the import run in processes of their
 * own (`node --import tsx bench/import.ts --phase raw|import ...`), so the import's peak RSS is its own.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { importFile } from '../src/ingest/index.js';
import { DuckDbEngine } from '../src/warehouse/duckdb/engine.js';
import { openWarehouse } from '../src/warehouse/index.js';
import { reportFromChild, runInChild } from './child.js';
import { splitCsvRows } from './split.js';

/** Throughput and memory figures of one import benchmark run. */
export interface ImportBenchResult {
  import_rows_per_s: number;
  import_raw_rows_per_s: number;
  /** import time / raw read_csv time (target ≤ 1.5) */
  ratio: number;
  append_rows_per_s: number;
  rows: number;
  import_s: number;
  raw_s: number;
  append_rows: number;
  /** the checkpoint ending the timed import (part of import_s): writing what the commits deferred into the file */
  import_checkpoint_s: number;
  /** the checkpoint ending the timed append (part of its time) */
  append_checkpoint_s: number;
  /** high-water RSS of the importing process (import, append and the other files; node included) */
  import_peak_rss_mb: number;
  /** high-water RSS of the process of the raw read_csv load */
  raw_peak_rss_mb: number;
  /** how many consecutive parts the events file was imported as */
  parts: number;
  /** the imported database, kept when `keepDb` is set (the metric benchmark runs on it) */
  dbPath: string;
}

interface RawPhase {
  rows: number;
  seconds: number;
}

interface ImportPhase {
  rows: number;
  seconds: number;
  append_rows: number;
  append_seconds: number;
  /** the checkpoints that end the timed import and append (included in seconds and append_seconds) */
  checkpoint_seconds: number;
  append_checkpoint_seconds: number;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/**
 * DuckDB's raw read_csv of the file into a plain table (timed), then a tenth of the file under new visitor and
 * event ids written to appendCsv, for the append measurement.
 */
export async function runRawLoad(files: string[], rawDb: string, appendCsv: string): Promise<RawPhase> {
  for (const f of [rawDb, `${rawDb}.wal`, appendCsv]) rmSync(f, { force: true });
  const raw = await DuckDbEngine.open(rawDb);
  try {
    const run = await timed(async () => {
      const list = `[${files.map(quote).join(', ')}]`;
      await raw.exec(`CREATE TABLE raw_events AS SELECT * FROM read_csv(${list}, header = true)`);
      const [row] = await raw.query<{ n: number }>('SELECT count(*) AS n FROM raw_events');
      await raw.exec('CHECKPOINT');
      return Number(row?.n ?? 0);
    });
    await raw.exec(
      `COPY (SELECT * REPLACE (visitor_id || '-b' AS visitor_id, CASE WHEN event_id IS NULL THEN NULL ELSE event_id || '-b' END AS event_id)
         FROM raw_events LIMIT (SELECT greatest(1, count(*) // 10) FROM raw_events))
       TO ${quote(appendCsv)} (HEADER, DELIMITER ',')`,
    );
    return { rows: run.value, seconds: run.seconds };
  } finally {
    await raw.close();
    for (const f of [rawDb, `${rawDb}.wal`]) rmSync(f, { force: true });
  }
}

/**
 * The import (timed: one file, or the parts of one in turn), the append (timed) and the other canonical files
 * (untimed) into a new database. The raw load, the import and the append are each timed up to their data being
 * checkpointed into the database file.
 */
export async function runImportPhase(opts: {
  eventsCsv: string[];
  appendCsv: string;
  dbPath: string;
  extraFiles?: Record<string, string>;
}): Promise<ImportPhase> {
  for (const f of [opts.dbPath, `${opts.dbPath}.wal`]) rmSync(f, { force: true });
  const engine = await openWarehouse(opts.dbPath);
  try {
    const load = await timed(async () => {
      let inserted = 0;
      for (const file of opts.eventsCsv) {
        inserted += (await importFile(engine, { format: 'events', file, username: 'bench' })).inserted;
      }
      return { inserted, checkpoint: await timed(() => engine.exec('CHECKPOINT')) };
    });
    // each timed phase ends with a checkpoint: a commit that stays under DuckDB's WAL threshold defers the writing of
    // its changes into the database file to the next checkpoint, which the figure must not leave to a later caller
    const append = await timed(async () => {
      const result = await importFile(engine, { format: 'events', file: opts.appendCsv, username: 'bench' });
      return { ...result, checkpoint: await timed(() => engine.exec('CHECKPOINT')) };
    });
    for (const [format, extra] of Object.entries(opts.extraFiles ?? {})) {
      await importFile(engine, { format, file: extra, username: 'bench' });
    }
    return {
      rows: load.value.inserted,
      seconds: load.seconds,
      append_rows: append.value.inserted,
      append_seconds: append.seconds,
      checkpoint_seconds: load.value.checkpoint.seconds,
      append_checkpoint_seconds: append.value.checkpoint.seconds,
    };
  } finally {
    await engine.close();
  }
}

/** Runs the import benchmark on an events CSV, with scratch databases in dbDir: each phase in its own process. */
export async function runImportBench(opts: {
  eventsCsv: string;
  dbDir: string;
  keepDb?: boolean;
  /** other canonical CSVs (leads, orders, spend …) imported after the timed part, for the metric benchmark */
  extraFiles?: Record<string, string>;
  /**
   * import the events file as this many consecutive parts (an import, then appends of the later rows), each
   * needing a part's temp disk instead of the whole file's; the file is replaced by its parts. Default 1.
   */
  parts?: { count: number; rows: number };
}): Promise<ImportBenchResult> {
  const whole = path.resolve(opts.eventsCsv);
  let files = [whole];
  if (opts.parts && opts.parts.count > 1) {
    files = await splitCsvRows(whole, opts.parts.rows, opts.parts.count);
    rmSync(whole, { force: true });
  }
  const rawDb = path.join(opts.dbDir, 'bench-raw.duckdb');
  const importDb = path.join(opts.dbDir, 'bench-import.duckdb');
  const appendCsv = path.join(opts.dbDir, 'bench-append.csv');
  const extra = Object.entries(opts.extraFiles ?? {}).map(([format, f]) => `${format}=${path.resolve(f)}`);
  try {
    const fileArgs = [...files.flatMap((f) => ['--csv', f]), '--append', appendCsv];
    const raw = await runInChild<RawPhase>('./import.ts', ['--phase', 'raw', ...fileArgs, '--db', rawDb]);
    const imp = await runInChild<ImportPhase>('./import.ts', [
      '--phase',
      'import',
      ...fileArgs,
      '--db',
      importDb,
      ...(extra.length ? ['--extra', extra.join(',')] : []),
    ]);
    return {
      import_rows_per_s: Math.round(imp.rows / imp.seconds),
      import_raw_rows_per_s: Math.round(raw.rows / raw.seconds),
      ratio: Math.round((imp.seconds / raw.seconds) * 100) / 100,
      append_rows_per_s: Math.round(imp.append_rows / imp.append_seconds),
      rows: imp.rows,
      import_s: Math.round(imp.seconds * 100) / 100,
      raw_s: Math.round(raw.seconds * 100) / 100,
      append_rows: imp.append_rows,
      import_checkpoint_s: Math.round(imp.checkpoint_seconds * 100) / 100,
      append_checkpoint_s: Math.round(imp.append_checkpoint_seconds * 100) / 100,
      import_peak_rss_mb: imp.process_max_rss_mb,
      raw_peak_rss_mb: raw.process_max_rss_mb,
      parts: files.length,
      dbPath: importDb,
    };
  } finally {
    const scratch = [...(files.length > 1 ? files : []), appendCsv];
    if (!opts.keepDb) scratch.push(importDb, `${importDb}.wal`);
    for (const f of scratch) rmSync(f, { force: true });
  }
}

/**
 * `node --import tsx bench/import.ts --phase raw --csv FILE [--csv FILE ...] --db PATH --append FILE`, or
 * `... --phase import --csv FILE [--csv FILE ...] --db PATH --append FILE [--extra format=file,...]`: one phase of
 * the import benchmark in this process (several --csv: the parts of one file, read or imported in turn); prints its
 * figures as JSON on the last line.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      phase: { type: 'string' },
      csv: { type: 'string', multiple: true },
      db: { type: 'string' },
      append: { type: 'string' },
      extra: { type: 'string' },
    },
  });
  const { phase, csv, db, append } = values;
  if (!csv?.length || !db || !append || (phase !== 'raw' && phase !== 'import')) {
    throw new Error(
      'usage: bench/import.ts --phase raw|import --csv FILE [--csv FILE...] --db PATH --append FILE [--extra f=file,...]',
    );
  }
  if (phase === 'raw') {
    reportFromChild(await runRawLoad(csv, db, append));
    return;
  }
  const extraFiles = Object.fromEntries(
    (values.extra ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
  );
  reportFromChild(await runImportPhase({ eventsCsv: csv, appendCsv: append, dbPath: db, extraFiles }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
