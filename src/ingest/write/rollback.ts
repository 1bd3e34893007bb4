import { ConflictError, NotFoundError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import { prepareRollbackDerivation } from '../derive/index.js';
import { TABLES } from '../schema/tables.js';

/** One entry of the import log. */
export interface ImportLogEntry {
  importId: string;
  format: string;
  table: string;
  fileName: string | null;
  fileHash: string | null;
  rowsRead: number;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  periodStart: string | null;
  periodEnd: string | null;
  username: string | null;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  rolledBackAt: string | null;
  rolledBackBy: string | null;
  message: string | null;
}

const FACT_TABLES = Object.keys(TABLES);

async function restoreVersions(tx: Engine, importId: string, table: string): Promise<number> {
  const versions = await tx.query<{ row_key: string; old_row: string }>(
    'SELECT row_key, old_row FROM row_versions WHERE import_id = $1 AND table_name = $2',
    [importId, table],
  );
  if (versions.length === 0) return 0;
  const columns = (
    await tx.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = 'main' ORDER BY ordinal_position`,
      [table],
    )
  ).map((c) => c.column_name);
  const rows = versions.map((v) => {
    const old = JSON.parse(v.old_row) as Record<string, unknown>;
    return columns.map((c) => {
      const value = old[c];
      if (value === null || value === undefined) return null;
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    });
  });
  const ident = tx.dialect.ident(table);
  for (const v of versions) await tx.exec(`DELETE FROM ${ident} WHERE row_key = $1`, [v.row_key]);
  await tx.append(table, columns, rows);
  return versions.length;
}

/** Undoes an import: deletes the rows it wrote and restores the rows it replaced. */
export async function rollbackImport(
  engine: Engine,
  importId: string,
  username: string,
): Promise<{ rowsDeleted: number }> {
  return engine.transaction(async (tx) => {
    const [entry] = await tx.query<{ status: string; target_table: string }>(
      'SELECT status, target_table FROM imports WHERE import_id = $1',
      [importId],
    );
    if (!entry) throw new NotFoundError(`no import ${importId}`);
    if (entry.status !== 'committed') throw new ConflictError(`import ${importId} is ${entry.status}, not committed`);
    // Derived data (sessions of the touched visitors) is rebuilt once the rows are gone.
    const finishDerivation = await prepareRollbackDerivation(tx, { table: entry.target_table, importId });
    let rowsDeleted = 0;
    for (const table of FACT_TABLES) {
      const ident = tx.dialect.ident(table);
      const [n] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident} WHERE import_id = $1`, [importId]);
      if (Number(n?.n ?? 0) > 0) {
        await tx.exec(`DELETE FROM ${ident} WHERE import_id = $1`, [importId]);
        rowsDeleted += Number(n?.n ?? 0);
      }
      await restoreVersions(tx, importId, table);
    }
    await finishDerivation();
    await tx.exec('DELETE FROM row_versions WHERE import_id = $1', [importId]);
    await tx.exec('DELETE FROM bot_stats WHERE import_id = $1', [importId]);
    await tx.exec(
      `UPDATE imports SET status = 'rolled_back', rolled_back_at = now()::TIMESTAMP, rolled_back_by = $2 WHERE import_id = $1`,
      [importId, username],
    );
    return { rowsDeleted };
  });
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** The import log, newest first. */
export async function listImports(
  engine: Engine,
  opts: { limit?: number; offset?: number } = {},
): Promise<{ total: number; items: ImportLogEntry[] }> {
  const limit = Math.max(1, Math.min(1000, Math.trunc(opts.limit ?? 50)));
  const offset = Math.max(0, Math.trunc(opts.offset ?? 0));
  const [total] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM imports');
  const rows = await engine.query(
    `SELECT *, period_start::VARCHAR AS ps, period_end::VARCHAR AS pe FROM imports
     ORDER BY started_at DESC, import_id DESC LIMIT ${limit} OFFSET ${offset}`,
  );
  return {
    total: Number(total?.n ?? 0),
    items: rows.map((r) => ({
      importId: String(r.import_id),
      format: String(r.format),
      table: String(r.target_table),
      fileName: text(r.file_name),
      fileHash: text(r.file_hash),
      rowsRead: Number(r.rows_read ?? 0),
      inserted: Number(r.rows_inserted ?? 0),
      updated: Number(r.rows_updated ?? 0),
      skipped: Number(r.rows_skipped ?? 0),
      rejected: Number(r.rows_rejected ?? 0),
      periodStart: text(r.ps),
      periodEnd: text(r.pe),
      username: text(r.username),
      startedAt: text(r.started_at) ?? '',
      finishedAt: text(r.finished_at),
      status: String(r.status),
      rolledBackAt: text(r.rolled_back_at),
      rolledBackBy: text(r.rolled_back_by),
      message: text(r.message),
    })),
  };
}
