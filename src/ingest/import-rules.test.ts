import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError, ValidationError } from '../core/errors.js';
import type { Engine } from '../warehouse/engine.js';
import { openWarehouse } from '../warehouse/index.js';
import { importFile, importRecords, listImports, rollbackImport } from './index.js';

const FIXTURES = path.resolve('test/fixtures/import');

let engine: Engine;
let dir: string;

beforeEach(async () => {
  engine = await openWarehouse(':memory:');
  dir = mkdtempSync(path.join(tmpdir(), 'yardstick-rules-'));
});

afterEach(async () => {
  await engine.close();
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function count(table: string): Promise<number> {
  const [row] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(row?.n);
}

async function rejection(run: Promise<unknown>): Promise<ValidationError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('rejections name file, row and column and write nothing', () => {
  it.each([
    {
      name: 'unparseable date',
      table: 'leads',
      file: 'leads-bad.csv',
      content: 'lead_id,created_at\nL1,2026-03-01\nL2,2026-03-02\nL3,2026-13-01\n',
      message: 'leads-bad.csv row 4 column created_at: unparseable date "2026-13-01"',
    },
    {
      name: 'negative spend',
      table: 'spend',
      file: 'spend-bad.csv',
      content: '日期,渠道,消耗\n2026-03-01,百度SEM,100.00\n2026-03-02,百度SEM,-5.00\n',
      message: 'spend-bad.csv row 3 column amount: negative amount "-5.00" not allowed',
    },
    {
      name: 'nps out of range',
      table: 'surveys',
      file: 'nps.csv',
      content: 'response_id,answered_at,nps\nR1,2026-03-01,10\nR2,2026-03-01,11\n',
      message: 'nps.csv row 3 column nps: nps 11 out of range 0–10',
    },
    {
      name: 'rating out of range',
      table: 'surveys',
      file: 'rating.csv',
      content: 'response_id,answered_at,rating\nR1,2026-03-01,0\n',
      message: 'rating.csv row 2 column rating: rating 0 out of range 1–5',
    },
    {
      name: 'duplicate id in the file',
      table: 'orders',
      file: 'dup.csv',
      content:
        'order_id,customer_id,ordered_at,amount\nO1,C1,2026-03-01,10\nO2,C1,2026-03-01,10\nO1,C2,2026-03-02,20\n',
      message: 'dup.csv row 4 column order_id: duplicate order_id "O1" (first at row 2)',
    },
    {
      name: 'missing required column',
      table: 'orders',
      file: 'missing.csv',
      content: 'order_id,customer_id,amount\nO1,C1,10\n',
      message: 'missing.csv row 1 column ordered_at: missing required column ordered_at',
    },
    {
      name: 'unknown order status',
      table: 'orders',
      file: 'status.csv',
      content: 'order_id,customer_id,ordered_at,amount,status\nO1,C1,2026-03-01,10,shipped\n',
      message: 'status.csv row 2 column status: unknown status "shipped" (expected paid/refunded/cancelled)',
    },
    {
      name: 'missing required value',
      table: 'people',
      file: 'people.csv',
      content: '工号,姓名,部门\np01,张伟,市场部\np02,,市场部\n',
      message: 'people.csv row 3 column name: missing value',
    },
  ])('$name', async ({ table, file, content, message }) => {
    const error = await rejection(importFile(engine, { format: table, file: write(file, content) }));
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.locations[0]).toMatchObject({ file });
    expect(await count(table)).toBe(0);
  });

  it('counts the rest: "(and N more errors)" and keeps every item in details', async () => {
    const rows = ['lead_id,created_at'];
    for (let i = 0; i < 25; i++) rows.push(`L${i},not-a-date-${i}`);
    const error = await rejection(importFile(engine, { format: 'leads', file: write('many.csv', rows.join('\n')) }));
    expect(error.message).toBe(
      'many.csv row 2 column created_at: unparseable date "not-a-date-0" (and 24 more errors)',
    );
    expect((error.details as { errorCount: number }).errorCount).toBe(25);
    expect(error.locations).toHaveLength(25);
  });

  it('rejects a file in an unknown encoding', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('lead_id,created_at,segment\nL1,2026-03-01,caf'),
      Buffer.from([0xe9, 0x2c, 0xff, 0x0a]),
    ]);
    const error = await rejection(importFile(engine, { format: 'leads', file: write('latin1.csv', latin1) }));
    expect(error.message).toMatch(/^latin1\.csv row 2: unrecognised text encoding \(expected UTF-8 or GBK\/GB18030\)/);
    expect(await count('leads')).toBe(0);
  });

  it('rejects characters that do not decode in the detected encoding, naming the cell', async () => {
    const rows = ['lead_id,created_at,segment'];
    for (let i = 0; i < 40_000; i++) rows.push(`L${i},2026-03-01,企业`);
    const gbk = Buffer.concat([iconv.encode(`${rows.join('\n')}\nLX,2026-03-01,`, 'gbk'), Buffer.from([0xff, 0x0a])]);
    const error = await rejection(importFile(engine, { format: 'leads', file: write('late.csv', gbk) }));
    expect(error.message).toBe(
      'late.csv row 40002 column segment: invalid characters: the file is not valid UTF-8 or GBK/GB18030',
    );
  });

  it('is atomic: a bad row at the end of a large file leaves no rows, and the log says rejected', async () => {
    const rows = ['order_id,customer_id,ordered_at,amount'];
    for (let i = 0; i < 60_000; i++) rows.push(`O${i},C${i % 100},2026-03-01 10:00,${(i % 500) + 0.5}`);
    rows.push('O-last,C1,2026-03-01 10:00,abc');
    const error = await rejection(importFile(engine, { format: 'orders', file: write('big.csv', rows.join('\n')) }));
    expect(error.message).toBe('big.csv row 60002 column amount: not an amount "abc"');
    expect(await count('orders')).toBe(0);
    const log = await listImports(engine);
    expect(log.items[0]).toMatchObject({ status: 'rejected', inserted: 0, fileName: 'big.csv' });
  });

  it('names an unknown format', async () => {
    await expect(importFile(engine, { format: 'salesforce', file: write('x.csv', 'a\n1') })).rejects.toThrow(UserError);
  });
});

