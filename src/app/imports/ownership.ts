import { UserError } from '../../core/errors.js';
import { fileKind, openCsv, readJsonRecords } from '../../ingest/read/index.js';
import { readXlsxRows } from '../../ingest/read/xlsx.js';
import { headerResolver, mapHeaderRow } from '../../ingest/schema/headers.js';
import { TABLES } from '../../ingest/schema/tables.js';
import type { RawRow } from '../../ingest/types.js';
import type { AuthUser } from '../context.js';

/** What is being imported: the format, the uploaded file and its header mapping. */
export interface ImportRequest {
  format: string;
  file: string;
  fileName: string;
  map?: Record<string, string> | undefined;
  sheet?: string | undefined;
}

/** Canonical tables whose rows name an owner (`owner_id`, 负责人): the only ones a member may import. */
export const OWNED_TABLES: readonly string[] = Object.values(TABLES)
  .filter((spec) => spec.columns.some((c) => c.name === 'owner_id'))
  .map((spec) => spec.table);

function notOwner(message: string): UserError {
  return new UserError('import_not_owner', message, { status: 403 });
}

const isBlank = (row: RawRow) => row.cells.every((c) => c.trim() === '');

/** Rows of a CSV/XLSX file with the owner cell of each data row (after the header row, as the importer reads it). */
async function* ownerCells(req: ImportRequest): AsyncGenerator<{ row: number; owner: string | null }> {
  const spec = TABLES[req.format];
  if (!spec) return;
  if (fileKind(req.file) === 'json') {
    const resolve = headerResolver(spec);
    const mapped = Object.entries(req.map ?? {}).find(([target]) => target === 'owner_id')?.[1];
    for await (const batch of readJsonRecords(req.file)) {
      for (const { line, value } of batch) {
        const key = Object.keys(value).find((k) => (mapped ? k === mapped : resolve(k)?.name === 'owner_id'));
        const cell = key === undefined ? null : value[key];
        yield { row: line, owner: cell === null || cell === undefined ? null : String(cell).trim() || null };
      }
    }
    return;
  }
  const batches: AsyncIterable<RawRow[]> | Iterable<RawRow[]> =
    fileKind(req.file) === 'xlsx' ? [await readXlsxRows(req.file, req.sheet)] : openCsv(req.file).batches();
  let ownerIndex: number | null | undefined;
  for await (const batch of batches) {
    for (const raw of batch) {
      if (isBlank(raw)) continue;
      if (ownerIndex === undefined) {
        if (raw.cells[0]?.startsWith('#')) continue;
        const mapping = mapHeaderRow(spec, raw.cells, { file: req.fileName, line: raw.line, map: req.map });
        // A header the importer rejects is reported by the importer (422, nothing written).
        if (mapping.errors.length > 0) return;
        ownerIndex = mapping.index.get('owner_id') ?? null;
        if (ownerIndex === null) {
          throw notOwner(
            `${req.fileName}: no owner_id (负责人) column; members may import only rows they own, each naming ` +
              'their person id as owner_id',
          );
        }
        continue;
      }
      const owner = ownerIndex === null ? '' : (raw.cells[ownerIndex] ?? '').trim();
      yield { row: raw.line, owner: owner || null };
    }
  }
}

/**
 * Checks that a user may import a file (DESIGN: members import data for the channels they own; analysts and admins
 * any data): a member may import only canonical tables with an owner column, and every row must name the member's
 * own person as owner_id. Throws 403 `import_not_owner` naming the format, or the first row that is not theirs.
 */
export async function assertMayImport(user: AuthUser, req: ImportRequest): Promise<void> {
  if (user.role === 'admin' || user.role === 'analyst') return;
  if (user.role !== 'member') {
    throw notOwner(`your role (${user.role}) may not import data`);
  }
  if (!user.personId) {
    throw notOwner('your account is not linked to a person, so you own no data to import; ask an admin to link it');
  }
  if (!OWNED_TABLES.includes(req.format)) {
    throw notOwner(
      `members may import only tables whose rows they own (${OWNED_TABLES.join(', ')}), not ${req.format}; ` +
        'ask an analyst to import it',
    );
  }
  for await (const { row, owner } of ownerCells(req)) {
    if (owner !== user.personId) {
      throw notOwner(
        `${req.fileName} row ${row} column owner_id: ${owner ? `"${owner}"` : 'empty'} is not you (${user.personId}); ` +
          'members may import only rows they own',
      );
    }
  }
}
