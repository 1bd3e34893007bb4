import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../warehouse/engine.js';
import { hashWriteMaxRows, WRITE_TUNING, writeSessionised } from './import-sessions.js';
import { EVENT_INPUT_COLUMNS } from './sql.js';
import { factsEngine } from './test-helpers.js';

describe('writeSessionised', () => {
  let engine: Engine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  /** A staged table with the given rows (row_key, visitor_id, occurred_at) and their derived rows (rid, session). */
  async function staging(e: Engine, rows: [string, string, string | null][], rids: number[]) {
    await e.exec(
      `CREATE TEMP TABLE staged AS SELECT ${EVENT_INPUT_COLUMNS.join(', ')}, page_path, referrer_host FROM events LIMIT 0`,
    );
    for (const [key, visitor, at] of rows) {
      await e.exec(
        `INSERT INTO staged (row_key, visitor_id, event_type, occurred_at) VALUES ($1, $2, 'page_view', $3::TIMESTAMP)`,
        [key, visitor, at],
      );
    }
    await e.exec(
      `CREATE TEMP TABLE fresh AS SELECT 0::BIGINT AS rid, is_bot, person_key, session_key, landing_page, source,
         medium, campaign, channel_group, channel FROM events LIMIT 0`,
    );
    for (const rid of rids) {
      await e.exec(`INSERT INTO fresh (rid, is_bot, session_key) VALUES ($1, false, $2)`, [rid, `s_${rid}`]);
    }
    await e.exec(`CREATE TEMP TABLE visitors AS SELECT DISTINCT visitor_id FROM staged`);
    await e.exec('CREATE TEMP TABLE sess AS SELECT * FROM sessions LIMIT 0');
    await e.exec('CREATE TEMP TABLE final AS SELECT row_key, session_key, landing_page FROM events LIMIT 0');
    return { visitors: 'visitors', sessions: 'sess', fresh: 'fresh', final: 'final', pairing: 'position' as const };
  }

  it('fails with the error of the statement that failed, not with the aborted transaction after it', async () => {
    const e = await factsEngine();
    engine = e;
    // one staged row without a time: the events insert breaks NOT NULL and DuckDB aborts the transaction
    const t = await staging(e, [['k1', 'v1', null]], [0]);
    await expect(e.transaction((tx) => writeSessionised(tx, t, 'staged', 'imp_1', () => undefined))).rejects.toThrow(
      /NOT NULL constraint/,
    );
    expect(await e.query('SELECT count(*)::INTEGER AS n FROM events')).toEqual([{ n: 0 }]);
  });

  it('pairs staged and derived rows by position, past deleted staged rows, and fails on rows out of place', async () => {
    const e = await factsEngine();
    engine = e;
    const at = '2026-03-01 10:00:00';
    const t = await staging(
      e,
      [
        ['k0', 'v1', at],
        ['k1', 'v1', at],
        ['k2', 'v2', at],
      ],
      [0, 2],
    );
    await e.exec(`DELETE FROM staged WHERE row_key = 'k1'`);
    await e.transaction((tx) => writeSessionised(tx, t, 'staged', 'imp_1', () => undefined));
    expect(await e.query('SELECT row_key, session_key FROM events ORDER BY rowid')).toEqual([
      { row_key: 'k0', session_key: 's_0' },
      { row_key: 'k2', session_key: 's_2' },
    ]);
    // a derived row missing: the second staged row would take the third's derived columns
    await e.exec('DELETE FROM events');
    await e.exec('DELETE FROM fresh WHERE rid = 0');
    await expect(e.transaction((tx) => writeSessionised(tx, t, 'staged', 'imp_2', () => undefined))).rejects.toThrow(
      /derived rows out of place/,
    );
    expect(await e.query('SELECT count(*)::INTEGER AS n FROM events')).toEqual([{ n: 0 }]);
  });
});

describe('hashWriteMaxRows', () => {
  it('is the memory cap over the tuned bytes per row: 2M rows at the 512MB default', async () => {
    const e = await factsEngine();
    try {
      expect(WRITE_TUNING.hashJoinBytesPerRow).toBe(256);
      await e.exec("SET memory_limit = '512MB'");
      // DuckDB reports the cap as 488.2 MiB
      expect(await hashWriteMaxRows(e)).toBe(Math.floor((488.2 * 2 ** 20) / 256));
      await e.exec("SET memory_limit = '2GB'");
      expect(await hashWriteMaxRows(e)).toBeGreaterThan(7_000_000);
    } finally {
      await e.close();
    }
  });
});
