import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { config } from '../../config.js';
import type { Engine, Row } from '../engine.js';
import { duckdbDialect } from './dialect.js';

/**
 * DuckDB settings applied on open: its buffer memory is capped by configuration (big imports spill to
 * `<db>.tmp`), and bulk statements need not keep row order unless they ask for it.
 */
/**
 * The instance's settings. memory_limit caps DuckDB's buffer pool only: memory it frees goes back to the system
 * through its allocator (jemalloc), which by default does that lazily, after the next allocations, so the process
 * held about the cap again on top of it. Background threads purge freed memory as it ages, and every task whose
 * allocations peaked above 32MB flushes its thread's caches when it ends. Measured on a 10M-event import at a
 * 640MB cap: peak RSS 1,166–1,398 MB without them, 979 MB with them, and no slower (165 s vs 172–185 s). At the
 * 512MB default the importing process (10M import, then a 1M append) peaked at 954 MB.
 */
const duckdbSettings = (): Record<string, string> => ({
  preserve_insertion_order: 'false',
  memory_limit: config().duckdbMemory,
  allocator_background_threads: 'true',
  allocator_flush_threshold: '32MB',
});

function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (Array.isArray(value)) return value.map(normalise);
  return value;
}

function toDuckValue(value: unknown): DuckDBValue {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return JSON.stringify(value);
  return value as DuckDBValue;
}

/**
 * DuckDB engine over one connection. Statements are serialised; a transaction (or an exclusive section) holds the
 * queue, and only code running inside its async context (tracked with AsyncLocalStorage) bypasses it, so concurrent
 * requests never slip statements into another request's transaction.
 */
export class DuckDbEngine implements Engine {
  readonly dialect = duckdbDialect;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly txContext = new AsyncLocalStorage<symbol>();
  /** the token of the caller holding the queue: a transaction or an exclusive section */
  private holder: symbol | undefined;
  /** whether the holder has a transaction open (an exclusive section holds the queue without one) */
  private txOpen = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly file: string,
  ) {}

  /**
   * Opens (creating if needed) a DuckDB database file, or ':memory:'. Bulk statements need not keep row order
   * (queries that care say ORDER BY), which lets big imports stream and spill instead of buffering.
   */
  static async open(file: string): Promise<DuckDbEngine> {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const instance = await DuckDBInstance.create(file, duckdbSettings());
    const connection = await instance.connect();
    // statementProgress() reads DuckDB's progress of the running statement, which it tracks only with the bar on
    await connection.run('SET enable_progress_bar = true');
    await connection.run('SET enable_progress_bar_print = false');
    return new DuckDbEngine(instance, connection, file);
  }

  /** DuckDB's progress of the statement running now (read off the connection while it runs), or null. */
  statementProgress(): number | null {
    const { percentage } = this.connection.progress;
    return percentage >= 0 ? Math.min(1, percentage / 100) : null;
  }

  private holdsQueue(): boolean {
    return this.holder !== undefined && this.txContext.getStore() === this.holder;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.holdsQueue()) return fn();
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.serial(async () => {
      const reader = await this.connection.runAndReadAll(sql, params.map(toDuckValue));
      const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
      for (const row of rows) for (const key of Object.keys(row)) row[key] = normalise(row[key]);
      return rows as T[];
    });
  }

  async exec(sql: string, params: readonly unknown[] = []): Promise<void> {
    await this.serial(async () => {
      await this.connection.run(sql, params.length ? params.map(toDuckValue) : undefined);
    });
  }

  async transaction<T>(fn: (tx: Engine) => Promise<T>): Promise<T> {
    if (this.holdsQueue()) {
      if (this.txOpen) return fn(this);
      return this.inTransaction(fn);
    }
    return this.serial(async () => {
      const token = Symbol('tx');
      this.holder = token;
      try {
        return await this.txContext.run(token, () => this.inTransaction(fn));
      } finally {
        this.holder = undefined;
      }
    });
  }

  async exclusive<T>(fn: (engine: Engine) => Promise<T>): Promise<T> {
    if (this.holdsQueue()) return fn(this);
    return this.serial(async () => {
      const token = Symbol('exclusive');
      this.holder = token;
      try {
        return await this.txContext.run(token, () => fn(this));
      } finally {
        this.holder = undefined;
      }
    });
  }

  /** BEGIN, fn, COMMIT (ROLLBACK when fn throws), by the caller that holds the queue. */
  private async inTransaction<T>(fn: (tx: Engine) => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    this.txOpen = true;
    try {
      const result = await fn(this);
      await this.connection.run('COMMIT');
      return result;
    } catch (error) {
      await this.connection.run('ROLLBACK');
      throw error;
    } finally {
      this.txOpen = false;
    }
  }

  async append(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
    // Stage as text so DuckDB casts each value exactly (decimals from strings, never via binary floats),
    // then insert the column subset in one statement.
    return this.serial(async () => {
      const stage = `__append_${Math.random().toString(36).slice(2, 10)}`;
      const cols = columns.map((c) => duckdbDialect.ident(c)).join(', ');
      await this.connection.run(
        `CREATE TEMP TABLE ${stage} (${columns.map((c) => `${duckdbDialect.ident(c)} VARCHAR`).join(', ')})`,
      );
      try {
        const appender = await this.connection.createAppender(stage);
        let n = 0;
        for (const row of rows) {
          for (const value of row) appendValue(appender, value);
          appender.endRow();
          n++;
        }
        appender.flushSync();
        appender.closeSync();
        await this.connection.run(`INSERT INTO ${duckdbDialect.ident(table)} (${cols}) SELECT ${cols} FROM ${stage}`);
        await this.connection.run(`DROP TABLE IF EXISTS ${stage}`);
        return n;
      } catch (error) {
        // inside a transaction the failure aborted it and the drop fails too: the first error is the one to report
        await this.connection.run(`DROP TABLE IF EXISTS ${stage}`).catch(() => undefined);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

function appendValue(appender: Appender, value: unknown): void {
  if (value === null || value === undefined) appender.appendNull();
  else if (typeof value === 'string') appender.appendVarchar(value);
  else if (value instanceof Date) appender.appendVarchar(value.toISOString());
  else if (typeof value === 'object') appender.appendVarchar(JSON.stringify(value));
  else appender.appendVarchar(String(value));
}
