import { createHash, randomUUID } from 'node:crypto';
import { config } from '../../config.js';
import { ValidationError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import { type NormalizeContext, normalizeRecord, storedText } from '../schema/normalize.js';
import { storedName } from '../schema/tables.js';
import type { TableSpec } from '../schema/types.js';
import { contentHash, hashSecret } from '../secret.js';
import type { ImportErrorItem, ImportResult, SourceRecord } from '../types.js';
import { runDerivation } from './derive-hook.js';
import { ErrorCollector } from './errors.js';
import { mergeStage } from './merge.js';
import { applyPatches, type LeadPatch } from './patches.js';

/** Who and what an import is, before it runs. */
export interface ImportMeta {
  format: string;
  fileName: string;
  fileHash: string;
  username?: string | undefined;
  dryRun?: boolean | undefined;
  warnings?: string[];
  /** Problems found before the rows (header errors, preamble errors). */
  preErrors?: ImportErrorItem[];
  /** Updates to existing leads (hubspot-deals: won_at / lost_at). */
  leadPatches?: LeadPatch[];
  /** Rows dropped on purpose by a source format (totals), counted as skipped. */
  preSkipped?: number;
}

const BATCH = 50_000;

class DryRunDone extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

/** A new import id: sortable by time, unique. */
export function newImportId(): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14);
  return `imp_${stamp}_${randomUUID().slice(0, 8)}`;
}

/** The content key of an append-only row: md5 of its stored values joined by U+001F (same in SQL fast paths). */
export function eventContentKey(values: (string | null)[]): string {
  return createHash('md5')
    .update(values.map((v) => v ?? '').join('\u001f'))
    .digest('hex');
}

function rowKeyOf(
  spec: TableSpec,
  row: Record<string, unknown>,
  values: (string | null)[],
): { key: string; hashed: boolean } {
  const parts = spec.key.map((k) => storedText(row[k]));
  if (spec.hashWhenKeyMissing && parts.some((p) => p === null)) return { key: eventContentKey(values), hashed: true };
  if (parts.length === 1 && parts[0] !== null && parts[0] !== undefined) return { key: parts[0], hashed: false };
  return { key: contentHash(`${spec.table}\u001f${JSON.stringify(parts)}`), hashed: false };
}

/**
 * The one write path: validates canonical records, stages them, and in one transaction merges them into the fact
 * table (insert / update with version / skip), records the import, and runs the derivation hook.
 */
export async function runImport(
  engine: Engine,
  spec: TableSpec,
  meta: ImportMeta,
  batches: AsyncIterable<SourceRecord[]> | Iterable<SourceRecord[]>,
): Promise<ImportResult> {
  const importId = newImportId();
  const ctx: NormalizeContext = { timeZone: config().timeZone, secret: hashSecret() };
  const errors = new ErrorCollector(meta.fileName);
  if (meta.preErrors) errors.addAll(meta.preErrors);
  const warnings = meta.warnings ?? [];
  const valueColumns = [...spec.columns.map(storedName), ...(spec.extra ?? [])];
  const columns = [...valueColumns, 'row_key', 'row_hash'];
  const stage = `__import_${importId.replace(/\W/g, '_')}`;
  const started = new Date();
  let rowsRead = 0;
  const ident = (c: string) => engine.dialect.ident(c);

  const run = async (tx: Engine): Promise<ImportResult> => {
    await tx.exec(
      `CREATE TEMP TABLE ${stage} AS SELECT ${columns.map(ident).join(', ')}, 0::BIGINT AS __line, false AS __hashed FROM ${ident(spec.table)} LIMIT 0`,
    );
    try {
      for await (const batch of batches) {
        const out: unknown[][] = [];
        for (const record of batch) {
          rowsRead++;
          const { row, problems } = normalizeRecord(spec, record.values, ctx);
          if (problems.length > 0) {
            for (const p of problems) errors.add(record.row, p.column, p.message);
            continue;
          }
          if (errors.count > 0) continue;
          const values = valueColumns.map((c) => storedText(row[c]));
          const rowHash = spec.immutable ? null : contentHash(JSON.stringify(values));
          const { key, hashed } = rowKeyOf(spec, row, values);
          out.push([...values, key, rowHash, record.row, hashed]);
          if (out.length >= BATCH) await tx.append(stage, [...columns, '__line', '__hashed'], out.splice(0));
        }
        if (out.length > 0 && errors.count === 0) await tx.append(stage, [...columns, '__line', '__hashed'], out);
      }
      await checkDuplicates(tx, spec, stage, errors);
      errors.throwIfAny();
      const merged = await mergeStage(tx, {
        stage,
        table: spec.table,
        columns,
        importId,
        timeColumns: spec.period
          ? spec.columns
              .filter((c) => c.type === 'timestamp' || c.type === 'date')
              .map((c) => ({ name: storedName(c), instant: c.type === 'timestamp' }))
          : [],
        timeZone: ctx.timeZone,
      });
      let updated = merged.updated;
      let { periodStart, periodEnd } = merged;
      if (meta.leadPatches?.length) {
        const patched = await applyPatches(tx, meta.leadPatches, importId, ctx.timeZone);
        updated += patched.updated;
        periodStart = earliest(periodStart, patched.periodStart);
        periodEnd = latest(periodEnd, patched.periodEnd);
        if (patched.missing > 0)
          warnings.push(`${patched.missing} deal(s) name contacts that are not imported as leads`);
      }
      const result: ImportResult = {
        importId,
        format: meta.format,
        table: spec.table,
        fileName: meta.fileName,
        fileHash: meta.fileHash,
        rowsRead: rowsRead + (meta.preSkipped ?? 0),
        inserted: merged.inserted,
        updated,
        skipped:
          merged.skipped + (rowsRead - merged.inserted - merged.updated - merged.skipped) + (meta.preSkipped ?? 0),
        rejected: 0,
        periodStart,
        periodEnd,
        dryRun: Boolean(meta.dryRun),
        errors: [],
        errorCount: 0,
        warnings,
      };
      if (meta.dryRun) throw new DryRunDone(result);
      if (merged.inserted + merged.updated > 0) {
        const derived = await runDerivation(tx, spec.table, importId);
        if (!derived)
          warnings.push('derivation hook not available: channels, bots, sessions and identities not filled');
      }
      await recordImport(tx, result, meta.username, started, 'committed', null);
      return result;
    } finally {
      await tx.exec(`DROP TABLE IF EXISTS ${stage}`).catch(() => undefined);
    }
  };

  try {
    return await engine.transaction(run);
  } catch (error) {
    if (error instanceof DryRunDone) return error.result;
    if (error instanceof ValidationError && !meta.dryRun) {
      await recordRejected(engine, { importId, spec, meta, rowsRead, started, error, errorCount: errors.count });
    }
    throw error;
  }
}

