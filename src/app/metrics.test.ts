import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../warehouse/duckdb/engine.js';
import { loadFixture } from '../warehouse/metrics/fixture.js';
import { insertRows, openTestWarehouse } from '../warehouse/metrics/test-db.js';
import { computeMetrics, dashboard, explainMetric, funnelCohort } from './metrics.js';

const options = { timeZone: 'Asia/Shanghai' };
let engine: DuckDbEngine;

beforeAll(async () => {
  engine = await openTestWarehouse();
  await loadFixture(engine);
});
afterAll(async () => {
  await engine.close();
});

describe('explainMetric', () => {
  it('gives version, formula, SQL, measure values and source rows', async () => {
    const lineage = await explainMetric(engine, { kpi: 'cpl', period: '2026-Q1' }, options);
    expect(lineage).toMatchObject({
      kpi: 'cpl',
      version: 'v1',
      effective_from: '2025-01-01',
      formula: 'spend / leads',
    });
    expect(lineage.value).toBeCloseTo(25.1, 10);
    expect(lineage.sql).toHaveLength(2);
    expect(lineage.params).toHaveLength(2);
    expect(lineage.measures.spend).toEqual({
      value: 100.4,
      table: 'spend',
      source: 'rows',
      source_row_ids: ['sp1', 'sp2', 'sp3'],
    });
    expect(lineage.measures.leads).toMatchObject({
      value: 4,
      table: 'leads',
      source_row_ids: ['L1', 'L2', 'L3', 'L4'],
    });
  });

  it('traces versioned and scoped measures to their rows', async () => {
    const lineage = await explainMetric(
      engine,
      { kpi: 'mql_count', period: '2026-Q1', version: '2026-04-01' },
      options,
    );
    expect(lineage.version).toBe('v2');
    expect(lineage.measures.mqls?.source_row_ids).toEqual(['L1']);
    const scoped = await explainMetric(
      engine,
      { kpi: 'online_revenue', period: '2026-Q1', scope: { channel: '抖音' } },
      options,
    );
    expect(scoped.value).toBe(30); // O3 30 + O4 20 − O4 refunded 20
    expect(scoped.measures.revenue?.source_row_ids).toEqual(['O3', 'O4']);
  });

  it('names the missing table for an empty period', async () => {
    const lineage = await explainMetric(engine, { kpi: 'uv', period: '2027-01' }, options);
    expect(lineage).toMatchObject({ value: null, quality: 'missing_source' });
    expect(lineage.measures.visitors).toMatchObject({ source: 'missing', table: 'events', source_row_ids: [] });
  });
});

describe('funnelCohort', () => {
  it('follows the MQL cohort to SQL and won with median lags', async () => {
    const f = await funnelCohort(engine, { period: '2026-Q1' }, options);
    // cohort L1 L2 L3; SQL: L1 (82 days, 01-10 → 04-02), L2 (10 days); won: L2 (23 days after SQL)
    expect(f.stages).toEqual([
      { stage: 'mql', count: 3, share: 1 },
      { stage: 'sql', count: 2, share: 2 / 3 },
      { stage: 'won', count: 1, share: 1 / 3 },
    ]);
    expect(f.median_days_mql_to_sql).toBeCloseTo(46, 10);
    expect(f.median_days_sql_to_won).toBeCloseTo(23, 10);
  });

  it('applies the v2 MQL rule and scope', async () => {
    const f = await funnelCohort(
      engine,
      { period: '2026-Q1', version: '2026-04-01', scope: { owner: 'p02' } },
      options,
    );
    expect(f.stages[0]).toEqual({ stage: 'mql', count: 0, share: null });
  });
});

