import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DimensionId } from '../../src/core/kpi/index.js';
import {
  loadConversions,
  loadExperimentArms,
  loadOrderLines,
  loadSurveyAnswers,
  loadTouchpoints,
} from '../../src/warehouse/analytics/index.js';
import type { Engine } from '../../src/warehouse/engine.js';
import { loadFixture } from '../../src/warehouse/metrics/fixture.js';
import { funnelCohort } from '../../src/warehouse/metrics/funnel.js';
import { type MetricCell, runMetrics } from '../../src/warehouse/metrics/index.js';
import { openTestWarehouse } from '../../src/warehouse/metrics/test-db.js';

/**
 * The contract every engine keeps, run against each one (duckdb.test.ts, clickhouse-chdb.test.ts, …): typed
 * results, bound parameters, append, all-or-nothing appends in a transaction, and the metric compiler end to end
 * on the hand-built fixture (src/warehouse/metrics/fixture.ts) — the same KPI values as worked out by hand, and
 * the same cells as the DuckDB engine for whole requests.
 */
export interface EngineUnderTest {
  name: string;
  /** Opens an empty engine with the fact tables created. */
  open(): Promise<Engine>;
}

const TZ = 'Asia/Shanghai';
const HOSTILE = "抖音'); DROP TABLE leads; -- \\ \t \n 'x' `y` {p1:String} $1";

async function kpi(engine: Engine, id: string, period: string, scope?: Partial<Record<DimensionId, string>>) {
  const cells = await runMetrics(engine, { kpis: [id], period, timeZone: TZ, ...(scope ? { scope } : {}) });
  expect(cells).toHaveLength(1);
  return cells[0] as MetricCell;
}

/** Cells in a stable order with values rounded past float noise, for comparing engines. */
function canonical(cells: MetricCell[]) {
  const round = (v: number | null) => (v === null ? null : Number(v.toPrecision(12)));
  return cells
    .map((c) => ({ ...c, value: round(c.value), previous: round(c.previous), growth: round(c.growth) }))
    .sort((a, b) => JSON.stringify([a.kpi, a]).localeCompare(JSON.stringify([b.kpi, b])));
}

