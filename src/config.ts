import { homedir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Typed runtime configuration; the only module that reads process.env. */
export interface Config {
  /** DuckDB database file (YARDSTICK_DB), default ./data/yardstick.duckdb */
  dbPath: string;
  /** IANA time zone periods are cut in (YARDSTICK_TZ), default Asia/Shanghai */
  timeZone: string;
  /** ISO 4217 currency for money without one (YARDSTICK_CURRENCY), default CNY */
  currency: string;
  /** HTTP listen host/port (YARDSTICK_HOST / YARDSTICK_PORT) */
  host: string;
  port: number;
  /** Secret used to salt email/phone hashes and sign sessions (YARDSTICK_SECRET); generated per data dir if unset */
  secret: string | undefined;
  /** UI/CLI language (YARDSTICK_LANG): zh-CN default, en */
  lang: 'zh-CN' | 'en';
  /** Optional KPI config file with user-defined KPIs (YARDSTICK_KPI_FILE) */
  kpiFile: string | undefined;
  /** ClickHouse HTTP URL for the scale-out engine (YARDSTICK_CLICKHOUSE_URL) */
  clickhouseUrl: string | undefined;
  /** Log level (YARDSTICK_LOG_LEVEL) */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Whether running under CI (CI) */
  ci: boolean;
  /** Chromium executable for browser tests (YARDSTICK_CHROMIUM), default /usr/bin/chromium */
  chromiumPath: string;
  home: string;
  /** Site origins allowed to send events to POST /collect (YARDSTICK_COLLECT_ORIGINS, comma-separated) */
  collectOrigins: string[];
  /** Print stack traces of internal errors (YARDSTICK_DEBUG) */
  debug: boolean;
  /** DuckDB buffer memory cap (YARDSTICK_DUCKDB_MEMORY, default 512MB): bigger work spills to `<db>.tmp` */
  duckdbMemory: string;
}

const envSchema = z.object({
  YARDSTICK_DB: z.string().min(1).optional(),
  YARDSTICK_TZ: z.string().min(1).optional(),
  YARDSTICK_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'YARDSTICK_CURRENCY must be a 3-letter ISO 4217 code')
    .optional(),
  YARDSTICK_HOST: z.string().min(1).optional(),
  YARDSTICK_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  YARDSTICK_SECRET: z.string().min(16, 'YARDSTICK_SECRET must be at least 16 characters').optional(),
  YARDSTICK_LANG: z.enum(['zh-CN', 'en']).optional(),
  YARDSTICK_KPI_FILE: z.string().min(1).optional(),
  YARDSTICK_CLICKHOUSE_URL: z.string().url().optional(),
  YARDSTICK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).optional(),
  YARDSTICK_CHROMIUM: z.string().min(1).optional(),
  YARDSTICK_DEBUG: z.string().optional(),
  YARDSTICK_COLLECT_ORIGINS: z.string().optional(),
  YARDSTICK_DUCKDB_MEMORY: z
    .string()
    .refine((v) => byteSize(v) !== undefined, 'YARDSTICK_DUCKDB_MEMORY must be a size such as 640MB or 4GB')
    .optional(),
  CI: z.string().optional(),
});

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * DuckDB's default memory cap: a 10M-event import (its session aggregation holds no text per session, so it
 * spills) and the metric engine at 10M run within it. The process holds up to about 450 MB more (node, DuckDB's
 * allocations outside its buffer pool): at 512MB the bench's importing process (10M import, 1M append) peaked at
 * 954–980 MB, at 640MB at 1,107 MB (issue #3/#4 target: 1 GB). Larger databases may raise it.
 */
export const DEFAULT_DUCKDB_MEMORY = '512MB';

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  bytes: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** Bytes in a size such as `640MB`, `4GB` or DuckDB's `610.3 MiB`; undefined when it is not one. */
export function byteSize(size: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(size);
  const unit = m?.[2] ? BYTE_UNITS[m[2].toLowerCase()] : undefined;
  return m && unit ? Number(m[1]) * unit : undefined;
}

/** Reads and validates the environment once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  const timeZone = e.YARDSTICK_TZ ?? 'Asia/Shanghai';
  if (!validTimeZone(timeZone)) throw new Error(`invalid environment: YARDSTICK_TZ: unknown time zone "${timeZone}"`);
  return {
    dbPath: path.resolve(e.YARDSTICK_DB ?? path.join('data', 'yardstick.duckdb')),
    timeZone,
    currency: e.YARDSTICK_CURRENCY ?? 'CNY',
    host: e.YARDSTICK_HOST ?? '127.0.0.1',
    port: e.YARDSTICK_PORT ?? 8080,
    secret: e.YARDSTICK_SECRET,
    lang: e.YARDSTICK_LANG ?? 'zh-CN',
    kpiFile: e.YARDSTICK_KPI_FILE,
    clickhouseUrl: e.YARDSTICK_CLICKHOUSE_URL,
    logLevel: e.YARDSTICK_LOG_LEVEL ?? 'info',
    ci: Boolean(e.CI && e.CI !== 'false'),
    chromiumPath: e.YARDSTICK_CHROMIUM ?? '/usr/bin/chromium',
    home: homedir(),
    debug: Boolean(e.YARDSTICK_DEBUG),
    duckdbMemory: e.YARDSTICK_DUCKDB_MEMORY ?? DEFAULT_DUCKDB_MEMORY,
    collectOrigins: (e.YARDSTICK_COLLECT_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  };
}

let cached: Config | undefined;
/** The process-wide configuration (loaded lazily). */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/** The environment for a child process (this process's, with overrides). */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
