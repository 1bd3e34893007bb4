import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import type { Engine } from '../warehouse/engine.js';
import { openWarehouse } from '../warehouse/index.js';
import { importCanonicalFile } from './canonical.js';
import { WRITE_TUNING } from './derive/index.js';
import { importEventsCsvFast, isFastEventsCsv, utcTimestampSql } from './fast-events.js';
import { importRecords } from './index.js';
import { parseInstant } from './schema/dates.js';
import { TABLES } from './schema/tables.js';
import type { ImportProgress } from './types.js';

const HEADER =
  'occurred_at,visitor_id,event_type,user_id,session_id,event_id,page_url,referrer,utm_source,utm_medium,properties';

let engine: Engine;
let dir: string;

beforeEach(async () => {
  engine = await openWarehouse(':memory:');
  dir = mkdtempSync(path.join(tmpdir(), 'yardstick-fast-'));
});

afterEach(async () => {
  await engine.close();
});

function eventsCsv(name: string, rows: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
  return file;
}

function sampleRows(n: number, withIds = true): string[] {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const minute = String(i % 60).padStart(2, '0');
    rows.push(
      `2026-03-01T10:${minute}:00+08:00,v${i % 50},page_view,,s${i % 50},${withIds ? `e${i}` : ''},https://www.example.com/p${i % 7},,baidu,cpc,"{""n"":${i}}"`,
    );
  }
  return rows;
}

async function load(file: string) {
  const spec = TABLES.events as NonNullable<(typeof TABLES)['events']>;
  const opts = { format: 'events', file, fileName: path.basename(file), fileHash: 'test' };
  return importEventsCsvFast(engine, opts, () => importCanonicalFile(engine, spec, opts));
}

