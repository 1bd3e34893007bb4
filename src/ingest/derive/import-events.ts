import { botReason, MAX_EVENTS_PER_MINUTE } from '../../core/bots/index.js';
import type { ChannelClassifier } from '../../core/channels/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { stepLog } from '../step-log.js';
import { applyIdentities, type IdentityPlan, planIdentities } from './identity.js';
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
/** The input columns the session pass reads (the rest are joined back from the staged rows by row id). */
const SESSION_ROW = ['row_key', 'visitor_id', 'occurred_at', 'event_type', 'session_id'];
/** The derived columns of the import's own rows the session pass gives (page_path, referrer_host are staged). */
const DERIVED = ['is_bot', 'person_key', 'session_key', 'landing_page'];
/** Import tuning (tests shrink it): rows per statement when an import's rows are written (one chunk's derived rows are hashed in memory). */
export const IMPORT_TUNING = { writeChunkRows: 1 << 20 };
/** The channel columns a direct hit may inherit from its session. */
const CHANNEL = ['source', 'medium', 'campaign', 'channel_group', 'channel'];
/** The columns of an earlier event that sessions are marked from (markSessionsSql's input; e: events, i: persons). */
const SESSION_INPUT = `e.row_key, e.visitor_id, e.occurred_at, e.event_type, e.page_path, e.session_id, e.is_bot,
  coalesce(i.person_key, e.person_key) AS person_key, e.source, e.medium, e.campaign, e.channel_group, e.channel,
  e.referrer_host`;

/**
 * SQL: the staged-touch rows of an import read from `from` (a FROM clause giving EVENT_INPUT_COLUMNS): every input
 * column plus page_path, referrer_host, the touch key parts and the join keys `kh` (hash of the touch key parts)
 * and `uah` (hash of the user agent): integer keys, so the joins to the classified touches and bot user agents do
 * not hash long strings per row. prepareImportedEvents takes a table made of it.
 */
export function stagedTouchSql(from: string): string {
  const extra = EVENT_INPUT_COLUMNS.filter((c) => c !== 'row_key' && c !== 'page_url');
  return `SELECT *, ${TOUCH_HASH} AS kh, hash(user_agent) AS uah FROM (${eventTouchSql(extra, from)})`;
}

/** The derived rows of one import, worked out in temp tables by prepareImportedEvents. */
export interface PreparedEvents {
  /**
   * Stores everything: identities, the import's visitors' sessions, the import's rows in the staged table's order
   * with their derived columns, the earlier rows whose session changed and the bot counts. Run inside the import's
   * transaction.
   */
  write(tx: Engine): Promise<void>;
  /** Drops the temp tables (not the staged table). */
  drop(): Promise<void>;
}

/**
 * Derives everything for the events of one import (not yet in events) in few set-based passes over temp tables,
 * writing nothing: URLs were parsed in SQL when the rows were staged, the distinct touch keys are classified in
 * TypeScript, bots are tagged, identities stitched, and the import's rows plus the earlier events of the same
 * visitors are sessionised in one window pass. `staged`: a table made by stagedTouchSql. Run outside a transaction
 * where possible (engine.exclusive): DuckDB reads temp tables written inside an open transaction on one thread.
 */
