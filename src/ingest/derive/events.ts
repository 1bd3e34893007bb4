import { botReason, MAX_EVENTS_PER_MINUTE } from '../../core/bots/index.js';
import type { ChannelClassifier } from '../../core/channels/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { eventTouchSql, tempName } from './sql.js';

interface TouchKey {
  k_source: string;
  k_medium: string;
  k_campaign: string;
  k_ref: string;
  k_click: string;
}

const KEY_COLUMNS = ['k_source', 'k_medium', 'k_campaign', 'k_ref', 'k_click'] as const;
/** Joins the key parts into one join key (a control character that URLs and utm values do not carry). */
const KEY_SEPARATOR = '\u001f';

/**
 * Classifies the channel of every event of one import: the distinct touch keys are classified in TypeScript and
 * joined back with one UPDATE; also fills page_path and referrer_host.
 */
export async function classifyImportedEvents(
  tx: Engine,
  importId: string,
  classifier: ChannelClassifier,
): Promise<void> {
  const touches = tempName('touches');
  const cls = tempName('touch');
  const sep = `chr(${KEY_SEPARATOR.charCodeAt(0)})`;
  try {
    await tx.exec(
      `CREATE TEMP TABLE ${touches} AS SELECT row_key, page_path, referrer_host,
         concat_ws(${sep}, ${KEY_COLUMNS.join(', ')}) AS k, ${KEY_COLUMNS.join(', ')} FROM (${eventTouchSql()})`,
      [importId],
    );
    const combos = await tx.query<TouchKey & Record<string, unknown>>(
      `SELECT DISTINCT ${KEY_COLUMNS.join(', ')} FROM ${touches}`,
    );
    if (combos.length === 0) return;
    await tx.exec(
      `CREATE TEMP TABLE ${cls} (k VARCHAR, source VARCHAR, medium VARCHAR, campaign VARCHAR, channel_group VARCHAR,
        channel VARCHAR)`,
    );
    const rows = combos.map((k) => {
      const r = classifier.classifyChannel({
        source: k.k_source || null,
        medium: k.k_medium || null,
        campaign: k.k_campaign || null,
        referrer: k.k_ref || null,
        clickIds: k.k_click ? [k.k_click] : null,
      });
      return [
        KEY_COLUMNS.map((c) => k[c]).join(KEY_SEPARATOR),
        r.source,
        r.medium,
        r.campaign,
        r.channel_group,
        r.channel,
      ];
    });
    await tx.append(cls, ['k', 'source', 'medium', 'campaign', 'channel_group', 'channel'], rows);
    await tx.exec(
      `UPDATE events SET source = c.source, medium = c.medium, campaign = c.campaign, channel_group = c.channel_group,
         channel = c.channel, page_path = t.page_path, referrer_host = t.referrer_host
       FROM ${touches} t JOIN ${cls} c ON c.k = t.k
       WHERE events.row_key = t.row_key`,
    );
  } finally {
    await tx.exec(`DROP TABLE IF EXISTS ${cls}`);
    await tx.exec(`DROP TABLE IF EXISTS ${touches}`);
  }
}

/**
 * Marks bot and spam events of one import (known bot user agents, scripted clients, empty user agents, referrer
 * spam, visitors above MAX_EVENTS_PER_MINUTE) and records per-reason counts in bot_stats. Nothing is dropped.
 */
export async function markImportedBots(tx: Engine, importId: string): Promise<void> {
  const agents = await tx.query<{ user_agent: string }>(
    'SELECT DISTINCT user_agent FROM events WHERE import_id = $1 AND user_agent IS NOT NULL',
    [importId],
  );
  const hosts = await tx.query<{ host: string }>(
    'SELECT DISTINCT referrer_host AS host FROM events WHERE import_id = $1 AND referrer_host IS NOT NULL',
    [importId],
  );
  const uaBots = agents.flatMap((a) => {
    const reason = botReason({ userAgent: a.user_agent });
    return reason ? [[a.user_agent, reason]] : [];
  });
  const spam = hosts.filter((h) => botReason({ referrerHost: h.host }) === 'referrer_spam').map((h) => [h.host]);
  const ua = tempName('bot_ua');
  const sp = tempName('spam');
  const rate = tempName('rate');
  await tx.exec(`CREATE TEMP TABLE ${ua} (user_agent VARCHAR, reason VARCHAR)`);
  await tx.exec(`CREATE TEMP TABLE ${sp} (host VARCHAR)`);
  try {
    if (uaBots.length) await tx.append(ua, ['user_agent', 'reason'], uaBots);
    if (spam.length) await tx.append(sp, ['host'], spam);
    await tx.exec(
      `CREATE TEMP TABLE ${rate} AS SELECT DISTINCT visitor_id FROM (
         SELECT visitor_id, date_trunc('minute', occurred_at) AS minute, count(*) AS n
         FROM events WHERE import_id = $1 GROUP BY visitor_id, minute) WHERE n > ${MAX_EVENTS_PER_MINUTE}`,
      [importId],
    );
    const tagged = `SELECT e.row_key, e.visitor_id, CASE WHEN s.host IS NOT NULL THEN 'referrer_spam'
         WHEN u.reason IS NOT NULL THEN u.reason WHEN r.visitor_id IS NOT NULL THEN 'event_rate' END AS reason
       FROM events e LEFT JOIN ${sp} s ON s.host = e.referrer_host LEFT JOIN ${ua} u ON u.user_agent = e.user_agent
       LEFT JOIN ${rate} r ON r.visitor_id = e.visitor_id WHERE e.import_id = $1`;
    const stats = await tx.query<{ reason: string; events: number; visitors: number }>(
      `SELECT reason, count(*) AS events, count(DISTINCT visitor_id) AS visitors FROM (${tagged})
       WHERE reason IS NOT NULL GROUP BY reason`,
      [importId],
    );
    if (stats.length === 0) return;
    await tx.exec(
      `UPDATE events SET is_bot = true FROM (SELECT row_key FROM (${tagged}) WHERE reason IS NOT NULL) b
       WHERE events.row_key = b.row_key`,
      [importId],
    );
    await tx.exec('DELETE FROM bot_stats WHERE import_id = $1', [importId]);
    await tx.append(
      'bot_stats',
      ['import_id', 'reason', 'events', 'visitors'],
      stats.map((s) => [importId, s.reason, s.events, s.visitors]),
    );
  } finally {
    for (const t of [ua, sp, rate]) await tx.exec(`DROP TABLE IF EXISTS ${t}`);
  }
}