describe('encodings, delimiters, sheets and header aliases', () => {
  it('decodes a GBK CSV with Chinese headers', async () => {
    const text = '日期,渠道,消耗,展示数,点击数\r\n2026-03-01,微信公众号,"1,000.50",12000,300\r\n';
    const result = await importFile(engine, {
      format: 'spend',
      file: write('spend-gbk.csv', iconv.encode(text, 'gbk')),
    });
    expect(result.inserted).toBe(1);
    expect(result.warnings).toContain('decoded as GB18030');
    const [row] = await engine.query<{ amount: string; impressions: number }>(
      'SELECT amount::VARCHAR AS amount, impressions FROM spend',
    );
    expect(row).toEqual({ amount: '1000.50', impressions: 12000 });
  });

  it('decodes Google Ads\' "CSV for Excel" download: UTF-16LE with a BOM, tab-separated', async () => {
    const text = [
      'Campaign report',
      '"January 1, 2026 - January 31, 2026"',
      'Day\tCampaign\tImpr.\tClicks\tCost\tCurrency code\tConversions',
      '2026-01-01\tBrand\t"1,200"\t40\t33.10\tCNY\t2.00',
      '2026-01-02\t品牌词\t900\t30\t20.00\tCNY\t1.00',
      'Total: Account\t\t"2,100"\t70\t53.10\tCNY\t3.00',
    ].join('\r\n');
    const file = write('ads-excel.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const result = await importFile(engine, { format: 'google-ads', file });
    expect(result).toMatchObject({ inserted: 2, skipped: 1 });
    const rows = await engine.query<{ campaign: string; amount: string; impressions: number }>(
      'SELECT campaign, amount::VARCHAR AS amount, impressions FROM spend ORDER BY date',
    );
    expect(rows).toEqual([
      { campaign: 'Brand', amount: '33.10', impressions: 1200 },
      { campaign: '品牌词', amount: '20.00', impressions: 900 },
    ]);
  });

  it('reads headers with a unit note in brackets, but not one that scales the values', async () => {
    const text = '日期,渠道,消耗（元）,展示数(次),点击数\n2026-03-01,抖音,88.80,1000,20\n';
    const result = await importFile(engine, { format: 'spend', file: write('spend-units.csv', text) });
    expect(result.inserted).toBe(1);
    const [row] = await engine.query<{ amount: string; impressions: number }>(
      'SELECT amount::VARCHAR AS amount, impressions FROM spend',
    );
    expect(row).toEqual({ amount: '88.80', impressions: 1000 });
    const scaled = await rejection(
      importFile(engine, {
        format: 'spend',
        file: write('spend-wan.csv', '日期,渠道,消耗(万元)\n2026-03-01,抖音,1.5\n'),
      }),
    );
    expect(scaled.message).toMatch(/spend-wan\.csv row 1 column amount: missing required column amount/);
  });

  it('reads the first sheet of an XLSX workbook, or the one named with sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    const first = workbook.addWorksheet('说明');
    first.addRow(['订单号', '客户ID', '下单时间', '订单金额', '订单状态']);
    first.addRow(['X1', 'C1', new Date(Date.UTC(2026, 2, 1, 12, 0, 0)), 99.9, '已支付']);
    const second = workbook.addWorksheet('退款');
    second.addRow(['订单号', '客户ID', '下单时间', '订单金额', '订单状态']);
    second.addRow(['X2', 'C2', '2026-03-02 08:00', 10, '已退款']);
    second.addRow(['X3', 'C3', '2026-03-03', 0.1 + 0.2, '已取消']);
    const file = path.join(dir, 'orders.xlsx');
    await workbook.xlsx.writeFile(file);
    const one = await importFile(engine, { format: 'orders', file });
    expect(one.inserted).toBe(1);
    const two = await importFile(engine, { format: 'orders', file, sheet: '退款' });
    expect(two.inserted).toBe(2);
    const rows = await engine.query<Record<string, unknown>>(
      `SELECT order_id, strftime(ordered_at, '%Y-%m-%d %H:%M') AS t, amount::VARCHAR AS amount, status FROM orders ORDER BY order_id`,
    );
    expect(rows).toEqual([
      { order_id: 'X1', t: '2026-03-01 04:00', amount: '99.90', status: 'paid' },
      { order_id: 'X2', t: '2026-03-02 00:00', amount: '10.00', status: 'refunded' },
      { order_id: 'X3', t: '2026-03-02 16:00', amount: '0.30', status: 'cancelled' },
    ]);
    await expect(importFile(engine, { format: 'orders', file, sheet: 'nope' })).rejects.toThrow(/no sheet "nope"/);
  });

  it('maps other headers with map target=source', async () => {
    const file = write('crm.csv', 'Kennung|Datum|Kanal\nK1|2026-03-01|wechat\n');
    const result = await importFile(engine, {
      format: 'leads',
      file,
      map: { lead_id: 'Kennung', created_at: 'Datum', channel: 'Kanal' },
    });
    expect(result.inserted).toBe(1);
    await expect(importFile(engine, { format: 'leads', file, map: { nothing: 'Kennung' } })).rejects.toThrow(
      /has no column "nothing"/,
    );
  });
});

