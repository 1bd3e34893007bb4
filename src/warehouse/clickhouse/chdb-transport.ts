import { ClickHouseUnavailableError, mapClickHouseError } from './errors.js';
import { type ClickHouseTransport, type JsonResult, MODERN_SETTINGS, SESSION_SETTINGS } from './transport.js';

/** The part of the `chdb` package's API this transport uses (typed here: chdb is not a dependency). */
interface ChdbResult {
  text(): string;
}
interface ChdbSession {
  path: string;
  queryBindAsync(query: string, params: object, opts?: { format?: string }): Promise<ChdbResult>;
  insert(params: {
    table: string;
    values: Buffer;
    format: 'JSONEachRow';
    columns?: readonly string[];
  }): Promise<unknown>;
  close(): void;
}
interface ChdbModule {
  Session: new (path?: string) => ChdbSession;
}

/** The name is a variable so TypeScript and bundlers leave the optional package alone. */
const CHDB_PACKAGE = 'chdb';

/**
 * Loads the optional `chdb` package (in-process ClickHouse, ~550 MB; installed for tests by
 * scripts/install-chdb.sh, never a runtime dependency); undefined when it is not installed.
 */
export async function loadChdb(): Promise<ChdbModule | undefined> {
  try {
    const mod = (await import(CHDB_PACKAGE)) as Partial<ChdbModule> & { default?: Partial<ChdbModule> };
    const Session = mod.Session ?? mod.default?.Session;
    return Session ? { Session } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * In-process ClickHouse through chdb: the same SQL as a server, no network. Statements on one session run one
 * at a time. `path` keeps the data in a directory; without it chdb uses a temporary one removed on close.
 */
export class ChdbTransport implements ClickHouseTransport {
  readonly where: string;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly session: ChdbSession) {
    this.where = `chdb:${session.path}`;
  }

  /** Opens a chdb session; throws ClickHouseUnavailableError when the chdb package is not installed. */
  static async open(path?: string): Promise<ChdbTransport> {
    const chdb = await loadChdb();
    if (!chdb) {
      throw new ClickHouseUnavailableError('the chdb package is not installed (run scripts/install-chdb.sh)');
    }
    const transport = new ChdbTransport(path ? new chdb.Session(path) : new chdb.Session());
    for (const [name, value] of Object.entries({ ...SESSION_SETTINGS, ...MODERN_SETTINGS })) {
      await transport.command(`SET ${name} = ${typeof value === 'string' ? `'${value}'` : value}`, {});
    }
    return transport;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  query(sql: string, params: Record<string, string | null>): Promise<JsonResult> {
    return this.serial(async () => {
      try {
        const text = (await this.session.queryBindAsync(sql, params, { format: 'JSON' })).text();
        if (!text.trim()) return { meta: [], data: [] };
        const body = JSON.parse(text) as Partial<JsonResult>;
        return { meta: body.meta ?? [], data: body.data ?? [] };
      } catch (error) {
        throw mapClickHouseError(error, this.where, sql);
      }
    });
  }

  command(sql: string, params: Record<string, string | null>): Promise<void> {
    return this.serial(async () => {
      try {
        await this.session.queryBindAsync(sql, params, { format: 'CSV' });
      } catch (error) {
        throw mapClickHouseError(error, this.where, sql);
      }
    });
  }

  insert(table: string, columns: readonly string[], lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return Promise.resolve();
    return this.serial(async () => {
      try {
        const values = Buffer.from(`${lines.join('\n')}\n`);
        await this.session.insert({ table, values, format: 'JSONEachRow', columns });
      } catch (error) {
        throw mapClickHouseError(error, this.where, `INSERT INTO ${table} (${columns.join(', ')})`);
      }
    });
  }

  async ping(): Promise<boolean> {
    const r = await this.query('SELECT 1 AS ok', {});
    return Number(r.data[0]?.ok) === 1;
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.session.close();
  }
}
