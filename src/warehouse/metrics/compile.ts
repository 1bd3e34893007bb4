import type { KpiDefinition } from '../../core/kpi/index.js';
import type { AggregateMeasure, FactTable, ValueExpr } from '../../core/measures/index.js';
import { addDays, localMidnightUtc, type Period, previousPeriod } from '../../core/periods/index.js';
import type { Dialect } from '../engine.js';
import { type MeasureNeed, type MetricPlan, type MetricsRequest, planForPeriod } from './plan.js';
import {
  dimAlias,
  Params,
  type Range,
  renderDimension,
  renderFilters,
  renderFrom,
  renderInRange,
  renderValue,
  timestampValue,
} from './sql-parts.js';

/** One output column of a compiled query: a measure variant in one period. */
export interface ColumnSpec {
  alias: string;
  key: string;
  period: number;
  /**
   * value, or (traffic) the number of partial-range rows that make a distinct count approximate, or of rows
   * covering a longer range than the period (left out, so the value is approximate)
   */
  role: 'value' | 'approx_rows' | 'spanning_rows';
}

/** One SQL statement of a metric request. */
export interface CompiledQuery {
  family: string;
  table: FactTable;
  kind: 'aggregate' | 'traffic' | 'customer' | 'experiment' | 'presence';
  sql: string;
  params: unknown[];
  /** dimensions grouped by (empty for whole-table families) */
  dims: MetricPlan['by'];
  columns: ColumnSpec[];
}

/** Which (table, period index) pairs have any rows; decides missing_source and traffic fallbacks. */
export type Presence = Set<string>;
export const presenceKey = (table: FactTable, period: number) => `${table}|${period}`;

/** Time columns that put a row of a table into a period (any of them). */
const PRESENCE_TIME: Record<FactTable, string[]> = {
  events: ['occurred_at'],
  sessions: ['started_at'],
  traffic: ['date'],
  identities: ['first_seen'],
  leads: ['created_at', 'mql_at', 'sql_at', 'opportunity_at', 'won_at', 'lost_at'],
  orders: ['ordered_at', 'refunded_at'],
  spend: ['date'],
  content: ['date'],
  surveys: ['answered_at'],
  experiments: ['started_at', 'ended_at'],
  brand_search: ['date'],
  projects: ['due_at', 'completed_at'],
  deliverables: ['due_at', 'submitted_at'],
};

/** Tables whose presence the plan needs, per period index (fallback tables included). */
export function neededTables(plan: MetricPlan): Map<FactTable, Set<number>> {
  const out = new Map<FactTable, Set<number>>();
  const add = (t: FactTable, periods: Iterable<number>) => {
    const s = out.get(t) ?? new Set<number>();
    for (const p of periods) s.add(p);
    out.set(t, s);
  };
  for (const need of plan.measures.values()) {
    add(need.measure.table, need.periods);
    if (need.measure.kind === 'aggregate' && need.measure.fallback) add(need.measure.fallback.table, need.periods);
  }
  return out;
}

/** One query telling which tables have rows in which periods. */
export function compilePresence(plan: MetricPlan, dialect: Dialect): CompiledQuery {
  const params = new Params(dialect);
  const columns: ColumnSpec[] = [];
  const subqueries: string[] = [];
  for (const [table, periods] of neededTables(plan)) {
    const list = [...periods].sort();
    const anyTime = (r: Range) =>
      `(${PRESENCE_TIME[table].map((c) => renderInRange(dialect, params, table, { col: c }, r)).join(' OR ')})`;
    const counts = list.map((i) => {
      const alias = `p${columns.length}`;
      columns.push({ alias, key: table, period: i, role: 'value' });
      return `${dialect.countIf(anyTime(plan.periods[i]!))} AS ${alias}`;
    });
    const span = spanOf(list.map((i) => plan.periods[i]!));
    subqueries.push(
      `(SELECT ${counts.join(', ')} FROM ${dialect.ident(table)} AS t WHERE ${anyTime(span)}) AS s${subqueries.length}`,
    );
  }
  return {
    family: 'presence',
    table: 'events',
    kind: 'presence',
    sql: subqueries.length ? `SELECT * FROM ${subqueries.join(' CROSS JOIN ')}` : 'SELECT 1 AS none',
    params: params.values,
    dims: [],
    columns,
  };
}

