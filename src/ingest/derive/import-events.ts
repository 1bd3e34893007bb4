import { botReason, MAX_EVENTS_PER_MINUTE } from '../../core/bots/index.js';
import type { ChannelClassifier } from '../../core/channels/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { stepLog } from '../step-log.js';
import { stitchIdentities } from './identity.js';
import { markSessionsSql, SESSION_COLUMNS, sessionsSelectSql } from './sessions.js';
import { eventTouchSql, tempName } from './sql.js';

interface TouchKey {
  k_source: string;
  k_medium: string;
  k_campaign: string;
  k_ref: string;
  k_click: string;
}

const KEY_COLUMNS = ['k_source', 'k_medium', 'k_campaign', 'k_ref', 'k_click'] as const;
/** SQL: the 64-bit hash of a row's touch key parts (classifyTouches checks that distinct keys never collide). */
const TOUCH_HASH = `hash(${KEY_COLUMNS.join(', ')})`;
/** The events columns an importer fills (the rest are derived here). */
export const EVENT_INPUT_COLUMNS = [
  'row_key',
  'event_id',
  'occurred_at',
  'visitor_id',
  'event_type',
  'user_id',
  'session_id',
  'page_url',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_content',
  'utm_term',
  'user_agent',
  'properties',
] as const;
/**
 * The input columns a narrow staged table keeps (besides row_key and the derived URL parts): what the derivation
 * reads. The wide columns (page_url, referrer, utm_*, properties) are read again from the source when the rows are
 * written (see DeriveOptions.writeRows).
 */
export const NARROW_INPUT_COLUMNS: readonly string[] = EVENT_INPUT_COLUMNS.filter(
  (c) => !c.startsWith('utm_') && !['row_key', 'page_url', 'referrer', 'properties'].includes(c),
);
/** The input columns the session pass reads (the rest are joined back from the staged rows by row id). */
const SESSION_ROW = ['row_key', 'visitor_id', 'occurred_at', 'event_type', 'session_id'];
/** The derived columns of the import's own rows, as the session pass gives them. */
const DERIVED = ['page_path', 'referrer_host', 'is_bot', 'person_key'];
/** The channel columns a direct hit may inherit from its session. */
const CHANNEL = ['source', 'medium', 'campaign', 'channel_group', 'channel'];
/** The columns of an earlier event that sessions are marked from (markSessionsSql's input). */
const SESSION_INPUT = `row_key, visitor_id, occurred_at, event_type, page_path, session_id, is_bot, person_key, source,
  medium, campaign, channel_group, channel, referrer_host`;

/**
 * SQL: the staged-touch rows of an import read from `from` (a FROM clause giving EVENT_INPUT_COLUMNS): every input
 * column (only NARROW_INPUT_COLUMNS when `narrow`) plus page_path, referrer_host, the touch key parts and the
 * join keys `kh` (hash of the touch key parts) and `uah` (hash of the user agent): integer keys, so the joins
 * to the classified touches and bot user agents do not hash long strings per row. deriveImportedEvents takes a
 * table made of it.
 */
export function stagedTouchSql(from: string, narrow = false): string {
  const extra = narrow
    ? [...NARROW_INPUT_COLUMNS]
    : EVENT_INPUT_COLUMNS.filter((c) => c !== 'row_key' && c !== 'page_url');
  return `SELECT *${narrow ? ' EXCLUDE (page_url)' : ''}, ${TOUCH_HASH} AS kh, hash(user_agent) AS uah
    FROM (${eventTouchSql(extra, from)})`;
}

/** How deriveImportedEvents gets the import's rows and writes them. */
export interface DeriveOptions {
  /** a table made by stagedTouchSql holding the import's rows (not yet in events); default: taken out of events */
  staged?: string;
  /**
   * Writes the import's rows to events given `derived`, a query of (rid: the staged row's rowid, row_key,
   * `columns`) with one row per staged row: the caller joins it to the full input rows by position or row_key (a
   * narrow staged table has no wide columns). Default: the staged table's rows are inserted joined by row_key.
   */
  writeRows?: (derived: string, columns: readonly string[]) => Promise<void>;
}

/**
 * Derives everything for the events of one import in few set-based passes and writes them to `events` once: URLs
 * are parsed in SQL once, the distinct touch keys are classified in TypeScript, bots are tagged, identities
 * stitched, and the import's rows plus the earlier events of the same visitors are sessionised in one window pass;
 * the import's rows are then inserted with all their derived columns (earlier rows updated only where their
 * session changed). `staged`: a table made by stagedTouchSql holding the import's rows (not yet in events); without
 * it the import's rows are taken out of events first.
 */
