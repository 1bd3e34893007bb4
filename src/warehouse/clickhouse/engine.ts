import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Engine, Row } from '../engine.js';
import { ChdbTransport } from './chdb-transport.js';
import { clickhouseDialect } from './dialect.js';
import { HttpTransport, type HttpTransportOptions } from './http-transport.js';
import type { ClickHouseTransport } from './transport.js';
import { fromClickHouse, jsonEachRowEncoder, paramText, placeholderTypes } from './values.js';

/** Rows sent per INSERT by append (bounded memory; each batch is one ClickHouse insert block). */
const APPEND_BATCH = 100_000;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A transaction's staging tables: target table → staging table. */
type Staging = Map<string, string>;

function checkName(name: string, what: string): string {
  if (!NAME.test(name)) throw new Error(`ClickHouse ${what} name must be a plain identifier, got "${name}"`);
  return name;
}

/**
 * The ClickHouse engine (scale-out path for the fact tables) over HTTP (@clickhouse/client) or in-process (chdb).
 *
 * - SQL uses the ClickHouse dialect's typed placeholders `{p1:String}`, `{p2:DateTime64(3, 'UTC')}`…; the i-th
 *   value of `params` is sent as the ClickHouse query parameter `p<i>` (text for the declared type), never spliced.
 * - Results have the same JS shapes as the DuckDB engine's (see values.ts).
 * - `append` inserts JSONEachRow in batches, each value converted for its column's type (DESCRIBE TABLE); decimals
 *   and 64-bit integers given as text or bigint stay exact.
 * - `transaction`: ClickHouse has no multi-statement transactions. What is guaranteed: rows appended inside
 *   `fn` go to staging tables (`_staging_<id>_<table>`, same columns, MergeTree) and are published only after
 *   `fn` succeeds, with one `INSERT INTO table SELECT * FROM staging` per table; if `fn` throws, the staging
 *   tables are dropped and the fact tables never saw those rows. Not guaranteed: `exec`/`query` inside `fn`
 *   act at once and are not undone, reads inside `fn` do not see the staged rows, and a crash during the publish
 *   step can leave some tables published and others not (imports are idempotent by row_key, so re-running the
 *   import repairs it). On a cluster, point the URL at one node (staging tables are local to it).
 */
export class ClickHouseEngine implements Engine {
  readonly dialect = clickhouseDialect;
  private readonly txContext = new AsyncLocalStorage<Staging>();
  private readonly columnTypes = new Map<string, Promise<Map<string, string>>>();

  constructor(readonly transport: ClickHouseTransport) {}

  /** Connects over HTTP(S): checks the server answers and picks the settings its version takes. */
  static async connect(options: HttpTransportOptions): Promise<ClickHouseEngine> {
    const transport = new HttpTransport(options);
    await transport.negotiate();
    return new ClickHouseEngine(transport);
  }

  /** Opens in-process ClickHouse through the optional chdb package (tests; `path` keeps the data). */
  static async openChdb(path?: string): Promise<ClickHouseEngine> {
    return new ClickHouseEngine(await ChdbTransport.open(path));
  }

  private bind(sql: string, params: readonly unknown[]): Record<string, string | null> {
    if (params.length === 0) return {};
    const types = placeholderTypes(sql);
    if (types.size === 0) {
      throw new Error('ClickHouse SQL binds values with {pN:Type} placeholders (engine.dialect.param), not $N');
    }
    return Object.fromEntries(params.map((v, i) => [`p${i + 1}`, paramText(types.get(i + 1) ?? 'String', v)]));
  }

  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await this.transport.query(sql, this.bind(sql, params));
    return result.data.map((raw) => {
      const row: Row = {};
      for (const { name, type } of result.meta) row[name] = fromClickHouse(type, raw[name]);
      return row as T;
    });
  }

  async exec(sql: string, params: readonly unknown[] = []): Promise<void> {
    await this.transport.command(sql, this.bind(sql, params));
  }

  /** Column name → ClickHouse type of a table (cached; `forget` after DDL that changes it). */
  private types(table: string): Promise<Map<string, string>> {
    let known = this.columnTypes.get(table);
    if (!known) {
      known = this.query<{ name: string; type: string }>(`DESCRIBE TABLE ${this.dialect.ident(table)}`).then(
        (rows) => new Map(rows.map((r) => [r.name, r.type])),
      );
      known.catch(() => this.columnTypes.delete(table));
      this.columnTypes.set(table, known);
    }
    return known;
  }

  /** Drops cached column types (after ALTER/DROP of a table). */
  forget(table?: string): void {
    if (table) this.columnTypes.delete(table);
    else this.columnTypes.clear();
  }

  async append(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
    checkName(table, 'table');
    for (const c of columns) checkName(c, 'column');
    const types = await this.types(table);
    for (const c of columns) if (!types.has(c)) throw new Error(`ClickHouse table ${table} has no column ${c}`);
    const target = await this.appendTarget(table);
    const encode = jsonEachRowEncoder(
      columns,
      columns.map((c) => types.get(c)!),
    );
    let batch: string[] = [];
    let n = 0;
    for (const row of rows) {
      batch.push(encode(row));
      n++;
      if (batch.length >= APPEND_BATCH) {
        await this.transport.insert(target, columns, batch);
        batch = [];
      }
    }
    await this.transport.insert(target, columns, batch);
    return n;
  }

  /** The table an append writes to: the table itself, or its staging table inside a transaction. */
  private async appendTarget(table: string): Promise<string> {
    const staging = this.txContext.getStore();
    if (!staging) return table;
    let name = staging.get(table);
    if (!name) {
      name = `_staging_${randomUUID().replaceAll('-', '').slice(0, 12)}_${table}`;
      staging.set(table, name);
      await this.exec(
        `CREATE TABLE ${this.dialect.ident(name)} AS ${this.dialect.ident(table)} ENGINE = MergeTree ORDER BY tuple()`,
      );
    }
    return name;
  }

  async transaction<T>(fn: (tx: Engine) => Promise<T>): Promise<T> {
    if (this.txContext.getStore()) return fn(this);
    const staging: Staging = new Map();
    try {
      const result = await this.txContext.run(staging, () => fn(this));
      for (const [table, name] of staging) {
        await this.exec(`INSERT INTO ${this.dialect.ident(table)} SELECT * FROM ${this.dialect.ident(name)}`);
      }
      return result;
    } finally {
      for (const name of staging.values()) {
        await this.exec(`DROP TABLE IF EXISTS ${this.dialect.ident(name)}`).catch(() => undefined);
      }
    }
  }

  /** ClickHouse statements are not serialised here (the server orders them): fn just runs. */
  async exclusive<T>(fn: (engine: Engine) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