/** The smallest range covering some periods. */
function spanOf(list: Range[]): Range {
  return {
    start: new Date(Math.min(...list.map((p) => p.start.getTime()))),
    end: new Date(Math.max(...list.map((p) => p.end.getTime()))),
    startDate: list.map((p) => p.startDate).sort()[0]!,
    endDate: list
      .map((p) => p.endDate)
      .sort()
      .at(-1)!,
  };
}

function scopeConditions(dialect: Dialect, params: Params, plan: MetricPlan, table: FactTable): string[] {
  return Object.entries(plan.scope).map(
    ([dim, value]) => `${renderDimension(dialect, table, dim as never)} = ${params.bind(value, 'string')}`,
  );
}

interface Aggregate {
  key: string;
  period: number;
  sql: string;
}

function aggregateSql(dialect: Dialect, params: Params, need: MeasureNeed, period: Period, plan: MetricPlan): string {
  const m = need.measure as AggregateMeasure;
  const terms = m.parts.map((part) => {
    const filters = [...part.filters, ...need.extraFilters];
    const cond = [
      renderInRange(dialect, params, m.table, part.time, period),
      ...(filters.length ? [renderFilters(dialect, params, filters, plan.asOf)] : []),
    ].join(' AND ');
    const value = m.value ? renderValue(dialect, params, m.value, plan.asOf) : undefined;
    const sql =
      m.agg === 'count'
        ? dialect.countIf(cond)
        : m.agg === 'count_distinct'
          ? dialect.countDistinct(`CASE WHEN ${cond} THEN ${value} END`)
          : `coalesce(${dialect.sumIf(value ?? '1', cond)}, 0)`;
    return part.sign === -1 ? ` - ${sql}` : sql;
  });
  return terms.join('');
}

function timeBounds(
  dialect: Dialect,
  params: Params,
  table: FactTable,
  times: ValueExpr[],
  plan: MetricPlan,
  periods: Set<number>,
): string {
  const span = spanOf([...periods].map((i) => plan.periods[i]!));
  const unique = [...new Map(times.map((t) => [JSON.stringify(t), t])).values()];
  return `(${unique.map((t) => renderInRange(dialect, params, table, t, span)).join(' OR ')})`;
}

function groupedSelect(
  dialect: Dialect,
  table: FactTable,
  dims: MetricPlan['by'],
): { select: string[]; group: string } {
  const select = dims.map((d) => `${renderDimension(dialect, table, d)} AS ${dialect.ident(dimAlias(d))}`);
  const group = dims.length ? ` GROUP BY ${dims.map((d) => renderDimension(dialect, table, d)).join(', ')}` : '';
  return { select, group };
}

/** One query per table computing all its aggregate measures in all needed periods (FILTER clauses). */
function compileAggregateFamily(
  dialect: Dialect,
  plan: MetricPlan,
  table: FactTable,
  needs: MeasureNeed[],
  whole: boolean,
  presence?: Presence,
): CompiledQuery | undefined {
  const params = new Params(dialect);
  const dims = whole ? [] : plan.by;
  const times = needs.flatMap((n) => (n.measure as AggregateMeasure).parts.map((p) => p.time));
  if (new Set(times.map((t) => JSON.stringify(t))).size === 1) {
    return compileFlaggedFamily(dialect, plan, table, needs, whole, times[0]!, presence);
  }
  const aggregates: Aggregate[] = [];
  const periods = new Set<number>();
  for (const need of needs) {
    for (const i of need.periods) {
      if (presence && !presence.has(presenceKey(table, i))) continue;
      aggregates.push({ key: need.key, period: i, sql: aggregateSql(dialect, params, need, plan.periods[i]!, plan) });
      periods.add(i);
    }
  }
  if (aggregates.length === 0) return undefined;
  const where = [
    timeBounds(dialect, params, table, times, plan, periods),
    ...(whole ? [] : scopeConditions(dialect, params, plan, table)),
  ];
  const { select, group } = groupedSelect(dialect, table, dims);
  const columns = aggregates.map(
    (a, n): ColumnSpec => ({ alias: `m${n}`, key: a.key, period: a.period, role: 'value' }),
  );
  const sql = `SELECT ${[...select, ...aggregates.map((a, n) => `${a.sql} AS m${n}`)].join(', ')} FROM ${renderFrom(dialect, table, whole ? [] : [...plan.by, ...(Object.keys(plan.scope) as never[])])} WHERE ${where.join(' AND ')}${group}`;
  return {
    family: whole ? `${table}:all` : table,
    table,
    kind: 'aggregate',
    sql,
    params: params.values,
    dims,
    columns,
  };
}

