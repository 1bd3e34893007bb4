import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DimensionId } from '../../core/kpi/index.js';
import type { DuckDbEngine } from '../duckdb/engine.js';
import { loadFixture } from './fixture.js';
import { type MetricCell, runMetrics } from './index.js';
import { openTestWarehouse } from './test-db.js';

const TZ = 'Asia/Shanghai';
let engine: DuckDbEngine;

beforeAll(async () => {
  engine = await openTestWarehouse();
  await loadFixture(engine);
});
afterAll(async () => {
  await engine.close();
});

async function one(
  kpi: string,
  period: string,
  extra: { scope?: Partial<Record<DimensionId, string>>; version?: string; asOf?: Date } = {},
) {
  const cells = await runMetrics(engine, { kpis: [kpi], period, timeZone: TZ, ...extra });
  expect(cells).toHaveLength(1);
  return cells[0] as MetricCell;
}

// Expected values worked out by hand from fixture.ts (see the comments there and in each row).
describe('every KPI for 2026-Q1 (Asia/Shanghai)', () => {
  it.each([
    ['uv', 3], // P1 (v1+v3 stitched), v2, v4 (23:30 local on 03-31); bot v9 and v5 (00:30 04-01) excluded
    ['sessions', 4], // s1 s2 s3 s5 (s4 is a bot)
    ['pageviews', 4], // e1 e3 e4 e6
    ['spend', 100.4], // 100.10 + 0.20 + 0.10 exactly
    ['leads', 4], // L1..L4
    ['channel_share', 1], // no cut: all sessions / all sessions
    ['form_conversion_rate', 1 / 3], // P1 submitted a form, of 3 visitors
    ['mql_count', 3], // v1: L1 L2 L3
    ['sql_count', 2], // L2 (02-20) and L5 (01-15); L1's SQL came in April
    ['cpl', 100.4 / 4],
    ['cost_per_sql', 100.4 / 2],
    ['online_revenue', 225], // paid/refunded ordered in Q1: 100+50+30+20+40+5 = 245, minus O4 refunded in Q1 (20)
    ['won_count', 2], // L2, L5
    ['roi', (185 - 100.4) / 100.4], // attributed (channel known): 245 − 40 (O8 no channel) − 20 refund = 185
    ['roas', 185 / 100.4],
    ['close_rate', 1], // SQL cohort L2, L5: both won
    ['lead_to_mql_rate', 3 / 4],
    ['mql_to_sql_rate', 2 / 3], // cohort L1 L2 L3: L1 (SQL in April, followed) and L2
    ['mql_to_won_rate', 1 / 3], // L2
    ['brand_search_growth', 0.2], // 1200 vs 1000 in 2025-Q4
    ['site_conversion_rate', 2 / 3], // P1 (form_submit), v2 (signup) of 3
    ['cac', 100.4 / 2], // new customers C1, C6 (C4's first paid order was in 2025)
    ['repurchase_rate', 0.5], // window 2025-04-01..2026-03-31: C1 C3 C4 C6; ≥2 paid: C1, C4
    ['churn_rate', 0.5], // active in Q4: C3, C4; C4 bought again, C3's Q1 order was refunded
    ['clv', 275 / 4], // paid in window 100+50+70+10+40+5 over 4 customers
    ['nps', 20], // 5 answers: promoters 10, 9; detractor 3 → (2−1)/5×100
    ['review_score', 15 / 4], // 5 + 4 + 2 + 4 (r6 at 23:59:59 local 03-31)
    ['content_ctr', 350 / 4000],
    ['share_rate', 40 / 1000],
    ['content_lead_rate', 10 / 1000],
    ['ab_test_count', 2], // X1, X2 ended in Q1 (X3 in April, X4 running)
    ['ab_significant_share', 0.5], // X1 10% → 15% on 1000 each is significant; X2 10% → 10.5% is not
    ['cross_dept_completion', 1 / 3], // PR1 on time; PR2 late; PR3 open
    ['doc_completeness', 0.6], // (1 + 0.8×0.5 + 0 + 1×1) / 4
  ])('%s = %d', async (kpi, expected) => {
    const cell = await one(kpi, '2026-Q1');
    expect(cell.quality).toBe('exact');
    expect(cell.value).toBeCloseTo(expected, 10);
  });

  it('channel_roi needs the channel dimension', async () => {
    const cell = await one('channel_roi', '2026-Q1');
    expect(cell).toMatchObject({ value: null, quality: 'unsupported_dimension' });
    expect(cell.reason).toMatch(/channel/);
  });
});

