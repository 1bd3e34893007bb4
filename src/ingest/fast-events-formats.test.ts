import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openWarehouse } from '../warehouse/index.js';
import { importCanonicalFile } from './canonical.js';
import { fastEventsPlan, importEventsCsvFast, utcTimestampSql } from './fast-events.js';
import { fastEventsFixture, sampleRows } from './fast-events-fixture.js';
import { parseInstant } from './schema/dates.js';
import { TABLES } from './schema/tables.js';

const fx = fastEventsFixture();

/** Whether a file takes the DuckDB read_csv path (a plan) rather than going row by row. */
const takesFastPath = async (opts: Parameters<typeof fastEventsPlan>[0], minBytes: number) =>
  (await fastEventsPlan(opts, minBytes)) !== null;

// which files and values the DuckDB read_csv path takes, and that it reads them as the row-by-row path does
describe('events files through DuckDB read_csv', { timeout: 240_000 }, () => {
  it('takes UTF-8 and GBK CSV files whose header names the required columns by name, alias or --map', async () => {
    const { dir } = fx;
    const file = fx.eventsCsv('ok.csv', sampleRows(3));
    expect(await takesFastPath({ format: 'events', file }, 0)).toBe(true);
    // a --map naming no header of the file, or a required column missing: the row-by-row path reports it
    expect(await takesFastPath({ format: 'events', file, map: { visitor_id: 'x' } }, 0)).toBe(false);
    const missing = path.join(dir, 'missing.csv');
    writeFileSync(missing, '时间,事件类型\n2026-03-01,page_view\n');
    expect(await takesFastPath({ format: 'events', file: missing }, 0)).toBe(false);
    const chinese = path.join(dir, 'zh.csv');
    writeFileSync(chinese, '时间,访客ID,事件类型\n2026-03-01,v1,page_view\n');
    expect(await takesFastPath({ format: 'events', file: chinese }, 0)).toBe(true);
    const gbk = path.join(dir, 'gbk.csv');
    writeFileSync(gbk, iconv.encode('时间,访客ID,事件类型\n2026-03-01,v1,page_view\n', 'gbk'));
    expect(await takesFastPath({ format: 'events', file: gbk }, 0)).toBe(true);
    const mapped = path.join(dir, 'mapped.csv');
    writeFileSync(mapped, 'when,who,what\n2026-03-01,v1,page_view\n');
    expect(await takesFastPath({ format: 'events', file: mapped }, 0)).toBe(false);
    const map = { occurred_at: 'when', visitor_id: 'who', event_type: 'what' };
    expect(await takesFastPath({ format: 'events', file: mapped, map }, 0)).toBe(true);
    expect(await takesFastPath({ format: 'events', file: chinese }, 1024)).toBe(false);
  });

  it('reads the wall-clock formats of the row-by-row path in SQL, and never one that path rejects', async () => {
    const { engine } = fx;
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
    const { engine, dir } = fx;
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
    const { engine, dir } = fx;
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
    const { engine, dir } = fx;
    const rows = sampleRows(400, false);
    const canonical = fx.eventsCsv('canonical.csv', rows);
    await fx.load(canonical);
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
    const { engine, dir } = fx;
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
});
