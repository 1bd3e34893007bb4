import { botReason, MAX_EVENTS_PER_MINUTE } from '../../core/bots/index.js';
import type { ChannelClassifier } from '../../core/channels/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { stepLog } from '../step-log.js';
import { applyIdentities, type IdentityPlan, planIdentities } from './identity.js';
import { sessionise, writeSessionised } from './import-sessions.js';
import { EVENT_INPUT_COLUMNS, eventTouchSql, tempName } from './sql.js';

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
/** The input columns the session pass reads (the rest are joined back from the staged rows by row id). */
const SESSION_ROW = ['row_key', 'visitor_id', 'occurred_at', 'event_type', 'session_id'];
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
    log.end();
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
    const pairing = await sessionise(engine, t, staged, fresh, log);
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
        await writeSessionised(tx, { ...t, pairing }, staged, importId, log);
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
    await tx.exec(`DROP TABLE IF EXISTS ${keyed}`).catch(() => undefined);
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
