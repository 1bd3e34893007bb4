/**
 * Metric-engine benchmark: every KPI for one quarter by channel and by owner through the engine, against a
 * floor of hand-written DuckDB SQL for the same KPIs (current and previous quarter, one query per table family,
 * as an analyst would write it), plus the dashboard set: warm (as served: the stored set), computed live (closed
 * months and the previous period from the metric cache), while its period is still open, with nothing cached, and
 * the first call after a one-event import into the period. CPU times beside wall times; peak RSS of the phase.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { dashboard } from '../src/app/metrics.js';
import { parsePeriod, previousPeriod } from '../src/core/periods/index.js';
import { importRecords, rollbackImport } from '../src/ingest/index.js';
import type { Engine } from '../src/warehouse/engine.js';
import { openWarehouse } from '../src/warehouse/index.js';
import { runMetrics } from '../src/warehouse/metrics/index.js';
import { reportFromChild } from './child.js';
import { BENCH_QUARTER } from './generate.js';

/** Figures of one metrics benchmark run. */
export interface MetricsBenchResult {
  period: string;
  kpi_quarter_s: number;
  kpi_floor_s: number;
  ratio: number;
  /** process CPU time (all threads) of the same runs: steadier than wall time on a shared machine */
  kpi_quarter_cpu_s: number;
  kpi_floor_cpu_s: number;
  cpu_ratio: number;
  /** median of 5 warm dashboard calls, as the product serves them (the stored set, valid until any import) */
  dashboard_warm_ms: number;
  /** process CPU time (all threads) of the median warm call */
  dashboard_warm_cpu_ms: number;
  /** median of 5 calls computing the set live (the period's tiles and channel table; closed months from the cache) */
  dashboard_live_ms: number;
  /** median of 5 live calls while the period is still running (its last month is not closed yet) */
  dashboard_open_ms: number;
  /** median of 5 calls with nothing cached (every trend month computed) */
  dashboard_uncached_ms: number;
  /** median of 3 first calls after a one-event import into the period (which invalidates every cached part) */
  dashboard_after_import_ms: number;
  /** peak RSS of this process during the metric phase (sampled every 50 ms) */
  metric_peak_rss_mb: number;

  cells: number;
}

const TZ = 'Asia/Shanghai';

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

/** CPU seconds (user + system, all threads) since a process.cpuUsage() reading. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

/** Median wall time (and that call's CPU time) of n calls after one untimed warm-up call. */
async function medianOf(n: number, fn: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  await fn();
  const runs: { ms: number; cpuMs: number }[] = [];
  for (let i = 0; i < n; i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    await fn();
    const used = process.cpuUsage(cpu);
    runs.push({ ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 });
  }
  return runs.sort((a, b) => a.ms - b.ms)[Math.floor(n / 2)]!;
}

