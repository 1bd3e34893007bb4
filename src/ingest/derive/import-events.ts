import { botReason, MAX_EVENTS_PER_MINUTE } from '../../core/bots/index.js';
import type { ChannelClassifier } from '../../core/channels/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { stitchIdentities } from './identity.js';
import { insertSessionsSql, markSessionsSql } from './sessions.js';
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
/** The events columns the final UPDATE writes. */
const UPDATED_COLUMNS = [
  'page_path',
  'referrer_host',
  'is_bot',
  'person_key',
  'session_key',
  'landing_page',
  'source',
  'medium',
  'campaign',
  'channel_group',
  'channel',
];
/** The columns of an earlier event that sessions are marked from (markSessionsSql's input). */
const SESSION_INPUT = `row_key, visitor_id, occurred_at, event_type, page_path, session_id, is_bot, person_key, source,
  medium, campaign, channel_group, channel, referrer_host`;

/**
 * Derives everything for the events of one import in few set-based passes: URLs are parsed in SQL once, the
 * distinct touch keys are classified in TypeScript, bots are tagged, identities stitched, and the import's rows
 * plus the earlier events of the same visitors are sessionised in one window pass; the import's rows then get all
 * their derived columns in one UPDATE (earlier rows only where their session changed).
 */
export async function deriveImportedEvents(tx: Engine, importId: string, classifier: ChannelClassifier): Promise<void> {
  const t = {
    touches: tempName('touches'),
    cls: tempName('touch'),
    ua: tempName('bot_ua'),
    spam: tempName('spam'),
    rate: tempName('rate'),
    visitors: tempName('sess_v'),
    marked: tempName('sess_e'),
    final: tempName('sess_f'),
  };
  try {
    const sep = `chr(${KEY_SEPARATOR.charCodeAt(0)})`;
    await tx.exec(
      `CREATE TEMP TABLE ${t.touches} AS SELECT *, concat_ws(${sep}, ${KEY_COLUMNS.join(', ')}) AS k
       FROM (${eventTouchSql(['visitor_id', 'occurred_at', 'event_type', 'session_id', 'user_agent'])})`,
      [importId],
    );
    const combos = await tx.query<TouchKey & Record<string, unknown>>(
      `SELECT DISTINCT ${KEY_COLUMNS.join(', ')} FROM ${t.touches}`,
    );
    if (combos.length === 0) return;
    await classifyTouches(tx, t.cls, combos, classifier);
    const botCase = await tagBots(tx, t);
    // persons first: the import's rows read their person_key from identities below
    await stitchIdentities(tx, 'events', importId, { skipImportEvents: true });
    // the import's rows with their channel, bot reason and person (joined once, inside the session pass)
    const fresh = `SELECT *, reason IS NOT NULL AS is_bot FROM (
       SELECT d.row_key, d.visitor_id, d.occurred_at, d.event_type, d.page_path, d.session_id, i.person_key, c.source,
         c.medium, c.campaign, c.channel_group, c.channel, d.referrer_host, ${botCase} AS reason
       FROM ${t.touches} d LEFT JOIN ${t.cls} c ON c.k = d.k
         LEFT JOIN ${t.spam} s ON s.host = d.referrer_host LEFT JOIN ${t.ua} u ON u.user_agent = d.user_agent
         LEFT JOIN ${t.rate} r ON r.visitor_id = d.visitor_id
         LEFT JOIN identities i ON i.id_type = 'visitor' AND i.id_value = d.visitor_id)`;
    await sessionise(tx, t, importId, fresh);
    await recordBotStats(tx, t.marked, importId);
  } finally {
    for (const name of Object.values(t)) await tx.exec(`DROP TABLE IF EXISTS ${name}`);
  }
}

