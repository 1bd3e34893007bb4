import { describe, expect, it } from 'vitest';
import { KPI_CATALOG } from '../../core/kpi/index.js';
import { clickhouseDialect } from '../clickhouse/dialect.js';
import { duckdbDialect } from '../duckdb/dialect.js';
import type { Dialect } from '../engine.js';
import { compileMetrics } from './compile.js';
import type { MetricsRequest } from './plan.js';

const HOSTILE = "抖音'); DROP TABLE leads; --";
const request: MetricsRequest = {
  period: '2026-Q1',
  timeZone: 'Asia/Shanghai',
  by: ['channel'],
  scope: { channel: HOSTILE },
};

const compile = (dialect: Dialect) => compileMetrics(request, KPI_CATALOG, dialect);

describe.each([
  [
    'duckdb',
    duckdbDialect,
    /\$\d+/,
    /FILTER \(WHERE/,
    /count\(DISTINCT coalesce\([^)]*\)\) FILTER \(WHERE t\."event_type" = /,
  ],
  ['clickhouse', clickhouseDialect, /\{p\d+:[A-Za-z0-9(), ']+\}/, /countIf\(/, /uniqExact\(CASE WHEN .*event_type` = /],
])('%s compiles every KPI', (_name, dialect, placeholder, conditional, distinctIf) => {
  const compiled = compile(dialect);

  it('shares one query per table family, not one per KPI (KPIs not cuttable by channel are left out)', () => {
    const families = compiled.queries.map((q) => q.family).sort();
    expect(families).toEqual(
      ['content', 'customers', 'events', 'leads', 'orders', 'sessions', 'sessions:all', 'spend', 'surveys'].sort(),
    );
    const all = compileMetrics({ ...request, by: [], scope: {} }, KPI_CATALOG, dialect).queries.map((q) => q.family);
    expect(all.sort()).toEqual(
      [
        'brand_search',
        'content',
        'customers',
        'deliverables',
        'events',
        'experiments',
        'leads',
        'orders',
        'projects',
        'sessions',
        'spend',
        'surveys',
      ].sort(),
    );
  });

  it('binds every value as a parameter, never splicing user input', () => {
    for (const q of [compiled.presence, ...compiled.queries]) {
      expect(q.sql).not.toContain('DROP TABLE');
      expect(q.sql).not.toContain('2026-');
      if (q.params.length) expect(q.sql).toMatch(placeholder);
    }
    const leads = compiled.queries.find((q) => q.family === 'leads')!;
    expect(leads.params).toContain(HOSTILE);
  });

  it('uses the dialect for conditional aggregates and groups by the dimension', () => {
    const events = compiled.queries.find((q) => q.family === 'events')!;
    expect(events.sql).toMatch(conditional);
    expect(events.sql).toMatch(/GROUP BY t\.["`]channel["`]/);
    // a conditional distinct count (form-submitting visitors) filters its rows before they are hashed
    expect(events.sql).toMatch(distinctIf);
  });
});

describe('dialect contract', () => {
  it('compiles the same shape with the same bound values on both engines', () => {
    const duck = compile(duckdbDialect);
    const click = compile(clickhouseDialect);
    expect(click.queries.map((q) => q.family)).toEqual(duck.queries.map((q) => q.family));
    click.queries.forEach((q, i) => {
      const d = duck.queries[i]!;
      expect(q.params).toEqual(d.params);
      expect(q.columns).toEqual(d.columns);
    });
  });

  it.each([
    ['param', clickhouseDialect.param(2, 'timestamp'), "{p2:DateTime64(3, 'UTC')}"],
    ['ident', clickhouseDialect.ident('a`b'), '`a\\`b`'],
    [
      'month',
      clickhouseDialect.dateTrunc('month', 'ts', 'Asia/Shanghai'),
      "toStartOfMonth(toTimeZone(ts, 'Asia/Shanghai'))",
    ],
    ['distinct', clickhouseDialect.countDistinct('x'), 'uniqExact(x)'],
    ['distinctIf', clickhouseDialect.countDistinctIf('x', 'a'), 'uniqExact(CASE WHEN a THEN x END)'],
    ['countIf', clickhouseDialect.countIf('a > 1'), 'countIf(a > 1)'],
    ['sumIf', clickhouseDialect.sumIf('v', 'a'), 'sumIf(v, a)'],
    ['median', clickhouseDialect.median('x'), 'quantileExactInclusive(0.5)(x)'],
  ])('clickhouse %s', (_name, sql, expected) => {
    expect(sql).toBe(expected);
  });
});