/** Hand-written analyst SQL for the same KPIs, grouped by a column, current vs previous quarter. */
function floorQueries(dim: 'channel' | 'owner_id'): { sql: string; tables: string[] }[] {
  const cur = (col: string) => `${col} >= $2`;
  const range = (col: string) => `${col} >= $1 AND ${col} < $3`;
  const dateRange = (col: string) => `${col} >= $4 AND ${col} <= $6`;
  const dcur = (col: string) => `${col} >= $5`;
  const web = dim === 'channel';
  const q: { sql: string; tables: string[] }[] = [];
  if (web) {
    q.push({
      tables: ['events'],
      sql: `SELECT channel, ${cur('occurred_at')} AS cur,
        count(DISTINCT coalesce(person_key, visitor_id)) AS uv,
        count(*) FILTER (WHERE event_type = 'page_view') AS pageviews,
        count(DISTINCT coalesce(person_key, visitor_id)) FILTER (WHERE event_type = 'form_submit') AS form_visitors,
        count(DISTINCT coalesce(person_key, visitor_id)) FILTER (WHERE event_type IN ('form_submit', 'signup', 'purchase')) AS converting
        FROM events WHERE ${range('occurred_at')} AND NOT is_bot GROUP BY 1, 2`,
    });
    q.push({
      tables: ['sessions'],
      sql: `SELECT channel, ${cur('started_at')} AS cur, count(*) AS sessions, sum(count(*)) OVER (PARTITION BY ${cur('started_at')}) AS total
        FROM sessions WHERE ${range('started_at')} AND NOT is_bot GROUP BY 1, 2`,
    });
  }
  q.push({
    tables: ['leads'],
    sql: `SELECT ${dim},
      count(*) FILTER (WHERE created_at >= $2 AND created_at < $3) AS leads, count(*) FILTER (WHERE created_at >= $1 AND created_at < $2) AS leads_p,
      count(*) FILTER (WHERE mql_at >= $2 AND mql_at < $3) AS mqls, count(*) FILTER (WHERE mql_at >= $1 AND mql_at < $2) AS mqls_p,
      count(*) FILTER (WHERE sql_at >= $2 AND sql_at < $3) AS sqls, count(*) FILTER (WHERE sql_at >= $1 AND sql_at < $2) AS sqls_p,
      count(*) FILTER (WHERE won_at >= $2 AND won_at < $3) AS won, count(*) FILTER (WHERE won_at >= $1 AND won_at < $2) AS won_p,
      count(*) FILTER (WHERE created_at >= $2 AND created_at < $3 AND mql_at IS NOT NULL) AS lead_mql,
      count(*) FILTER (WHERE mql_at >= $2 AND mql_at < $3 AND sql_at IS NOT NULL) AS mql_sql,
      count(*) FILTER (WHERE mql_at >= $2 AND mql_at < $3 AND won_at IS NOT NULL) AS mql_won,
      count(*) FILTER (WHERE sql_at >= $2 AND sql_at < $3 AND won_at IS NOT NULL) AS sql_won
      FROM leads WHERE ${range('created_at')} OR ${range('mql_at')} OR ${range('sql_at')} OR ${range('won_at')} GROUP BY 1`,
  });
  q.push({
    tables: ['spend'],
    sql: `SELECT ${dim}, ${dcur('date')} AS cur, sum(amount) AS spend FROM spend WHERE ${dateRange('date')} GROUP BY 1, 2`,
  });
  q.push({
    tables: ['orders'],
    sql: `SELECT ${dim},
      sum(amount) FILTER (WHERE status IN ('paid', 'refunded') AND ordered_at >= $2 AND ordered_at < $3)
        - coalesce(sum(amount) FILTER (WHERE status = 'refunded' AND coalesce(refunded_at, ordered_at) >= $2 AND coalesce(refunded_at, ordered_at) < $3), 0) AS revenue,
      sum(amount) FILTER (WHERE status IN ('paid', 'refunded') AND ordered_at >= $1 AND ordered_at < $2)
        - coalesce(sum(amount) FILTER (WHERE status = 'refunded' AND coalesce(refunded_at, ordered_at) >= $1 AND coalesce(refunded_at, ordered_at) < $2), 0) AS revenue_p
      FROM orders WHERE ${range('ordered_at')} OR ${range('refunded_at')} GROUP BY 1`,
  });
  q.push({
    tables: ['orders'],
    sql: `WITH o AS (SELECT *, min(ordered_at) OVER (PARTITION BY customer_id) AS first_at FROM orders WHERE status = 'paid'),
      c AS (SELECT ${dim}, customer_id,
        count(*) FILTER (WHERE ordered_at >= $7 AND ordered_at < $3) AS win,
        sum(amount) FILTER (WHERE ordered_at >= $7 AND ordered_at < $3) AS win_rev,
        count(*) FILTER (WHERE ${cur('ordered_at')} AND ordered_at < $3) AS act,
        count(*) FILTER (WHERE ordered_at >= $1 AND ordered_at < $2) AS act_p,
        count(*) FILTER (WHERE ordered_at = first_at AND ${cur('ordered_at')} AND ordered_at < $3) AS new
        FROM o WHERE ordered_at >= least($7, $1) AND ordered_at < $3 GROUP BY 1, 2)
      SELECT ${dim}, count(*) FILTER (WHERE win > 0) AS window_customers, count(*) FILTER (WHERE win >= 2) AS repeat_customers,
        sum(win_rev) AS window_revenue, count(*) FILTER (WHERE new > 0) AS new_customers,
        count(*) FILTER (WHERE act_p > 0) AS prev_active, count(*) FILTER (WHERE act_p > 0 AND act = 0) AS churned
      FROM c GROUP BY 1`,
  });
  if (web) {
    q.push({
      tables: ['surveys'],
      sql: `SELECT channel, ${cur('answered_at')} AS cur, count(nps) AS responses, count(*) FILTER (WHERE nps >= 9) AS promoters,
        count(*) FILTER (WHERE nps <= 6) AS detractors, sum(rating) AS rating_sum, count(rating) AS ratings
        FROM surveys WHERE ${range('answered_at')} GROUP BY 1, 2`,
    });
  }
  q.push({
    tables: ['content'],
    sql: `SELECT ${dim}, ${dcur('date')} AS cur, sum(impressions), sum(views), sum(clicks), sum(shares), sum(leads)
      FROM content WHERE ${dateRange('date')} GROUP BY 1, 2`,
  });
  if (!web) {
    q.push({
      tables: ['projects', 'deliverables', 'experiments'],
      sql: `SELECT owner_id, count(*) AS due, count(*) FILTER (WHERE completed_at <= due_at) AS on_time FROM projects
        WHERE ${range('due_at')} GROUP BY 1 UNION ALL
        SELECT owner_id, count(*), sum(coalesce(completeness, 1) * CASE WHEN submitted_at IS NULL THEN 0 WHEN submitted_at <= due_at THEN 1 ELSE 0.5 END)
        FROM deliverables WHERE ${range('due_at')} GROUP BY 1 UNION ALL
        SELECT owner_id, count(DISTINCT experiment_id), sum(conversions) FROM experiments WHERE ${range('ended_at')} GROUP BY 1`,
    });
  }
  return q;
}

