import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../warehouse/duckdb/engine.js';
import type { Engine } from '../../warehouse/engine.js';
import { IMPORT_TUNING, ROW_GROUP_ROWS, writeChunkRows, writeSessionised } from './import-sessions.js';
import { EVENT_INPUT_COLUMNS } from './sql.js';
import { factsEngine } from './test-helpers.js';

describe('writeSessionised', () => {
  let engine: Engine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it('fails with the error of the statement that failed, not with the aborted transaction after it', async () => {
    const e = await factsEngine();
    engine = e;
    // one staged row without a time: the events insert breaks NOT NULL and DuckDB aborts the transaction
    await e.exec(
      `CREATE TEMP TABLE staged AS SELECT ${EVENT_INPUT_COLUMNS.join(', ')}, page_path, referrer_host FROM events LIMIT 0`,
    );
    await e.exec(`INSERT INTO staged (row_key, visitor_id, event_type) VALUES ('k1', 'v1', 'page_view')`);
    await e.exec(
      `CREATE TEMP TABLE fresh AS SELECT 0::BIGINT AS rid, is_bot, person_key, session_key, landing_page, source,
         medium, campaign, channel_group, channel FROM events LIMIT 0`,
    );
    await e.exec(`INSERT INTO fresh (rid, is_bot, session_key) VALUES (0, false, 's_1')`);
    await e.exec(`CREATE TEMP TABLE visitors AS SELECT 'v1' AS visitor_id`);
    await e.exec('CREATE TEMP TABLE sess AS SELECT * FROM sessions LIMIT 0');
    await e.exec('CREATE TEMP TABLE final AS SELECT row_key, session_key, landing_page FROM events LIMIT 0');
    const t = { visitors: 'visitors', sessions: 'sess', fresh: 'fresh', final: 'final' };
    await expect(e.transaction((tx) => writeSessionised(tx, t, 'staged', 'imp_1', () => undefined))).rejects.toThrow(
      /NOT NULL constraint/,
    );
    expect(await e.query('SELECT count(*)::INTEGER AS n FROM events')).toEqual([{ n: 0 }]);
  });
});

describe('writeChunkRows', () => {
  it('is the tuned chunk at a 640MB memory cap or above, halved for each halving of a smaller cap, in whole row groups', async () => {
    const e = await DuckDbEngine.open(':memory:');
    try {
      expect(IMPORT_TUNING.writeChunkRows).toBe(2 ** 20);
      const at = async (cap: string) => {
        await e.exec(`SET memory_limit = '${cap}'`);
        return writeChunkRows(e);
      };
      expect(ROW_GROUP_ROWS).toBe(122_880);
      // 2^20 rows → 8 row groups
      expect(await at('640MB')).toBe(8 * ROW_GROUP_ROWS);
      expect(await at('4GB')).toBe(8 * ROW_GROUP_ROWS);
      // the default cap: 2^19 → 4 row groups
      expect(await at('512MB')).toBe(4 * ROW_GROUP_ROWS);
      expect(await at('400MB')).toBe(4 * ROW_GROUP_ROWS);
      expect(await at('320MB')).toBe(4 * ROW_GROUP_ROWS);
      expect(await at('256MB')).toBe(2 * ROW_GROUP_ROWS);
      // a chunk below a row group (tests shrink the tuning) stays as it is
      const tuned = IMPORT_TUNING.writeChunkRows;
      IMPORT_TUNING.writeChunkRows = 1000;
      try {
        expect(await at('640MB')).toBe(1000);
      } finally {
        IMPORT_TUNING.writeChunkRows = tuned;
      }
    } finally {
      await e.close();
    }
  });
});
