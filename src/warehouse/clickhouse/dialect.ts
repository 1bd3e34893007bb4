import type { Dialect, ParamType } from '../engine.js';

const quoteString = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

const TYPES: Record<ParamType, string> = {
  string: 'String',
  int: 'Int64',
  float: 'Float64',
  timestamp: "DateTime64(3, 'UTC')",
  date: 'Date',
  bool: 'Bool',
};

const TRUNC: Record<Parameters<Dialect['dateTrunc']>[0], string> = {
  day: 'toStartOfDay',
  week: 'toMonday',
  month: 'toStartOfMonth',
  quarter: 'toStartOfQuarter',
  year: 'toStartOfYear',
};

/** ClickHouse SQL dialect: typed `{p1:String}` placeholders, uniqExact, countIf/sumIf, quantileExact. */
export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  param: (index, type = 'string') => `{p${index}:${TYPES[type]}}`,
  ident: (name) => `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``,
  toLocal: (expr, tz) => `toTimeZone(${expr}, ${quoteString(tz)})`,
  dateTrunc: (unit, expr, tz) => `${TRUNC[unit]}(toTimeZone(${expr}, ${quoteString(tz)}))`,
  countDistinct: (expr) => `uniqExact(${expr})`,
  approxCountDistinct: (expr) => `uniq(${expr})`,
  countIf: (cond) => `countIf(${cond})`,
  sumIf: (expr, cond) => `sumIf(${expr}, ${cond})`,
  median: (expr) => `quantileExact(0.5)(${expr})`,
  daysBetween: (a, b) => `(dateDiff('second', ${a}, ${b}) / 86400.0)`,
};

/** ClickHouse HTTP query parameters (`param_p1=...`) for values bound with `{pN:Type}` placeholders. */
export function clickhouseQueryParams(params: readonly unknown[]): Record<string, string> {
  return Object.fromEntries(
    params.map((v, i) => [
      `param_p${i + 1}`,
      v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : v === null ? '\\N' : String(v),
    ]),
  );
}
