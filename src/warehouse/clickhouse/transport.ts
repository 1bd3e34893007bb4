/** A JSON-format result: column names and ClickHouse types, then rows as objects (values still in JSON form). */
export interface JsonResult {
  meta: { name: string; type: string }[];
  data: Record<string, unknown>[];
}

/**
 * How SQL reaches ClickHouse: HTTP to a server (@clickhouse/client) or in-process (chdb). Parameters are always
 * sent apart from the SQL text as ClickHouse query parameters (`{p1:String}` ↔ `p1`), never spliced.
 */
export interface ClickHouseTransport {
  /** Where it goes, for messages (a URL without credentials, or `chdb:<path>`). */
  readonly where: string;
  /** Runs a SELECT and returns its JSON-format result. */
  query(sql: string, params: Record<string, string | null>): Promise<JsonResult>;
  /** Runs a statement that returns no rows (DDL, INSERT … SELECT, SET …). */
  command(sql: string, params: Record<string, string | null>): Promise<void>;
  /** Inserts JSONEachRow lines (one object per row) into a table's columns; names are plain identifiers. */
  insert(table: string, columns: readonly string[], lines: readonly string[]): Promise<void>;
  /** Checks the server answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Settings every statement runs with: an unmatched LEFT JOIN gives NULL (as in SQL and DuckDB), not the type's
 * default; 64-bit integers are quoted in JSON so they survive JSON parsing exactly.
 */
export const SESSION_SETTINGS = {
  join_use_nulls: 1,
  output_format_json_quote_64bit_integers: 1,
} as const;

/**
 * Settings for ClickHouse 23.x and later (older servers reject unknown settings): a column name wins over a
 * SELECT alias of the same name, as in standard SQL and DuckDB (`max(ended_at) AS ended_at … WHERE ended_at …`),
 * and time-zone-less DateTime text (CAST(… AS TIMESTAMP)) is read as UTC whatever the server's time zone.
 */
export const MODERN_SETTINGS = {
  prefer_column_name_to_alias: 1,
  session_timezone: 'UTC',
} as const;
