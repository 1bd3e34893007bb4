import type { Migration } from './index.js';

/** Cached metric results of locked periods, keyed by a hash of the request; see src/warehouse/metrics/cache.ts. */
export const metricCacheMigration: Migration = {
  id: 4,
  name: 'metric-cache',
  up: [
    `CREATE TABLE metric_cache (
      cache_key VARCHAR PRIMARY KEY, period_id VARCHAR NOT NULL, range_start DATE NOT NULL, range_end DATE NOT NULL,
      created_at TIMESTAMP NOT NULL, result VARCHAR NOT NULL
    )`,
  ],
};