/**
 * A family whose measures all put rows in periods by one time expression: one scan over the span of the
 * periods, grouped by the dimensions and a period index (the periods are disjoint), measures as conditional
 * aggregates of their own filters only.
 */
function compileFlaggedFamily(
  dialect: Dialect,
  plan: MetricPlan,
  table: FactTable,
  needs: MeasureNeed[],
  whole: boolean,
  time: ValueExpr,
  presence?: Presence,
): CompiledQuery | undefined {
  const params = new Params(dialect);
  const dims = whole ? [] : plan.by;
  const periods = [...new Set(needs.flatMap((n) => [...n.periods]))]
    .filter((i) => !presence || presence.has(presenceKey(table, i)))
    .sort((a, b) => a - b);
  if (periods.length === 0) return undefined;
  const index = `(CASE ${periods.map((i) => `WHEN ${renderInRange(dialect, params, table, time, plan.periods[i]!)} THEN ${i}`).join(' ')} END)`;
  const aggregates = needs.map((need) => {
    const m = need.measure as AggregateMeasure;
    const value = m.value ? renderValue(dialect, params, m.value, plan.asOf) : undefined;
    return m.parts
      .map((part) => {
        const filters = [...part.filters, ...need.extraFilters];
        const cond = filters.length ? renderFilters(dialect, params, filters, plan.asOf) : undefined;
        const sql =
          m.agg === 'count'
            ? cond
              ? dialect.countIf(cond)
              : 'count(*)'
            : m.agg === 'count_distinct'
              ? dialect.countDistinct(cond ? `CASE WHEN ${cond} THEN ${value} END` : `${value}`)
              : `coalesce(${cond ? dialect.sumIf(value ?? '1', cond) : `sum(${value ?? '1'})`}, 0)`;
        return part.sign === -1 ? ` - ${sql}` : sql;
      })
      .join('');
  });
  const where = [
    timeBounds(dialect, params, table, [time], plan, new Set(periods)),
    ...(whole ? [] : scopeConditions(dialect, params, plan, table)),
  ];
  const select = dims.map((d) => `${renderDimension(dialect, table, d)} AS ${dialect.ident(dimAlias(d))}`);
  const group = [...dims.map((d) => renderDimension(dialect, table, d)), index];
  const sql = `SELECT ${[...select, `${index} AS period_index`, ...aggregates.map((a, n) => `${a} AS m${n}`)].join(', ')} FROM ${renderFrom(dialect, table, whole ? [] : [...plan.by, ...(Object.keys(plan.scope) as never[])])} WHERE ${where.join(' AND ')} GROUP BY ${group.join(', ')}`;
  const columns = needs.map((need, n): ColumnSpec => ({ alias: `m${n}`, key: need.key, period: -1, role: 'value' }));
  return {
    family: whole ? `${table}:all` : table,
    table,
    kind: 'aggregate',
    sql,
    params: params.values,
    dims,
    columns,
  };
}

/** Everything a request compiles to: the presence query and one query per table family. */
export interface CompiledMetrics {
  plan: MetricPlan;
  presence: CompiledQuery;
  queries: CompiledQuery[];
}

/** Compiles a request into the fewest SQL queries (given the presence of tables; all present when omitted). */
export function compileMetrics(
  request: MetricsRequest,
  catalog: readonly KpiDefinition[],
  dialect: Dialect,
  presence?: Presence,
): CompiledMetrics {
  const plan = planForPeriod(request, catalog);
  return { plan, presence: compilePresence(plan, dialect), queries: compilePlan(plan, dialect, presence) };
}

