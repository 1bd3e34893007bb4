/**
 * Import benchmark: a generated events CSV loaded through `importFile` (validation, normalisation, derivation:
 * channels, bots, sessions, identities) next to DuckDB's raw `read_csv` of the same file into a plain table, in the
 * same run, plus appends into the already-loaded database.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { importFile } from '../src/ingest/index.js';
import { DuckDbEngine } from '../src/warehouse/duckdb/engine.js';
import { openWarehouse } from '../src/warehouse/index.js';

/** Throughput figures of one import benchmark run. */
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
  /** the imported database, kept when `keepDb` is set (the metric benchmark runs on it) */
  dbPath: string;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/** Runs the import benchmark on an events CSV, with scratch databases in dbDir. */
export async function runImportBench(opts: {
  eventsCsv: string;
  dbDir: string;
  keepDb?: boolean;
  /** other canonical CSVs (leads, orders, spend …) imported after the timed part, for the metric benchmark */
  extraFiles?: Record<string, string>;
}): Promise<ImportBenchResult> {
  const file = path.resolve(opts.eventsCsv);
  const rawDb = path.join(opts.dbDir, 'bench-raw.duckdb');
  const importDb = path.join(opts.dbDir, 'bench-import.duckdb');
  const appendCsv = path.join(opts.dbDir, 'bench-append.csv');
  for (const f of [rawDb, importDb, `${rawDb}.wal`, `${importDb}.wal`, appendCsv]) rmSync(f, { force: true });

  const raw = await DuckDbEngine.open(rawDb);
  let rawRun: { value: number; seconds: number };
  try {
    rawRun = await timed(async () => {
      await raw.exec(`CREATE TABLE raw_events AS SELECT * FROM read_csv(${quote(file)}, header = true)`);
      const [row] = await raw.query<{ n: number }>('SELECT count(*) AS n FROM raw_events');
      return Number(row?.n ?? 0);
    });
    // a slice of the file under new ids, for the append measurement
    await raw.exec(
      `COPY (SELECT * REPLACE (visitor_id || '-b' AS visitor_id, CASE WHEN event_id IS NULL THEN NULL ELSE event_id || '-b' END AS event_id)
         FROM raw_events LIMIT (SELECT greatest(1, count(*) // 10) FROM raw_events))
       TO ${quote(appendCsv)} (HEADER, DELIMITER ',')`,
    );
  } finally {
    await raw.close();
    rmSync(rawDb, { force: true });
  }

  const engine = await openWarehouse(importDb);
  try {
    const load = await timed(() => importFile(engine, { format: 'events', file, username: 'bench' }));
    const append = await timed(() => importFile(engine, { format: 'events', file: appendCsv, username: 'bench' }));
    const rows = load.value.inserted;
    for (const [format, extra] of Object.entries(opts.extraFiles ?? {})) {
      await importFile(engine, { format, file: extra, username: 'bench' });
    }
    return {
      import_rows_per_s: Math.round(rows / load.seconds),
      import_raw_rows_per_s: Math.round(rawRun.value / rawRun.seconds),
      ratio: Math.round((load.seconds / rawRun.seconds) * 100) / 100,
      append_rows_per_s: Math.round(append.value.inserted / append.seconds),
      rows,
      import_s: Math.round(load.seconds * 100) / 100,
      raw_s: Math.round(rawRun.seconds * 100) / 100,
      append_rows: append.value.inserted,
      dbPath: importDb,
    };
  } finally {
    await engine.close();
    const scratch = opts.keepDb ? [appendCsv] : [importDb, `${importDb}.wal`, appendCsv];
    for (const f of scratch) rmSync(f, { force: true });
  }
}
