import type { Engine } from '../../warehouse/engine.js';
import { loadChannelClassifier } from '../channels/index.js';
import { CHANNEL_TABLES, deriveRowChannels } from './dimensions.js';
import { stitchIdentities } from './identity.js';
import { deriveImportedEvents } from './import-events.js';
import { rebuildVisitorSessions } from './sessions.js';

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
 * Call inside a rollback transaction BEFORE deleting an import's rows; call the returned function AFTER deleting
 * (and restoring) them: it rebuilds the sessions of the visitors the import touched from their remaining events.
 */
export async function prepareRollbackDerivation(
  tx: Engine,
  opts: { table: string; importId: string },
): Promise<() => Promise<void>> {
  if (opts.table !== 'events') return async () => {};
  const rows = await tx.query<{ visitor_id: string }>('SELECT DISTINCT visitor_id FROM events WHERE import_id = $1', [
    opts.importId,
  ]);
  const visitorIds = rows.map((r) => r.visitor_id);
  return () => rebuildVisitorSessions(tx, visitorIds);
}
