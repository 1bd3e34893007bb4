import type { AggregateMeasure } from '../../core/measures/index.js';
import type { Dialect } from '../engine.js';
import { type ColumnSpec, type CompiledQuery, groupedSelect, scopeConditions } from './family-shared.js';
import type { MeasureNeed, MetricPlan } from './plan.js';
import { column, Params } from './sql-parts.js';

/** Traffic aggregates standing in for event-level measures in periods without events/sessions. */
export function compileTrafficFamily(
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