/** Registers the contract suite for one engine. */
export function engineContract(subject: EngineUnderTest): void {
  describe(`${subject.name}: queries, parameters and types`, () => {
    let engine: Engine;
    const p = (i: number, type?: Parameters<Engine['dialect']['param']>[1]) => engine.dialect.param(i, type);

    beforeAll(async () => {
      engine = await subject.open();
      await engine.append(
        'spend',
        ['row_key', 'date', 'amount', 'channel', 'impressions'],
        [
          ['a', '2026-01-03', '100.10', '百度SEM', 10],
          ['b', new Date('2026-02-03T00:00:00Z'), '0.20', HOSTILE, null],
          ['c', '2026-03-31', '0.10', null, '7'],
        ],
      );
      await engine.append(
        'orders',
        ['row_key', 'order_id', 'customer_id', 'ordered_at', 'amount', 'refunded_at'],
        [
          ['o1', 'o1', 'c1', '2026-01-10 02:00:00', '12345678901234.56', null],
          ['o2', 'o2', 'c2', new Date('2026-03-31T15:30:00.250Z'), '0.01', '2026-04-01T00:00:00Z'],
        ],
      );
      await engine.append(
        'brand_search',
        ['row_key', 'date', 'keyword', 'source', 'volume'],
        [['big', '2026-01-01', 'k', 'baidu_index', 9007199254740993n]],
      );
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('returns counts as numbers and sums decimals exactly', async () => {
      const [row] = await engine.query('SELECT count(*) AS n, sum(amount) AS total FROM spend');
      expect(row).toEqual({ n: 3, total: 100.4 });
      const [big] = await engine.query('SELECT sum(amount) AS total FROM orders');
      expect(big?.total).toBe(12345678901234.57);
    });

    it('returns 64-bit integers past 2^53 exactly, as strings', async () => {
      const [row] = await engine.query('SELECT volume FROM brand_search');
      expect(row?.volume).toBe('9007199254740993');
    });

    it('returns dates and timestamps as Dates, NULL as null, whole numbers as numbers', async () => {
      const rows = await engine.query(`SELECT row_key, date, channel, impressions FROM spend ORDER BY row_key`);
      expect(rows).toEqual([
        { row_key: 'a', date: new Date('2026-01-03T00:00:00Z'), channel: '百度SEM', impressions: 10 },
        { row_key: 'b', date: new Date('2026-02-03T00:00:00Z'), channel: HOSTILE, impressions: null },
        { row_key: 'c', date: new Date('2026-03-31T00:00:00Z'), channel: null, impressions: 7 },
      ]);
      const orders = await engine.query('SELECT order_id, ordered_at, refunded_at FROM orders ORDER BY order_id');
      expect(orders).toEqual([
        { order_id: 'o1', ordered_at: new Date('2026-01-10T02:00:00Z'), refunded_at: null },
        {
          order_id: 'o2',
          ordered_at: new Date('2026-03-31T15:30:00.250Z'),
          refunded_at: new Date('2026-04-01T00:00:00Z'),
        },
      ]);
    });

    it('converts UTC to local wall-clock time through the dialect', async () => {
      const local = engine.dialect.toLocal('ordered_at', TZ);
      const month = engine.dialect.dateTrunc('month', 'ordered_at', TZ);
      const rows = await engine.query(
        `SELECT ${local} AS local_at, ${month} AS local_month FROM orders WHERE order_id = ${p(1)}`,
        ['o2'],
      );
      // 15:30 UTC on 03-31 is 23:30 on 03-31 in Shanghai; 00:30 UTC on 04-01 would be April
      expect(rows[0]?.local_at).toEqual(new Date('2026-03-31T23:30:00.250Z'));
      expect(rows[0]?.local_month).toEqual(new Date('2026-03-01T00:00:00Z'));
    });

    it.each([
      ['day', '2026-03-31'],
      ['week', '2026-03-30'], // Monday
      ['month', '2026-03-01'],
      ['quarter', '2026-01-01'],
      ['year', '2026-01-01'],
    ] as const)('truncates to the local %s', async (unit, start) => {
      const sql = `SELECT ${engine.dialect.dateTrunc(unit, 'ordered_at', TZ)} AS s FROM orders WHERE order_id = ${p(1)}`;
      const [row] = await engine.query(sql, ['o2']);
      expect(row?.s).toEqual(new Date(`${start}T00:00:00Z`));
    });

    it('binds parameters of every type, never splicing them into the SQL', async () => {
      const rows = await engine.query(
        `SELECT row_key FROM spend WHERE channel = ${p(1)} AND amount < ${p(2, 'float')} AND date >= ${p(3, 'date')}`,
        [HOSTILE, 1.5, '2026-02-01'],
      );
      expect(rows).toEqual([{ row_key: 'b' }]);
      const [n] = await engine.query(
        `SELECT count(*) AS n FROM orders WHERE ordered_at >= ${p(1, 'timestamp')} AND ordered_at < ${p(2, 'timestamp')} AND customer_id <> ${p(3)}`,
        ['2026-03-31 15:30:00.250', new Date('2026-04-01T00:00:00Z'), 'nobody'],
      );
      expect(n?.n).toBe(1);
      const [flags] = await engine.query(`SELECT ${p(1, 'int')} AS i, ${p(2, 'bool')} AS b, ${p(3, 'string')} AS s`, [
        9_000_000_000,
        false,
        HOSTILE,
      ]);
      expect(flags).toEqual({ i: 9_000_000_000, b: false, s: HOSTILE });
      const [tables] = await engine.query('SELECT count(*) AS n FROM spend');
      expect(tables?.n).toBe(3); // nothing was dropped
    });

    it('computes the dialect aggregates', async () => {
      const d = engine.dialect;
      const [row] = await engine.query(
        `SELECT ${d.countIf('amount > 0.15')} AS big, ${d.sumIf('amount', 'amount < 1')} AS small,
          ${d.countDistinct('channel')} AS channels, ${d.median('impressions')} AS med,
          ${d.daysBetween('min(CAST(date AS TIMESTAMP))', 'max(CAST(date AS TIMESTAMP))')} AS span
         FROM spend`,
      );
      expect(row).toEqual({ big: 2, small: 0.3, channels: 2, med: 8.5, span: 87 });
      const [lag] = await engine.query(
        `SELECT ${d.daysBetween('min(ordered_at)', 'max(ordered_at)')} AS days FROM orders`,
      );
      expect(lag?.days).toBeCloseTo(80 + (13.5 * 3600 + 0.25) / 86400, 9); // 01-10 02:00 → 03-31 15:30:00.250
    });

    it('appends only the given columns and reports the count', async () => {
      const n = await engine.append('spend', ['row_key', 'date', 'amount'], [['d', '2026-04-01', '5']]);
      expect(n).toBe(1);
      const [row] = await engine.query(`SELECT amount, channel FROM spend WHERE row_key = ${p(1)}`, ['d']);
      expect(row).toEqual({ amount: 5, channel: null });
    });

    it('a transaction that throws leaves none of its appends; one that returns publishes them', async () => {
      const append = (tx: Engine, key: string) =>
        tx.append('spend', ['row_key', 'date', 'amount'], [[key, '2026-05-01', '1.00']]);
      await expect(
        engine.transaction(async (tx) => {
          await append(tx, 'tx1');
          await tx.transaction((inner) => append(inner, 'tx2'));
          throw new Error('import failed at the last row');
        }),
      ).rejects.toThrow('last row');
      const count = async () =>
        (await engine.query(`SELECT count(*) AS n FROM spend WHERE date = ${p(1, 'date')}`, ['2026-05-01']))[0]?.n;
      expect(await count()).toBe(0);
      const result = await engine.transaction(async (tx) => {
        await append(tx, 'tx3');
        await append(tx, 'tx4');
        return 'ok';
      });
      expect(result).toBe('ok');
      expect(await count()).toBe(2);
    });

    it('reports a bad statement as an error naming the problem', async () => {
      await expect(engine.query('SELECT no_such_column FROM spend')).rejects.toThrow(/no_such_column/);
    });
  });

  describe(`${subject.name}: metric compiler end to end (hand-built fixture)`, () => {
    let engine: Engine;
    let reference: Engine;

    beforeAll(async () => {
      engine = await subject.open();
      await loadFixture(engine);
      reference = await openTestWarehouse();
      await loadFixture(reference);
    });
    afterAll(async () => {
      await engine?.close();
      await reference?.close();
    });

    // Expected values worked out by hand in src/warehouse/metrics/metrics.test.ts
    it.each([
      ['uv', 3],
      ['sessions', 4],
      ['form_conversion_rate', 1 / 3],
      ['mql_count', 3],
      ['cpl', 100.4 / 4],
      ['online_revenue', 225],
      ['roi', (185 - 100.4) / 100.4],
      ['mql_to_sql_rate', 2 / 3],
      ['repurchase_rate', 0.5],
      ['nps', 20],
      ['ab_significant_share', 0.5],
      ['doc_completeness', 0.6],
    ])('%s for 2026-Q1 = %d', async (id, expected) => {
      const cell = await kpi(engine, id, '2026-Q1');
      expect(cell.quality).toBe('exact');
      expect(cell.value).toBeCloseTo(expected, 10);
    });

    it.each([
      ['sessions', 'channel', { 百度SEM: 1, 抖音: 3 }],
      ['leads', 'team', { SEM组: 1, 新媒体: 3 }],
      ['channel_roi', 'channel', { 百度SEM: (155 - 100.1) / 100.1, 抖音: 99 }],
    ] as const)('%s by %s', async (id, dim, expected) => {
      const cells = await runMetrics(engine, { kpis: [id], period: '2026-Q1', timeZone: TZ, by: [dim] });
      const got = Object.fromEntries(cells.filter((c) => c[dim] !== null).map((c) => [c[dim], c.value]));
      expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
      for (const [k, v] of Object.entries(expected)) expect(got[k]).toBeCloseTo(v, 10);
    });

    it.each([
      ['uv', '2026-03-31..2026-03-31', 1, 'exact'], // 23:30 local on the last day of the quarter
      ['uv', '2025-10', 22, 'approximate'], // daily traffic rows stand in for events
      ['online_revenue', '2026-Q2', -30, 'exact'], // a refund in the period of the refund
    ])('%s for %s = %d (%s)', async (id, period, expected, quality) => {
      expect(await kpi(engine, id, period)).toMatchObject({ value: expected, quality });
    });

    it('an empty period is missing_source, not 0', async () => {
      expect(await kpi(engine, 'leads', '2027-Q1')).toMatchObject({ value: null, quality: 'missing_source' });
    });

    it('follows the MQL cohort of 2026-Q1 to SQL and won, with interpolated median lags', async () => {
      const f = await funnelCohort(engine, { period: '2026-Q1', timeZone: TZ });
      expect(f.stages.map((s) => s.count)).toEqual([3, 2, 1]); // L1 L2 L3; L1 and L2 reached SQL; L2 won
      expect(f.median_days_mql_to_sql).toBeCloseTo(46, 10); // L1 82 days, L2 10 days
      expect(f.median_days_sql_to_won).toBeCloseTo(23, 10); // L2 02-20 → 03-15
    });

    const q1 = { start: new Date('2026-01-01T00:00:00+08:00'), end: new Date('2026-04-01T00:00:00+08:00') };
    it.each([
      ['conversions', (e: Engine) => loadConversions(e, { ...q1, conversion: 'all' })],
      ['touchpoints', (e: Engine) => loadTouchpoints(e, { ...q1, lookbackDays: 30, by: 'channel' })],
      ['order lines', (e: Engine) => loadOrderLines(e, { timeZone: TZ, ...q1 })],
      ['survey answers', (e: Engine) => loadSurveyAnswers(e, q1)],
      ['experiment arms', (e: Engine) => loadExperimentArms(e, q1)],
    ])('the analytics loader of %s gives the same rows as DuckDB', async (_what, load) => {
      const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
      const want = await load(reference);
      expect(want.length).toBeGreaterThan(0);
      expect(sorted(await load(engine))).toEqual(sorted(want));
    });

    it.each([
      ['2026-Q1', {}],
      ['2026-Q1', { by: ['channel'] as DimensionId[] }],
      ['2026-Q1', { by: ['owner'] as DimensionId[] }],
      ['2026-Q1', { by: ['team'] as DimensionId[], scope: { channel: '抖音' } }],
      ['2026-Q2', { version: '2026-01-01' }],
      ['2025-10', {}],
    ])('every KPI for %s %o gives the same cells as DuckDB', async (period, extra) => {
      const request = { period, timeZone: TZ, ...extra };
      const [got, want] = [await runMetrics(engine, request), await runMetrics(reference, request)];
      expect(canonical(got)).toEqual(canonical(want));
    });
  });
}
