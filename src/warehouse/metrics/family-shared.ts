import type { DimensionId } from '../../core/kpi/index.js';
import type { FactTable, ValueExpr } from '../../core/measures/index.js';
import { addDays, localMidnightUtc, type Period } from '../../core/periods/index.js';
import type { Dialect } from '../engine.js';
import type { MetricPlan } from './plan.js';
import { dimAlias, type Params, type Range, renderDimension, renderInRange } from './sql-parts.js';

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
  dims: DimensionId[];
  columns: ColumnSpec[];
}

/** Which (table, period index) pairs have any rows; decides missing_source and traffic fallbacks. */
export type Presence = Set<string>;
/** Key of a (table, period index) pair in a Presence set. */
export const presenceKey = (table: FactTable, period: number) => `${table}|${period}`;

export /** The smallest range covering some periods. */
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

/** Conditions of the request's scope on a table. */
export function scopeConditions(dialect: Dialect, params: Params, plan: MetricPlan, table: FactTable): string[] {
  return Object.entries(plan.scope).map(
    ([dim, value]) => `${renderDimension(dialect, table, dim as never)} = ${params.bind(value, 'string')}`,
  );
}

/** `time ∈ span of the periods` for the time expressions a query uses (OR-ed). */
export function timeBounds(
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

/** SELECT and GROUP BY of the --by dimensions on a table. */
export function groupedSelect(
  dialect: Dialect,
  table: FactTable,
  dims: MetricPlan['by'],
): { select: string[]; group: string } {
  const select = dims.map((d) => `${renderDimension(dialect, table, d)} AS ${dialect.ident(dimAlias(d))}`);
  const group = dims.length ? ` GROUP BY ${dims.map((d) => renderDimension(dialect, table, d)).join(', ')}` : '';
  return { select, group };
}

/** Start of the trailing window ending at a period's end. */
export function windowStart(period: Period, days: number): Date {
  return localMidnightUtc(addDays(period.endDate, 1 - days), period.timeZone);
}
