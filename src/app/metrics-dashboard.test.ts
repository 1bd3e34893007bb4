import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../warehouse/duckdb/engine.js';
import { insertRows, openTestWarehouse } from '../warehouse/metrics/test-db.js';
import { dashboard } from './metrics.js';

const TZ = 'Asia/Shanghai';
let engine: DuckDbEngine;

const lead = (k: string, mqlAt: string, score: number | null, segment: string | null) => ({
  row_key: k,
  lead_id: k,
  created_at: mqlAt,
  mql_at: mqlAt,
  channel: '抖音',
  owner_id: 'p01',
  lead_score: score,
  segment,
});

/**
 * mql_count v1 counts every lead reaching MQL; v2 (from 2026-04-01) only those scoring ≥ 60, or unscored and not
 * students. By hand: March has M1 (80) and M2 (40) → v1 2, v2 1; April has M3 (30, student), M4 (90) and
 * M5 (unscored, enterprise) → v1 3, v2 2.
 */
beforeAll(async () => {
  engine = await openTestWarehouse();
  await insertRows(engine, 'leads', [
    lead('M1', '2026-03-10 02:00:00', 80, 'enterprise'),
    lead('M2', '2026-03-12 02:00:00', 40, 'enterprise'),
    lead('M3', '2026-04-10 02:00:00', 30, 'student'),
    lead('M4', '2026-04-11 02:00:00', 90, null),
    lead('M5', '2026-04-12 02:00:00', null, 'enterprise'),
  ]);
});
afterAll(async () => {
  await engine.close();
});

const month = (d: Awaited<ReturnType<typeof dashboard>>, id: string) => ({
  mql_count: d.trend.find((t) => t.period === id)?.mql_count,
  version: d.trend_versions.find((t) => t.period === id)?.mql_count,
});

describe('dashboard trend', () => {
  it.each([
    ['2026-04', '1970-01-01'], // every month open: all computed in one plan
    ['2026-04', '2026-11-01'], // closed months from the cache, April from the tiles
    ['2026-Q2', '2026-04-20'], // March closed, April open
  ])('uses the definition version in force in each month (%s, now %s)', async (period, now) => {
    const d = await dashboard(engine, { period }, { timeZone: TZ, now: new Date(`${now}T00:00:00Z`), live: true });
    expect(month(d, '2026-03')).toEqual({ mql_count: 2, version: 'v1' });
    expect(month(d, '2026-04')).toEqual({ mql_count: 2, version: 'v2' });
    expect(d.trend_versions.map((t) => t.period)).toEqual(d.trend.map((t) => t.period));
  });

  it('keeps closed months cached until any import or rollback finishes', async () => {
    const now = new Date('2026-11-01T00:00:00Z');
    const march = async (n = now) =>
      month(await dashboard(engine, { period: '2026-04' }, { timeZone: TZ, now: n, live: true }), '2026-03').mql_count;
    expect(await march()).toBe(2);
    await insertRows(engine, 'leads', [lead('M6', '2026-03-20 02:00:00', 10, null)]);
    expect(await march()).toBe(2); // no import recorded: the cached month stands
    expect(await march(new Date(0))).toBe(3); // computed live
    // an import of any period invalidates it: a lead update can move stage dates into other months
    await insertRows(engine, 'imports', [
      {
        import_id: 'i1',
        format: 'leads',
        target_table: 'leads',
        period_start: '2020-01-01',
        period_end: '2020-01-01',
        started_at: new Date(),
        finished_at: new Date(Date.now() + 1000),
        status: 'done',
      },
    ]);
    expect(await march()).toBe(3);
    await engine.exec("DELETE FROM leads WHERE lead_id = 'M6'");
    await engine.exec('DELETE FROM imports');
    await engine.exec('DELETE FROM metric_cache');
  });
});