/** Classifies the distinct touch keys in TypeScript into a temp table (k, source, medium, campaign, group, channel). */
async function classifyTouches(
  tx: Engine,
  table: string,
  combos: (TouchKey & Record<string, unknown>)[],
  classifier: ChannelClassifier,
): Promise<void> {
  await tx.exec(
    `CREATE TEMP TABLE ${table} (k VARCHAR, source VARCHAR, medium VARCHAR, campaign VARCHAR, channel_group VARCHAR,
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
  await tx.append(table, ['k', 'source', 'medium', 'campaign', 'channel_group', 'channel'], rows);
}

/**
 * Fills the bot lookup tables (bot user agents, spam referrer hosts, visitors above MAX_EVENTS_PER_MINUTE) from the
 * distinct values of the import; returns the SQL CASE giving a row's bot reason (aliases d, s, u, r).
 */
async function tagBots(tx: Engine, t: { touches: string; ua: string; spam: string; rate: string }): Promise<string> {
  const agents = await tx.query<{ user_agent: string }>(
    `SELECT DISTINCT user_agent FROM ${t.touches} WHERE user_agent IS NOT NULL`,
  );
  const hosts = await tx.query<{ host: string }>(
    `SELECT DISTINCT referrer_host AS host FROM ${t.touches} WHERE referrer_host IS NOT NULL`,
  );
  const uaBots = agents.flatMap((a) => {
    const reason = botReason({ userAgent: a.user_agent });
    return reason ? [[a.user_agent, reason]] : [];
  });
  const spam = hosts.filter((h) => botReason({ referrerHost: h.host }) === 'referrer_spam').map((h) => [h.host]);
  await tx.exec(`CREATE TEMP TABLE ${t.ua} (user_agent VARCHAR, reason VARCHAR)`);
  await tx.exec(`CREATE TEMP TABLE ${t.spam} (host VARCHAR)`);
  if (uaBots.length) await tx.append(t.ua, ['user_agent', 'reason'], uaBots);
  if (spam.length) await tx.append(t.spam, ['host'], spam);
  await tx.exec(
    `CREATE TEMP TABLE ${t.rate} AS SELECT DISTINCT visitor_id FROM (
       SELECT visitor_id, date_trunc('minute', occurred_at) AS minute, count(*) AS n
       FROM ${t.touches} GROUP BY visitor_id, minute) WHERE n > ${MAX_EVENTS_PER_MINUTE}`,
  );
  return `CASE WHEN s.host IS NOT NULL THEN 'referrer_spam' WHEN u.reason IS NOT NULL THEN u.reason
    WHEN r.visitor_id IS NOT NULL THEN 'event_rate' END`;
}

/** Replaces the import's per-reason bot counts in bot_stats (nothing is dropped from events). */
async function recordBotStats(tx: Engine, marked: string, importId: string): Promise<void> {
  const stats = await tx.query<{ reason: string; events: number; visitors: number }>(
    `SELECT reason, count(*) AS events, count(DISTINCT visitor_id) AS visitors FROM ${marked}
     WHERE is_new AND reason IS NOT NULL GROUP BY reason`,
  );
  if (stats.length === 0) return;
  await tx.exec('DELETE FROM bot_stats WHERE import_id = $1', [importId]);
  await tx.append(
    'bot_stats',
    ['import_id', 'reason', 'events', 'visitors'],
    stats.map((s) => [importId, s.reason, s.events, s.visitors]),
  );
}

/**
 * Rebuilds the sessions of the import's visitors from the derived rows plus their earlier events (so appends and
 * out-of-order events land in the right session), then writes the import's rows in full and earlier rows whose
 * session changed. Direct/internal hits inside a session that came from a campaign carry that session's
 * attribution (GA's "direct does not override").
 */
async function sessionise(
  tx: Engine,
  t: { touches: string; visitors: string; marked: string; final: string },
  importId: string,
  fresh: string,
): Promise<void> {
  await tx.exec(`CREATE TEMP TABLE ${t.visitors} AS SELECT DISTINCT visitor_id FROM ${t.touches}`);
  await tx.exec(`DELETE FROM sessions WHERE visitor_id IN (SELECT visitor_id FROM ${t.visitors})`);
  await tx.exec(
    `CREATE TEMP TABLE ${t.marked} AS ${markSessionsSql(
      `SELECT *, true AS is_new, NULL::VARCHAR AS old_session_key, NULL::VARCHAR AS old_landing_page FROM (${fresh})
       UNION ALL BY NAME
       SELECT ${SESSION_INPUT}, NULL::VARCHAR AS reason, false AS is_new, session_key AS old_session_key,
         landing_page AS old_landing_page
       FROM events e SEMI JOIN ${t.visitors} v ON v.visitor_id = e.visitor_id WHERE e.import_id IS DISTINCT FROM $1`,
    )}`,
    [importId],
  );
  await tx.exec(insertSessionsSql(t.marked));
  const inherit = (c: string) => `CASE WHEN inherit THEN coalesce(s_${c}, ${c}) ELSE ${c} END AS ${c}`;
  // materialised first: an UPDATE from a plain table by row_key is far cheaper than from a join
  await tx.exec(
    `CREATE TEMP TABLE ${t.final} AS SELECT row_key, page_path, referrer_host, is_bot, person_key, session_key,
       landing_page, ${inherit('source')}, ${inherit('medium')},
       CASE WHEN inherit THEN s_campaign ELSE campaign END AS campaign, ${inherit('channel_group')}, ${inherit('channel')}
     FROM (SELECT k.row_key, k.page_path, k.referrer_host, k.is_bot, k.person_key, k.source, k.medium, k.campaign,
             k.channel_group, k.channel, k.is_new, k.old_session_key, k.old_landing_page, s.session_key, s.landing_page,
             s.source AS s_source, s.medium AS s_medium, s.campaign AS s_campaign, s.channel_group AS s_channel_group,
             s.channel AS s_channel, k.touch IS NULL AND k.rn > 0 AND s.channel_group IS DISTINCT FROM 'Direct'
               AND s.channel_group IS NOT NULL AS inherit
           FROM ${t.marked} k JOIN sessions s ON s.session_key = k.session_key)
     WHERE is_new OR old_session_key IS DISTINCT FROM session_key OR old_landing_page IS DISTINCT FROM landing_page
       OR (inherit AND channel IS DISTINCT FROM s_channel)`,
  );
  await tx.exec(
    `UPDATE events SET ${UPDATED_COLUMNS.map((c) => `${c} = m.${c}`).join(', ')}
     FROM ${t.final} m WHERE events.row_key = m.row_key`,
  );
}
