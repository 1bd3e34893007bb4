import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.js';
import { openWarehouse } from '../index.js';
import { ANY_IMPORT, cacheKey, withMetricCache } from './cache.js';

let engine: Engine;
const range = { periodId: '2026-03', ...ANY_IMPORT };

beforeEach(async () => {
  engine = await openWarehouse(':memory:');
});
afterEach(async () => {
  await engine.close();
});

const recordImport = (id: string) =>
  engine.exec(
    `INSERT INTO imports (import_id, format, target_table, file_name, file_hash, rows_read, rows_inserted, rows_updated,
       rows_skipped, rows_rejected, period_start, period_end, started_at, finished_at, status)
     VALUES ($1, 'events', 'events', 'f', $1, 1, 1, 0, 0, 0, DATE '2026-03-02', DATE '2026-03-02', now()::TIMESTAMP,
       now()::TIMESTAMP, 'committed')`,
    [id],
  );

describe('withMetricCache', () => {
  it('serves a stored result until an import finishes', async () => {
    const key = cacheKey({ k: 1 });
    expect(await withMetricCache(engine, key, range, async () => 'a')).toBe('a');
    expect(await withMetricCache(engine, key, range, async () => 'b')).toBe('a');
    await recordImport('i1');
    expect(await withMetricCache(engine, key, range, async () => 'c')).toBe('c');
  });

  it('never keeps a result computed while an import finished (the entry dates from before the computation)', async () => {
    const key = cacheKey({ k: 2 });
    // the import commits after the computation read the data, before the result is stored
    const stale = await withMetricCache(engine, key, range, async () => {
      await recordImport('i2');
      return 'read before the import';
    });
    expect(stale).toBe('read before the import');
    expect(await withMetricCache(engine, key, range, async () => 'fresh')).toBe('fresh');
  });
});
