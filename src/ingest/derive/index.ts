import type { Engine } from '../../warehouse/engine.js';
import { loadChannelClassifier } from '../channels/index.js';
import { CHANNEL_TABLES, deriveRowChannels } from './dimensions.js';
import { stitchIdentities, undoIdentityChanges } from './identity.js';
import { deriveImportedEvents, type PreparedEvents, prepareImportedEvents } from './import-events.js';

export { type PreparedEvents, stagedTouchSql } from './import-events.js';
export { WRITE_TUNING } from './import-sessions.js';
export { EVENT_INPUT_COLUMNS } from './sql.js';

import { rebuildFromVisitorTable } from './sessions.js';
import { tempName } from './sql.js';

export { type BotReport, botReport } from './bot-report.js';
export { CHANNEL_TABLES, resolveRowChannel } from './dimensions.js';
export { CONVERSION_EVENTS, rebuildVisitorSessions, SESSION_TIMEOUT_MINUTES } from './sessions.js';

/**
 * Fills the derived columns of the rows one import wrote (channels, bots, sessions, identities); runs inside the
 * import's transaction, so a failure here rolls the import back.
 */
export async function deriveAfterImport(tx: Engine, opts: { table: string; importId: string }): Promise<void> {
  const { table, importId } = opts;
  if (table === 'events') {
    const classifier = await loadChannelClassifier(tx);
    await deriveImportedEvents(tx, importId, classifier);
    return;
  }
  if (CHANNEL_TABLES.includes(table)) {
    const classifier = await loadChannelClassifier(tx);
    await deriveRowChannels(tx, table, importId, classifier);
  }
  if (table === 'leads' || table === 'orders') await stitchIdentities(tx, table, importId);
}

/**
 * Derives the events of one import staged in a table made by stagedTouchSql (not yet in events) into temp tables;
 * the result's write() stores them inside the import's transaction. Run it outside a transaction
 * (engine.exclusive), where DuckDB scans the temp tables in parallel.
 */
export async function prepareStagedEvents(engine: Engine, stage: string, importId: string): Promise<PreparedEvents> {
  const classifier = await loadChannelClassifier(engine);
  return prepareImportedEvents(engine, importId, classifier, stage);
}

/**
 * Call inside a rollback transaction BEFORE deleting an import's rows; call the returned function AFTER deleting
 * (and restoring) them: it undoes the import's identity merges and rebuilds the sessions of the visitors the import
 * touched from their remaining events.
 */
export async function prepareRollbackDerivation(
  tx: Engine,
  opts: { table: string; importId: string },
): Promise<() => Promise<void>> {
  const undo = () => undoIdentityChanges(tx, opts.importId);
  if (opts.table !== 'events') return undo;
  // the visitors stay in SQL: a big import touches millions of them
  const visitors = tempName('rb_v');
  await tx.exec(`CREATE TEMP TABLE ${visitors} AS SELECT DISTINCT visitor_id FROM events WHERE import_id = $1`, [
    opts.importId,
  ]);
  return async () => {
    await undo();
    await rebuildFromVisitorTable(tx, visitors);
  };
}
