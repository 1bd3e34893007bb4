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
 * The entry time is read from the database clock (now()::TIMESTAMP, the clock importers stamp finished_at and
 * rolled_back_at with) BEFORE the result is computed, so an import finishing while it is computed makes the entry
 * stale at once instead of slipping under it.
 *
 * Returns the cached result for a key unless an import or rollback touching [startDate, endDate] (or with no
 * recorded period) finished after the entry was started; otherwise computes, stores and returns it.
 */
export async function withMetricCache<T>(
  engine: Engine,
  key: string,
  range: CacheRange,
  compute: () => Promise<T>,
): Promise<T> {
  const results = await withMetricCacheMany<T>(engine, [{ key, range }], async () => new Map([[key, await compute()]]));
  return results.get(key) as T;
}

/** Range of a cache entry that any import or rollback invalidates, whatever period it touched. */
export const ANY_IMPORT: Omit<CacheRange, 'periodId'> = { startDate: '0001-01-01', endDate: '9999-12-31' };

/**
 * Several entries in one look-up: returns the valid cached results by key and computes the missing ones in one
 * call (`compute(missingKeys)` returns a result per key), storing them. Validity as in withMetricCache.
 */
export async function withMetricCacheMany<T>(
  engine: Engine,
  entries: { key: string; range: CacheRange }[],
  compute: (missing: string[]) => Promise<Map<string, T>>,
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  if (entries.length === 0) return out;
  const keys = entries.map((e) => e.key);
  const placeholders = keys.map((_, i) => engine.dialect.param(i + 1)).join(', ');
  const hits = await engine.query<{ cache_key: string; result: string }>(
    `SELECT c.cache_key, c.result FROM metric_cache AS c
     WHERE c.cache_key IN (${placeholders}) AND NOT EXISTS (SELECT 1 FROM imports AS i
        WHERE (i.period_start IS NULL OR i.period_end IS NULL
               OR (i.period_start <= c.range_end AND i.period_end >= c.range_start))
          AND greatest(coalesce(i.finished_at, i.started_at), coalesce(i.rolled_back_at, i.started_at)) >= c.created_at)`,
    keys,
  );
  for (const h of hits) out.set(h.cache_key, JSON.parse(h.result) as T);
  const missing = entries.filter((e) => !out.has(e.key));
  if (missing.length === 0) return out;
  const [stamp] = await engine.query<{ at: string }>("SELECT strftime(now()::TIMESTAMP, '%Y-%m-%d %H:%M:%S.%f') AS at");
  const computed = await compute(missing.map((e) => e.key));
  await engine.transaction(async (tx) => {
    for (const e of missing) {
      const result = computed.get(e.key);
      if (result === undefined) continue;
      out.set(e.key, result);
      await tx.exec('DELETE FROM metric_cache WHERE cache_key = $1', [e.key]);
      await tx.exec(
        `INSERT INTO metric_cache (cache_key, period_id, range_start, range_end, created_at, result)
         VALUES ($1, $2, CAST($3 AS DATE), CAST($4 AS DATE), CAST($5 AS TIMESTAMP), $6)`,
        [e.key, e.range.periodId, e.range.startDate, e.range.endDate, stamp!.at, JSON.stringify(result)],
      );
    }
  });
  return out;
}

/**
 * Version of the owners' team assignments (people edits are not imports): part of the cache key of results
 * scoped or grouped by team, so moving a person to another team is never served from an older entry.
 */
export async function teamAssignmentsVersion(engine: Engine): Promise<string> {
  const [row] = await engine.query<{ n: number; h: string }>(
    'SELECT count(*) AS n, CAST(coalesce(sum(hash(person_id, team)), 0) AS VARCHAR) AS h FROM people',
  );
  return `${row?.n ?? 0}:${row?.h ?? '0'}`;
}
