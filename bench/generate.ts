/**
 * Benchmark data at any scale (10^4 … 10^8 events): the demo generator's events stream plus the leads, orders
 * and spend that the same sessions produce, as canonical CSV files. Deterministic for a seed; written in large
 * chunks with backpressure, so memory stays flat at any size.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCalendar } from '../src/ingest/demo/calendar.js';
import { buildContentCatalog } from '../src/ingest/demo/content.js';
import { CsvWriter } from '../src/ingest/demo/csv-writer.js';
import { SPEND_COLUMNS } from '../src/ingest/demo/daily.js';
import { LEAD_COLUMNS, ORDER_COLUMNS } from '../src/ingest/demo/funnel.js';
import { Rng } from '../src/ingest/demo/prng.js';
import { EVENT_COLUMNS, generateTraffic } from '../src/ingest/demo/traffic.js';

/** The fixed "today" of benchmark data: 2025-06-01 … 2026-06-30, so 2025-Q3 … 2026-Q2 are full quarters. */
export const BENCH_UNTIL = '2026-06-30';
/** A full quarter inside the benchmark data (about a quarter of the rows). */
export const BENCH_QUARTER = '2026-Q1';

/** Options of generateBenchEvents. */
export interface BenchGenerateOptions {
  /** The events CSV to write; leads.csv, orders.csv and spend.csv are written next to it. */
  file: string;
  events: number;
  seed: number;
  until?: string;
  onProgress?: (events: number) => void;
}

/** What generateBenchEvents wrote. */
export interface BenchGenerateResult {
  /** Event rows written. */
  rows: number;
  /** Bytes of all files written. */
  bytes: number;
  seconds: number;
  files: { events: string; leads: string; orders: string; spend: string };
  counts: { events: number; leads: number; orders: number; spend: number };
  from: string;
  until: string;
}

/** Writes an events CSV of exactly `events` rows plus proportionate leads/orders/spend CSVs beside it. */
export async function generateBenchEvents(opts: BenchGenerateOptions): Promise<BenchGenerateResult> {
  if (!Number.isInteger(opts.events) || opts.events < 1) throw new RangeError('events must be a positive integer');
  const started = performance.now();
  const dir = path.dirname(path.resolve(opts.file));
  await mkdir(dir, { recursive: true });
  const files = {
    events: path.resolve(opts.file),
    leads: path.join(dir, 'leads.csv'),
    orders: path.join(dir, 'orders.csv'),
    spend: path.join(dir, 'spend.csv'),
  };
  if (new Set(Object.values(files)).size !== 4) {
    throw new Error(`the events file must not be named leads.csv, orders.csv or spend.csv: ${opts.file}`);
  }
  const until = opts.until ?? BENCH_UNTIL;
  const days = buildCalendar(until);
  const root = new Rng(opts.seed);
  const out = {
    events: new CsvWriter(files.events, EVENT_COLUMNS),
    leads: new CsvWriter(files.leads, LEAD_COLUMNS),
    orders: new CsvWriter(files.orders, ORDER_COLUMNS),
    spend: new CsvWriter(files.spend, SPEND_COLUMNS),
  };
  try {
    const catalog = buildContentCatalog(root.fork('content'), days);
    await generateTraffic(root.fork('traffic'), days, catalog, out, {
      events: opts.events,
      onProgress: opts.onProgress,
    });
  } finally {
    for (const w of Object.values(out)) await w.close();
  }
  return {
    rows: out.events.rows,
    bytes: out.events.bytes + out.leads.bytes + out.orders.bytes + out.spend.bytes,
    seconds: (performance.now() - started) / 1000,
    files,
    counts: { events: out.events.rows, leads: out.leads.rows, orders: out.orders.rows, spend: out.spend.rows },
    from: days[0]!.date,
    until,
  };
}

/** `node --import tsx bench/generate.ts --events N --out DIR [--seed S]`: writes the files and prints a summary. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      until: { type: 'string' },
    },
  });
  const events = Number((values.events ?? '1000000').replaceAll('_', ''));
  const result = await generateBenchEvents({
    file: path.join(values.out ?? 'artifacts/bench-data', 'events.csv'),
    events,
    seed: Number(values.seed ?? 42),
    until: values.until,
  });
  const perS = Math.round(result.rows / result.seconds);
  console.log(
    JSON.stringify({ ...result, events_per_s: perS, peak_rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20) }),
  );
}

if (import.meta.url === `file://${path.resolve(process.argv[1] ?? '')}`) await main();