/** Compiles the family queries of a plan. */
export function compilePlan(plan: MetricPlan, dialect: Dialect, presence?: Presence): CompiledQuery[] {
  const families = new Map<string, MeasureNeed[]>();
  const trafficNeeds: { need: MeasureNeed; period: number }[] = [];
  for (const need of plan.measures.values()) {
    const m = need.measure;
    if (m.kind === 'aggregate' && m.fallback && presence) {
      for (const i of need.periods) {
        if (!presence.has(presenceKey(m.table, i)) && presence.has(presenceKey(m.fallback.table, i))) {
          trafficNeeds.push({ need, period: i });
        }
      }
    }
    // whole-table measures need their own query only when the request cuts or filters by a dimension
    const cut = plan.by.length > 0 || Object.keys(plan.scope).length > 0;
    const family = `${m.kind}:${m.table}${m.ignoresDimensions && cut ? ':all' : ''}`;
    families.set(family, [...(families.get(family) ?? []), need]);
  }
  const out: CompiledQuery[] = [];
  for (const [family, needs] of families) {
    const [kind, table, all] = family.split(':') as [string, FactTable, string | undefined];
    const q =
      kind === 'aggregate'
        ? compileAggregateFamily(dialect, plan, table, needs, all === 'all', presence)
        : kind === 'customer'
          ? compileCustomerFamily(dialect, plan, needs, presence)
          : compileExperimentFamily(dialect, plan, needs, presence);
    if (q) out.push(q);
  }
  if (trafficNeeds.length) out.push(compileTrafficFamily(dialect, plan, trafficNeeds));
  return out;
}

/** Traffic aggregates standing in for event-level measures in periods without events/sessions. */
function compileTrafficFamily(
  dialect: Dialect,
  plan: MetricPlan,
  needs: { need: MeasureNeed; period: number }[],
): CompiledQuery {
  const params = new Params(dialect);
  const whole = needs.every((n) => n.need.measure.ignoresDimensions);
  const dims = whole ? [] : plan.by;
  // A row covers [range_start, range_end] when it is a whole-range aggregate (date = range_start), else its day.
  const rangeAgg = `(${column(dialect, 'range_start')} IS NOT NULL AND ${column(dialect, 'range_end')} > ${column(dialect, 'range_start')} AND ${column(dialect, 'date')} = ${column(dialect, 'range_start')})`;
  const spanStart = `(CASE WHEN ${rangeAgg} THEN ${column(dialect, 'range_start')} ELSE ${column(dialect, 'date')} END)`;
  const spanEnd = `(CASE WHEN ${rangeAgg} THEN ${column(dialect, 'range_end')} ELSE ${column(dialect, 'date')} END)`;
  const columns: ColumnSpec[] = [];
  const selects: string[] = [];
  for (const { need, period } of needs) {
    const m = need.measure as AggregateMeasure;
    const fb = m.fallback!;
    const p = plan.periods[period]!;
    const s = params.bind(p.startDate, 'date');
    const e = params.bind(p.endDate, 'date');
    const inside = `${spanStart} >= ${s} AND ${spanEnd} <= ${e}`;
    const alias = `m${selects.length}`;
    selects.push(`coalesce(${dialect.sumIf(column(dialect, fb.column), inside)}, 0) AS ${alias}`);
    columns.push({ alias, key: need.key, period, role: 'value' });
    if (fb.nonAdditive) {
      const approx = `a${selects.length}`;
      selects.push(`${dialect.countIf(`${inside} AND NOT (${spanStart} = ${s} AND ${spanEnd} = ${e})`)} AS ${approx}`);
      columns.push({ alias: approx, key: need.key, period, role: 'approx_rows' });
    }
    const spanning = `o${selects.length}`;
    selects.push(
      `${dialect.countIf(`${spanStart} <= ${e} AND ${spanEnd} >= ${s} AND NOT (${inside})`)} AS ${spanning}`,
    );
    columns.push({ alias: spanning, key: need.key, period, role: 'spanning_rows' });
  }
  const scope = whole ? [] : scopeConditions(dialect, params, plan, 'traffic');
  const { select, group } = groupedSelect(dialect, 'traffic', dims);
  const sql = `SELECT ${[...select, ...selects].join(', ')} FROM ${dialect.ident('traffic')} AS t${scope.length ? ` WHERE ${scope.join(' AND ')}` : ''}${group}`;
  return { family: 'traffic', table: 'traffic', kind: 'traffic', sql, params: params.values, dims, columns };
}

import { compileCustomerFamily, compileExperimentFamily } from './compile-special.js';
import { column } from './sql-parts.js';

/** Start of the trailing window ending at a period's end. */
export function windowStart(period: Period, days: number): Date {
  return localMidnightUtc(addDays(period.endDate, 1 - days), period.timeZone);
}

export { previousPeriod, timestampValue };
