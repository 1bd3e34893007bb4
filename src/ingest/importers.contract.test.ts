import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../warehouse/engine.js';
import { openWarehouse } from '../warehouse/index.js';
import { hashIdentifier, importFile, listImports, rollbackImport } from './index.js';

const FIXTURES = path.resolve('test/fixtures/import');
const fixture = (name: string) => path.join(FIXTURES, name);

let engine: Engine;

beforeEach(async () => {
  engine = await openWarehouse(':memory:');
});

afterEach(async () => {
  await engine.close();
});

async function count(table: string): Promise<number> {
  const [row] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(row?.n);
}

async function snapshot(table: string): Promise<unknown[]> {
  return engine.query(`SELECT * EXCLUDE (import_id) FROM ${table} ORDER BY row_key`);
}

interface FormatCase {
  format: string;
  file: string;
  table: string;
  inserted: number;
  skipped: number;
  period: [string, string];
  check: (e: Engine) => Promise<void>;
}

const CASES: FormatCase[] = [
  {
    format: 'leads',
    file: 'leads.csv',
    table: 'leads',
    inserted: 4,
    skipped: 0,
    // created 03-01..03-04, later stage dates up to 03-20: the import touches every date it carries
    period: ['2026-03-01', '2026-03-20'],
    async check(e) {
      const rows = await e.query<Record<string, unknown>>(
        `SELECT lead_id, strftime(created_at, '%Y-%m-%d %H:%M') AS created, email_hash, phone_hash, owner_id, segment,
           strftime(won_at, '%Y-%m-%d %H:%M') AS won FROM leads ORDER BY lead_id`,
      );
      expect(rows.map((r) => r.created)).toEqual([
        '2026-03-01 02:00',
        '2026-03-02 01:30',
        '2026-03-02 16:00',
        '2026-03-04 00:15',
      ]);
      expect(rows[0]?.email_hash).toBe(hashIdentifier('email', 'alice@example.com'));
      expect(rows[0]?.phone_hash).toBe(hashIdentifier('phone', '13800138000'));
      expect(rows[3]?.won).toBe('2026-03-19 16:00');
      const raw = await e.query("SELECT * FROM leads WHERE email_hash LIKE '%@%' OR phone_hash LIKE '138%'");
      expect(raw).toEqual([]);
    },
  },
  {
    format: 'orders',
    file: 'orders.csv',
    table: 'orders',
    inserted: 5,
    skipped: 0,
    period: ['2026-03-01', '2026-03-21'],
    async check(e) {
      const rows = await e.query<{ order_id: string; amount: string; status: string; currency: string }>(
        'SELECT order_id, amount::VARCHAR AS amount, status, currency FROM orders ORDER BY order_id',
      );
      expect(rows.map((r) => [r.order_id, r.amount, r.status, r.currency])).toEqual([
        ['O-1001', '1299.00', 'paid', 'CNY'],
        ['O-1002', '2499.50', 'paid', 'CNY'],
        ['O-1003', '89.90', 'refunded', 'CNY'],
        ['O-1004', '0.10', 'cancelled', 'CNY'],
        ['O-1005', '15.00', 'paid', 'CNY'],
      ]);
      const [sum] = await e.query<{ s: string }>('SELECT sum(amount)::VARCHAR AS s FROM orders');
      expect(sum?.s).toBe('3903.50');
    },
  },
  {
    format: 'surveys',
    file: 'surveys.csv',
    table: 'surveys',
    inserted: 3,
    skipped: 0,
    period: ['2026-03-05', '2026-03-07'],
    async check(e) {
      const rows = await e.query<{ nps: number; rating: number | null; comment: string }>(
        'SELECT nps, rating, comment FROM surveys ORDER BY response_id',
      );
      expect(rows).toEqual([
        { nps: 9, rating: 5, comment: '很好' },
        { nps: 6, rating: 3, comment: '一般,需要改进' },
        // formula-looking text is stored as text; escaping happens on export
        { nps: 10, rating: null, comment: '@SUM(A1:A2)' },
      ]);
    },
  },
  {
    format: 'events',
    file: 'events.jsonl',
    table: 'events',
    inserted: 3,
    skipped: 0,
    period: ['2026-03-01', '2026-03-02'],
    async check(e) {
      const rows = await e.query<{
        visitor_id: string;
        event_type: string;
        properties: string | null;
        referrer: string | null;
      }>('SELECT visitor_id, event_type, properties, referrer FROM events ORDER BY occurred_at');
      expect(rows.map((r) => r.event_type)).toEqual(['page_view', 'form_submit', 'page_view']);
      expect(JSON.parse(rows[0]?.properties ?? '{}')).toEqual({ title: '首页' });
      expect(rows[2]?.referrer).toBe('https://www.zhihu.com/question/1');
    },
  },
  {
    format: 'ga4',
    file: 'ga4-channels.csv',
    table: 'traffic',
    inserted: 3,
    skipped: 1,
    period: ['2026-01-01', '2026-03-31'],
    async check(e) {
      const rows = await e.query<Record<string, unknown>>(
        `SELECT date::VARCHAR AS d, range_start::VARCHAR AS rs, range_end::VARCHAR AS re, sessions, engaged_sessions,
           conversions, revenue::VARCHAR AS revenue, source_format FROM traffic ORDER BY sessions DESC`,
      );
      expect(rows[0]).toEqual({
        d: '2026-01-01',
        rs: '2026-01-01',
        re: '2026-03-31',
        sessions: 12345,
        engaged_sessions: 8000,
        conversions: 310,
        revenue: '4567.89',
        source_format: 'ga4',
      });
      expect(rows.map((r) => r.sessions)).toEqual([12345, 8210, 4012]);
    },
  },
  {
    format: 'ga4',
    file: 'ga4-daily.csv',
    table: 'traffic',
    inserted: 3,
    skipped: 0,
    period: ['2026-03-01', '2026-03-02'],
    async check(e) {
      const rows = await e.query<Record<string, unknown>>(
        'SELECT date::VARCHAR AS d, source, medium, sessions, users, new_users FROM traffic ORDER BY date, sessions DESC',
      );
      expect(rows[0]).toMatchObject({
        d: '2026-03-01',
        source: 'baidu',
        medium: 'cpc',
        sessions: 120,
        users: 100,
        new_users: 80,
      });
      expect(rows[2]).toMatchObject({ d: '2026-03-02', medium: 'referral', sessions: 40 });
    },
  },
  {
    format: 'baidu-tongji',
    file: 'baidu-tongji.csv',
    table: 'traffic',
    inserted: 3,
    skipped: 1,
    period: ['2026-03-01', '2026-03-31'],
    async check(e) {
      const rows = await e.query<Record<string, unknown>>(
        'SELECT source, medium, pageviews, users, bounce_rate, avg_duration_s, conversions FROM traffic ORDER BY pageviews DESC',
      );
      expect(rows[0]).toMatchObject({
        source: '(direct)',
        medium: '(none)',
        pageviews: 12030,
        users: 4567,
        avg_duration_s: 192,
      });
      expect(rows[0]?.bounce_rate).toBeCloseTo(0.4523, 6);
      expect(rows[1]).toMatchObject({ medium: 'organic' });
      expect(rows[2]).toMatchObject({ medium: 'referral', conversions: null });
    },
  },
  {
    format: 'google-ads',
    file: 'google-ads.csv',
    table: 'spend',
    inserted: 4,
    skipped: 2,
    period: ['2026-01-01', '2026-01-03'],
    async check(e) {
      const rows = await e.query<Record<string, unknown>>(
        `SELECT date::VARCHAR AS d, campaign, platform, amount::VARCHAR AS amount, impressions, clicks, conversions
         FROM spend ORDER BY date, campaign`,
      );
      expect(rows[0]).toEqual({
        d: '2026-01-01',
        campaign: 'Brand - CN',
        platform: 'google-ads',
        amount: '1234.56',
        impressions: 795836,
        clicks: 12004,
        conversions: 35,
      });
      expect(rows[1]).toMatchObject({ campaign: 'Generic - Whitepaper', conversions: null, amount: '410.00' });
      const [total] = await e.query<{ s: string }>('SELECT sum(amount)::VARCHAR AS s FROM spend');
      expect(total?.s).toBe('2843.57');
    },
  },
  {
    format: 'ocean-engine',
    file: 'ocean-engine.tsv',
    table: 'spend',
    inserted: 3,
    skipped: 1,
    period: ['2026-03-01', '2026-03-02'],
    async check(e) {
      const rows = await e.query<Record<string, unknown>>(
        'SELECT campaign, platform, amount::VARCHAR AS amount, impressions, clicks FROM spend ORDER BY spend.amount',
      );
      expect(rows.map((r) => r.amount)).toEqual(['2101.05', '2560.78', '10000.00']);
      expect(rows[0]).toMatchObject({ campaign: '抖音-春季新品-信息流', platform: 'ocean-engine', impressions: 98000 });
    },
  },
  {
    format: 'baidu-sem',
    file: 'baidu-sem.csv',
    table: 'spend',
    inserted: 3,
    skipped: 1,
    period: ['2026-03-01', '2026-03-02'],
    async check(e) {
      const rows = await e.query<Record<string, unknown>>(
        `SELECT strftime(date, '%Y-%m-%d') AS day, campaign, platform, channel, channel_group, amount::VARCHAR AS amount,
           impressions, clicks, conversions FROM spend ORDER BY day, campaign`,
      );
      expect(rows).toEqual([
        {
          day: '2026-03-01',
          campaign: '产品词-会议屏',
          platform: 'baidu',
          channel: '百度SEM',
          channel_group: 'Paid Search',
          amount: '960.00',
          impressions: 8000,
          clicks: 240,
          conversions: 6,
        },
        expect.objectContaining({ day: '2026-03-01', campaign: '品牌词', amount: '1320.50', impressions: 12000 }),
        expect.objectContaining({ day: '2026-03-02', campaign: '品牌词', amount: '1276.00', conversions: null }),
      ]);
    },
  },
  {
    format: 'tencent-ads',
    file: 'tencent-ads.csv',
    table: 'spend',
    inserted: 2,
    skipped: 1,
    period: ['2026-03-01', '2026-03-02'],
    async check(e) {
      const rows = await e.query<Record<string, unknown>>(
        `SELECT campaign, platform, channel, channel_group, amount::VARCHAR AS amount, impressions, clicks, conversions
         FROM spend ORDER BY date`,
      );
      expect(rows).toEqual([
        {
          campaign: '微信朋友圈-春季',
          platform: 'tencent',
          channel: '腾讯广告',
          channel_group: 'Paid Social',
          amount: '1800.00',
          impressions: 50000,
          clicks: 750,
          conversions: 30,
        },
        expect.objectContaining({ amount: '1512.30', impressions: 42000, conversions: 21 }),
      ]);
    },
  },
  {
    format: 'hubspot-contacts',
    file: 'hubspot-contacts.csv',
    table: 'leads',
    inserted: 3,
    skipped: 0,
    // contacts created 01-05..01-09, one won on 02-01
    period: ['2026-01-05', '2026-02-01'],
    async check(e) {
      const rows = await e.query<Record<string, unknown>>(
        `SELECT lead_id, source, medium, campaign, owner_id, strftime(mql_at, '%Y-%m-%d %H:%M') AS mql,
           strftime(sql_at, '%Y-%m-%d %H:%M') AS sql, strftime(won_at, '%Y-%m-%d %H:%M') AS won FROM leads ORDER BY lead_id`,
      );
      expect(rows[0]).toMatchObject({
        lead_id: '101',
        source: 'google',
        medium: 'organic',
        mql: '2026-01-06 01:00',
        won: '2026-02-01 08:00',
      });
      expect(rows[1]).toMatchObject({
        lead_id: '102',
        medium: 'cpc',
        campaign: 'brand_kw',
        sql: '2026-01-20 02:00',
        won: null,
      });
      expect(rows[2]).toMatchObject({ source: '(direct)', owner_id: 'Zhang Wei' });
    },
  },
];

