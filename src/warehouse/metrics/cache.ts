import { createHash } from 'node:crypto';
import type { Engine } from '../engine.js';

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
 * The entry time uses the database clock (now()::TIMESTAMP), the same clock importers stamp finished_at and
 * rolled_back_at with, so the comparison holds whatever the server's time zone.
 *
 * Returns the cached result for a key unless an import or rollback touching [startDate, endDate] (or with no
 * recorded period) finished after the entry was written; otherwise computes, stores and returns it.
 */
export async function withMetricCache<T>(
  engine: Engine,
  key: string,
  range: CacheRange,
  compute: () => Promise<T>,
): Promise<T> {
  const [hit] = await engine.query<{ result: string; stale: number }>(
    `SELECT c.result, (SELECT count(*) FROM imports AS i
        WHERE (i.period_start IS NULL OR i.period_end IS NULL
               OR (i.period_start <= CAST($2 AS DATE) AND i.period_end >= CAST($3 AS DATE)))
          AND greatest(coalesce(i.finished_at, i.started_at), coalesce(i.rolled_back_at, i.started_at)) >= c.created_at) AS stale
     FROM metric_cache AS c WHERE c.cache_key = $1`,
    [key, range.endDate, range.startDate],
  );
  if (hit && Number(hit.stale) === 0) return JSON.parse(hit.result) as T;
  const result = await compute();
  await engine.transaction(async (tx) => {
    await tx.exec('DELETE FROM metric_cache WHERE cache_key = $1', [key]);
    await tx.exec(
      `INSERT INTO metric_cache (cache_key, period_id, range_start, range_end, created_at, result)
       VALUES ($1, $2, CAST($3 AS DATE), CAST($4 AS DATE), now()::TIMESTAMP, $5)`,
      [key, range.periodId, range.startDate, range.endDate, JSON.stringify(result)],
    );
  });
  return result;
}
