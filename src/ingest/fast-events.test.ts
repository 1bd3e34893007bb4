import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import type { Engine } from '../warehouse/engine.js';
import { openWarehouse } from '../warehouse/index.js';
import { importCanonicalFile } from './canonical.js';
import { WRITE_TUNING } from './derive/index.js';
import { importEventsCsvFast } from './fast-events.js';
import { fastEventsFixture, sampleRows } from './fast-events-fixture.js';
import { importRecords } from './index.js';
import { TABLES } from './schema/tables.js';
import type { ImportProgress } from './types.js';

const fx = fastEventsFixture();

// the derivation hook runs inside each import; allow for a busy machine
describe('events through DuckDB read_csv', { timeout: 240_000 }, () => {
  it('loads, converts local times to UTC, and is idempotent', async () => {
    const { engine } = fx;
    const file = fx.eventsCsv('events.csv', [...sampleRows(200), '2026-03-02 09:00:00,v-local,click,,,,,,,,']);
    const first = await fx.load(file);
    expect(first).toMatchObject({
      rowsRead: 201,
      inserted: 201,
      skipped: 0,
      periodStart: '2026-03-01',
      periodEnd: '2026-03-02',
    });
    const [local] = await engine.query<{ t: string; props: string | null }>(
      "SELECT strftime(occurred_at, '%Y-%m-%d %H:%M') AS t, properties AS props FROM events WHERE visitor_id = 'v-local'",
    );
    expect(local).toEqual({ t: '2026-03-02 01:00', props: null });
    const [p] = await engine.query<{ props: string }>("SELECT properties AS props FROM events WHERE event_id = 'e7'");
    expect(JSON.parse(p?.props ?? '')).toEqual({ n: 7 });
    const again = await fx.load(file);
    expect(again).toMatchObject({ inserted: 0, skipped: 201 });
    const [n] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM events');
    expect(n?.n).toBe(201);
    const [tz] = await engine.query<{ tz: string }>("SELECT current_setting('TimeZone') AS tz");
    expect(tz?.tz).not.toBe('Asia/Shanghai');
  });

  it('reports its progress by phase: bytes while reading, then an estimated fraction up to 1', async () => {
    const { engine } = fx;
    const file = fx.eventsCsv('progress.csv', sampleRows(5000));
    const seen: ImportProgress[] = [];
    const spec = TABLES.events as NonNullable<(typeof TABLES)['events']>;
    const opts = {
      format: 'events',
      file,
      fileName: 'progress.csv',
      fileHash: 'test',
      onProgress: (p: ImportProgress) => seen.push(p),
    };
    const result = await importEventsCsvFast(engine, opts, () => importCanonicalFile(engine, spec, opts));
    expect(result.inserted).toBe(5000);
    const phases = seen.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['read', 'derive', 'write']);
    const fractions = seen.map((p) => p.fraction ?? -1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(seen[0]).toMatchObject({ phase: 'read', rows: 0 });
    expect(seen.at(-1)).toMatchObject({ rows: 5000, bytes: statSync(file).size, fraction: 1 });
    // once read, the rows are known
    expect(seen.find((p) => p.phase === 'derive')?.rows).toBe(5000);
  });

  it('keys events without ids by content, like the row-by-row path', async () => {
    const { engine } = fx;
    const rows = sampleRows(10, false);
    const file = fx.eventsCsv('noid.csv', rows);
    expect((await fx.load(file)).inserted).toBe(10);
    const records = rows.slice(0, 3).map((line) => {
      const [occurred_at, visitor_id, event_type, , session_id, , page_url, , utm_source, utm_medium] = line.split(',');
      const props = line.slice(line.indexOf('"')).replace(/^"|"$/g, '').replaceAll('""', '"');
      return { occurred_at, visitor_id, event_type, session_id, page_url, utm_source, utm_medium, properties: props };
    });
    const viaRecords = await importRecords(engine, {
      table: 'events',
      records,
      format: 'collector',
      fileName: 'collector',
    });
    expect(viaRecords).toMatchObject({ inserted: 0, skipped: 3 });
  });

  it('falls back to the row-by-row path for values SQL cannot take, with exact row errors', async () => {
    const odd = fx.eventsCsv('odd.csv', [...sampleRows(5), '2026/3/2 9:00,v9,click,,,,,,,,']);
    expect((await fx.load(odd)).inserted).toBe(6);
    const bad = fx.eventsCsv('bad.csv', [...sampleRows(5), '2026-13-02 09:00,v9,click,,,,,,,,']);
    const error = await fx.load(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe('bad.csv row 7 column occurred_at: unparseable date "2026-13-02 09:00"');
  });

  it('keeps compact JSON properties as they are, minifies spaced ones and reports invalid ones by row', async () => {
    const { engine } = fx;
    const spaced = fx.eventsCsv('spaced.csv', [
      ...sampleRows(2),
      '2026-03-01T11:00:00Z,v1,click,,,e9,,,,,"{ ""a"": [1, 2] }"',
    ]);
    expect(await fx.load(spaced)).toMatchObject({ rowsRead: 3, inserted: 3 });
    const props = await engine.query<{ id: string; p: string }>(
      'SELECT event_id AS id, properties AS p FROM events ORDER BY event_id',
    );
    expect(props.map((r) => r.p)).toEqual(['{"n":0}', '{"n":1}', '{"a":[1,2]}']);
    const bad = fx.eventsCsv('badjson.csv', [...sampleRows(2), '2026-03-01T11:00:00Z,v1,click,,,e10,,,,,{oops}']);
    const error = await fx.load(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^badjson\.csv row 4 column properties: invalid JSON/);
  });

  it('reports duplicate event ids in the file', async () => {
    const file = fx.eventsCsv('dup.csv', [...sampleRows(3), sampleRows(1)[0] as string]);
    const error = await fx.load(file).catch((e: unknown) => e);
    expect((error as Error).message).toBe('dup.csv row 5 column event_id: duplicate event_id "e0" (first at row 2)');
  });

  it('keeps a row repeated without an event id once', async () => {
    const [row] = sampleRows(1, false);
    const file = fx.eventsCsv('repeat.csv', [row as string, row as string, ...sampleRows(4, false).slice(1)]);
    expect(await fx.load(file)).toMatchObject({ rowsRead: 5, inserted: 4, skipped: 1 });
  });

  it('an overlapping second file adds only its new rows, and sessions come out as if loaded at once', async () => {
    const { engine } = fx;
    // 100 events of 4 visitors at scrambled minutes (7i mod 300), a campaign on every 9th: gaps, campaign starts
    // and out-of-order arrivals across the two files
    const lines = Array.from({ length: 100 }, (_, i) => {
      const at = new Date(Date.UTC(2026, 2, 1, 2, 0) + ((7 * i) % 300) * 60_000).toISOString();
      const utm = i % 9 === 0 ? 'weibo,social' : ',';
      return `${at},v${i % 4},page_view,${i === 42 ? 'u1' : ''},,e${i},https://www.example.com/p${i % 6},,${utm},`;
    });
    const first = await fx.load(fx.eventsCsv('a.csv', lines.slice(0, 60)));
    const second = await fx.load(fx.eventsCsv('b.csv', lines.slice(30)));
    expect(first).toMatchObject({ inserted: 60 });
    expect(second).toMatchObject({ rowsRead: 70, inserted: 40, skipped: 30 });
    const snapshot = async (db: Engine) => ({
      events: await db.query(
        `SELECT row_key, session_key, landing_page, channel, campaign, person_key, is_bot FROM events ORDER BY row_key`,
      ),
      sessions: await db.query(
        `SELECT session_key, visitor_id, person_key, started_at, ended_at, landing_page, channel, events, pageviews
         FROM sessions ORDER BY session_key`,
      ),
    });
    const split = await snapshot(engine);
    const whole = await openWarehouse(':memory:');
    try {
      const spec = TABLES.events as NonNullable<(typeof TABLES)['events']>;
      const opts = { format: 'events', file: fx.eventsCsv('all.csv', lines), fileName: 'all.csv', fileHash: 'all' };
      await importEventsCsvFast(whole, opts, () => importCanonicalFile(whole, spec, opts));
      const once = await snapshot(whole);
      expect(split.events).toHaveLength(100);
      expect(new Set(split.sessions.map((s) => s.visitor_id)).size).toBe(4);
      expect(split.sessions.length).toBeGreaterThan(4);
      expect(split).toEqual(once);
    } finally {
      await whole.close();
    }
  });

  it('writes a new file in file order with the same derived columns as the row-by-row path', async () => {
    const { engine } = fx;
    // 6,500 events of 300 visitors, times scrambled within the day, campaigns and referrers mixed in
    const lines = Array.from({ length: 6500 }, (_, i) => {
      const at = new Date(Date.UTC(2026, 2, 1, 0, 0) + ((37 * i) % 1440) * 60_000).toISOString();
      const utm = i % 11 === 0 ? 'baidu,cpc' : i % 13 === 0 ? 'weixin,social' : ',';
      const ref = i % 7 === 0 ? 'https://www.zhihu.com/question/1' : '';
      return `${at},v${i % 300},${i % 17 === 0 ? 'form_submit' : 'page_view'},${i % 301 === 0 ? `u${i % 5}` : ''},,e${i},https://www.example.com/p${i % 9}?x=${i % 4},${ref},${utm},`;
    });
    const file = fx.eventsCsv('new.csv', lines);
    const spec = TABLES.events as NonNullable<(typeof TABLES)['events']>;
    const opts = { format: 'events', file, fileName: 'new.csv', fileHash: 'new' };
    // written by position, as imports too big for the hash join are
    const tuned = WRITE_TUNING.hashJoinBytesPerRow;
    WRITE_TUNING.hashJoinBytesPerRow = Number.POSITIVE_INFINITY;
    const fast = await importEventsCsvFast(engine, opts, () =>
      Promise.reject(new Error('row-by-row path used')),
    ).finally(() => {
      WRITE_TUNING.hashJoinBytesPerRow = tuned;
    });
    expect(fast).toMatchObject({ rowsRead: 6500, inserted: 6500 });
    // stored exactly in file order (row groups keep the file's time locality)
    const stored = await engine.query<{ event_id: string }>('SELECT event_id FROM events ORDER BY rowid');
    expect(stored.map((r) => r.event_id)).toEqual(lines.map((_, i) => `e${i}`));
    const columns = `row_key, occurred_at, visitor_id, page_url, page_path, referrer_host, channel, campaign, person_key,
      session_key, landing_page, is_bot`;
    const slow = await openWarehouse(':memory:');
    try {
      await importCanonicalFile(slow, spec, opts);
      const order = 'ORDER BY row_key';
      const expected = await slow.query(`SELECT ${columns} FROM events ${order}`);
      expect(await engine.query(`SELECT ${columns} FROM events ${order}`)).toEqual(expected);
      // the same file written through the hash join (the default at this size) gives the same rows
      const hashed = await openWarehouse(':memory:');
      try {
        await importEventsCsvFast(hashed, opts, () => Promise.reject(new Error('row-by-row path used')));
        expect(await hashed.query(`SELECT ${columns} FROM events ${order}`)).toEqual(expected);
      } finally {
        await hashed.close();
      }
      // and so does the row-by-row path writing by position (its staged rows are inside the import's transaction)
      const slowByPosition = await openWarehouse(':memory:');
      WRITE_TUNING.hashJoinBytesPerRow = Number.POSITIVE_INFINITY;
      try {
        await importCanonicalFile(slowByPosition, spec, opts);
        expect(await slowByPosition.query(`SELECT ${columns} FROM events ${order}`)).toEqual(expected);
      } finally {
        WRITE_TUNING.hashJoinBytesPerRow = tuned;
        await slowByPosition.close();
      }
    } finally {
      await slow.close();
    }
  });

  it('reports running out of temporary disk as a user error, and writes nothing', async () => {
    const { engine, dir } = fx;
    // spilling allowed to a temp directory of 1 MB at most, under a cap that the import must spill at (and that
    // leaves room enough not to run out of memory first)
    await engine.exec(`SET temp_directory = '${path.join(dir, 'spill')}'`);
    await engine.exec("SET max_temp_directory_size = '1MB'");
    await engine.exec("SET memory_limit = '100MB'");
    const file = fx.eventsCsv('big.csv', sampleRows(100_000));
    await expect(fx.load(file)).rejects.toMatchObject({
      code: 'import_out_of_disk',
      message: expect.stringMatching(/^big\.csv: .*free disk/),
      cause: expect.objectContaining({ message: expect.stringMatching(/temp/i) }),
    });
    await engine.exec("SET memory_limit = '1GB'");
    expect(await engine.query('SELECT count(*) AS n FROM events')).toEqual([{ n: 0 }]);
  });

  it('reports running out of DuckDB memory as a user error naming the setting, and writes nothing', async () => {
    const { engine } = fx;
    await engine.exec("SET memory_limit = '8MB'");
    const file = fx.eventsCsv('big.csv', sampleRows(20_000));
    await expect(fx.load(file)).rejects.toMatchObject({
      code: 'import_out_of_memory',
      message: expect.stringMatching(/^big\.csv: .*YARDSTICK_DUCKDB_MEMORY/),
    });
    await engine.exec("SET memory_limit = '1GB'");
    expect(await engine.query('SELECT count(*) AS n FROM events')).toEqual([{ n: 0 }]);
  });
});