describe('cache of locked periods', () => {
  it('serves a locked period from the cache until an import touches it', async () => {
    const locked = { ...options, isLocked: (id: string) => id === '2026-Q1' };
    const first = await computeMetrics(engine, { kpis: ['leads'], period: '2026-Q1' }, locked);
    expect(first[0]?.value).toBe(4);
    await insertRows(engine, 'leads', [{ row_key: 'L9', lead_id: 'L9', created_at: '2026-03-01 00:00:00' }]);
    // no import recorded yet: the cached value stands; an unlocked request sees the new row
    expect((await computeMetrics(engine, { kpis: ['leads'], period: '2026-Q1' }, locked))[0]?.value).toBe(4);
    expect((await computeMetrics(engine, { kpis: ['leads'], period: '2026-Q1' }, options))[0]?.value).toBe(5);
    // an import of another period leaves the entry valid; one overlapping Q1 invalidates it
    const imp = (id: string, start: string, end: string) => ({
      import_id: id,
      format: 'leads',
      target_table: 'leads',
      period_start: start,
      period_end: end,
      started_at: new Date(),
      finished_at: new Date(Date.now() + 1000),
      status: 'done',
    });
    await insertRows(engine, 'imports', [imp('i1', '2026-05-01', '2026-05-31')]);
    expect((await computeMetrics(engine, { kpis: ['leads'], period: '2026-Q1' }, locked))[0]?.value).toBe(4);
    await insertRows(engine, 'imports', [imp('i2', '2026-03-01', '2026-03-01')]);
    expect((await computeMetrics(engine, { kpis: ['leads'], period: '2026-Q1' }, locked))[0]?.value).toBe(5);
    await engine.exec("DELETE FROM leads WHERE lead_id = 'L9'");
    await engine.exec('DELETE FROM imports');
  });
});

describe('dashboard', () => {
  it('caches a locked period until an import touches it', async () => {
    const locked = { ...options, isLocked: () => true };
    const spendTile = async (o: typeof options) =>
      (await dashboard(engine, { period: '2026-03' }, o)).tiles.find((t) => t.kpi === 'spend')?.value;
    expect(await spendTile(locked)).toBeCloseTo(0.1, 10); // sp3 on 03-31
    await insertRows(engine, 'spend', [{ row_key: 'sp9', date: '2026-03-15', amount: '1.00', channel: '抖音' }]);
    expect(await spendTile(locked)).toBeCloseTo(0.1, 10);
    expect(await spendTile(options)).toBeCloseTo(1.1, 10);
    await insertRows(engine, 'imports', [
      {
        import_id: 'i9',
        format: 'spend',
        target_table: 'spend',
        period_start: '2026-03-15',
        period_end: '2026-03-15',
        started_at: new Date(),
        finished_at: new Date(Date.now() + 1000),
        status: 'done',
      },
    ]);
    expect(await spendTile(locked)).toBeCloseTo(1.1, 10);
    await engine.exec("DELETE FROM spend WHERE row_key = 'sp9'");
    await engine.exec('DELETE FROM imports');
  });

  it('has tiles, funnel, channel table and a 12-month trend', async () => {
    const d = await dashboard(engine, { period: '2026-Q1' }, options);
    expect(d.tiles.map((t) => t.kpi)).toContain('online_revenue');
    expect(d.tiles.find((t) => t.kpi === 'leads')).toMatchObject({
      name_zh: '线索量',
      value: 4,
      previous: 1,
      growth: 3,
    });
    expect(d.funnel.map((s) => [s.stage, s.value])).toEqual([
      ['visitors', 3],
      ['leads', 4],
      ['mql', 3],
      ['sql', 2],
      ['won', 2],
    ]);
    expect(d.funnel[2]?.rate).toBeCloseTo(3 / 4, 10);
    const sem = d.channels.find((c) => c.channel === '百度SEM');
    expect(sem).toMatchObject({ sessions: 1, leads: 1, spend: 100.1, revenue: 155 });
    expect(sem?.roi).toBeCloseTo((155 - 100.1) / 100.1, 10);
    expect(d.trend.map((t) => t.period)).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(d.trend.find((t) => t.period === '2026-03')).toMatchObject({ leads: 1, online_revenue: 45 }); // L4; O8 40 + O9 5 + O4 20 − 20
    expect(d.trend.find((t) => t.period === '2025-05')?.leads).toBeNull(); // no data: null, not 0
  });
});
