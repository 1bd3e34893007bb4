import { byteSize } from '../../config.js';
import type { Engine } from '../../warehouse/engine.js';
import { markSessionsSql, SESSION_COLUMNS, sessionsSelectSql } from './sessions.js';
import { EVENT_INPUT_COLUMNS, tempName } from './sql.js';

/** The derived columns of the import's own rows the session pass gives (page_path, referrer_host are staged). */
const DERIVED = ['is_bot', 'person_key', 'session_key', 'landing_page'];
/**
 * Import write tuning (tests change it to take either path): an import's rows are written through a hash join when
 * there are at most DuckDB's memory cap / hashJoinBytesPerRow of them (2M rows at the 512MB default), by position
 * otherwise (see writeSessionised).
 */
export const WRITE_TUNING = { hashJoinBytesPerRow: 256 };

/** How an import's derived rows are paired with its staged rows when written (see writeSessionised). */
export type WritePairing = 'hash' | 'position';

/** The most rows an import writes through a hash join at the current memory cap. */
export async function hashWriteMaxRows(engine: Engine): Promise<number> {
  const [{ cap } = { cap: '' }] = await engine.query<{ cap: string }>("SELECT current_setting('memory_limit') AS cap");
  return Math.floor((byteSize(cap) ?? 0) / WRITE_TUNING.hashJoinBytesPerRow);
}

/** The channel columns a direct hit may inherit from its session. */
const CHANNEL = ['source', 'medium', 'campaign', 'channel_group', 'channel'];
/** The columns of an earlier event that sessions are marked from (markSessionsSql's input; e: events, i: persons). */
const SESSION_INPUT = `e.row_key, e.visitor_id, e.occurred_at, e.event_type, e.page_path, e.session_id, e.is_bot,
  coalesce(i.person_key, e.person_key) AS person_key, e.source, e.medium, e.campaign, e.channel_group, e.channel,
  e.referrer_host`;

/** The temp tables the session pass of one import reads and makes (names chosen by the caller). */
export interface SessionTables {
  /** (id_type, id_value, person_key) of the import's ids, after this import */
  persons: string;
  /** made here: the import's visitors */
  visitors: string;
  /** made here: the import's rows and the earlier rows of its visitors, with their derived columns */
  rows: string;
  /** made here: the session marks of `rows` (row id, session id, rank, touch) */
  marked: string;
  /** made here: one row per session of the import's visitors */
  sessions: string;
  /** made here: the import's rows (rid: staged row id) with their derived columns, in rid order */
  fresh: string;
  /** made here: the earlier rows whose session or inherited channel changed */
  final: string;
}

/**
 * Works out, in temp tables, the sessions of the import's visitors from the derived rows plus their earlier events
 * (so appends and out-of-order events land in the right session), the import's rows with their derived columns
 * (`fresh`: rid and derived columns) and the earlier rows whose session changed (`final`). Returns how
 * writeSessionised is to pair `fresh` with the staged rows: by position (then `fresh` is in rid order) or by hash. The rows are
 * materialised once (`rows`); the window pass runs over a narrow projection of them and is joined back by position.
 * Direct/internal hits inside a session that came from a campaign carry that session's attribution (GA's "direct
 * does not override").
 */
