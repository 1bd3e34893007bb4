import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';
import { ClickHouseEngine } from '../../src/warehouse/clickhouse/engine.js';
import { ClickHouseError, ClickHouseUnavailableError } from '../../src/warehouse/clickhouse/errors.js';
import { HttpTransport } from '../../src/warehouse/clickhouse/http-transport.js';
import { createClickHouseSchema } from '../../src/warehouse/clickhouse/schema.js';
import { engineContract } from './contract.js';

// The HTTP transport (@clickhouse/client) against a server at YARDSTICK_CLICKHOUSE_URL (scripts/start-clickhouse.sh
// starts Debian's clickhouse-server 18.16 on loopback). 18.16 is too old for query parameters, DateTime64 and
// window functions, so against it only the transport is tested; a server from 23.x on also gets the full contract.
const url = config().clickhouseUrl;

if (!url && !config().ci) {
  console.warn(
    'test/engines: skipping the ClickHouse HTTP tests: YARDSTICK_CLICKHOUSE_URL is not set (scripts/start-clickhouse.sh)',
  );
}

const serverMajor = async (): Promise<number> => {
  const engine = await ClickHouseEngine.connect({ url: url! });
  const [row] = await engine.query<{ v: string }>('SELECT version() AS v');
  await engine.close();
  return Number(String(row?.v).split('.')[0]);
};
const major = url ? await serverMajor() : 0;

describe.skipIf(!url && !config().ci)('clickhouse over HTTP: transport', () => {
  let engine: ClickHouseEngine;
  const table = `yardstick_transport_${randomUUID().replaceAll('-', '').slice(0, 8)}`;

  beforeAll(async () => {
    if (!url) throw new Error('YARDSTICK_CLICKHOUSE_URL is not set: run scripts/start-clickhouse.sh before the tests');
    engine = await ClickHouseEngine.connect({ url });
    await engine.exec(
      `CREATE TABLE ${table} (row_key String, n Int64, amount Decimal(18, 2), day Date, at DateTime('UTC'),
        note Nullable(String), flag UInt8) ENGINE = MergeTree ORDER BY row_key`,
    );
  });
  afterAll(async () => {
    await engine?.exec(`DROP TABLE IF EXISTS ${table}`);
    await engine?.close();
  });

  it('connects and pings', async () => {
    const transport = new HttpTransport({ url: url! });
    expect(await transport.ping()).toBe(true);
    await transport.close();
  });

  it('returns typed values like the DuckDB engine', async () => {
    const [row] = await engine.query(
      `SELECT toUInt64(3) AS n, toUInt64('18446744073709551615') AS big, toDecimal64('100.10', 2) AS m,
        toDate('2026-01-02') AS d, toDateTime('2026-01-02 03:04:05', 'UTC') AS ts, CAST(NULL AS Nullable(String)) AS nil,
        '抖音' AS s, 1.5 AS f`,
    );
    expect(row).toEqual({
      n: 3,
      big: '18446744073709551615',
      m: 100.1,
      d: new Date('2026-01-02T00:00:00Z'),
      ts: new Date('2026-01-02T03:04:05Z'),
      nil: null,
      s: '抖音',
      f: 1.5,
    });
  });

  it('appends rows with JSONEachRow and reads them back', async () => {
    const n = await engine.append(
      table,
      ['row_key', 'n', 'amount', 'day', 'at', 'note', 'flag'],
      [
        ['a', 1, '100.10', '2026-01-03', new Date('2026-01-03T04:05:06Z'), "it's \\ \t 'quoted'", true],
        ['b', 9007199254740993n, '0.20', new Date('2026-02-03T00:00:00Z'), '2026-02-03T08:00:00+08:00', null, false],
      ],
    );
    expect(n).toBe(2);
    const rows = await engine.query(`SELECT * FROM ${table} ORDER BY row_key`);
    expect(rows).toEqual([
      {
        row_key: 'a',
        n: 1,
        amount: 100.1,
        day: new Date('2026-01-03T00:00:00Z'),
        at: new Date('2026-01-03T04:05:06Z'),
        note: "it's \\ \t 'quoted'",
        flag: 1,
      },
      {
        row_key: 'b',
        n: '9007199254740993',
        amount: 0.2,
        day: new Date('2026-02-03T00:00:00Z'),
        at: new Date('2026-02-03T00:00:00Z'),
        note: null,
        flag: 0,
      },
    ]);
    const [sum] = await engine.query(`SELECT sum(amount) AS total, count() AS c FROM ${table}`);
    expect(sum).toEqual({ total: 100.3, c: 2 });
  });

  it('publishes a transaction’s appends only when it succeeds', async () => {
    const row = (key: string) => [key, 0, '1.00', '2026-05-01', new Date('2026-05-01T00:00:00Z'), null, 0];
    const columns = ['row_key', 'n', 'amount', 'day', 'at', 'note', 'flag'];
    await expect(
      engine.transaction(async (tx) => {
        await tx.append(table, columns, [row('t1')]);
        throw new Error('bad row 7');
      }),
    ).rejects.toThrow('bad row 7');
    await engine.transaction((tx) => tx.append(table, columns, [row('t2'), row('t3')]));
    const keys = await engine.query(`SELECT row_key FROM ${table} WHERE day = toDate('2026-05-01') ORDER BY row_key`);
    expect(keys).toEqual([{ row_key: 't2' }, { row_key: 't3' }]);
    const [left] = await engine.query(`SELECT count() AS n FROM system.tables WHERE name LIKE '_staging_%${table}'`);
    expect(left?.n).toBe(0); // staging tables are dropped either way
  });

  it.each([
    ['a syntax error', 'SELEC 1', 62],
    ['an unknown table', 'SELECT * FROM yardstick_no_such_table', 60],
  ])('maps %s to ClickHouseError with its code', async (_what, sql, code) => {
    const error = await engine.query(sql).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickHouseError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toContain(sql);
    expect((error as Error).message).not.toMatch(/Stack trace/);
  });

  it('maps an unreachable server to ClickHouseUnavailableError naming the URL (without credentials)', async () => {
    const error = await ClickHouseEngine.connect({ url: 'http://alice:secret@127.0.0.1:1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickHouseUnavailableError);
    expect((error as Error).message).toMatch(/127\.0\.0\.1:1 did not answer \(ECONNREFUSED\)/);
    expect((error as Error).message).not.toContain('secret');
  });
});

if (url && major >= 23) {
  engineContract({
    name: `clickhouse ${major}.x over HTTP`,
    open: async () => {
      const database = `yardstick_contract_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
      const admin = await ClickHouseEngine.connect({ url });
      await admin.exec(`CREATE DATABASE ${database}`);
      await admin.close();
      const engine = await ClickHouseEngine.connect({ url, database });
      await createClickHouseSchema(engine, { database });
      const close = engine.close.bind(engine);
      engine.close = async () => {
        await engine.exec(`DROP DATABASE IF EXISTS ${database}`);
        await close();
      };
      return engine;
    },
  });
} else if (url) {
  console.warn(`test/engines: ClickHouse ${major}.x at ${url} is older than 23.x: only the HTTP transport is tested`);
}