// the derivation hook runs inside each import; allow for a busy machine
describe('events through DuckDB read_csv', { timeout: 240_000 }, () => {
  it('takes UTF-8 and GBK CSV files whose header names the required columns by name, alias or --map', async () => {
    const file = eventsCsv('ok.csv', sampleRows(3));
    expect(await isFastEventsCsv({ format: 'events', file }, 0)).toBe(true);
    // a --map naming no header of the file, or a required column missing: the row-by-row path reports it
    expect(await isFastEventsCsv({ format: 'events', file, map: { visitor_id: 'x' } }, 0)).toBe(false);
    const missing = path.join(dir, 'missing.csv');
    writeFileSync(missing, '时间,事件类型\n2026-03-01,page_view\n');
    expect(await isFastEventsCsv({ format: 'events', file: missing }, 0)).toBe(false);
    const chinese = path.join(dir, 'zh.csv');
    writeFileSync(chinese, '时间,访客ID,事件类型\n2026-03-01,v1,page_view\n');
    expect(await isFastEventsCsv({ format: 'events', file: chinese }, 0)).toBe(true);
    const gbk = path.join(dir, 'gbk.csv');
    writeFileSync(gbk, iconv.encode('时间,访客ID,事件类型\n2026-03-01,v1,page_view\n', 'gbk'));
    expect(await isFastEventsCsv({ format: 'events', file: gbk }, 0)).toBe(true);
    const mapped = path.join(dir, 'mapped.csv');
    writeFileSync(mapped, 'when,who,what\n2026-03-01,v1,page_view\n');
    expect(await isFastEventsCsv({ format: 'events', file: mapped }, 0)).toBe(false);
    const map = { occurred_at: 'when', visitor_id: 'who', event_type: 'what' };
    expect(await isFastEventsCsv({ format: 'events', file: mapped, map }, 0)).toBe(true);
    expect(await isFastEventsCsv({ format: 'events', file: chinese }, 1024)).toBe(false);
  });

  it('reads the wall-clock formats of the row-by-row path in SQL, and never one that path rejects', async () => {
    await engine.exec("SET TimeZone = 'Asia/Shanghai'");
    const read = [
      '2026-03-01 10:00:00',
      '2026/3/1 10:00',
      '2026.03.01 10:00',
      '2026.3.1',
      '2026年3月1日 10:00',
      '2026年3月1日10:30:05',
      '2026年3月1日 10时30分',
      '2026年3月1日 10时30',
      '2026年3月1日',
      '20260301',
      '20260301103000',
      '202603011030',
      '20260301T1030',
      '3/1/2026 10:00 PM',
      '3/1/2026 10:00',
      '3/1/2026',
      'Mar 1, 2026',
      'March 1, 2026 9:05 PM',
      '2026-03-01T10:00:00+0800',
    ];
    // rejected by the row-by-row path (or left to it: SQL NULL sends the file there)
    const other = ['2026-02-30', '2026.02.30', '13/1/2026', 'x', '2026031', '202603011', '12026.3.1', 'Sept 1, 2026'];
    for (const v of [...read, ...other]) {
      const [row] = await engine.query<{ t: Date | null }>(`SELECT ${utcTimestampSql('$1::VARCHAR')} AS t`, [v]);
      const expected = parseInstant(v, 'Asia/Shanghai');
      if (read.includes(v)) expect(row?.t?.toISOString(), v).toBe(expected?.toISOString());
      else if (row?.t) expect(row.t.toISOString(), v).toBe(expected?.toISOString());
    }
  });

  it('goes row by row at once when the first rows have times SQL cannot read, without staging the file', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `Sept ${1 + (i % 28)}, 2026,v${i % 40},page_view,e${i}`);
    const file = path.join(dir, 'sept.csv');
    writeFileSync(
      file,
      `${['occurred_at,visitor_id,event_type,event_id', ...lines.map((l) => `"${l.replace(', 2026', ', 2026"')}`)].join('\n')}\n`,
    );
    const statements: string[] = [];
    const exec = engine.exec.bind(engine);
    engine.exec = (sql, params) => {
      statements.push(sql);
      return exec(sql, params);
    };
    const spec = TABLES.events as NonNullable<(typeof TABLES)['events']>;
    const opts = { format: 'events', file, fileName: 'sept.csv', fileHash: 's' };
    const result = await importEventsCsvFast(engine, opts, () => importCanonicalFile(engine, spec, opts));
    expect(result.inserted).toBe(3000);
    expect(statements.some((sql) => sql.includes('CREATE TEMP TABLE __events_stage'))).toBe(false);
  });

  it('imports a file with Chinese dates through SQL, with the times the row-by-row path gives', async () => {
    const lines = Array.from(
      { length: 300 },
      (_, i) => `2026年3月${1 + (i % 28)}日 ${i % 24}:${String(i % 60).padStart(2, '0')},v${i % 40},page_view,e${i}`,
    );
    const file = path.join(dir, 'cjk-dates.csv');
    writeFileSync(file, `${['时间,访客ID,事件类型,事件ID', ...lines].join('\n')}\n`);
    const spec = TABLES.events as NonNullable<(typeof TABLES)['events']>;
    const opts = { format: 'events', file, fileName: 'cjk-dates.csv', fileHash: 'c' };
    const fast = await importEventsCsvFast(engine, opts, () => Promise.reject(new Error('row-by-row path used')));
    expect(fast).toMatchObject({ inserted: 300, periodStart: '2026-03-01', periodEnd: '2026-03-28' });
    const slow = await openWarehouse(':memory:');
    try {
      await importCanonicalFile(slow, spec, opts);
      const times = 'SELECT event_id, occurred_at FROM events ORDER BY event_id';
      expect(await engine.query(times)).toEqual(await slow.query(times));
    } finally {
      await slow.close();
    }
  });

  it('reads Chinese headers, GBK, --map and extra columns like the row-by-row path does', async () => {
    const rows = sampleRows(400, false);
    const canonical = eventsCsv('canonical.csv', rows);
    await load(canonical);
    const columns =
      'row_key, occurred_at, visitor_id, event_type, page_url, page_path, utm_source, channel, properties';
    const expected = await engine.query(`SELECT ${columns} FROM events ORDER BY row_key`);
    const noFallback = () => Promise.reject(new Error('row-by-row path used'));
    // the same rows under Chinese headers in another order, with a column no table has, in UTF-8 and in GBK
    const zhHeader = '访客ID,时间,事件类型,用户ID,会话ID,事件ID,页面URL,来源页,来源,媒介,属性,备注';
    const zhRows = rows.map((line) => {
      const [at, visitor, ...rest] = line.split(',');
      return [visitor, at, ...rest, '无'].join(',');
    });
    const zhText = `${[zhHeader, ...zhRows].join('\n')}\n`;
    const mappedText = `${['when,who,what,uid,sid,eid,url,ref,src,med,props', ...rows].join('\n')}\n`;
    const cases = [
      { name: 'zh.csv', bytes: Buffer.from(zhText, 'utf8'), warnings: ['ignored columns: 备注'] },
      { name: 'zh-bom.csv', bytes: Buffer.from(`\uFEFF${zhText}`, 'utf8'), warnings: ['ignored columns: 备注'] },
      {
        name: 'zh-gbk.csv',
        bytes: iconv.encode(zhText, 'gbk'),
        warnings: ['ignored columns: 备注', 'decoded as GB18030'],
      },
      {
        name: 'mapped.csv',
        bytes: Buffer.from(mappedText, 'utf8'),
        warnings: ['ignored columns: sid, ref, src, med'],
        map: { occurred_at: 'when', visitor_id: 'who', event_type: 'what', event_id: 'eid', page_url: 'url' },
      },
    ];
    for (const c of cases) {
      const file = path.join(dir, c.name);
      writeFileSync(file, c.bytes);
      const other = await openWarehouse(':memory:');
      try {
        const opts = { format: 'events', file, fileName: c.name, fileHash: c.name, ...(c.map ? { map: c.map } : {}) };
        const result = await importEventsCsvFast(other, opts, noFallback);
        expect(result, c.name).toMatchObject({ inserted: 400, warnings: c.warnings });
        const got = await other.query(`SELECT ${columns} FROM events ORDER BY row_key`);
        if (c.map) {
          // columns the map leaves out and that have no alias are empty (and the content keys differ)
          expect(
            got.every((r) => r.utm_source === null),
            c.name,
          ).toBe(true);
          const same = 'SELECT occurred_at, visitor_id, event_type, page_url FROM events ORDER BY ALL';
          expect(await other.query(same), c.name).toEqual(await engine.query(same));
        } else {
          expect(got, c.name).toEqual(expected);
        }
      } finally {
        await other.close();
      }
    }
  });

  it('sends a GBK file with bytes that are not GBK to the row-by-row path, which says where', async () => {
    // past the first 256 KB, which the encoding is detected from
    const text = `${['时间,访客ID,事件类型', ...Array.from({ length: 12_000 }, (_, i) => `2026-03-01 10:00:00,v${i},page_view`)].join('\n')}\n`;
    const bytes = Buffer.concat([iconv.encode(text, 'gbk'), Buffer.from([0x81, 0x20, 0x0a])]);
    const file = path.join(dir, 'broken-gbk.csv');
    writeFileSync(file, bytes);
    let fellBack = false;
    const spec = TABLES.events as NonNullable<(typeof TABLES)['events']>;
    const opts = { format: 'events', file, fileName: 'broken-gbk.csv', fileHash: 'b' };
    await expect(
      importEventsCsvFast(engine, opts, () => {
        fellBack = true;
        return importCanonicalFile(engine, spec, opts);
      }),
    ).rejects.toThrow(/broken-gbk\.csv row 12002/);
    expect(fellBack).toBe(true);
    const [n] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM events');
    expect(n?.n).toBe(0);
  });

  it('loads, converts local times to UTC, and is idempotent', async () => {
    const file = eventsCsv('events.csv', [...sampleRows(200), '2026-03-02 09:00:00,v-local,click,,,,,,,,']);
    const first = await load(file);
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
    const again = await load(file);
    expect(again).toMatchObject({ inserted: 0, skipped: 201 });
    const [n] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM events');
    expect(n?.n).toBe(201);
    const [tz] = await engine.query<{ tz: string }>("SELECT current_setting('TimeZone') AS tz");
    expect(tz?.tz).not.toBe('Asia/Shanghai');
  });

  it('reports its progress by phase: bytes while reading, then an estimated fraction up to 1', async () => {
    const file = eventsCsv('progress.csv', sampleRows(5000));
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
    const rows = sampleRows(10, false);
    const file = eventsCsv('noid.csv', rows);
    expect((await load(file)).inserted).toBe(10);
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
    const odd = eventsCsv('odd.csv', [...sampleRows(5), '2026/3/2 9:00,v9,click,,,,,,,,']);
    expect((await load(odd)).inserted).toBe(6);
    const bad = eventsCsv('bad.csv', [...sampleRows(5), '2026-13-02 09:00,v9,click,,,,,,,,']);
    const error = await load(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe('bad.csv row 7 column occurred_at: unparseable date "2026-13-02 09:00"');
  });

  it('keeps compact JSON properties as they are, minifies spaced ones and reports invalid ones by row', async () => {
    const spaced = eventsCsv('spaced.csv', [
      ...sampleRows(2),
      '2026-03-01T11:00:00Z,v1,click,,,e9,,,,,"{ ""a"": [1, 2] }"',
    ]);
    expect(await load(spaced)).toMatchObject({ rowsRead: 3, inserted: 3 });
    const props = await engine.query<{ id: string; p: string }>(
      'SELECT event_id AS id, properties AS p FROM events ORDER BY event_id',
    );
    expect(props.map((r) => r.p)).toEqual(['{"n":0}', '{"n":1}', '{"a":[1,2]}']);
    const bad = eventsCsv('badjson.csv', [...sampleRows(2), '2026-03-01T11:00:00Z,v1,click,,,e10,,,,,{oops}']);
    const error = await load(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^badjson\.csv row 4 column properties: invalid JSON/);
  });

  it('reports duplicate event ids in the file', async () => {
    const file = eventsCsv('dup.csv', [...sampleRows(3), sampleRows(1)[0] as string]);
    const error = await load(file).catch((e: unknown) => e);
    expect((error as Error).message).toBe('dup.csv row 5 column event_id: duplicate event_id "e0" (first at row 2)');
  });

  it('keeps a row repeated without an event id once', async () => {
    const [row] = sampleRows(1, false);
    const file = eventsCsv('repeat.csv', [row as string, row as string, ...sampleRows(4, false).slice(1)]);
    expect(await load(file)).toMatchObject({ rowsRead: 5, inserted: 4, skipped: 1 });
  });

  it('an overlapping second file adds only its new rows, and sessions come out as if loaded at once', async () => {
    // 100 events of 4 visitors at scrambled minutes (7i mod 300), a campaign on every 9th: gaps, campaign starts
    // and out-of-order arrivals across the two files
    const lines = Array.from({ length: 100 }, (_, i) => {
      const at = new Date(Date.UTC(2026, 2, 1, 2, 0) + ((7 * i) % 300) * 60_000).toISOString();
      const utm = i % 9 === 0 ? 'weibo,social' : ',';
      return `${at},v${i % 4},page_view,${i === 42 ? 'u1' : ''},,e${i},https://www.example.com/p${i % 6},,${utm},`;
    });
    const first = await load(eventsCsv('a.csv', lines.slice(0, 60)));
    const second = await load(eventsCsv('b.csv', lines.slice(30)));
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
      const opts = { format: 'events', file: eventsCsv('all.csv', lines), fileName: 'all.csv', fileHash: 'all' };
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
    // 6,500 events of 300 visitors, times scrambled within the day, campaigns and referrers mixed in
    const lines = Array.from({ length: 6500 }, (_, i) => {
      const at = new Date(Date.UTC(2026, 2, 1, 0, 0) + ((37 * i) % 1440) * 60_000).toISOString();
      const utm = i % 11 === 0 ? 'baidu,cpc' : i % 13 === 0 ? 'weixin,social' : ',';
      const ref = i % 7 === 0 ? 'https://www.zhihu.com/question/1' : '';
      return `${at},v${i % 300},${i % 17 === 0 ? 'form_submit' : 'page_view'},${i % 301 === 0 ? `u${i % 5}` : ''},,e${i},https://www.example.com/p${i % 9}?x=${i % 4},${ref},${utm},`;
    });
    const file = eventsCsv('new.csv', lines);
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
    // spilling allowed to a temp directory of 1 MB at most, under a cap that the import must spill at (and that
    // leaves room enough not to run out of memory first)
    await engine.exec(`SET temp_directory = '${path.join(dir, 'spill')}'`);
    await engine.exec("SET max_temp_directory_size = '1MB'");
    await engine.exec("SET memory_limit = '100MB'");
    const file = eventsCsv('big.csv', sampleRows(100_000));
    await expect(load(file)).rejects.toMatchObject({
      code: 'import_out_of_disk',
      message: expect.stringMatching(/^big\.csv: .*free disk/),
      cause: expect.objectContaining({ message: expect.stringMatching(/temp/i) }),
    });
    await engine.exec("SET memory_limit = '1GB'");
    expect(await engine.query('SELECT count(*) AS n FROM events')).toEqual([{ n: 0 }]);
  });

  it('reports running out of DuckDB memory as a user error naming the setting, and writes nothing', async () => {
    await engine.exec("SET memory_limit = '8MB'");
    const file = eventsCsv('big.csv', sampleRows(20_000));
    await expect(load(file)).rejects.toMatchObject({
      code: 'import_out_of_memory',
      message: expect.stringMatching(/^big\.csv: .*YARDSTICK_DUCKDB_MEMORY/),
    });
    await engine.exec("SET memory_limit = '1GB'");
    expect(await engine.query('SELECT count(*) AS n FROM events')).toEqual([{ n: 0 }]);
  });
});
