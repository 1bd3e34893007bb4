/** How a cell is parsed and stored. */
export type ColumnType =
  | 'text'
  | 'timestamp'
  | 'date'
  | 'int'
  | 'number'
  | 'money'
  | 'rate'
  | 'duration'
  | 'bool'
  | 'json'
  | 'email'
  | 'phone'
  | 'enum';

/** One input column of a canonical table. */
export interface ColumnSpec {
  /** Canonical input name (also the header matched first). */
  name: string;
  /** Stored column when it differs (email -> email_hash). */
  store?: string;
  type: ColumnType;
  required?: boolean;
  /** Header aliases, English and Chinese, matched case- and punctuation-insensitively. */
  aliases?: string[];
  min?: number;
  max?: number;
  /** Value stored when the cell is empty (orders.currency: the configured currency). */
  fallback?: () => unknown;
  /** Enum: accepted spelling (lower-case) -> stored value. */
  values?: Record<string, string>;
}

/** A canonical import table: its input columns, natural key and the column that dates a row. */
export interface TableSpec {
  table: string;
  columns: ColumnSpec[];
  /** Natural key columns (stored names); rows repeating a key in one file are rejected. */
  key: string[];
  /** When the key is absent in a row (events without event_id), the row key is a hash of the whole row. */
  hashWhenKeyMissing?: boolean;
  /** Append-only facts (events): a row whose key exists is never replaced, and rows carry no row_hash. */
  immutable?: boolean;
  /** Stored column whose min/max become the import's period_start/period_end. */
  period: string;
  /** Extra stored columns a source format may fill (not read from headers). */
  extra?: string[];
  /** Cross-column rules; return problems as { column, message }. */
  check?: (row: Record<string, unknown>) => { column: string; message: string } | undefined;
}
