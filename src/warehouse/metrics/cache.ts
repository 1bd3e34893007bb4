import { createHash } from 'node:crypto';
import type { Engine } from '../engine.js';
import { timestampValue } from './sql-parts.js';

/** Stable hash of a request (keys sorted) used as the cache key. */
export function cacheKey(request: unknown): string {
  const stable = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(stable)
      : v && typeof v === 'object' && !(v instanceof Date)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, stable(x)]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(stable(request)))
    .digest('hex');
}

/** The local-date range of data a cached result depends on. */
export interface CacheRange {
  periodId: string;
  startDate: string;
  endDate: string;
}

/**
 * Returns the cached result for a key unless an import or rollback touching [startDate, endDate] (or with no
 * recorded period) finished after the entry was written; otherwise computes, stores and returns it.
 */
export async function withMetricCache<T>(
  engine: Engine,
  key: string,
  range: CacheRange,
  compute: () => Promise<T>,
): Promise<T> {
  const [hit] = await engine.query<{ result: string; created_at: Date }>(
    'SELECT result, created_at FROM metric_cache WHERE cache_key = $1',
    [key],
  );
  if (hit) {
    const [stale] = await engine.query<{ n: number }>(
      `SELECT count(*) AS n FROM imports
       WHERE (period_start IS NULL OR period_end IS NULL OR (period_start <= CAST($1 AS DATE) AND period_end >= CAST($2 AS DATE)))
         AND greatest(coalesce(finished_at, started_at), coalesce(rolled_back_at, started_at)) >= CAST($3 AS TIMESTAMP)`,
      [range.endDate, range.startDate, timestampValue(hit.created_at)],
    );
    if ((stale?.n ?? 0) === 0) return JSON.parse(hit.result) as T;
  }
  const result = await compute();
  await engine.transaction(async (tx) => {
    await tx.exec('DELETE FROM metric_cache WHERE cache_key = $1', [key]);
    await tx.exec(
      `INSERT INTO metric_cache (cache_key, period_id, range_start, range_end, created_at, result)
       VALUES ($1, $2, CAST($3 AS DATE), CAST($4 AS DATE), CAST($5 AS TIMESTAMP), $6)`,
      [key, range.periodId, range.startDate, range.endDate, timestampValue(new Date()), JSON.stringify(result)],
    );
  });
  return result;
}
