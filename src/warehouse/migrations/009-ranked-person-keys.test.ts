import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../duckdb/engine.js';
import { migrate } from './index.js';
import { databaseBefore } from './test-helpers.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex').slice(0, 20);

describe('migration 009 (person keys ranked by identifier type)', () => {
  let engine: DuckDbEngine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it("re-keys every stored person by its best-ranked identifier, in every table that holds the person's rows", async () => {
    engine = await databaseBefore(9);
    // person A: two visitors and a user (old key: the smallest md5); person B: one anonymous visitor
    const old = { a: `p_${md5('visitor:v2')}`, b: `p_${md5('visitor:v9')}` };
    await engine.exec(
      `INSERT INTO identities (id_type, id_value, person_key) VALUES ('visitor', 'v1', $1), ('visitor', 'v2', $1),
         ('user', 'u1', $1), ('visitor', 'v9', $2)`,
      [old.a, old.b],
    );
    await engine.exec(
      `INSERT INTO events (row_key, occurred_at, visitor_id, event_type, person_key) VALUES
         ('e1', '2026-03-01 10:00:00', 'v1', 'page_view', $1), ('e2', '2026-03-01 10:00:00', 'v9', 'page_view', $2)`,
      [old.a, old.b],
    );
    await engine.exec(
      `INSERT INTO sessions (session_key, visitor_id, person_key, started_at, ended_at, events, pageviews)
       VALUES ('s1', 'v1', $1, '2026-03-01 10:00:00', '2026-03-01 10:00:00', 1, 1)`,
      [old.a],
    );
    expect(await migrate(engine)).toEqual([9]);
    const a = `p0_${md5('user:u1')}`;
    const b = `p5_${md5('visitor:v9')}`;
    expect(await engine.query('SELECT id_value, person_key FROM identities ORDER BY id_value')).toEqual([
      { id_value: 'u1', person_key: a },
      { id_value: 'v1', person_key: a },
      { id_value: 'v2', person_key: a },
      { id_value: 'v9', person_key: b },
    ]);
    expect(await engine.query('SELECT row_key, person_key FROM events ORDER BY row_key')).toEqual([
      { row_key: 'e1', person_key: a },
      { row_key: 'e2', person_key: b },
    ]);
    expect(await engine.query('SELECT person_key FROM sessions')).toEqual([{ person_key: a }]);
  });
});
