import type { Engine } from '../../warehouse/engine.js';
import { loadChannelClassifier } from '../channels/index.js';
import { CHANNEL_TABLES, deriveRowChannels } from './dimensions.js';
import { classifyImportedEvents, markImportedBots } from './events.js';
import { stitchIdentities } from './identity.js';
import { rebuildSessions } from './sessions.js';

export { type BotReport, botReport } from './bot-report.js';
export { CHANNEL_TABLES, resolveRowChannel } from './dimensions.js';
export { CONVERSION_EVENTS, SESSION_TIMEOUT_MINUTES } from './sessions.js';

/**
 * Fills the derived columns of the rows one import wrote (channels, bots, sessions, identities); runs inside the
 * import's transaction, so a failure here rolls the import back.
 */
export async function deriveAfterImport(tx: Engine, opts: { table: string; importId: string }): Promise<void> {
  const { table, importId } = opts;
  if (table === 'events') {
    const classifier = await loadChannelClassifier(tx);
    await classifyImportedEvents(tx, importId, classifier);
    await markImportedBots(tx, importId);
    await stitchIdentities(tx, 'events', importId);
    await rebuildSessions(tx, importId);
    return;
  }
  if (CHANNEL_TABLES.includes(table)) {
    const classifier = await loadChannelClassifier(tx);
    await deriveRowChannels(tx, table, importId, classifier);
  }
  if (table === 'leads' || table === 'orders') await stitchIdentities(tx, table, importId);
}
