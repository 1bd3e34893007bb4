import type { DimensionId } from '../../core/kpi/index.js';
import type { DimensionColumn, FactTable, Filter, ValueExpr } from '../../core/measures/index.js';
import { TABLE_DIMENSIONS } from '../../core/measures/index.js';
import type { Dialect, ParamType } from '../engine.js';

/** Columns holding local calendar days (DATE); every other time column is a UTC TIMESTAMP. */
const DATE_COLUMNS = new Set(['traffic.date', 'spend.date', 'content.date', 'brand_search.date']);

/** Whether a table's time column is a local DATE. */
export function isDateColumn(table: FactTable, column: string): boolean {
  return DATE_COLUMNS.has(`${table}.${column}`);
}

/** Formats a UTC instant as a naive TIMESTAMP literal value (bound, never spliced). */
export function timestampValue(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** Collects bound parameters and hands out placeholders; equal values share one placeholder. */
export class Params {
  readonly values: unknown[] = [];
  private readonly seen = new Map<string, string>();
  constructor(private readonly dialect: Dialect) {}

  /** Placeholder for a value, cast to its SQL type where the engine needs it. */
  bind(value: unknown, type: ParamType): string {
    const key = `${type}:${typeof value}:${String(value)}`;
    const known = this.seen.get(key);
    if (known) return known;
    this.values.push(value);
    const p = this.dialect.param(this.values.length, type);
    const sql =
      this.dialect.name === 'duckdb' && (type === 'timestamp' || type === 'date')
        ? `CAST(${p} AS ${type === 'date' ? 'DATE' : 'TIMESTAMP'})`
        : p;
    this.seen.set(key, sql);
    return sql;
  }
}

function literalType(value: string | number | boolean): ParamType {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'string';
}

/** Renders a column of the fact table aliased `t`. Names come from measure definitions (code), not users. */
export function column(dialect: Dialect, name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad column name in a measure definition: ${name}`);
  return `t.${dialect.ident(name)}`;
}

/** Renders a value expression. */
export function renderValue(dialect: Dialect, params: Params, expr: ValueExpr, asOf?: Date): string {
  if ('col' in expr) return column(dialect, expr.col);
  if ('num' in expr) return String(Number(expr.num));
  if ('coalesce' in expr)
    return `coalesce(${expr.coalesce.map((e) => renderValue(dialect, params, e, asOf)).join(', ')})`;
  if ('mul' in expr) return `(${expr.mul.map((e) => renderValue(dialect, params, e, asOf)).join(' * ')})`;
  const whens = expr.cases
    .map(
      (c) => `WHEN ${renderFilters(dialect, params, c.when, asOf)} THEN ${renderValue(dialect, params, c.value, asOf)}`,
    )
    .join(' ');
  return `(CASE ${whens} ELSE ${renderValue(dialect, params, expr.else, asOf)} END)`;
}

/** Renders one structured filter with bound values. */
export function renderFilter(dialect: Dialect, params: Params, f: Filter, asOf?: Date): string {
  if ('any' in f) return `(${f.any.map((x) => renderFilter(dialect, params, x, asOf)).join(' OR ')})`;
  if ('all' in f) return `(${f.all.map((x) => renderFilter(dialect, params, x, asOf)).join(' AND ')})`;
  const c = column(dialect, f.col);
  switch (f.op) {
    case 'is_null':
      return `${c} IS NULL`;
    case 'not_null':
      return `${c} IS NOT NULL`;
    case 'reached':
      return asOf ? `${c} <= ${params.bind(timestampValue(asOf), 'timestamp')}` : `${c} IS NOT NULL`;
    case 'le_col':
      return `${c} <= ${column(dialect, f.other)}`;
    case 'in':
    case 'not_in': {
      const list = f.value.map((v) => params.bind(v, 'string')).join(', ');
      return `${c} ${f.op === 'in' ? 'IN' : 'NOT IN'} (${list})`;
    }
    case 'distinct_from':
      return `(${c} IS NULL OR ${c} <> ${params.bind(f.value, literalType(f.value))})`;
    default: {
      const op = { eq: '=', ne: '<>', gte: '>=', lte: '<=' }[f.op];
      return `${c} ${op} ${params.bind(f.value, literalType(f.value))}`;
    }
  }
}

/** Renders filters joined by AND ('TRUE' when empty). */
export function renderFilters(dialect: Dialect, params: Params, filters: readonly Filter[], asOf?: Date): string {
  return filters.length ? filters.map((f) => renderFilter(dialect, params, f, asOf)).join(' AND ') : 'TRUE';
}

/** A period's bounds as bound parameters for a time expression of a table. */
export interface Range {
  start: Date;
  end: Date;
  startDate: string;
  endDate: string;
}

/** `time ∈ range` for a time expression (a DATE column compares local days, a TIMESTAMP the UTC interval). */
export function renderInRange(dialect: Dialect, params: Params, table: FactTable, time: ValueExpr, r: Range): string {
  const expr = renderValue(dialect, params, time);
  const dateTyped = 'col' in time && isDateColumn(table, time.col);
  if (dateTyped) {
    return `(${expr} >= ${params.bind(r.startDate, 'date')} AND ${expr} <= ${params.bind(r.endDate, 'date')})`;
  }
  return `(${expr} >= ${params.bind(timestampValue(r.start), 'timestamp')} AND ${expr} < ${params.bind(timestampValue(r.end), 'timestamp')})`;
}

/** How a table maps a dimension; undefined when it cannot be cut by it. */
export function dimensionColumn(table: FactTable, dim: DimensionId): DimensionColumn | undefined {
  return TABLE_DIMENSIONS[table][dim];
}

/** SQL of a dimension on a table (team comes from `people p` joined on the owner). */
export function renderDimension(dialect: Dialect, table: FactTable, dim: DimensionId): string {
  const d = dimensionColumn(table, dim);
  if (!d) throw new Error(`table ${table} has no dimension ${dim}`);
  return 'col' in d ? column(dialect, d.col) : `p.${dialect.ident('team')}`;
}

/** FROM clause of a table (aliased t), joined to people when a team dimension is used. */
export function renderFrom(dialect: Dialect, table: FactTable, dims: readonly DimensionId[], source?: string): string {
  const team = dims.includes('team') ? dimensionColumn(table, 'team') : undefined;
  const from = `${source ?? dialect.ident(table)} AS t`;
  if (!team || 'col' in team) return from;
  return `${from} LEFT JOIN ${dialect.ident('people')} AS p ON p.${dialect.ident('person_id')} = ${column(dialect, team.team)}`;
}

/** Output alias of a dimension column. */
export const dimAlias = (dim: DimensionId) => `d_${dim}`;