async function runFloor(engine: Engine, period: string): Promise<void> {
  const p = parsePeriod(period, TZ);
  const prev = previousPeriod(p);
  const ts = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
  const windowStart = new Date(p.end.getTime() - 365 * 86_400_000);
  const params = [ts(prev.start), ts(p.start), ts(p.end), prev.startDate, p.startDate, p.endDate, ts(windowStart)];
  for (const dim of ['channel', 'owner_id'] as const) {
    for (const q of floorQueries(dim)) {
      // renumber the placeholders a query uses to $1..$n
      const used = [...new Set([...q.sql.matchAll(/\$(\d)/g)].map((m) => Number(m[1])))].sort();
      const sql = q.sql.replace(/\$(\d)/g, (_, n) => {
        const i = Number(n);
        const p = `$${used.indexOf(i) + 1}`;
        return i >= 4 && i <= 6 ? `CAST(${p} AS DATE)` : `CAST(${p} AS TIMESTAMP)`;
      });
      await engine.query(
        sql,
        used.map((i) => params[i - 1]),
      );
    }
  }
}

/** Peak RSS of this process from now until stop() (sampled every 50 ms, plus the reading at stop). */
function rssSampler(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/**
 * Median of 3 first dashboard calls after a one-event collector-style import into the period (each import is
 * rolled back afterwards, untimed). Checks the call sees the new visitor: a stale set would fail the benchmark.
 */
async function firstCallsAfterImport(engine: Engine, period: string, at: Date): Promise<number> {
  const uv = async () =>
    (await dashboard(engine, { period }, { timeZone: TZ })).tiles.find((t) => t.kpi === 'uv')?.value ?? 0;
  const before = await uv();
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const visitor = `bench-probe-${Date.now()}-${i}`;
    const imported = await importRecords(engine, {
      table: 'events',
      records: [
        {
          event_id: visitor,
          occurred_at: at.toISOString(),
          visitor_id: visitor,
          event_type: 'page_view',
          page_url: 'https://bench.example/probe',
          user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
        },
      ],
      format: 'collector',
      fileName: 'bench-probe',
    });
    const t = performance.now();
    const after = await uv();
    times.push(performance.now() - t);
    await rollbackImport(engine, imported.importId, 'bench');
    if (after !== before + 1) throw new Error(`dashboard after an import shows UV ${after}, expected ${before + 1}`);
  }
  return times.sort((a, b) => a - b)[1]!;
}