describe('previous period and growth', () => {
  it.each([
    ['leads', 4, 1, 3], // Q4: L5
    ['spend', 100.4, 50, (100.4 - 50) / 50],
    ['mql_count', 3, 1, 2],
  ])('%s', async (kpi, value, previous, growth) => {
    const cell = await one(kpi, '2026-Q1');
    expect(cell.value).toBeCloseTo(value, 10);
    expect(cell.previous).toBeCloseTo(previous, 10);
    expect(cell.growth).toBeCloseTo(growth, 10);
  });

  it('has no previous value where the previous period has no data', async () => {
    const cell = await one('brand_search_growth', '2026-Q1');
    expect(cell.previous).toBeNull(); // 2025-Q3 has no brand search rows
    expect(cell.growth).toBeNull();
  });
});

describe('edge cases', () => {
  it('an empty period is null with missing_source naming the table, never 0', async () => {
    const cell = await one('leads', '2027-Q1');
    expect(cell).toMatchObject({ value: null, quality: 'missing_source' });
    expect(cell.reason).toContain('leads');
  });

  it('division by zero is null with quality undefined, never NaN/Infinity', async () => {
    const cell = await one('cpl', '2026-Q1', { scope: { owner: 'p03' } });
    expect(cell).toMatchObject({ value: null, quality: 'undefined', reason: 'division_by_zero' });
  });

  it('refunds count in the period of the refund', async () => {
    const cell = await one('online_revenue', '2026-Q2'); // O3 (ordered in Q1) refunded 04-05, no Q2 orders
    expect(cell).toMatchObject({ value: -30, quality: 'exact' });
  });

  it('late-arriving stage changes follow the cohort, and as-of cuts them', async () => {
    expect((await one('sql_count', '2026-Q2')).value).toBe(1); // L1's SQL on 04-02
    expect((await one('mql_to_sql_rate', '2026-Q1')).value).toBeCloseTo(2 / 3, 10);
    const asOf = new Date('2026-03-31T16:00:00Z');
    expect((await one('mql_to_sql_rate', '2026-Q1', { asOf })).value).toBeCloseTo(1 / 3, 10);
  });

  it.each([
    ['uv', '2026-03-31..2026-03-31', 1], // v4 at 23:30 local; v5 at 00:30 04-01 is not that day
    ['uv', '2026-Q2', 1], // v5
    ['review_score', '2026-03', 4], // r6 at 23:59:59 local
    ['spend', '2026-03-31..2026-03-31', 0.1], // local export day
  ])('time-zone boundary: %s for %s = %d', async (kpi, period, expected) => {
    expect((await one(kpi, period)).value).toBeCloseTo(expected, 10);
  });

  it.each([
    ['uv', '2025-10', 22, 'approximate'], // two daily rows: 10 + 12 users, not additive
    ['sessions', '2025-10', 35, 'exact'], // sessions are additive
    ['uv', '2025-Q3', 500, 'exact'], // one row for exactly the exported range
    ['pageviews', '2025-Q3', 2000, 'exact'],
  ])('traffic aggregates stand in for events: %s %s', async (kpi, period, value, quality) => {
    const cell = await one(kpi, period);
    expect(cell).toMatchObject({ value, quality });
    if (quality === 'approximate') expect(cell.reason).toMatch(/partial-range/);
  });

  it('a range aggregate is not split into a month (approximate, with the reason)', async () => {
    const cell = await one('sessions', '2025-07');
    expect(cell).toMatchObject({ value: 0, quality: 'approximate' });
    expect(cell.reason).toMatch(/longer range/);
  });
});

