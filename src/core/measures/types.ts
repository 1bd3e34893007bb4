import type { DimensionId } from '../kpi/schema.js';
import type { MeasureId } from './ids.js';

/** Fact tables a measure can read. */
export type FactTable =
  | 'events'
  | 'sessions'
  | 'traffic'
  | 'identities'
  | 'leads'
  | 'orders'
  | 'spend'
  | 'content'
  | 'surveys'
  | 'experiments'
  | 'brand_search'
  | 'projects'
  | 'deliverables';

/** A row filter as data (rendered to SQL with bound values by the warehouse compiler). */
export type Filter =
  | { col: string; op: 'eq' | 'ne' | 'gte' | 'lte' | 'distinct_from'; value: string | number | boolean }
  | { col: string; op: 'in' | 'not_in'; value: string[] }
  | { col: string; op: 'is_null' | 'not_null' }
  /** col ≤ other column (e.g. completed_at ≤ due_at). */
  | { col: string; op: 'le_col'; other: string }
  /** a stage timestamp reached: not null, and ≤ the request's as-of instant when one is given. */
  | { col: string; op: 'reached' }
  | { any: Filter[] }
  | { all: Filter[] };

/** A value expression over one table's columns. */
export type ValueExpr =
  | { col: string }
  | { num: number }
  | { coalesce: ValueExpr[] }
  | { mul: ValueExpr[] }
  | { cases: { when: Filter[]; value: ValueExpr }[]; else: ValueExpr };

/** One summand of an aggregate measure: rows whose `time` falls in the period and that pass `filters`. */
export interface MeasurePart {
  time: ValueExpr;
  filters: Filter[];
  sign?: 1 | -1;
}

/** Where a non-additive or missing measure may come from when its table has no rows for the period. */
export interface MeasureFallback {
  table: 'traffic';
  column: string;
  /** Distinct counts summed from partial-range rows are approximate (exact only for the exact exported range). */
  nonAdditive: boolean;
}

interface MeasureBase {
  id: MeasureId;
  table: FactTable;
  description_en: string;
  description_zh: string;
  /** Computed over the whole table, ignoring --by and --scope dimensions (denominators of shares). */
  ignoresDimensions?: boolean;
  /** Versioned rules: option name → option value → extra filters (KPI versions set `measure_options`). */
  variants?: Record<string, Record<string, Filter[]>>;
}

/** count / count_distinct / sum of rows of one table, period chosen by a time expression. */
export interface AggregateMeasure extends MeasureBase {
  kind: 'aggregate';
  agg: 'count' | 'count_distinct' | 'sum';
  /** The counted/summed value (count: rows; count_distinct: distinct values; sum: summed values). */
  value?: ValueExpr;
  parts: MeasurePart[];
  fallback?: MeasureFallback;
}

/** Customer-level measures over paid orders: first purchase, trailing window, activity in the previous period. */
export interface CustomerMeasure extends MeasureBase {
  kind: 'customer';
  table: 'orders';
  metric:
    | 'customers'
    | 'new_customers'
    | 'window_customers'
    | 'repeat_customers'
    | 'window_revenue'
    | 'prev_active_customers'
    | 'churned_customers';
}

/** Experiments concluded in the period (by ended_at), and those with a significant winner. */
export interface ExperimentMeasure extends MeasureBase {
  kind: 'experiment';
  table: 'experiments';
  metric: 'concluded' | 'significant';
}

export type MeasureDefinition = AggregateMeasure | CustomerMeasure | ExperimentMeasure;

/** How a dimension maps onto a table: a column, or the owner's team through `people`. */
export type DimensionColumn = { col: string } | { team: string };

/** Dimensions each table can be cut by. */
export type TableDimensions = Record<FactTable, Partial<Record<DimensionId, DimensionColumn>>>;