/** Times every KPI for one quarter (by channel, by owner) vs the hand-written floor, and the dashboard warm. */
export async function runMetricsBench(opts: { dbPath: string; period?: string }): Promise<MetricsBenchResult> {
  const period = opts.period ?? BENCH_QUARTER;
  const rss = rssSampler();
  const engine = await openWarehouse(opts.dbPath);
  try {
    let cells = 0;
    const engineRun = async () => {
      for (const by of [['channel'], ['owner']] as const) {
        cells += (await runMetrics(engine, { period, timeZone: TZ, by: [...by] })).length;
      }
    };
    // one untimed pass each so both sides run with warm caches
    await engineRun();
    await runFloor(engine, period);
    // three interleaved rounds, median of each side: one slow round on a shared machine does not decide the ratio
    const kpis: number[] = [];
    const floors: number[] = [];
    const kpiCpu: number[] = [];
    const floorCpu: number[] = [];
    for (let round = 0; round < 3; round++) {
      cells = 0;
      let cpu = process.cpuUsage();
      kpis.push(await seconds(engineRun));
      kpiCpu.push(cpuSeconds(cpu));
      cpu = process.cpuUsage();
      floors.push(await seconds(() => runFloor(engine, period)));
      floorCpu.push(cpuSeconds(cpu));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const kpi = median(kpis);
    const floor = median(floors);
    const warm = await medianOf(5, () => dashboard(engine, { period }, { timeZone: TZ }));
    const live = await medianOf(5, () => dashboard(engine, { period }, { timeZone: TZ, live: true }));
    // the period still running (clock two weeks before its end): its last month computed live too
    const p = parsePeriod(period, TZ);
    const open = await medianOf(5, () =>
      dashboard(engine, { period }, { timeZone: TZ, live: true, now: new Date(p.end.getTime() - 14 * 86_400_000) }),
    );
    // a clock at 1970 makes every month open: nothing comes from the metric cache
    const uncached = await medianOf(5, () =>
      dashboard(engine, { period }, { timeZone: TZ, live: true, now: new Date(0) }),
    );
    const afterImport = await firstCallsAfterImport(
      engine,
      period,
      new Date((p.start.getTime() + p.end.getTime()) / 2),
    );
    return {
      period,
      kpi_quarter_s: kpi,
      kpi_floor_s: floor,
      ratio: kpi / floor,
      kpi_quarter_cpu_s: median(kpiCpu),
      kpi_floor_cpu_s: median(floorCpu),
      cpu_ratio: median(kpiCpu) / median(floorCpu),
      dashboard_warm_ms: warm.ms,
      dashboard_warm_cpu_ms: warm.cpuMs,
      dashboard_live_ms: live.ms,
      dashboard_open_ms: open.ms,
      dashboard_uncached_ms: uncached.ms,
      dashboard_after_import_ms: afterImport,
      metric_peak_rss_mb: Math.round(rss.stop() / 1024 / 1024),
      cells,
    };
  } finally {
    await engine.close();
  }
}

/**
 * `node --import tsx bench/metrics.ts --db PATH [--period P] [--json FILE]`: the metric benchmark alone on an
 * already imported database (e.g. one kept by `npm run bench -- --keep`), without generating or importing.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, period: { type: 'string' }, json: { type: 'string' } },
  });
  if (!values.db) throw new Error('usage: bench/metrics.ts --db PATH [--period P] [--json FILE]');
  const bench = await runMetricsBench({ dbPath: values.db, ...(values.period ? { period: values.period } : {}) });
  if (values.json) writeFileSync(values.json, `${JSON.stringify(bench, null, 2)}\n`);
  // with the kernel's high-water mark of the whole process (only the metric phase runs here)
  reportFromChild(bench);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