export async function deriveImportedEvents(
  tx: Engine,
  importId: string,
  classifier: ChannelClassifier,
  options: DeriveOptions = {},
): Promise<void> {
  const { staged, writeRows } = options;
  const t = {
    touches: staged ?? tempName('touches'),
    summary: tempName('summary'),
    cls: tempName('touch'),
    ua: tempName('bot_ua'),
    spam: tempName('spam'),
    rate: tempName('rate'),
    persons: tempName('persons'),
    visitors: tempName('sess_v'),
    rows: tempName('sess_r'),
    marked: tempName('sess_e'),
    sessions: tempName('sess_s'),
    final: tempName('sess_f'),
  };
  const log = stepLog(`derive ${importId}`);
  // The big intermediates (summary, rows, marks, sessions) are temp tables: uncompressed, a third of the CPU of
  // writing compressed row groups, and spilled to the database's temp directory under the memory limit.
  try {
    if (!staged) {
      await tx.exec(`CREATE TEMP TABLE ${t.touches} AS ${stagedTouchSql('events WHERE import_id = $1')}`, [importId]);
      await tx.exec('DELETE FROM events WHERE import_id = $1', [importId]);
    }
    await summarise(tx, t.touches, t.summary);
    log('summarised');
    const combos = await tx.query<TouchKey & Record<string, unknown>>(
      `SELECT ${KEY_COLUMNS.join(', ')} FROM ${t.summary} WHERE part = 'touch'`,
    );
    if (combos.length === 0) return;
    await classifyTouches(tx, t.cls, combos, classifier);
    log('classified');
    const botCase = await tagBots(tx, t);
    log('bots');
    // persons first: the import's rows read their person_key from the map of the import's ids
    const pairs = `(SELECT visitor_id, user_id FROM ${t.summary} WHERE part = 'person') x`;
    await stitchIdentities(tx, 'events', importId, { source: pairs, keepMap: t.persons });
    log('identities');
    // the import's rows with their channel, bot reason and person (joined once, inside the session pass)
    const fresh = `SELECT *, reason IS NOT NULL AS is_bot FROM (
       SELECT d.rowid AS rid, ${SESSION_ROW.map((c) => `d.${c}`).join(', ')}, d.page_path, i.person_key, c.source,
         c.medium, c.campaign, c.channel_group, c.channel, d.referrer_host, ${botCase} AS reason
       FROM ${t.touches} d LEFT JOIN ${t.cls} c ON c.kh = d.kh
         LEFT JOIN ${t.spam} s ON s.host = d.referrer_host LEFT JOIN ${t.ua} u ON u.uah = d.uah
         LEFT JOIN ${t.rate} r ON r.visitor_id = d.visitor_id
         LEFT JOIN (SELECT id_value, person_key FROM ${t.persons} WHERE id_type = 'visitor') i
           ON i.id_value = d.visitor_id)`;
    await sessionise(tx, t, importId, fresh, log, writeRows);
    await recordBotStats(tx, t.rows, importId);
    log('bot stats');
  } finally {
    // after a failure the transaction is aborted and the drops fail too: the first error is the one to report
    for (const name of Object.values(t)) {
      if (name !== staged) await tx.exec(`DROP TABLE IF EXISTS ${name}`).catch(() => undefined);
    }
  }
}

/**
 * Classifies the distinct touch keys in TypeScript into a temp table keyed by their hash (kh, source, medium,
 * campaign, channel_group, channel).
 */