describe('definition versions', () => {
  it.each([
    ['mql_count', undefined, 3, 'v1'],
    ['mql_count', '2026-04-01', 1, 'v2'], // only L1 has score ≥ 60; L3 has no score but is a student
    ['mql_to_sql_rate', '2026-04-01', 1, 'v2'], // cohort L1 reached SQL
    ['lead_to_mql_rate', '2026-04-01', 1 / 4, 'v2'],
  ])('%s for 2026-Q1 under --version %s', async (kpi, version, value, label) => {
    const cell = await one(kpi, '2026-Q1', version ? { version } : {});
    expect(cell.value).toBeCloseTo(value, 10);
    expect(cell.version).toBe(label);
  });

  it('uses v2 by default from 2026-Q2', async () => {
    expect((await one('mql_count', '2026-Q2')).version).toBe('v2');
  });
});

describe('scope and --by', () => {
  it.each([
    ['uv', { channel: '抖音' }, 3],
    ['uv', { channel: '百度SEM' }, 1],
    ['leads', { owner: 'p02' }, 3],
    ['leads', { team: '新媒体' }, 3],
    ['leads', { sales_owner: 's1' }, 1],
    ['spend', { team: 'SEM组' }, 100.1],
    ['content_ctr', { content_type: 'video' }, 0.1],
    ['channel_roi', { channel: '抖音' }, (30 - 0.3) / 0.3], // O3 30 + O4 20 − refund 20; spend 0.30
  ] as const)('%s scoped %o', async (kpi, scope, expected) => {
    const cell = await one(kpi, '2026-Q1', { scope });
    expect(cell.value).toBeCloseTo(expected, 10);
  });

  it.each([
    ['uv', 'channel', { 百度SEM: 1, 抖音: 3 }],
    ['channel_share', 'channel', { 百度SEM: 0.25, 抖音: 0.75 }],
    ['leads', 'team', { SEM组: 1, 新媒体: 3 }],
    ['channel_roi', 'channel', { 百度SEM: (155 - 100.1) / 100.1, 抖音: 99 }],
    ['cross_dept_completion', 'owner', { p01: 1, p02: 0 }], // p01: PR1 on time; p02: PR2 late, PR3 open
    ['doc_completeness', 'owner', { p01: 1, p02: 0.2 }], // p01: D1 1, D4 1; p02: D2 0.4, D3 0
    ['ab_test_count', 'owner', { p02: 2 }],
    ['mql_count', 'sales_owner', { s1: 1, s2: 2 }],
  ] as const)('%s by %s', async (kpi, dim, expected) => {
    const cells = await runMetrics(engine, { kpis: [kpi], period: '2026-Q1', timeZone: TZ, by: [dim] });
    const got = Object.fromEntries(cells.filter((c) => c[dim] !== null).map((c) => [c[dim], c.value]));
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expect(got[k]).toBeCloseTo(v, 10);
  });

  it('names the attribution model on every value resting on attributed revenue', async () => {
    const cells = await runMetrics(engine, {
      kpis: ['channel_roi', 'roas', 'uv'],
      period: '2026-Q1',
      timeZone: TZ,
      by: ['channel'],
    });
    for (const cell of cells) {
      expect(cell.attribution_model).toBe(cell.kpi === 'uv' ? undefined : 'order_channel');
    }
    expect(cells.some((c) => c.kpi === 'channel_roi')).toBe(true);
  });

  it('a KPI that cannot be cut by a dimension says so', async () => {
    const cells = await runMetrics(engine, { kpis: ['uv'], period: '2026-Q1', timeZone: TZ, by: ['owner'] });
    expect(cells).toEqual([
      expect.objectContaining({ kpi: 'uv', value: null, quality: 'unsupported_dimension', owner: null }),
    ]);
  });
});
