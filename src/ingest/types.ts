/** One problem found in an import file: where (file, row, column) and what. */
export interface ImportErrorItem {
  file: string;
  row: number;
  column: string;
  message: string;
}

/** Outcome of one import (also what `yardstick import --format json` prints). */
export interface ImportResult {
  importId: string;
  format: string;
  table: string;
  fileName: string;
  fileHash: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  periodStart: string | null;
  periodEnd: string | null;
  dryRun: boolean;
  /** The first 20 problems. */
  errors: ImportErrorItem[];
  errorCount: number;
  warnings: string[];
}

/** The phases of a large events import: reading the file, deriving (channels, bots, identities, sessions), writing. */
export type ImportPhase = 'read' | 'derive' | 'write';

/** Progress of a streaming import. */
export interface ImportProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
  /** the phase running, for imports that read the whole file before deriving and writing (large events CSVs) */
  phase?: ImportPhase;
  /** estimated share (0–1) of the whole import done, where bytes alone would mislead (set with phase) */
  fraction?: number;
}

/** Options of importFile. */
export interface ImportFileOptions {
  /** A canonical table name (events, leads, …) or a source format (ga4, google-ads, …). */
  format: string;
  file: string;
  /** Header mapping: canonical column -> header in the file. */
  map?: Record<string, string>;
  dryRun?: boolean;
  username?: string;
  /** XLSX sheet name (default: the first sheet). */
  sheet?: string;
  /** Name recorded in the import log (default: the file's base name; uploads pass the original name). */
  fileName?: string;
  onProgress?: (p: ImportProgress) => void;
}

/** Options of importRecords. */
export interface ImportRecordsOptions {
  table: string;
  records: Record<string, unknown>[];
  format: string;
  fileName: string;
  fileHash?: string;
  username?: string;
  dryRun?: boolean;
}

/** A canonical record plus the file line it came from (for error messages). */
export interface SourceRecord {
  row: number;
  values: Record<string, unknown>;
}

/** An import file row as read: the line number in the file and its cells. */
export interface RawRow {
  line: number;
  cells: string[];
}
