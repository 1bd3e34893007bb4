import { parseArgs } from 'node:util';
import { config } from '../../config.js';
import { UserError } from '../../core/errors.js';
import { listImports, rollbackImport } from '../../ingest/index.js';
import { parseFormat, renderTable } from '../output.js';
import type { Command } from '../run.js';
import { withWarehouse } from '../warehouse.js';
import { currentUser } from './import.js';

const USAGE = `usage: yardstick imports list [--db PATH] [--limit N] [--offset N] [--format table|json]
       yardstick imports rollback <import-id> [--db PATH] [--user NAME] [--format table|json]`;

/** `yardstick imports list|rollback`: the import log, and undoing one import. */
export const command: Command = {
  summary: 'list imports, or roll one back',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        limit: { type: 'string' },
        offset: { type: 'string' },
        user: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const output = parseFormat(values.format, ['table', 'json']);
    const dbPath = values.db ?? config().dbPath;
    const [action, id, ...extra] = positionals;
    if (action === 'list' && !id) {
      const limit = values.limit === undefined ? 50 : Number(values.limit);
      const offset = values.offset === undefined ? 0 : Number(values.offset);
      if (!Number.isInteger(limit) || limit < 1)
        throw new UserError('bad_option', '--limit must be a positive whole number');
      if (!Number.isInteger(offset) || offset < 0)
        throw new UserError('bad_option', '--offset must be a whole number ≥ 0');
      const page = await withWarehouse(dbPath, (engine) => listImports(engine, { limit, offset }));
      if (output === 'json') {
        io.out(JSON.stringify(page, null, 2));
        return 0;
      }
      io.out(
        renderTable(
          page.items.map((i) => ({
            import: i.importId,
            started: i.startedAt.slice(0, 19).replace('T', ' '),
            format: i.format,
            table: i.table,
            file: i.fileName,
            read: i.rowsRead,
            inserted: i.inserted,
            updated: i.updated,
            skipped: i.skipped,
            status: i.status,
            user: i.username,
          })),
        ),
      );
      io.out(`${page.items.length} of ${page.total} imports`);
      return 0;
    }
    if (action === 'rollback' && id && extra.length === 0) {
      const user = values.user ?? currentUser() ?? 'cli';
      const result = await withWarehouse(dbPath, (engine) => rollbackImport(engine, id, user));
      io.out(
        output === 'json'
          ? JSON.stringify({ importId: id, ...result })
          : `rolled back ${id}: ${result.rowsDeleted} rows deleted, replaced rows restored`,
      );
      return 0;
    }
    throw new UserError('bad_usage', USAGE);
  },
};
