/** A row returned by a query: column name -> JS value (number, string, boolean, Date, null, arrays). */
export type Row = Record<string, unknown>;

/** SQL differences between engines; every query is written once against this. */
export interface Dialect {
  readonly name: 'duckdb' | 'clickhouse';
  /** Placeholder for the i-th (1-based) bound parameter. */
  param(index: number, type?: ParamType): string;
  /** Quotes an identifier. */
  ident(name: string): string;
  /** Truncates a UTC timestamp expression to the start of a unit in the given time zone; returns a local date/timestamp. */
  dateTrunc(unit: 'day' | 'week' | 'month' | 'quarter' | 'year', expr: string, timeZone: string): string;
  /** Converts a UTC timestamp expression to local wall-clock time in a time zone. */
  toLocal(expr: string, timeZone: string): string;
  /** Exact distinct count. */
  countDistinct(expr: string): string;
  /** Exact distinct count of expr over the rows where cond holds. */
  countDistinctIf(expr: string, cond: string): string;
  /** Approximate distinct count (for very large scans where allowed). */
  approxCountDistinct(expr: string): string;
  /** Conditional count: rows where cond holds. */
  countIf(cond: string): string;
  /** Conditional sum. */
  sumIf(expr: string, cond: string): string;
  /** Median of an expression. */
  median(expr: string): string;
  /** Difference in (fractional) days between two timestamps: b - a. */
  daysBetween(a: string, b: string): string;
}

export type ParamType = 'string' | 'int' | 'float' | 'timestamp' | 'date' | 'bool';

/** A storage engine: DuckDB embedded, or ClickHouse for scale-out. */
export interface Engine {
  readonly dialect: Dialect;
  /** Runs a query with bound parameters and returns all rows. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement (DDL/DML) with bound parameters. */
  exec(sql: string, params?: readonly unknown[]): Promise<void>;
  /**
   * Runs fn inside one transaction: all of it or none. Nested calls join the outer transaction. (ClickHouse has no
   * transactions: there only appends are held back until fn succeeds; see ClickHouseEngine.)
   */
  transaction<T>(fn: (tx: Engine) => Promise<T>): Promise<T>;
  /**
   * Runs fn with the engine to itself but outside any transaction: no other caller's statement runs in between,
   * while each of fn's statements commits on its own unless fn opens a transaction (which then is a real one). For
   * scratch work on temp tables before a short write transaction: DuckDB scans tables written inside an open
   * transaction on one thread, committed ones in parallel. Inside a transaction, fn simply joins it.
   */
  exclusive<T>(fn: (engine: Engine) => Promise<T>): Promise<T>;
  /** Share (0–1) of the statement running now that is done, or null when the engine cannot tell. */
  statementProgress?(): number | null;
  /** Bulk-appends rows (column order as given) to a table; much faster than INSERTs. */
  append(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number>;
  close(): Promise<void>;
}
