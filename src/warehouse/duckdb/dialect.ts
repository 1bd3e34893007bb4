import type { Dialect } from '../engine.js';

const quoteString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** DuckDB SQL dialect. Time-zone names are validated by config and quoted as literals. */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  param: (index) => `$${index}`,
  ident: (name) => `"${name.replaceAll('"', '""')}"`,
  toLocal: (expr, tz) => `timezone(${quoteString(tz)}, (${expr})::TIMESTAMPTZ)`,
  dateTrunc: (unit, expr, tz) => `date_trunc('${unit}', timezone(${quoteString(tz)}, (${expr})::TIMESTAMPTZ))`,
  countDistinct: (expr) => `count(DISTINCT ${expr})`,
  // a FILTER keeps the other rows out of the distinct hash table (a CASE would hash every row: the events family of a
  // 10M-event quarter by channel took 1.4× as long)
  countDistinctIf: (expr, cond) => `count(DISTINCT ${expr}) FILTER (WHERE ${cond})`,
  approxCountDistinct: (expr) => `approx_count_distinct(${expr})`,
  countIf: (cond) => `count(*) FILTER (WHERE ${cond})`,
  sumIf: (expr, cond) => `sum(${expr}) FILTER (WHERE ${cond})`,
  median: (expr) => `median(${expr})`,
  daysBetween: (a, b) => `(epoch(${b}) - epoch(${a})) / 86400.0`,
};
