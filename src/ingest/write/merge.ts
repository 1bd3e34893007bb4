import type { Engine } from '../../warehouse/engine.js';

/** Counts of one merge of staged rows into a fact table. */
export interface MergeCounts {
  inserted: number;
  updated: number;
  skipped: number;
  periodStart: string | null;
  periodEnd: string | null;
}

function day(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/**
 * Merges a staging table into a fact table: rows whose key exists with the same hash are skipped, rows whose key
 * exists with other values replace it (the old version is kept in row_versions), the rest are inserted.
 */
export async function mergeStage(
  tx: Engine,
  opts: {
    stage: string;
    table: string;
    columns: string[];
    importId: string;
    /** The table's date (instant: TIMESTAMP in UTC) columns; their range over the changed rows is the import's period. */
    timeColumns: { name: string; instant: boolean }[];
    timeZone: string;
  },
): Promise<MergeCounts> {
  const { stage, importId } = opts;
  const table = tx.dialect.ident(opts.table);
  const changed = `FROM ${stage} s LEFT JOIN ${table} t ON t.row_key = s.row_key
    WHERE t.row_key IS NULL OR t.row_hash IS DISTINCT FROM s.row_hash`;
  let periodStart: string | null = null;
  let periodEnd: string | null = null;
  if (opts.timeColumns.length > 0) {
    // every date of the new rows and of the rows they replace: a lead created in Q1 whose won date moves into Q2
    // touches both quarters (the metric cache of a locked period relies on this range)
    const local = (alias: string, c: { name: string; instant: boolean }) => {
      const col = `${alias}.${tx.dialect.ident(c.name)}`;
      return c.instant ? `CAST(timezone($1, timezone('UTC', ${col})) AS DATE)` : `CAST(${col} AS DATE)`;
    };
    const dates = ['s', 't'].flatMap((alias) => opts.timeColumns.map((c) => local(alias, c))).join(', ');
    const [range] = await tx.query<{ lo: unknown; hi: unknown }>(
      `SELECT min(least(${dates}))::VARCHAR AS lo, max(greatest(${dates}))::VARCHAR AS hi ${changed}`,
      opts.timeColumns.some((c) => c.instant) ? [opts.timeZone] : [],
    );
    periodStart = day(range?.lo);
    periodEnd = day(range?.hi);
  }
  const [counts] = await tx.query<{ total: number; skipped: number; updated: number }>(
    `SELECT count(*) AS total,
       count(*) FILTER (WHERE t.row_key IS NOT NULL AND t.row_hash IS NOT DISTINCT FROM s.row_hash) AS skipped,
       count(*) FILTER (WHERE t.row_key IS NOT NULL AND t.row_hash IS DISTINCT FROM s.row_hash) AS updated
     FROM ${stage} s LEFT JOIN ${table} t ON t.row_key = s.row_key`,
  );
  const total = Number(counts?.total ?? 0);
  const skipped = Number(counts?.skipped ?? 0);
  const updated = Number(counts?.updated ?? 0);
  if (updated > 0) {
    await tx.exec(
      `INSERT INTO row_versions (import_id, table_name, row_key, old_row, replaced_at)
       SELECT $1, $2, t.row_key, to_json(t)::VARCHAR, now()::TIMESTAMP
       FROM ${table} t JOIN ${stage} s ON t.row_key = s.row_key
       WHERE t.row_hash IS DISTINCT FROM s.row_hash
       ON CONFLICT DO NOTHING`,
      [importId, opts.table],
    );
    await tx.exec(
      `DELETE FROM ${table} WHERE row_key IN (
         SELECT s.row_key FROM ${stage} s JOIN ${table} t ON t.row_key = s.row_key
         WHERE t.row_hash IS DISTINCT FROM s.row_hash)`,
    );
  }
  const cols = opts.columns.map((c) => tx.dialect.ident(c)).join(', ');
  if (total - skipped > 0) {
    await tx.exec(
      `INSERT INTO ${table} (${cols}, import_id)
       SELECT ${opts.columns.map((c) => `s.${tx.dialect.ident(c)}`).join(', ')}, $1
       FROM ${stage} s WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.row_key = s.row_key)`,
      [importId],
    );
  }
  return { inserted: total - skipped - updated, updated, skipped, periodStart, periodEnd };
}