async function checkDuplicates(tx: Engine, spec: TableSpec, stage: string, errors: ErrorCollector): Promise<void> {
  if (errors.count > 0) return;
  const dups = await tx.query<{ lines: number[]; hashed: boolean; key_text: string }>(
    `SELECT list(__line ORDER BY __line) AS lines, bool_and(__hashed) AS hashed, any_value(row_key) AS key_text
     FROM ${stage} GROUP BY row_key HAVING count(*) > 1 ORDER BY min(__line) LIMIT 1000`,
  );
  let collapse = false;
  for (const d of dups) {
    if (d.hashed) {
      collapse = true;
      continue;
    }
    const [first, ...rest] = d.lines.map(Number);
    const keyName = spec.key.filter((k) => k !== 'source_format').join('+');
    const [sample] = await tx.query<Record<string, unknown>>(
      `SELECT ${spec.key.map((k) => `${tx.dialect.ident(k)}::VARCHAR AS ${tx.dialect.ident(k)}`).join(', ')} FROM ${stage} WHERE __line = $1`,
      [first],
    );
    const shown = spec.key
      .filter((k) => k !== 'source_format')
      .map((k) => sample?.[k] ?? '')
      .join(' / ');
    for (const line of rest) errors.add(line, keyName, `duplicate ${keyName} "${shown}" (first at row ${first})`);
  }
  if (collapse) {
    await tx.exec(`DELETE FROM ${stage} WHERE rowid NOT IN (SELECT min(rowid) FROM ${stage} GROUP BY row_key)`);
  }
}

async function recordImport(
  tx: Engine,
  r: ImportResult,
  username: string | undefined,
  started: Date,
  status: string,
  message: string | null,
): Promise<void> {
  await tx.exec(
    `INSERT INTO imports (import_id, format, target_table, file_name, file_hash, rows_read, rows_inserted, rows_updated,
       rows_skipped, rows_rejected, period_start, period_end, username, started_at, finished_at, status, message)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::DATE, $12::DATE, $13, $14::TIMESTAMP, now()::TIMESTAMP, $15, $16)`,
    [
      r.importId,
      r.format,
      r.table,
      r.fileName,
      r.fileHash,
      r.rowsRead,
      r.inserted,
      r.updated,
      r.skipped,
      r.rejected,
      r.periodStart,
      r.periodEnd,
      username ?? null,
      started.toISOString().replace('T', ' ').replace('Z', ''),
      status,
      message,
    ],
  );
}

async function recordRejected(
  engine: Engine,
  o: {
    importId: string;
    spec: TableSpec;
    meta: ImportMeta;
    rowsRead: number;
    started: Date;
    error: ValidationError;
    errorCount: number;
  },
): Promise<void> {
  const result: ImportResult = {
    importId: o.importId,
    format: o.meta.format,
    table: o.spec.table,
    fileName: o.meta.fileName,
    fileHash: o.meta.fileHash,
    rowsRead: o.rowsRead,
    inserted: 0,
    updated: 0,
    skipped: 0,
    rejected: o.rowsRead,
    periodStart: null,
    periodEnd: null,
    dryRun: false,
    errors: [],
    errorCount: o.errorCount,
    warnings: [],
  };
  try {
    await engine.transaction((tx) => recordImport(tx, result, o.meta.username, o.started, 'rejected', o.error.message));
  } catch {
    // the log entry is best effort; the validation error is what the user needs
  }
}

/** The earlier of two ISO days (null: unknown). */
function earliest(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null || a <= b ? a : b;
}

/** The later of two ISO days (null: unknown). */
function latest(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null || a >= b ? a : b;
}
