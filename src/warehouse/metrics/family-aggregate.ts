import type { AggregateMeasure, FactTable, Filter, ValueExpr } from '../../core/measures/index.js';
import type { Period } from '../../core/periods/index.js';
import type { Dialect } from '../engine.js';
import {
  type ColumnSpec,
  type CompiledQuery,
  groupedSelect,
  type Presence,
  presenceKey,
  scopeConditions,
  timeBounds,
} from './family-shared.js';
import type { MeasureNeed, MetricPlan } from './plan.js';
import {
  dimAlias,
  Params,
  renderDimension,
  renderFilters,
  renderFrom,
  renderInRange,
  renderValue,
} from './sql-parts.js';

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
          ? dialect.countDistinctIf(`${value}`, cond)
          : `coalesce(${dialect.sumIf(value ?? '1', cond)}, 0)`;
    return part.sign === -1 ? ` - ${sql}` : sql;
  });
  return terms.join('');
}

/** One query per table computing all its aggregate measures in all needed periods (FILTER clauses). */
export function compileAggregateFamily(
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
  // filters every measure applies (e.g. non-bot) move to WHERE: fewer conditional aggregates, better pruning
  const allFilters = needs.flatMap((n) =>
    (n.measure as AggregateMeasure).parts.map((p) => [...p.filters, ...n.extraFilters]),
  );
  const common = (allFilters[0] ?? []).filter((f) =>
    allFilters.every((list) => list.some((g) => JSON.stringify(g) === JSON.stringify(f))),
  );
  const isCommon = (f: Filter) => common.some((c) => JSON.stringify(c) === JSON.stringify(f));
  const aggregates = needs.map((need) => {
    const m = need.measure as AggregateMeasure;
    const value = m.value ? renderValue(dialect, params, m.value, plan.asOf) : undefined;
    return m.parts
      .map((part) => {
        const filters = [...part.filters, ...need.extraFilters].filter((f) => !isCommon(f));
        const cond = filters.length ? renderFilters(dialect, params, filters, plan.asOf) : undefined;
        const sql =
          m.agg === 'count'
            ? cond
              ? dialect.countIf(cond)
              : 'count(*)'
            : m.agg === 'count_distinct'
              ? cond
                ? dialect.countDistinctIf(`${value}`, cond)
                : dialect.countDistinct(`${value}`)
              : `coalesce(${cond ? dialect.sumIf(value ?? '1', cond) : `sum(${value ?? '1'})`}, 0)`;
        return part.sign === -1 ? ` - ${sql}` : sql;
      })
      .join('');
  });
  const where = [
    timeBounds(dialect, params, table, [time], plan, new Set(periods)),
    ...(common.length ? [renderFilters(dialect, params, common, plan.asOf)] : []),
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
