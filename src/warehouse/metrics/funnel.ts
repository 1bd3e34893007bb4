import type { DimensionId } from '../../core/kpi/index.js';
import { getKpi, type KpiDefinition, kpiVersionAt } from '../../core/kpi/index.js';
import { getMeasure } from '../../core/measures/index.js';
import { parsePeriod } from '../../core/periods/index.js';
import type { Engine } from '../engine.js';
import { checkDimensions } from './plan.js';
import { column, Params, renderDimension, renderFilters, renderFrom, renderInRange } from './sql-parts.js';

/** The MQL cohort of a period followed to SQL and won, with median lags. */
export interface FunnelCohort {
  period: string;
  version: string;
  stages: { stage: 'mql' | 'sql' | 'won'; count: number; share: number | null }[];
  median_days_mql_to_sql: number | null;
  median_days_sql_to_won: number | null;
  quality: 'exact' | 'missing_source';
  sql: string;
}

/** Of the leads that became MQL in the period: how many reached SQL and won (whenever), and the median lags. */
export async function funnelCohort(
  engine: Engine,
  request: { period: string; scope?: Partial<Record<DimensionId, string>>; version?: string; timeZone: string },
  catalog?: readonly KpiDefinition[],
): Promise<FunnelCohort> {
  const d = engine.dialect;
  const period = parsePeriod(request.period, request.timeZone);
  const scope = request.scope ?? {};
  checkDimensions(Object.keys(scope), 'scope');
  const version = kpiVersionAt(getKpi('mql_count', catalog), request.version ?? period.startDate);
  const rule = version.measure_options?.mql_rule;
  const variants = getMeasure('mql_cohort').variants?.mql_rule ?? {};
  const extra = typeof rule === 'string' ? (variants[rule] ?? []) : [];
  const params = new Params(d);
  const mql = column(d, 'mql_at');
  const sqlAt = column(d, 'sql_at');
  const won = column(d, 'won_at');
  const where = [
    renderInRange(d, params, 'leads', { col: 'mql_at' }, period),
    renderFilters(d, params, extra),
    ...Object.entries(scope).map(
      ([k, v]) => `${renderDimension(d, 'leads', k as DimensionId)} = ${params.bind(v, 'string')}`,
    ),
  ];
  const sql = `SELECT count(*) AS mqls, ${d.countIf(`${sqlAt} IS NOT NULL`)} AS sqls, ${d.countIf(`${won} IS NOT NULL`)} AS won,
    ${d.median(`CASE WHEN ${sqlAt} >= ${mql} THEN ${d.daysBetween(mql, sqlAt)} END`)} AS lag_sql,
    ${d.median(`CASE WHEN ${won} >= ${sqlAt} THEN ${d.daysBetween(sqlAt, won)} END`)} AS lag_won
    FROM ${renderFrom(d, 'leads', Object.keys(scope) as DimensionId[])} WHERE ${where.join(' AND ')}`;
  const [row] = await engine.query<{
    mqls: number;
    sqls: number;
    won: number;
    lag_sql: number | null;
    lag_won: number | null;
  }>(sql, params.values);
  const p2 = new Params(d);
  const [any] = await engine.query<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT 1 AS x FROM ${d.ident('leads')} AS t WHERE ${renderInRange(d, p2, 'leads', { col: 'mql_at' }, period)} OR ${renderInRange(d, p2, 'leads', { col: 'created_at' }, period)} LIMIT 1) AS s`,
    p2.values,
  );
  const n = Number(row?.mqls ?? 0);
  const share = (x: number) => (n > 0 ? x / n : null);
  const lag = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    period: period.id,
    version: version.version,
    stages: [
      { stage: 'mql', count: n, share: share(n) },
      { stage: 'sql', count: Number(row?.sqls ?? 0), share: share(Number(row?.sqls ?? 0)) },
      { stage: 'won', count: Number(row?.won ?? 0), share: share(Number(row?.won ?? 0)) },
    ],
    median_days_mql_to_sql: lag(row?.lag_sql),
    median_days_sql_to_won: lag(row?.lag_won),
    quality: Number(any?.n ?? 0) > 0 ? 'exact' : 'missing_source',
    sql,
  };
}