async function classifyTouches(
  tx: Engine,
  table: string,
  combos: (TouchKey & Record<string, unknown>)[],
  classifier: ChannelClassifier,
): Promise<void> {
  const parts = `${KEY_COLUMNS.map((c) => `${c} VARCHAR`).join(', ')}`;
  const keyed = tempName('touch_keys');
  await tx.exec(
    `CREATE TEMP TABLE ${keyed} (${parts}, source VARCHAR, medium VARCHAR, campaign VARCHAR, channel_group VARCHAR,
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
    return [...KEY_COLUMNS.map((c) => k[c] as string), r.source, r.medium, r.campaign, r.channel_group, r.channel];
  });
  try {
    await tx.append(keyed, [...KEY_COLUMNS, 'source', 'medium', 'campaign', 'channel_group', 'channel'], rows);
    await tx.exec(
      `CREATE TEMP TABLE ${table} AS SELECT ${TOUCH_HASH} AS kh, source, medium, campaign, channel_group, channel
       FROM ${keyed}`,
    );
  } finally {
    await tx.exec(`DROP TABLE IF EXISTS ${keyed}`);
  }
  const [{ keys, hashes } = { keys: 0, hashes: 0 }] = await tx.query<{ keys: number; hashes: number }>(
    `SELECT count(*) AS keys, count(DISTINCT kh) AS hashes FROM ${table}`,
  );
  if (Number(keys) !== Number(hashes)) throw new Error(`event derivation: touch key hashes collide (${keys} keys)`);
}

/**
 * One pass over the import's rows giving every distinct value the later steps look up: touch keys (part 'touch'),
 * user agents ('agent'), referrer hosts ('host'), visitor/user pairs ('person') and visitors with more than
 * MAX_EVENTS_PER_MINUTE events in a minute ('rate').
 */
async function summarise(tx: Engine, touches: string, summary: string): Promise<void> {
  const sets = {
    touch: KEY_COLUMNS.join(', '),
    agent: 'user_agent',
    host: 'referrer_host',
    person: 'visitor_id, user_id',
  };
  const part = `CASE WHEN grouping(k_source) = 0 THEN 'touch' WHEN grouping(user_agent) = 0 THEN 'agent'
    WHEN grouping(referrer_host) = 0 THEN 'host' WHEN grouping(user_id) = 0 THEN 'person' ELSE 'rate' END`;
  await tx.exec(
    `CREATE TEMP TABLE ${summary} AS SELECT * FROM (
       SELECT ${part} AS part, ${KEY_COLUMNS.join(', ')}, user_agent, referrer_host, visitor_id, user_id, count(*) AS n
       FROM (SELECT ${KEY_COLUMNS.join(', ')}, user_agent, referrer_host, visitor_id,
               nullif(trim(user_id), '') AS user_id, date_trunc('minute', occurred_at) AS minute
             FROM ${touches})
       GROUP BY GROUPING SETS ((${Object.values(sets).join('), (')}), (visitor_id, minute)))
     WHERE part <> 'rate' OR n > ${MAX_EVENTS_PER_MINUTE}`,
  );
}

/**
 * Fills the bot lookup tables (bot user agents, spam referrer hosts, visitors above MAX_EVENTS_PER_MINUTE) from the
 * import's summary; returns the SQL CASE giving a row's bot reason (aliases d, s, u, r).
 */
async function tagBots(tx: Engine, t: { summary: string; ua: string; spam: string; rate: string }): Promise<string> {
  const agents = await tx.query<{ user_agent: string }>(
    `SELECT user_agent FROM ${t.summary} WHERE part = 'agent' AND user_agent IS NOT NULL`,
  );
  const hosts = await tx.query<{ host: string }>(
    `SELECT referrer_host AS host FROM ${t.summary} WHERE part = 'host' AND referrer_host IS NOT NULL`,
  );
  const uaBots = agents.flatMap((a) => {
    const reason = botReason({ userAgent: a.user_agent });
    return reason ? [[a.user_agent, reason]] : [];
  });
  const spam = hosts.filter((h) => botReason({ referrerHost: h.host }) === 'referrer_spam').map((h) => [h.host]);
  await tx.exec(`CREATE TEMP TABLE ${t.ua} (user_agent VARCHAR, reason VARCHAR, uah UBIGINT)`);
  await tx.exec(`CREATE TEMP TABLE ${t.spam} (host VARCHAR)`);
  if (uaBots.length) {
    await tx.append(t.ua, ['user_agent', 'reason'], uaBots);
    await tx.exec(`UPDATE ${t.ua} SET uah = hash(user_agent)`);
    const [{ agents: n, hashes } = { agents: 0, hashes: 0 }] = await tx.query<{ agents: number; hashes: number }>(
      `SELECT count(DISTINCT user_agent) AS agents, count(DISTINCT hash(user_agent)) AS hashes FROM ${t.summary}
       WHERE part = 'agent' AND user_agent IS NOT NULL`,
    );
    if (Number(n) !== Number(hashes)) throw new Error(`event derivation: user agent hashes collide (${n} agents)`);
  }
  if (spam.length) await tx.append(t.spam, ['host'], spam);
  await tx.exec(`CREATE TEMP TABLE ${t.rate} AS SELECT DISTINCT visitor_id FROM ${t.summary} WHERE part = 'rate'`);
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
 * out-of-order events land in the right session), then has the import's rows written with their derived columns
 * and updates earlier rows whose session changed. The rows are materialised once (`rows`); the window pass runs
 * over a narrow projection of them and is joined back by position. Direct/internal hits inside a session that came
 * from a campaign carry that session's attribution (GA's "direct does not override").
 */
async function sessionise(
  tx: Engine,
  t: { touches: string; visitors: string; rows: string; marked: string; sessions: string; final: string },
  importId: string,
  fresh: string,
  log: (step: string) => void,
  writeRows?: DeriveOptions['writeRows'],
): Promise<void> {
  await tx.exec(`CREATE TEMP TABLE ${t.visitors} AS SELECT DISTINCT visitor_id FROM ${t.touches}`);
  await tx.exec(`DELETE FROM sessions WHERE visitor_id IN (SELECT visitor_id FROM ${t.visitors})`);
  await tx.exec(
    `CREATE TEMP TABLE ${t.rows} AS SELECT *, true AS is_new, NULL::VARCHAR AS old_session_key,
       NULL::VARCHAR AS old_landing_page FROM (${fresh})`,
  );
  log('rows derived');
  await tx.exec(
    `INSERT INTO ${t.rows} BY NAME SELECT ${SESSION_INPUT}, false AS is_new, session_key AS old_session_key,
       landing_page AS old_landing_page
     FROM events e SEMI JOIN ${t.visitors} v ON v.visitor_id = e.visitor_id`,
  );
  log('earlier rows read');
  // the window pass sorts a narrow projection (row id, visitor, time, session id, touch), ordered back by row id
  // so the marks join the rows by position (no hash table over a million rows)
  await tx.exec(
    `CREATE TEMP TABLE ${t.marked} AS SELECT wid, session_key, rn, touch FROM (${markSessionsSql(
      `SELECT rowid AS wid, row_key, visitor_id, occurred_at, session_id, source, medium, campaign, channel_group
       FROM ${t.rows}`,
    )}) ORDER BY wid`,
  );
  await assertAligned(tx, `${t.rows} d POSITIONAL JOIN ${t.marked} m`, 'd.rowid <> m.wid');
  const joined = `(SELECT d.*, m.session_key, m.rn, m.touch FROM ${t.rows} d POSITIONAL JOIN ${t.marked} m)`;
  log('sessions marked');
  await tx.exec(`CREATE TEMP TABLE ${t.sessions} AS ${sessionsSelectSql(joined)}`);
  await tx.exec(`INSERT INTO sessions (${SESSION_COLUMNS}) SELECT ${SESSION_COLUMNS} FROM ${t.sessions}`);
  log('sessions written');
  const inherit = (c: string) =>
    c === 'campaign'
      ? 'CASE WHEN inherit THEN s_campaign ELSE campaign END AS campaign'
      : `CASE WHEN inherit THEN coalesce(s_${c}, ${c}) ELSE ${c} END AS ${c}`;
  const withSession = (where: string, columns: string) =>
    `SELECT ${columns}, ${CHANNEL.map(inherit).join(', ')}
     FROM (SELECT k.*, s.landing_page, ${CHANNEL.map((c) => `s.${c} AS s_${c}`).join(', ')},
             k.touch IS NULL AND k.rn > 0 AND s.channel_group IS DISTINCT FROM 'Direct'
               AND s.channel_group IS NOT NULL AS inherit
           FROM ${joined} k JOIN ${t.sessions} s ON s.session_key = k.session_key WHERE ${where})`;
  // the import's rows: (rid, row_key, derived columns), joined by the writer to the full input rows
  const columns = [...DERIVED, 'session_key', 'landing_page', ...CHANNEL];
  const derived = withSession('k.is_new', ['rid', 'row_key', ...DERIVED, 'session_key', 'landing_page'].join(', '));
  if (writeRows) await writeRows(derived, columns);
  else {
    const input = EVENT_INPUT_COLUMNS.filter((c) => c !== 'row_key');
    await tx.exec(
      `INSERT INTO events (${[...input, 'row_key', ...columns, 'import_id'].join(', ')})
       SELECT ${input.map((c) => `d.${c}`).join(', ')}, d.row_key, ${columns.map((c) => `f.${c}`).join(', ')}, $1
       FROM ${t.touches} d JOIN (${derived}) f ON f.row_key = d.row_key`,
      [importId],
    );
  }
  log('events written');
  // earlier rows of the same visitors: only those whose session (or inherited channel) changed
  await tx.exec(
    `CREATE TEMP TABLE ${t.final} AS SELECT * FROM (${withSession(
      'NOT k.is_new',
      'row_key, session_key, landing_page, old_session_key, old_landing_page, inherit, s_channel, channel AS k_channel',
    )}) WHERE old_session_key IS DISTINCT FROM session_key OR old_landing_page IS DISTINCT FROM landing_page
       OR (inherit AND k_channel IS DISTINCT FROM s_channel)`,
  );
  const [{ n } = { n: 0 }] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${t.final}`);
  if (n > 0) {
    await tx.exec(
      `UPDATE events SET ${['session_key', 'landing_page', ...CHANNEL].map((c) => `${c} = m.${c}`).join(', ')}
       FROM ${t.final} m WHERE events.row_key = m.row_key`,
    );
  }
  log('earlier events updated');
}

/** Guards a POSITIONAL JOIN: throws (rolling the import back) when any row pair fails to match. */
async function assertAligned(tx: Engine, join: string, mismatch: string): Promise<void> {
  const [{ n } = { n: 0 }] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${join} WHERE ${mismatch}`);
  if (n > 0) throw new Error(`event derivation: ${n} rows out of place in ${join}`);
}
