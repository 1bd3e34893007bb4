import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKpiCatalog } from '../core/kpi/index.js';
import type { DuckDbEngine } from '../warehouse/duckdb/engine.js';
import { insertRows, openTestWarehouse } from '../warehouse/metrics/test-db.js';
import { computeMetrics, explainMetric, metricAttributionModel } from './metrics.js';

const options = { timeZone: 'Asia/Shanghai' };
let engine: DuckDbEngine;

/**
 * Three buyers in 2026-05 (times UTC, all inside the Shanghai month), two channels:
 *   A: 百度SEM (05-01), 抖音 (05-03) → order 300 (recorded channel 百度SEM)
 *   B: 抖音 (05-02)                   → order 100 (recorded channel 抖音)
 *   C: 抖音 (05-01), 百度SEM (05-02), 百度SEM (05-06) → order 600 (recorded channel 百度SEM)
 * Spend in May: 百度SEM 200, 抖音 100.
 */
beforeAll(async () => {
  engine = await openTestWarehouse();
  const ses = (k: string, person: string, at: string, channel: string) => ({
    session_key: k,
    visitor_id: `v-${person}`,
    person_key: person,
    started_at: at,
    ended_at: at,
    channel,
    is_bot: false,
    events: 1,
    pageviews: 1,
  });
  await insertRows(engine, 'sessions', [
    ses('a1', 'A', '2026-05-01 02:00:00', '百度SEM'),
    ses('a2', 'A', '2026-05-03 02:00:00', '抖音'),
    ses('b1', 'B', '2026-05-02 02:00:00', '抖音'),
    ses('c1', 'C', '2026-05-01 02:00:00', '抖音'),
    ses('c2', 'C', '2026-05-02 02:00:00', '百度SEM'),
    ses('c3', 'C', '2026-05-06 02:00:00', '百度SEM'),
  ]);
  const order = (k: string, person: string, at: string, amount: string, channel: string) => ({
    row_key: k,
    order_id: k,
    customer_id: `cust-${person}`,
    person_key: person,
    ordered_at: at,
    status: 'paid',
    amount,
    channel,
  });
  await insertRows(engine, 'orders', [
    order('OA', 'A', '2026-05-05 02:00:00', '300.00', '百度SEM'),
    order('OB', 'B', '2026-05-04 02:00:00', '100.00', '抖音'),
    order('OC', 'C', '2026-05-07 02:00:00', '600.00', '百度SEM'),
  ]);
  await insertRows(engine, 'spend', [
    { row_key: 'sp1', date: '2026-05-10', amount: '200.00', channel: '百度SEM', owner_id: 'p01' },
    { row_key: 'sp2', date: '2026-05-10', amount: '100.00', channel: '抖音', owner_id: 'p02' },
  ]);
});
afterAll(async () => {
  await engine.close();
});

const roiByChannel = async (attribution?: string, catalog?: ReturnType<typeof loadKpiCatalog>) => {
  const cells = await computeMetrics(
    engine,
    { kpis: ['channel_roi'], period: '2026-05', by: ['channel'], ...(attribution ? { attribution } : {}) },
    { ...options, ...(catalog ? { catalog } : {}) },
  );
  return Object.fromEntries(cells.map((c) => [String(c.channel), { value: c.value, model: c.attribution_model }]));
};

describe('channel_roi under an attribution model', () => {
  it.each([
    // order_channel: 百度SEM 300 + 600 = 900, 抖音 100
    ['order_channel', (900 - 200) / 200, (100 - 100) / 100],
    // last touch: A → 抖音 300, B → 抖音 100, C → 百度SEM 600
    ['last_touch', (600 - 200) / 200, (400 - 100) / 100],
    // first touch: A → 百度SEM 300, B → 抖音 100, C → 抖音 600
    ['first_touch', (300 - 200) / 200, (700 - 100) / 100],
    // linear, a share per touch: A 150/150, B 抖音 100, C 抖音 200 + 百度SEM 2 × 200 → 百度SEM 550, 抖音 450
    ['linear', (550 - 200) / 200, (450 - 100) / 100],
  ])('%s', async (model, sem, douyin) => {
    const got = await roiByChannel(model);
    expect(got.百度SEM?.value).toBeCloseTo(sem, 10);
    expect(got.抖音?.value).toBeCloseTo(douyin, 10);
    expect(got.百度SEM?.model).toBe(model);
    expect(got.抖音?.model).toBe(model);
  });

  it('defaults to the order channel', async () => {
    const got = await roiByChannel();
    expect(got.百度SEM).toEqual({ value: 3.5, model: 'order_channel' });
  });

  it('takes the default from the KPI version (measure_options.attribution_model); the request overrides it', async () => {
    const catalog = loadKpiCatalog({
      versions: {
        channel_roi: [
          {
            version: 'v2',
            effective_from: '2026-04-01',
            formula: '(attributed_revenue - spend) / spend',
            measure_options: { attribution_model: 'linear' },
          },
        ],
      },
    });
    const configured = await roiByChannel(undefined, catalog);
    expect(configured.抖音).toEqual({ value: 3.5, model: 'linear' });
    expect((await roiByChannel('last_touch', catalog)).抖音).toEqual({ value: 3, model: 'last_touch' });
    const bad = loadKpiCatalog({
      versions: {
        channel_roi: [
          {
            version: 'v2',
            effective_from: '2026-04-01',
            formula: '(attributed_revenue - spend) / spend',
            measure_options: { attribution_model: 'nope' },
          },
        ],
      },
    });
    await expect(roiByChannel(undefined, bad)).rejects.toThrow(
      'KPI "channel_roi" version v2 measure_options.attribution_model: unknown attribution model "nope"',
    );
  });

  it('credits whole-department ROI and a channel scope; other cuts are unsupported', async () => {
    const [roi] = await computeMetrics(engine, { kpis: ['roi'], period: '2026-05', attribution: 'linear' }, options);
    expect(roi?.value).toBeCloseTo((1000 - 300) / 300, 10);
    expect(roi?.attribution_model).toBe('linear');
    const [scoped] = await computeMetrics(
      engine,
      { kpis: ['roas'], period: '2026-05', scope: { channel: '抖音' }, attribution: 'last_touch' },
      options,
    );
    expect(scoped?.value).toBeCloseTo(400 / 100, 10);
    const [byOwner] = await computeMetrics(
      engine,
      { kpis: ['roi'], period: '2026-05', by: ['owner'], attribution: 'linear' },
      options,
    );
    expect(byOwner).toMatchObject({ quality: 'unsupported_dimension', attribution_model: 'linear' });
  });

  it('names the model in the lineage', async () => {
    const lineage = await explainMetric(engine, { kpi: 'roi', period: '2026-05', attribution: 'last_touch' }, options);
    expect(lineage.attribution_model).toBe('last_touch');
    expect(lineage.value).toBeCloseTo((1000 - 300) / 300, 10);
    expect((await explainMetric(engine, { kpi: 'roi', period: '2026-05' }, options)).attribution_model).toBe(
      'order_channel',
    );
  });

  it('accepts aliases and rejects unknown names, naming the field', () => {
    expect(metricAttributionModel('Linear_Touch', '--attribution')).toBe('linear');
    expect(metricAttributionModel('order_channel', 'attribution')).toBe('order_channel');
    expect(() => metricAttributionModel('magic', '--attribution')).toThrow('--attribution: unknown attribution model');
  });
});
