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
 * SQL (a query) marking sessions over `events` (a query of whole visitors' events with wid (a BIGINT unique per
 * row), row_key, visitor_id, occurred_at, event_type, page_path, session_id, is_bot, person_key, source, medium,
 * campaign, channel_group, channel, plus any extra columns, which pass through): one ordered pass per visitor gives
 * each row its session `sid` (the wid of the session's first row: an integer, so the session aggregation and the
 * joins back hash no text per row), `touch` (campaign identity of an event that arrived from outside; NULL for
 * direct/internal hits) and `rn` (its rank inside the session, 0 for the session's first row). The session's text
 * key is made once per session, by sessionsSelectSql.
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
      last_value(CASE WHEN starts THEN wid END IGNORE NULLS) OVER q AS sid,
      seq - last_value(CASE WHEN starts THEN seq END IGNORE NULLS) OVER q AS rn
    FROM w WINDOW q AS (PARTITION BY visitor_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
}

export const SESSION_COLUMNS = `session_key, visitor_id, person_key, started_at, ended_at, landing_page, source, medium,
  campaign, channel_group, channel, is_bot, events, pageviews, engaged, converted`;

/** The text columns a session takes from its first row (the first non-NULL value in session order). */
const FIRST_TEXT = ['person_key', 'source', 'medium', 'channel_group', 'channel'] as const;

/**
 * SQL: one row per session (the `sessions` columns in order, then `sid`) of a table or subquery marked by
 * markSessionsSql. The session key is `s_` and 20 hex digits of the md5 of its first row's visitor id and row key.
 * Text columns come from the session's first row (rn = 0) or, where it has none, from the first later row that has
 * one; landing_page is the path of the first page view (else the first path). Only numbers are aggregated over
 * every row, grouped by the integer sid, so the aggregation holds no text per session and spills like any hash
 * aggregate (a 10M-event import fits a 640MB memory cap): the text of later rows is looked up just for the sessions
 * that need it (campaign: among the rows that carry one). The marked rows are read by each part rather than
 * materialised once (10M events: 9.5 s vs 27 s; DuckDB materialises a CTE read several times unless told not to).
 */
export function sessionsSelectSql(marked: string): string {
  const conv = CONVERSION_EVENTS.map((t) => `'${t}'`).join(', ');
  const texts = [...FIRST_TEXT, 'page_path'];
  const lacking = texts.map((c) => `${c} IS NULL`).join(' OR ');
  return `WITH m AS NOT MATERIALIZED (
      SELECT sid, visitor_id, row_key, rn, occurred_at, event_type, page_path, person_key, source, medium, campaign,
        channel_group, channel, is_bot
      FROM ${marked}
    ), agg AS (
      SELECT sid, min(occurred_at) AS started_at, max(occurred_at) AS ended_at,
        bool_or(is_bot) AS is_bot, count(*) AS events, count(*) FILTER (WHERE event_type = 'page_view') AS pageviews,
        count(*) FILTER (WHERE event_type = 'page_view') >= 2
          OR max(occurred_at) - min(occurred_at) >= INTERVAL 10 SECOND
          OR bool_or(event_type IN (${conv})) AS engaged,
        bool_or(event_type IN (${conv})) AS converted,
        min(rn) FILTER (WHERE event_type = 'page_view' AND page_path IS NOT NULL) AS pv_rn
      FROM m GROUP BY sid
    ), firsts AS (
      SELECT sid, 's_' || substr(md5(visitor_id || '|' || row_key), 1, 20) AS session_key, visitor_id,
        ${texts.join(', ')}, campaign
      FROM m WHERE rn = 0
    ), later AS (
      SELECT m.sid, ${texts.map((c) => `arg_min(m.${c}, m.rn) AS ${c}`).join(', ')}
      FROM m SEMI JOIN (SELECT sid FROM firsts WHERE ${lacking}) f ON f.sid = m.sid
      WHERE m.rn > 0 GROUP BY m.sid
    ), later_campaign AS (
      SELECT sid, arg_min(campaign, rn) AS campaign FROM m WHERE campaign IS NOT NULL AND rn > 0
      GROUP BY sid
    ), landing AS (
      SELECT m.sid, m.page_path FROM m JOIN agg a ON a.sid = m.sid AND m.rn = a.pv_rn
      WHERE a.pv_rn > 0
    )
    SELECT f.session_key, f.visitor_id, coalesce(f.person_key, l.person_key) AS person_key, a.started_at, a.ended_at,
      coalesce(CASE WHEN a.pv_rn = 0 THEN f.page_path END, p.page_path, f.page_path, l.page_path) AS landing_page,
      coalesce(f.source, l.source) AS source, coalesce(f.medium, l.medium) AS medium,
      coalesce(f.campaign, c.campaign) AS campaign, coalesce(f.channel_group, l.channel_group) AS channel_group,
      coalesce(f.channel, l.channel) AS channel, a.is_bot, a.events, a.pageviews, a.engaged, a.converted, a.sid
    FROM agg a JOIN firsts f ON f.sid = a.sid LEFT JOIN later l ON l.sid = a.sid
      LEFT JOIN later_campaign c ON c.sid = a.sid LEFT JOIN landing p ON p.sid = a.sid`;
}

/** Rebuilds sessions of the visitors listed in a temp table with a visitor_id column (which it drops). */
export async function rebuildFromVisitorTable(tx: Engine, visitors: string): Promise<void> {
  const marked = tempName('sess_e');
  const sessions = tempName('sess_s');
  try {
    const [{ n } = { n: 0 }] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${visitors}`);
    if (!n) return;
    await tx.exec(`DELETE FROM sessions WHERE visitor_id IN (SELECT visitor_id FROM ${visitors})`);
    await tx.exec(
      `CREATE TEMP TABLE ${marked} AS ${markSessionsSql(
        `SELECT e.rowid AS wid, e.row_key, e.visitor_id, e.occurred_at, e.event_type, e.page_path, e.session_id,
           e.is_bot, e.person_key, e.source, e.medium, e.campaign, e.channel_group, e.channel
         FROM events e SEMI JOIN ${visitors} v ON v.visitor_id = e.visitor_id`,
      )}`,
    );
    await tx.exec(`CREATE TEMP TABLE ${sessions} AS ${sessionsSelectSql(marked)}`);
    await tx.exec(`INSERT INTO sessions (${SESSION_COLUMNS}) SELECT ${SESSION_COLUMNS} FROM ${sessions}`);
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
             JOIN ${sessions} s ON s.sid = k.sid,
             LATERAL (SELECT k.direct_hit AND s.channel_group IS DISTINCT FROM 'Direct' AND s.channel_group IS NOT NULL
               AS inherit)) m
       WHERE events.row_key = m.row_key
         AND (events.session_key IS DISTINCT FROM m.session_key OR events.landing_page IS DISTINCT FROM m.landing_page
           OR (m.inherit AND events.channel IS DISTINCT FROM m.channel))`,
    );
  } finally {
    // inside an aborted transaction the drops fail too: the first error is the one to report
    for (const name of [marked, sessions, visitors]) {
      await tx.exec(`DROP TABLE IF EXISTS ${name}`).catch(() => undefined);
    }
  }
}
