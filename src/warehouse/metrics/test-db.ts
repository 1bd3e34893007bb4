import { DuckDbEngine } from '../duckdb/engine.js';
import type { Engine } from '../engine.js';
import { factsMigration } from '../migrations/001-facts.js';
import { metricCacheMigration } from '../migrations/004-metric-cache.js';

/** Opens an in-memory DuckDB with the fact tables and the metric cache (test helper). */
export async function openTestWarehouse(): Promise<DuckDbEngine> {
  const engine = await DuckDbEngine.open(':memory:');
  for (const m of [factsMigration, metricCacheMigration]) for (const s of m.up) await engine.exec(s);
  return engine;
}

/** Appends rows given as objects (columns from the first row's keys, missing keys null). */
export async function insertRows(engine: Engine, table: string, rows: Record<string, unknown>[]): Promise<void> {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  await engine.append(
    table,
    columns,
    rows.map((r) => columns.map((c) => r[c] ?? null)),
  );
}
