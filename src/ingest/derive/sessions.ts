import type { Engine } from '../../warehouse/engine.js';
import { tempName } from './sql.js';

/** Inactivity after which the next event starts a new session. */
export const SESSION_TIMEOUT_MINUTES = 30;

/** Event types that make a session converted. */
export const CONVERSION_EVENTS = ['form_submit', 'signup', 'purchase'] as const;

/** Rebuilds the sessions of the given visitors from their remaining events (e.g. after an import was rolled back). */
export async function rebuildVisitorSessions(tx: Engine, visitorIds: readonly string[]): Promise<void> {
  const visitors = tempName('sess_v');
  await tx.exec(`CREATE TEMP TABLE ${visitors} (visitor_id VARCHAR)`);
  if (visitorIds.length)
    await tx.append(
      visitors,
      ['visitor_id'],
      [...new Set(visitorIds)].map((v) => [v]),
    );
  await rebuildFromVisitorTable(tx, visitors);
}

/**
 * SQL (a query) marking sessions over `events` (a query of whole visitors' events with row_key, visitor_id,
 * occurred_at, event_type, page_path, session_id, is_bot, person_key, source, medium, campaign, channel_group,
 * channel, plus any extra columns, which pass through): one ordered pass per visitor gives each row its
 * session_key, `touch` (campaign identity of an event that arrived from outside; NULL for direct/internal hits) and
 * `rn` (its rank inside the session, 0 for the session's first row).
 */
export function markSessionsSql(events: string): string {
  return `WITH ev AS (
      SELECT *, CASE WHEN channel_group IS NULL OR channel_group = 'Direct' THEN NULL
          ELSE concat_ws('|', source, medium, coalesce(campaign, '')) END AS touch
      FROM (${events})
    ), w AS (
      SELECT *, row_number() OVER p AS seq,
        CASE WHEN lag(occurred_at) OVER p IS NULL
          OR occurred_at - lag(occurred_at) OVER p > INTERVAL ${SESSION_TIMEOUT_MINUTES} MINUTE
          OR (touch IS NOT NULL AND touch IS DISTINCT FROM last_value(touch IGNORE NULLS) OVER (p
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
          OR (session_id IS NOT NULL AND lag(session_id) OVER p IS NOT NULL AND session_id <> lag(session_id) OVER p)
        THEN true ELSE false END AS starts
      FROM ev WINDOW p AS (PARTITION BY visitor_id ORDER BY occurred_at, row_key)
    )
    SELECT *,
      last_value(CASE WHEN starts THEN 's_' || substr(md5(visitor_id || '|' || row_key), 1, 20) END IGNORE NULLS)
        OVER q AS session_key,
      seq - last_value(CASE WHEN starts THEN seq END IGNORE NULLS) OVER q AS rn
    FROM w WINDOW q AS (PARTITION BY visitor_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
}

/** SQL: inserts one `sessions` row per session of a table marked by markSessionsSql. */
export function insertSessionsSql(marked: string): string {
  return `INSERT INTO sessions (${SESSION_COLUMNS}) ${sessionsSelectSql(marked)}`;
}

export const SESSION_COLUMNS = `session_key, visitor_id, person_key, started_at, ended_at, landing_page, source, medium,
  campaign, channel_group, channel, is_bot, events, pageviews, engaged, converted`;

/** SQL: one row per session (the `sessions` columns in order) of a table or subquery marked by markSessionsSql. */
export function sessionsSelectSql(marked: string): string {
  const conv = CONVERSION_EVENTS.map((t) => `'${t}'`).join(', ');
  return `SELECT session_key, visitor_id, arg_min(person_key, rn) AS person_key,
      min(occurred_at) AS started_at, max(occurred_at) AS ended_at,
      coalesce(arg_min(page_path, rn) FILTER (WHERE event_type = 'page_view'), arg_min(page_path, rn)) AS landing_page,
      arg_min(source, rn) AS source, arg_min(medium, rn) AS medium, arg_min(campaign, rn) AS campaign,
      arg_min(channel_group, rn) AS channel_group, arg_min(channel, rn) AS channel, bool_or(is_bot) AS is_bot,
      count(*) AS events, count(*) FILTER (WHERE event_type = 'page_view') AS pageviews,
      count(*) FILTER (WHERE event_type = 'page_view') >= 2
        OR max(occurred_at) - min(occurred_at) >= INTERVAL 10 SECOND
        OR bool_or(event_type IN (${conv})) AS engaged,
      bool_or(event_type IN (${conv})) AS converted
    FROM ${marked} GROUP BY visitor_id, session_key`;
}

/** Rebuilds sessions of the visitors listed in a temp table with a visitor_id column (which it drops). */
export async function rebuildFromVisitorTable(tx: Engine, visitors: string): Promise<void> {
  const marked = tempName('sess_e');
  try {
    const [{ n } = { n: 0 }] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${visitors}`);
    if (!n) return;
    await tx.exec(`DELETE FROM sessions WHERE visitor_id IN (SELECT visitor_id FROM ${visitors})`);
    await tx.exec(
      `CREATE TEMP TABLE ${marked} AS ${markSessionsSql(
        `SELECT e.row_key, e.visitor_id, e.occurred_at, e.event_type, e.page_path, e.session_id, e.is_bot,
           e.person_key, e.source, e.medium, e.campaign, e.channel_group, e.channel
         FROM events e SEMI JOIN ${visitors} v ON v.visitor_id = e.visitor_id`,
      )}`,
    );
    await tx.exec(insertSessionsSql(marked));
    await tx.exec(
      // Direct/internal hits inside a session that came from a campaign carry that session's attribution, so
      // conversions on inner pages count for the channel that brought the visit (GA's "direct does not override").
      `UPDATE events SET session_key = m.session_key, landing_page = m.landing_page,
         source = coalesce(m.source, events.source), medium = coalesce(m.medium, events.medium),
         campaign = CASE WHEN m.inherit THEN m.campaign ELSE events.campaign END,
         channel_group = coalesce(m.channel_group, events.channel_group), channel = coalesce(m.channel, events.channel)
       FROM (SELECT k.row_key, s.session_key, s.landing_page, inherit,
               CASE WHEN inherit THEN s.source END AS source, CASE WHEN inherit THEN s.medium END AS medium,
               s.campaign, CASE WHEN inherit THEN s.channel_group END AS channel_group,
               CASE WHEN inherit THEN s.channel END AS channel
             FROM (SELECT *, touch IS NULL AND rn > 0 AS direct_hit FROM ${marked}) k
             JOIN sessions s ON s.session_key = k.session_key,
             LATERAL (SELECT k.direct_hit AND s.channel_group IS DISTINCT FROM 'Direct' AND s.channel_group IS NOT NULL
               AS inherit)) m
       WHERE events.row_key = m.row_key
         AND (events.session_key IS DISTINCT FROM m.session_key OR events.landing_page IS DISTINCT FROM m.landing_page
           OR (m.inherit AND events.channel IS DISTINCT FROM m.channel))`,
    );
  } finally {
    await tx.exec(`DROP TABLE IF EXISTS ${marked}`);
    await tx.exec(`DROP TABLE IF EXISTS ${visitors}`);
  }
}
