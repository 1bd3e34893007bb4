import { ClickHouseEngine } from './engine.js';
import { type ClickHouseSchemaOptions, createClickHouseSchema } from './schema.js';

export { ChdbTransport, loadChdb } from './chdb-transport.js';
export { clickhouseDialect } from './dialect.js';
export { ClickHouseEngine } from './engine.js';
export { ClickHouseError, ClickHouseUnavailableError } from './errors.js';
export { HttpTransport, type HttpTransportOptions } from './http-transport.js';
export { CLICKHOUSE_TABLES, type ClickHouseSchemaOptions, clickhouseSchema, createClickHouseSchema } from './schema.js';

/** Where the configured ClickHouse URL points: the URL for the client, and the schema placement it names. */
export interface ClickHouseTarget {
  url: string;
  schema: ClickHouseSchemaOptions;
}

/**
 * Reads YARDSTICK_CLICKHOUSE_URL's form `http(s)://user:pass@host:8123/DATABASE?cluster=NAME&replicated=1`:
 * the path names the database (as @clickhouse/client reads it), `cluster`/`replicated` (ours, removed before the
 * URL reaches the client) ask for `ON CLUSTER` DDL with Distributed tables.
 */
export function clickhouseTarget(url: string): ClickHouseTarget {
  const u = new URL(url);
  const cluster = u.searchParams.get('cluster') ?? undefined;
  const replicated = u.searchParams.get('replicated');
  u.searchParams.delete('cluster');
  u.searchParams.delete('replicated');
  const database = u.pathname.length > 1 ? decodeURIComponent(u.pathname.slice(1)) : undefined;
  return {
    url: u.toString(),
    schema: {
      ...(cluster ? { cluster } : {}),
      ...(database ? { database } : {}),
      ...(replicated === '1' || replicated === 'true' ? { replicated: true } : {}),
    },
  };
}

/** Connects to the ClickHouse at a configured URL and creates the fact tables if missing. */
export async function openClickHouse(url: string): Promise<ClickHouseEngine> {
  const target = clickhouseTarget(url);
  const engine = await ClickHouseEngine.connect({ url: target.url });
  await createClickHouseSchema(engine, target.schema);
  return engine;
}