describe.each(CASES)('importer $format ($file)', (c) => {
  it('imports the fixture into canonical rows', async () => {
    const result = await importFile(engine, { format: c.format, file: fixture(c.file) });
    expect(result).toMatchObject({
      table: c.table,
      inserted: c.inserted,
      updated: 0,
      skipped: c.skipped,
      dryRun: false,
    });
    expect([result.periodStart, result.periodEnd]).toEqual(c.period);
    expect(await count(c.table)).toBe(c.inserted);
    await c.check(engine);
  });

  it('is idempotent: a second import inserts nothing and changes nothing', async () => {
    await importFile(engine, { format: c.format, file: fixture(c.file) });
    const before = await snapshot(c.table);
    const again = await importFile(engine, { format: c.format, file: fixture(c.file) });
    expect(again.inserted).toBe(0);
    expect(again.updated).toBe(0);
    expect(again.skipped).toBe(c.inserted + c.skipped);
    expect(await snapshot(c.table)).toEqual(before);
  });

  it('writes nothing on a dry run but reports the counts', async () => {
    const result = await importFile(engine, { format: c.format, file: fixture(c.file), dryRun: true });
    expect(result).toMatchObject({ dryRun: true, inserted: c.inserted });
    expect(await count(c.table)).toBe(0);
    expect(await count('imports')).toBe(0);
  });

  it('rolls back: the rows it wrote are gone', async () => {
    const result = await importFile(engine, { format: c.format, file: fixture(c.file) });
    const undone = await rollbackImport(engine, result.importId, 'tester');
    expect(undone.rowsDeleted).toBe(c.inserted);
    expect(await count(c.table)).toBe(0);
    const log = await listImports(engine, { limit: 10 });
    expect(log.items[0]).toMatchObject({ importId: result.importId, status: 'rolled_back', rolledBackBy: 'tester' });
  });
});