export async function prepareImportedEvents(
  engine: Engine,
  importId: string,
  classifier: ChannelClassifier,
  staged: string,
): Promise<PreparedEvents> {
  const t = {
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
    fresh: tempName('sess_n'),
    final: tempName('sess_f'),
  };
  let identities: IdentityPlan | undefined;
  const drop = async () => {
    // after a failure inside a transaction the drops fail too: the first error is the one to report
    for (const name of Object.values(t)) await engine.exec(`DROP TABLE IF EXISTS ${name}`).catch(() => undefined);
    await identities?.drop();
  };
  const log = stepLog(`derive ${importId}`);
  // The big intermediates (summary, rows, marks, sessions) are temp tables: uncompressed, a third of the CPU of
  // writing compressed row groups, and spilled to the database's temp directory under the memory limit.
  try {
    await summarise(engine, staged, t.summary);
    log('summarised');
    const combos = await engine.query<TouchKey & Record<string, unknown>>(
      `SELECT ${KEY_COLUMNS.join(', ')} FROM ${t.summary} WHERE part = 'touch'`,
    );
    if (combos.length === 0) {
      await drop();
      return { write: async () => undefined, drop: async () => undefined };
    }
    await classifyTouches(engine, t.cls, combos, classifier);
    log('classified');
    const botCase = await tagBots(engine, t);
    log('bots');
    // persons first: the import's rows read their person_key from the map of the import's ids
    const pairs = `(SELECT visitor_id, user_id FROM ${t.summary} WHERE part = 'person') x`;
    identities = await planIdentities(engine, 'events', importId, { source: pairs, keepMap: t.persons });
    log('identities');
    // the import's rows with their channel, bot reason and person (joined once, inside the session pass)
    const fresh = `SELECT *, reason IS NOT NULL AS is_bot FROM (
       SELECT d.rowid AS rid, ${SESSION_ROW.map((c) => `d.${c}`).join(', ')}, d.page_path, i.person_key, c.source,
         c.medium, c.campaign, c.channel_group, c.channel, d.referrer_host, ${botCase} AS reason
       FROM ${staged} d LEFT JOIN ${t.cls} c ON c.kh = d.kh
         LEFT JOIN ${t.spam} s ON s.host = d.referrer_host LEFT JOIN ${t.ua} u ON u.uah = d.uah
         LEFT JOIN ${t.rate} r ON r.visitor_id = d.visitor_id
         LEFT JOIN (SELECT id_value, person_key FROM ${t.persons} WHERE id_type = 'visitor') i
           ON i.id_value = d.visitor_id)`;
    await sessionise(engine, t, staged, fresh, log);
    const bots = await botCounts(engine, t.rows);
    // the big intermediates are done with: their memory goes to the write
    for (const name of [t.rows, t.marked, t.summary, t.cls, t.ua, t.spam, t.rate]) {
      await engine.exec(`DROP TABLE IF EXISTS ${name}`);
    }
    const plan = identities;
    return {
      write: async (tx) => {
        if (plan) await applyIdentities(tx, plan, 'events', importId);
        log('identities written');
        await writeSessionised(tx, t, staged, importId, log);
        await recordBotStats(tx, bots, importId);
        log('bot stats');
      },
      drop,
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/**
 * Derives and writes the events one import already inserted into `events` (the row-by-row path, inside the
 * import's transaction): the rows are taken out of events into a staged table, derived, and written back once.
 */
export async function deriveImportedEvents(tx: Engine, importId: string, classifier: ChannelClassifier): Promise<void> {
  const staged = tempName('touches');
  try {
    await tx.exec(`CREATE TEMP TABLE ${staged} AS ${stagedTouchSql('events WHERE import_id = $1')}`, [importId]);
    await tx.exec('DELETE FROM events WHERE import_id = $1', [importId]);
    const prepared = await prepareImportedEvents(tx, importId, classifier, staged);
    try {
      await prepared.write(tx);
    } finally {
      await prepared.drop();
    }
  } finally {
    await tx.exec(`DROP TABLE IF EXISTS ${staged}`).catch(() => undefined);
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
async function recordBotStats(tx: Engine, stats: BotCount[], importId: string): Promise<void> {
  if (stats.length === 0) return;
  await tx.exec('DELETE FROM bot_stats WHERE import_id = $1', [importId]);
  await tx.append(
    'bot_stats',
    ['import_id', 'reason', 'events', 'visitors'],
    stats.map((s) => [importId, s.reason, s.events, s.visitors]),
  );
}

interface BotCount {
  reason: string;
  events: number;
  visitors: number;
}

/** The import's bot events and visitors per reason, from the sessionised rows. */
function botCounts(engine: Engine, rows: string): Promise<BotCount[]> {
  return engine.query<{ reason: string; events: number; visitors: number }>(
    `SELECT reason, count(*) AS events, count(DISTINCT visitor_id) AS visitors FROM ${rows}
     WHERE is_new AND reason IS NOT NULL GROUP BY reason`,
  );
}

/**
 * Works out, in temp tables, the sessions of the import's visitors from the derived rows plus their earlier events
 * (so appends and out-of-order events land in the right session), the import's rows with their derived columns
 * (`fresh`: rid, row_key, derived columns) and the earlier rows whose session changed (`final`). The rows are
 * materialised once (`rows`); the window pass runs over a narrow projection of them and is joined back by position.
 * Direct/internal hits inside a session that came from a campaign carry that session's attribution (GA's "direct
 * does not override").
 */
async function sessionise(
  engine: Engine,
  t: {
    persons: string;
    visitors: string;
    rows: string;
    marked: string;
    sessions: string;
    fresh: string;
    final: string;
  },
  staged: string,
  fresh: string,
  log: (step: string) => void,
): Promise<void> {
  await engine.exec(`CREATE TEMP TABLE ${t.visitors} AS SELECT DISTINCT visitor_id FROM ${staged}`);
  await engine.exec(
    `CREATE TEMP TABLE ${t.rows} AS SELECT *, true AS is_new, NULL::VARCHAR AS old_session_key,
       NULL::VARCHAR AS old_landing_page FROM (${fresh})`,
  );
  log('rows derived');
  // earlier rows carry the person their visitor has after this import (identities are written later)
  await engine.exec(
    `INSERT INTO ${t.rows} BY NAME SELECT ${SESSION_INPUT}, false AS is_new, e.session_key AS old_session_key,
       e.landing_page AS old_landing_page
     FROM events e SEMI JOIN ${t.visitors} v ON v.visitor_id = e.visitor_id
       LEFT JOIN (SELECT id_value, person_key FROM ${t.persons} WHERE id_type = 'visitor') i
         ON i.id_value = e.visitor_id`,
  );
  const [{ n: earlier } = { n: 0 }] = await engine.query<{ n: number }>(
    `SELECT count(*) AS n FROM ${t.rows} WHERE NOT is_new`,
  );
  log('earlier rows read');
  // the window pass sorts a narrow projection (row id, visitor, time, session id, touch), ordered back by row id
  // so the marks join the rows by position (no hash table over millions of rows); carrying all the columns through
  // the window instead costs 3× as much at 10M rows
  await engine.exec(
    `CREATE TEMP TABLE ${t.marked} AS SELECT wid, session_key, rn, touch FROM (${markSessionsSql(
      `SELECT rowid AS wid, row_key, visitor_id, occurred_at, session_id, source, medium, campaign, channel_group
       FROM ${t.rows}`,
    )}) ORDER BY wid`,
  );
  await assertAligned(engine, `${t.rows} d POSITIONAL JOIN ${t.marked} m`, 'd.rowid <> m.wid');
  const joined = `(SELECT d.*, m.session_key, m.rn, m.touch FROM ${t.rows} d POSITIONAL JOIN ${t.marked} m)`;
  log('sessions marked');
  await engine.exec(`CREATE TEMP TABLE ${t.sessions} AS ${sessionsSelectSql(joined)}`);
  log('sessions built');
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
  // the import's rows: (rid, row_key, derived columns), joined to the full staged rows when written
  await engine.exec(`CREATE TEMP TABLE ${t.fresh} AS ${withSession('k.is_new', ['rid', ...DERIVED].join(', '))}`);
  log('derived rows');
  // earlier rows of the same visitors: only those whose session (or inherited channel) changed (none read: the
  // table is made empty without scanning the rows)
  await engine.exec(
    `CREATE TEMP TABLE ${t.final} AS SELECT * FROM (${withSession(
      'NOT k.is_new',
      'row_key, session_key, landing_page, old_session_key, old_landing_page, inherit, s_channel, channel AS k_channel',
    )}) WHERE old_session_key IS DISTINCT FROM session_key OR old_landing_page IS DISTINCT FROM landing_page
       OR (inherit AND k_channel IS DISTINCT FROM s_channel)${Number(earlier) > 0 ? '' : ' LIMIT 0'}`,
  );
  log('earlier rows derived');
}

/**
 * Writes what sessionise worked out: the import's visitors' sessions replaced, the import's rows inserted in the
 * staged table's order (so events stay in file order and time filters skip row groups), earlier rows updated where
 * their session changed.
 */
async function writeSessionised(
  tx: Engine,
  t: { visitors: string; sessions: string; fresh: string; final: string },
  staged: string,
  importId: string,
  log: (step: string) => void,
): Promise<void> {
  await tx.exec(`DELETE FROM sessions WHERE visitor_id IN (SELECT visitor_id FROM ${t.visitors})`);
  await tx.exec(`INSERT INTO sessions (${SESSION_COLUMNS}) SELECT ${SESSION_COLUMNS} FROM ${t.sessions}`);
  log('sessions written');
  const columns = [...DERIVED, ...CHANNEL];
  const input = EVENT_INPUT_COLUMNS.filter((c) => c !== 'row_key');
  // row ids as text: inside a transaction they start beyond a JavaScript number's exact range
  const [{ lo, span } = { lo: null, span: 0 }] = await tx.query<{ lo: string | null; span: number }>(
    `SELECT min(rowid)::VARCHAR AS lo, coalesce(max(rowid) - min(rowid), 0)::INTEGER AS span FROM ${staged}`,
  );
  if (lo !== null && !/^\d+$/.test(lo)) throw new Error(`events import: unexpected row id ${lo}`);
  // in chunks of staged row ids, in order: each chunk's derived rows fit a hash table in memory, the staged scan
  // skips to the chunk's row groups, and events are stored in file order (time filters skip row groups by min/max)
  await tx.exec('SET preserve_insertion_order = true');
  try {
    for (let from = 0; lo !== null && from <= span; from += IMPORT_TUNING.writeChunkRows) {
      const range = (c: string) => `${c} >= ${lo} + ${from} AND ${c} < ${lo} + ${from + IMPORT_TUNING.writeChunkRows}`;
      await tx.exec(
        `INSERT INTO events (${[...input, 'row_key', 'page_path', 'referrer_host', ...columns, 'import_id'].join(', ')})
         SELECT ${input.map((c) => `d.${c}`).join(', ')}, d.row_key, d.page_path, d.referrer_host,
           ${columns.map((c) => `f.${c}`).join(', ')}, $1
         FROM (SELECT *, rowid AS srid FROM ${staged} WHERE ${range('rowid')}) d
           JOIN (SELECT * FROM ${t.fresh} WHERE ${range('rid')}) f ON f.rid = d.srid ORDER BY d.srid`,
        [importId],
      );
    }
  } finally {
    await tx.exec('SET preserve_insertion_order = false');
  }
  log('events written');
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
