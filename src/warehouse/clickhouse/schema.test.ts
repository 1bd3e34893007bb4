import { describe, expect, it } from 'vitest';
import type { FactTable } from '../../core/measures/index.js';
import { DuckDbEngine } from '../duckdb/engine.js';
import { migrate } from '../migrations/index.js';
import { clickhouseTarget } from './index.js';
import { CLICKHOUSE_TABLES, clickhouseSchema } from './schema.js';

const READ_BY_METRICS: (FactTable | 'people')[] = [
  'events',
  'sessions',
  'identities',
  'traffic',
  'leads',
  'orders',
  'spend',
  'content',
  'surveys',
  'experiments',
  'brand_search',
  'projects',
  'deliverables',
  'people',
];

describe('ClickHouse schema', () => {
  it('has every table the metric engine reads, with the DuckDB columns and nullability', async () => {
    const duck = await DuckDbEngine.open(':memory:');
    await migrate(duck);
    for (const table of READ_BY_METRICS) {
      const want = await duck.query<{ name: string; nullable: string }>(
        `SELECT column_name AS name, is_nullable AS nullable FROM information_schema.columns
         WHERE table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      const spec = CLICKHOUSE_TABLES[table];
      expect(spec, table).toBeDefined();
      // primary-key columns are NOT NULL in DuckDB even without the keyword
      const got = spec!.columns.map((c) => ({
        name: c.split(' ')[0],
        nullable: /\?( DEFAULT .*)?$/.test(c) ? 'YES' : 'NO',
      }));
      expect(got, table).toEqual(want);
    }
    await duck.close();
  });

  it('orders every table by time or key and partitions time series by month', () => {
    const ddl = clickhouseSchema();
    expect(ddl).toHaveLength(Object.keys(CLICKHOUSE_TABLES).length);
    const events = ddl.find((s) => s.includes('`events`'))!;
    expect(events).toMatch(/^CREATE TABLE IF NOT EXISTS `events` \(`row_key` String, `event_id` Nullable\(String\)/);
    expect(events).toContain("`occurred_at` DateTime64(3, 'UTC')");
    expect(events).toContain('`is_bot` Bool DEFAULT false');
    expect(events).toMatch(/ENGINE = MergeTree PARTITION BY toYYYYMM\(occurred_at\) ORDER BY \(toDate\(occurred_at\)/);
    expect(ddl.find((s) => s.includes('`orders`'))).toContain('`amount` Decimal(18, 2)');
  });

  it('creates replicated local tables and Distributed tables ON CLUSTER', () => {
    const ddl = clickhouseSchema({ cluster: 'marketing', database: 'yardstick', replicated: true });
    expect(ddl).toHaveLength(2 * Object.keys(CLICKHOUSE_TABLES).length);
    expect(ddl[0]).toMatch(
      /^CREATE TABLE IF NOT EXISTS `yardstick`\.`events_local` ON CLUSTER `marketing` \(.*\) ENGINE = ReplicatedMergeTree\('\/clickhouse\/tables\/\{shard\}\/yardstick\/events_local', '\{replica\}'\)/,
    );
    expect(ddl[1]).toBe(
      'CREATE TABLE IF NOT EXISTS `yardstick`.`events` ON CLUSTER `marketing` AS `yardstick`.`events_local` ' +
        'ENGINE = Distributed(`marketing`, `yardstick`, `events_local`, cityHash64(visitor_id))',
    );
  });

  it('refuses a cluster or database name that is not an identifier', () => {
    expect(() => clickhouseSchema({ cluster: 'a`; DROP' })).toThrow(/bad ClickHouse/);
  });
});

describe('clickhouseTarget', () => {
  it.each([
    ['http://127.0.0.1:8123', 'http://127.0.0.1:8123/', {}],
    ['http://u:p@ch1:8123/yardstick', 'http://u:p@ch1:8123/yardstick', { database: 'yardstick' }],
    [
      'https://ch1:8443/yardstick?cluster=marketing&replicated=1&request_timeout=60000',
      'https://ch1:8443/yardstick?request_timeout=60000',
      { database: 'yardstick', cluster: 'marketing', replicated: true },
    ],
  ])('%s', (url, clientUrl, schema) => {
    expect(clickhouseTarget(url)).toEqual({ url: clientUrl, schema });
  });
});