export async function sessionise(
  engine: Engine,
  t: SessionTables,
  staged: string,
  fresh: string,
  log: (step: string) => void,
): Promise<WritePairing> {
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
    `CREATE TEMP TABLE ${t.marked} AS SELECT wid, sid, rn, touch FROM (${markSessionsSql(
      `SELECT rowid AS wid, row_key, visitor_id, occurred_at, session_id, source, medium, campaign, channel_group
       FROM ${t.rows}`,
    )}) ORDER BY wid`,
  );
  await assertAligned(engine, `${t.rows} d POSITIONAL JOIN ${t.marked} m`, 'd.rowid <> m.wid');
  const joined = `(SELECT d.*, m.sid, m.rn, m.touch FROM ${t.rows} d POSITIONAL JOIN ${t.marked} m)`;
  log('sessions marked');
  await engine.exec(`CREATE TEMP TABLE ${t.sessions} AS ${sessionsSelectSql(joined)}`);
  log('sessions built');
  const inherit = (c: string) =>
    c === 'campaign'
      ? 'CASE WHEN inherit THEN s_campaign ELSE campaign END AS campaign'
      : `CASE WHEN inherit THEN coalesce(s_${c}, ${c}) ELSE ${c} END AS ${c}`;
  const withSession = (where: string, columns: string) =>
    `SELECT ${columns}, ${CHANNEL.map(inherit).join(', ')}
     FROM (SELECT k.*, s.session_key, s.landing_page, ${CHANNEL.map((c) => `s.${c} AS s_${c}`).join(', ')},
             k.touch IS NULL AND k.rn > 0 AND s.channel_group IS DISTINCT FROM 'Direct'
               AND s.channel_group IS NOT NULL AS inherit
           FROM ${joined} k JOIN ${t.sessions} s ON s.sid = k.sid WHERE ${where})`;
  // the import's rows: (rid, derived columns), paired with the full staged rows when written. A large import pairs
  // them by position, so they are stored in row id order (sorted in a statement of its own: sorting inside the join
  // runs out of memory at a 640MB cap); one written through the hash join needs no order.
  const derived = withSession('k.is_new', ['rid', ...DERIVED].join(', '));
  const [{ n: rows } = { n: 0 }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${staged}`);
  const pairing: WritePairing = Number(rows) <= (await hashWriteMaxRows(engine)) ? 'hash' : 'position';
  if (pairing === 'hash') {
    await engine.exec(`CREATE TEMP TABLE ${t.fresh} AS ${derived}`);
  } else {
    const unordered = tempName('sess_u');
    try {
      await engine.exec(`CREATE TEMP TABLE ${unordered} AS ${derived}`);
      await engine.exec(`CREATE TEMP TABLE ${t.fresh} AS SELECT * FROM ${unordered} ORDER BY rid`);
    } finally {
      await engine.exec(`DROP TABLE IF EXISTS ${unordered}`).catch(() => undefined);
    }
  }
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
  return pairing;
}

/**
 * Writes what sessionise worked out: the import's visitors' sessions replaced, the import's rows inserted in the
 * staged table's order (so events stay in file order and time filters skip row groups: exactly when paired by
 * position, in blocks near their place through the hash join), earlier rows updated where their session changed.
 */
export async function writeSessionised(
  tx: Engine,
  t: { visitors: string; sessions: string; fresh: string; final: string; pairing: WritePairing },
  staged: string,
  importId: string,
  log: (step: string) => void,
): Promise<void> {
  await tx.exec(`DELETE FROM sessions WHERE visitor_id IN (SELECT visitor_id FROM ${t.visitors})`);
  await tx.exec(`INSERT INTO sessions (${SESSION_COLUMNS}) SELECT ${SESSION_COLUMNS} FROM ${t.sessions}`);
  log('sessions written');
  const columns = [...DERIVED, ...CHANNEL];
  const input = EVENT_INPUT_COLUMNS.filter((c) => c !== 'row_key');
  // Imports whose derived rows fit a hash table in memory pair them with the staged rows by a parallel hash join on
  // the row id. Larger ones pair them by position (`fresh` holds one row per staged row, in row id order; a row out of
  // place fails the statement): on one thread, but in file order exactly and in whole row groups. The hash join
  // leaves a part-filled row group behind each writer, which the checkpoint after the import merges by rewriting the
  // row groups after them, and once its build side spills it scatters the rows across the import. Measured: a 1M-row
  // append into 10M events, by hash 3.3 s + checkpoint 0.86 s, by position 7.3 s + 0.08 s; 10M events by position
  // 50 s + 0.08 s, by hash in chunks of 4 row groups 43 s + 22.5 s, by hash in one statement 69 s with row groups
  // spanning 235 days instead of 12.
  await tx.exec('SET preserve_insertion_order = true');
  try {
    const list = [...input, 'row_key', 'page_path', 'referrer_host', ...columns, 'import_id'].join(', ');
    const values = `${input.map((c) => `d.${c}`).join(', ')}, d.row_key, d.page_path, d.referrer_host,
      ${columns.map((c) => `f.${c}`).join(', ')}`;
    await tx.exec(
      t.pairing === 'hash'
        ? `INSERT INTO events (${list}) SELECT ${values}, $1
           FROM (SELECT *, rowid AS srid FROM ${staged}) d JOIN ${t.fresh} f ON f.rid = d.srid`
        : `INSERT INTO events (${list})
           SELECT ${values}, CASE WHEN d.rowid = f.rid THEN $1 ELSE error('events import: derived rows out of place') END
           FROM ${staged} d POSITIONAL JOIN ${t.fresh} f`,
      [importId],
    );
  } finally {
    // after a failed statement the transaction is aborted and this fails too: the first error is the one to report
    await tx.exec('SET preserve_insertion_order = false').catch(() => undefined);
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