describe('updates and rollback', () => {
  const v1 = 'lead_id,created_at,mql_at,sql_at\nL1,2026-03-01,2026-03-02,\nL2,2026-03-01,,\n';
  const v2 =
    'lead_id,created_at,mql_at,sql_at\nL1,2026-03-01,2026-03-02,2026-03-09\nL2,2026-03-01,,\nL3,2026-03-05,,\n';

  it.each([
    // the old and the new dates of a changed row are both inside the import's period (metric caches rely on it)
    ['won date set in Q2', '', '2026-05-20 10:00', ['2026-03-01', '2026-05-20']],
    ['won date moved back from Q3', '2026-07-02 10:00', '2026-03-20 10:00', ['2026-03-01', '2026-07-02']],
  ])('the import period covers every date it changes (%s)', async (_name, before, after, period) => {
    const csv = (won: string) => `lead_id,created_at,won_at\nL1,2026-03-01,${won}\n`;
    await importFile(engine, { format: 'leads', file: write('base.csv', csv(before)) });
    const update = await importFile(engine, { format: 'leads', file: write('update.csv', csv(after)) });
    expect(update.updated).toBe(1);
    expect([update.periodStart, update.periodEnd]).toEqual(period);
  });

  it('updates rows whose stage dates arrived later and restores them on rollback', async () => {
    const first = await importFile(engine, { format: 'leads', file: write('v1.csv', v1) });
    expect(first.inserted).toBe(2);
    const second = await importFile(engine, { format: 'leads', file: write('v2.csv', v2) });
    expect(second).toMatchObject({ inserted: 1, updated: 1, skipped: 1 });
    const sqlAt = async () =>
      (
        await engine.query<{ s: string | null }>(
          "SELECT strftime(sql_at, '%Y-%m-%d') AS s FROM leads WHERE lead_id = 'L1'",
        )
      )[0]?.s;
    expect(await sqlAt()).toBe('2026-03-08');
    const undone = await rollbackImport(engine, second.importId, 'tester');
    expect(undone.rowsDeleted).toBe(2);
    expect(await sqlAt()).toBeNull();
    expect(await count('leads')).toBe(2);
    await expect(rollbackImport(engine, second.importId, 'tester')).rejects.toThrow(/rolled_back/);
    await expect(rollbackImport(engine, 'imp_missing', 'tester')).rejects.toThrow(/no import/);
  });

  it('marks refunds that arrive later as updates of the order', async () => {
    await importFile(engine, {
      format: 'orders',
      file: write('o1.csv', 'order_id,customer_id,ordered_at,amount,status\nO1,C1,2026-03-01,10,paid\n'),
    });
    const later = await importFile(engine, {
      format: 'orders',
      file: write(
        'o2.csv',
        'order_id,customer_id,ordered_at,amount,status,refunded_at\nO1,C1,2026-03-01,10,refunded,2026-03-10\n',
      ),
    });
    expect(later.updated).toBe(1);
    const [row] = await engine.query<{ status: string }>('SELECT status FROM orders');
    expect(row?.status).toBe('refunded');
  });

  it('a deals import’s period covers the won/lost dates it puts on contacts', async () => {
    await importFile(engine, { format: 'hubspot-contacts', file: path.join(FIXTURES, 'hubspot-contacts.csv') });
    const deals = await importFile(engine, {
      format: 'hubspot-deals',
      file: write(
        'deals.csv',
        'Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Associated Contact IDs\n' +
          '9101,Won,Closed Won,100,2026-02-01 10:00,2026-01-15,101\n' +
          '9102,Lost,closedlost,50,2026-05-05 10:00,2026-01-20,102\n',
      ),
    });
    expect([deals.periodStart, deals.periodEnd]).toEqual(['2026-02-01', '2026-05-05']);
  });

  it('puts won and lost deals onto HubSpot contacts, and rollback takes them off', async () => {
    await importFile(engine, { format: 'hubspot-contacts', file: path.join(FIXTURES, 'hubspot-contacts.csv') });
    const deals = await importFile(engine, { format: 'hubspot-deals', file: path.join(FIXTURES, 'hubspot-deals.csv') });
    expect(deals).toMatchObject({ table: 'orders', inserted: 2, updated: 1, skipped: 2 });
    expect(deals.warnings.join(' ')).toMatch(/not imported as leads/);
    const orders = await engine.query<Record<string, unknown>>(
      'SELECT order_id, customer_id, lead_id, amount::VARCHAR AS amount, status FROM orders ORDER BY order_id',
    );
    expect(orders).toEqual([
      { order_id: '9001', customer_id: '101', lead_id: '101', amount: '120000.00', status: 'paid' },
      { order_id: '9004', customer_id: '101', lead_id: '101', amount: '30000.50', status: 'paid' },
    ]);
    const lost = async () =>
      (
        await engine.query<{ l: string | null }>(
          "SELECT strftime(lost_at, '%Y-%m-%d') AS l FROM leads WHERE lead_id = '102'",
        )
      )[0]?.l;
    expect(await lost()).toBe('2026-02-09');
    await rollbackImport(engine, deals.importId, 'tester');
    expect(await lost()).toBeNull();
    expect(await count('orders')).toBe(0);
    expect(await count('leads')).toBe(3);
  });
});

