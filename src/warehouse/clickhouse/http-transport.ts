import { Readable } from 'node:stream';
import { type ClickHouseClient, ClickHouseLogLevel, createClient, drainStream } from '@clickhouse/client';
import { mapClickHouseError } from './errors.js';
import { type ClickHouseTransport, type JsonResult, MODERN_SETTINGS, SESSION_SETTINGS } from './transport.js';

/** Options of the HTTP transport (credentials may also be given in the URL). */
export interface HttpTransportOptions {
  url: string;
  database?: string;
  username?: string;
  password?: string;
  /** Per-request timeout in milliseconds (default 300 000). */
  requestTimeoutMs?: number;
  /** Extra ClickHouse settings sent with every statement. */
  settings?: Record<string, string | number>;
}

const quote = (name: string) => `\`${name}\``;

/** The URL without user/password, for messages. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return 'the configured ClickHouse URL';
  }
}

/** HTTP(S) transport to a ClickHouse server or cluster with @clickhouse/client (the production path). */
export class HttpTransport implements ClickHouseTransport {
  readonly where: string;
  private readonly client: ClickHouseClient;
  /** Settings sent with every statement besides the client's (the modern ones once the server is known). */
  private settings: Record<string, string | number> = {};

  constructor(options: HttpTransportOptions) {
    this.where = safeUrl(options.url);
    this.client = createClient({
      url: options.url,
      ...(options.database ? { database: options.database } : {}),
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
      request_timeout: options.requestTimeoutMs ?? 300_000,
      clickhouse_settings: { ...SESSION_SETTINGS, ...options.settings },
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  /** Asks the server's version and, from 23.x on, sends MODERN_SETTINGS with every statement; returns the major. */
  async negotiate(): Promise<number> {
    const { data } = await this.query('SELECT version() AS v', {});
    const major = Number(String(data[0]?.v ?? '0').split('.')[0]);
    if (major >= 23) this.settings = { ...MODERN_SETTINGS };
    return major;
  }

  async query(sql: string, params: Record<string, string | null>): Promise<JsonResult> {
    try {
      const rs = await this.client.query({
        query: sql,
        query_params: params,
        format: 'JSON',
        clickhouse_settings: this.settings,
      });
      const body = await rs.json<Record<string, unknown>>();
      return { meta: body.meta ?? [], data: body.data ?? [] };
    } catch (error) {
      throw mapClickHouseError(error, this.where, sql);
    }
  }

  async command(sql: string, params: Record<string, string | null>): Promise<void> {
    try {
      await this.client.command({ query: sql, query_params: params, clickhouse_settings: this.settings });
    } catch (error) {
      throw mapClickHouseError(error, this.where, sql);
    }
  }

  async insert(table: string, columns: readonly string[], lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) FORMAT JSONEachRow`;
    try {
      const values = Readable.from(lines.map((l) => `${l}\n`));
      const result = await this.client.exec({ query: sql, values, clickhouse_settings: this.settings });
      await drainStream(result.stream);
    } catch (error) {
      throw mapClickHouseError(error, this.where, sql);
    }
  }

  async ping(): Promise<boolean> {
    const r = await this.client.ping();
    return r.success;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
