import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../duckdb/engine.js';
import { migrate } from './index.js';
import { databaseBefore } from './test-helpers.js';

describe('migration 007 (events, sessions and identities without keys)', () => {
  let engine: DuckDbEngine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it('keeps the rows of an existing database and drops the keys', async () => {
    engine = await databaseBefore(7);
    await engine.exec(
      `INSERT INTO events (row_key, occurred_at, visitor_id, event_type, is_bot, session_key, import_id)
       VALUES ('e1', '2026-03-01 10:00:00', 'v1', 'page_view', true, 's1', 'imp1')`,
    );
    await engine.exec(
      `INSERT INTO sessions (session_key, visitor_id, started_at, ended_at, events, pageviews)
       VALUES ('s1', 'v1', '2026-03-01 10:00:00', '2026-03-01 10:00:00', 1, 1)`,
    );
    await engine.exec("INSERT INTO identities (id_type, id_value, person_key) VALUES ('visitor', 'v1', 'p_1')");
    expect(await migrate(engine)).toContain(7);
    const [event] = await engine.query('SELECT row_key, is_bot, session_key, import_id FROM events');
    expect(event).toEqual({ row_key: 'e1', is_bot: true, session_key: 's1', import_id: 'imp1' });
    expect(await engine.query('SELECT session_key, events FROM sessions')).toEqual([{ session_key: 's1', events: 1 }]);
    expect(await engine.query('SELECT id_value, person_key, import_id FROM identities')).toEqual([
      // migration 009 (applied next) ranks the key
      {
        id_value: 'v1',
        person_key: `p5_${createHash('md5').update('visitor:v1').digest('hex').slice(0, 20)}`,
        import_id: null,
      },
    ]);
    // no primary keys any more (importers dedupe by row_key themselves); NOT NULL stays
    await engine.exec(
      `INSERT INTO events (row_key, occurred_at, visitor_id, event_type) VALUES ('e1', '2026-03-01 11:00:00', 'v1', 'x')`,
    );
    await expect(
      engine.exec(`INSERT INTO events (row_key, occurred_at, visitor_id, event_type) VALUES ('e2', NULL, 'v1', 'x')`),
    ).rejects.toThrow(/NOT NULL/);
    const indexes = await engine.query("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'events'");
    expect(indexes).toEqual([]);
  });
});