describe('importRecords', () => {
  it('writes records through the same path and names the record in errors', async () => {
    const records = [
      {
        occurred_at: new Date('2026-03-01T02:00:00Z'),
        visitor_id: 'v1',
        event_type: 'page_view',
        page_url: 'https://x.example/',
      },
      { occurred_at: '2026-03-01 10:05:00', visitor_id: 'v1', event_type: 'click', properties: { id: 'cta' } },
    ];
    const result = await importRecords(engine, {
      table: 'events',
      records,
      format: 'collector',
      fileName: 'collector',
    });
    expect(result).toMatchObject({ inserted: 2, format: 'collector', table: 'events' });
    const again = await importRecords(engine, { table: 'events', records, format: 'collector', fileName: 'collector' });
    expect(again).toMatchObject({ inserted: 0, skipped: 2 });
    const error = await rejection(
      importRecords(engine, {
        table: 'events',
        records: [...records, { occurred_at: 'soon', visitor_id: 'v2', event_type: 'x' }],
        format: 'collector',
        fileName: 'collector',
      }),
    );
    expect(error.message).toBe('collector row 3 column occurred_at: unparseable date "soon"');
    expect(await count('events')).toBe(2);
  });

  it('collapses identical events without ids and keeps events with ids', async () => {
    const e = { occurred_at: '2026-03-01 10:00:00', visitor_id: 'v1', event_type: 'page_view' };
    const result = await importRecords(engine, {
      table: 'events',
      records: [e, e, { ...e, event_id: 'a' }],
      format: 'collector',
      fileName: 'collector',
    });
    expect(result).toMatchObject({ rowsRead: 3, inserted: 2, skipped: 1 });
  });
});
