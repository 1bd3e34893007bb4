/**
 * `npm run bench [-- --events N[,M...]] [--parts K] [--json FILE] [--keep]`: generates data at each size, then measures
 * import throughput (vs DuckDB's raw read_csv), every KPI for a quarter (vs a hand-written SQL floor), the
 * dashboard set, attribution models, the web bundle, and peak RSS. Ratios are taken within one run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runInChild } from './child.js';
import { BENCH_QUARTER, generateBenchEvents } from './generate.js';
import { runImportBench } from './import.js';
import type { MetricsBenchResult } from './metrics.js';

interface Figures {
  events: number;
  [key: string]: number | string | null;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

async function optional<T>(label: string, load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    console.error(`bench: ${label} skipped: ${(error as Error).message}`);
    return undefined;
  }
}

async function benchSize(events: number, keep: boolean, parts: number): Promise<Figures> {
  const dir = mkdtempSync(path.join(tmpdir(), `yardstick-bench-${events}-`));
  try {
    const eventsCsv = path.join(dir, 'events.csv');
    const gen = await generateBenchEvents({ file: eventsCsv, events, seed: 42 });
    console.error(`bench: generated ${gen.rows} events (${mb(gen.bytes)} MB) in ${gen.seconds.toFixed(1)} s`);
    const { events: _events, ...extraFiles } = gen.files;
    const imp = await runImportBench({
      eventsCsv,
      dbDir: dir,
      keepDb: true,
      extraFiles,
      ...(parts > 1 ? { parts: { count: parts, rows: gen.rows } } : {}),
    });
    console.error(
      `bench: import ${Math.round(imp.import_rows_per_s)} rows/s, raw ${Math.round(imp.import_raw_rows_per_s)} rows/s`,
    );
    // the CSVs (≈14 GB at 50M events) are not read again: free the disk before the metric phase
    if (!keep) for (const file of Object.values(gen.files)) rmSync(file, { force: true });
    // the metric phase runs in its own process too: its peak RSS is the metric engine's
    const metrics = await optional('metrics', () =>
      runInChild<MetricsBenchResult>('./metrics.ts', ['--db', imp.dbPath, '--period', BENCH_QUARTER]),
    );
    const figures: Figures = {
      events,
      import_parts: imp.parts,
      import_rows_per_s: Math.round(imp.import_rows_per_s),
      import_raw_rows_per_s: Math.round(imp.import_raw_rows_per_s),
      import_ratio: imp.ratio,
      append_rows_per_s: imp.append_rows_per_s === undefined ? null : Math.round(imp.append_rows_per_s),
      import_checkpoint_s: imp.import_checkpoint_s,
      append_checkpoint_s: imp.append_checkpoint_s,
      kpi_quarter_s: metrics ? Number(metrics.kpi_quarter_s.toFixed(3)) : null,
      kpi_floor_s: metrics ? Number(metrics.kpi_floor_s.toFixed(3)) : null,
      kpi_ratio: metrics ? Number((metrics.kpi_quarter_s / metrics.kpi_floor_s).toFixed(2)) : null,
      dashboard_warm_ms: metrics ? Math.round(metrics.dashboard_warm_ms) : null,
      dashboard_live_ms: metrics ? Math.round(metrics.dashboard_live_ms) : null,
      dashboard_open_ms: metrics ? Math.round(metrics.dashboard_open_ms) : null,
      dashboard_uncached_ms: metrics ? Math.round(metrics.dashboard_uncached_ms) : null,
      dashboard_after_import_ms: metrics ? Math.round(metrics.dashboard_after_import_ms) : null,
      metric_peak_rss_mb: metrics ? metrics.metric_peak_rss_mb : null,
      import_peak_rss_mb: imp.import_peak_rss_mb,
      raw_peak_rss_mb: imp.raw_peak_rss_mb,
      // the product's phases: the import and the metric engine (the raw load and the generator are not it)
      peak_rss_mb: Math.max(imp.import_peak_rss_mb, metrics?.process_max_rss_mb ?? 0),
    };
    return figures;
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      json: { type: 'string' },
      keep: { type: 'boolean' },
      parts: { type: 'string' },
    },
  });
  const parts = Number(values.parts ?? 1);
  if (!Number.isInteger(parts) || parts < 1) throw new Error('--parts must be a positive integer');
  const sizes = (values.events ?? '1000000,10000000').split(',').map((s) => Number(s.replaceAll('_', '')));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--events must be positive integers');
  const results: Record<string, unknown>[] = [];
  for (const events of sizes) {
    const figures = await benchSize(events, values.keep ?? false, parts);
    results.push(figures);
    console.log(JSON.stringify(figures));
  }
  const extra: Record<string, unknown> = {};
  const analytics = await optional('analytics', async () => (await import('./analytics.js')).runAnalyticsBench());
  if (analytics) Object.assign(extra, analytics);
  const web = await optional('web', async () => (await import('./web.js')).runWebBench());
  if (web) Object.assign(extra, web);
  if (Object.keys(extra).length) console.log(JSON.stringify(extra));
  if (values.json) {
    mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    const doc = results.length === 1 ? { ...results[0], ...extra } : { runs: results, ...extra };
    writeFileSync(values.json, `${JSON.stringify(doc, null, 2)}\n`);
  }
}

await main();
