import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAnalyticsWarehouse } from '../../test/fixtures/analytics/warehouse.js';
import { parsePeriod } from '../core/periods/index.js';
import { DuckDbEngine } from '../warehouse/duckdb/engine.js';
import type { Engine } from '../warehouse/engine.js';
import { migrate } from '../warehouse/migrations/index.js';
import {
  analyseExperiments,
  attributedRevenueByChannel,
  attributionFromWarehouse,
  retentionReport,
  surveyReport,
} from './analytics.js';

let engine: Engine;
const period = parsePeriod('2026-03', 'Asia/Shanghai');

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
  await migrate(engine);
  await seedAnalyticsWarehouse(engine);
});
afterAll(async () => engine.close());

const byChannel = (rows: { channel: string; conversions: number; value: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.channel, [Math.round(r.conversions * 1e9) / 1e9, r.value]]));

describe('attribution from the warehouse', () => {
  it.each<[string, 'orders' | 'all', Record<string, [number, number]>]>([
    ['last_touch', 'orders', { sem: [1, 100], Direct: [1, 50.5] }],
    ['last_non_direct', 'orders', { sem: [1, 100], wechat: [1, 50.5] }],
    ['first_touch', 'orders', { seo: [1, 100], wechat: [1, 50.5] }],
    ['linear', 'all', { wechat: [1.5, 25.25], seo: [0.5, 50], sem: [0.5, 50], Direct: [0.5, 25.25] }],
  ])('%s over %s conversions', async (model, conversion, expected) => {
    const result = await attributionFromWarehouse(engine, { period, models: [model as 'linear'], conversion });
    const rows = result.credits[model]!.filter((r) => r.conversions !== 0 || r.value !== 0);
    expect(byChannel(rows)).toEqual(expected);
  });

  it('a short lookback drops older touches', async () => {
    const result = await attributionFromWarehouse(engine, {
      period,
      models: ['first_touch'],
      conversion: 'orders',
      lookbackDays: 5,
    });
    expect(byChannel(result.credits.first_touch!.filter((r) => r.conversions > 0))).toEqual({
      sem: [1, 100],
      wechat: [1, 50.5],
    });
  });

  it('markov uses the non-converting journey of p3 and keeps revenue exact', async () => {
    const rows = await attributedRevenueByChannel(engine, { period, model: 'markov' });
    expect(rows.every((r) => r.model === 'markov')).toBe(true);
    expect(Math.round(rows.reduce((s, r) => s + r.revenue, 0) * 100)).toBe(15050);
    expect(rows.find((r) => r.channel === 'spam')).toBeUndefined();
  });

  it('by campaign labels touches with their campaign', async () => {
    const result = await attributionFromWarehouse(engine, {
      period,
      models: ['last_touch'],
      by: 'campaign',
      conversion: 'orders',
    });
    expect(byChannel(result.credits.last_touch!.filter((r) => r.conversions > 0))).toEqual({
      spring: [1, 100],
      '(not set)': [1, 50.5],
    });
  });
});

describe('experiments, surveys, retention', () => {
  it('analyses each variant against the control', async () => {
    const list = await analyseExperiments(engine, { period, now: new Date('2026-04-01T00:00:00Z') });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ experimentId: 'e1', control: 'A', variant: 'B', ongoing: false, name: '首页改版' });
    expect(list[0]!.result.verdict.code).toBe('variant_wins');
  });

  it('computes NPS with distribution and by channel', async () => {
    const report = await surveyReport(engine, { period, by: 'channel' });
    expect(report.nps.nps).toBe(25);
    expect(report.ratings.count).toBe(3);
    expect(report.groups.map((g) => [g.group, g.result.nps])).toEqual([
      ['wechat', 100],
      ['sem', -50],
    ]);
  });

  it('reports repurchase, churn, cohorts and RFM from paid orders', async () => {
    const report = await retentionReport(engine, { period });
    expect(report.repurchase).toEqual({ customers: 2, repeatCustomers: 0, rate: 0 });
    expect(report.churn).toEqual({ previousActive: 1, churned: 0, rate: 0 });
    expect(report.cohorts).toEqual([
      { cohort: '2026-02', size: 1, active: [1, 1], retention: [1, 1] },
      { cohort: '2026-03', size: 1, active: [1], retention: [1] },
    ]);
    expect(report.rfm.map((c) => c.customerId).sort()).toEqual(['c1', 'c2']);
  });
});
