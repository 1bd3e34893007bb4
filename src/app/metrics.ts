import { config } from '../config.js';
import type { DimensionId, KpiDefinition } from '../core/kpi/index.js';
import { getKpi } from '../core/kpi/index.js';
import { addDays, parsePeriod, previousPeriod, trailingMonths } from '../core/periods/index.js';
import type { Engine } from '../warehouse/engine.js';
import { cacheKey, withMetricCache } from '../warehouse/metrics/cache.js';
import { compilePlan } from '../warehouse/metrics/compile.js';
import { type FunnelCohort, funnelCohort as runFunnelCohort } from '../warehouse/metrics/funnel.js';
import {
  evaluateCells,
  type MetricCell,
  type MetricQuality,
  planForPeriod,
  planMetrics,
  runPlan,
} from '../warehouse/metrics/index.js';
import { measureLineage } from '../warehouse/metrics/lineage.js';
import { kpiCatalog } from './kpi-config.js';

export type { FunnelCohort, MetricCell, MetricQuality };
export type MetricDimension = DimensionId;

/** What to compute: KPIs (all computable when omitted) for a period, grouped by dims, filtered by a scope. */
export interface MetricRequest {
  kpis?: string[];
  period: string;
  by?: MetricDimension[];
  scope?: Partial<Record<MetricDimension, string>>;
  /** Recompute under the definitions in force on this date (YYYY-MM-DD); default: the period's start. */
  version?: string;
}

/** Options shared by the entry points. */
export interface MetricOptions {
  /** Default: the configured time zone. */
  timeZone?: string;
  /** Whether a period is locked; locked periods' results are cached until an import touches them. */
  isLocked?: (periodId: string) => boolean | Promise<boolean>;
  /** KPI catalog incl. user KPIs (default: the built-in catalog). */
  catalog?: readonly KpiDefinition[];
  /** Follow cohorts only up to this instant (default: everything known). */
  asOf?: Date;
  /** Repeat-purchase / CLV window in days (default 365). */
  windowDays?: number;
}

const tzOf = (o: MetricOptions) => o.timeZone ?? config().timeZone;

/** Computes KPI values from the warehouse: one cell per KPI (and --by group) with previous value and growth. */
export async function computeMetrics(
  engine: Engine,
  request: MetricRequest,
  options: MetricOptions = {},
): Promise<MetricCell[]> {
  const catalog = options.catalog ?? kpiCatalog();
  const full = {
    ...request,
    timeZone: tzOf(options),
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.windowDays ? { windowDays: options.windowDays } : {}),
  };
  const plan = planForPeriod(full, catalog);
  const compute = async () => evaluateCells(await runPlan(engine, plan));
  const period = plan.periods[plan.periods.length - 1]!;
  if (!options.isLocked || !(await options.isLocked(period.id))) return compute();
  const definitions = plan.kpis.map((k) => [k.kpi.id, k.version]);
  const first = previousPeriod(plan.periods[0]!).startDate;
  const windowFirst = addDays(period.endDate, 1 - plan.windowDays);
  const range = { periodId: period.id, startDate: [first, windowFirst].sort()[0]!, endDate: period.endDate };
  return withMetricCache(engine, cacheKey({ full, definitions }), range, compute);
}

/** Lineage of one KPI value. */
export interface MetricLineage {
  kpi: string;
  name_zh: string;
  name_en: string;
  period: string;
  version: string;
  effective_from: string;
  formula: string;
  unit: string;
  value: number | null;
  quality: MetricQuality;
  reason?: string;
  previous: number | null;
  growth: number | null;
  sql: string[];
  params: unknown[][];
  measures: Record<
    string,
    { value: number | null; table: string; source: 'rows' | 'fallback' | 'missing'; source_row_ids: string[] }
  >;
}

/** Lineage of one KPI value: version, formula, compiled SQL, base-measure values and source row ids. */
export async function explainMetric(
  engine: Engine,
  request: { kpi: string; period: string; scope?: MetricRequest['scope']; version?: string },
  options: MetricOptions = {},
): Promise<MetricLineage> {
  const catalog = options.catalog ?? kpiCatalog();
  const kpi = getKpi(request.kpi, catalog);
  const plan = planForPeriod(
    {
      kpis: [kpi.id],
      period: request.period,
      timeZone: tzOf(options),
      ...(request.scope ? { scope: request.scope } : {}),
      ...(request.version ? { version: request.version } : {}),
      ...(options.asOf ? { asOf: options.asOf } : {}),
      ...(options.windowDays ? { windowDays: options.windowDays } : {}),
    },
    catalog,
  );
  const results = await runPlan(engine, plan);
  const [cell] = evaluateCells(results);
  const k = plan.kpis[0]!;
  const queries = results.queries.length ? results.queries : compilePlan(plan, engine.dialect);
  const keys = Object.fromEntries(Object.entries(k.keys).map(([id, key]) => [id, key as string]));
  return {
    kpi: kpi.id,
    name_zh: kpi.name_zh,
    name_en: kpi.name_en,
    period: plan.periods[plan.periods.length - 1]!.id,
    version: k.version.version,
    effective_from: k.version.effective_from,
    formula: k.version.formula,
    unit: kpi.unit,
    value: cell?.value ?? null,
    quality: cell?.quality ?? 'missing_source',
    ...(cell?.reason ? { reason: cell.reason } : {}),
    previous: cell?.previous ?? null,
    growth: cell?.growth ?? null,
    sql: queries.map((q) => q.sql),
    params: queries.map((q) => q.params),
    measures: k.unsupported ? {} : await measureLineage(engine, results, keys),
  };
}

/** Funnel cohort of a period: MQL → SQL → won counts, shares and median lags. */
export async function funnelCohort(
  engine: Engine,
  request: { period: string; scope?: MetricRequest['scope']; version?: string },
  options: MetricOptions = {},
): Promise<FunnelCohort> {
  return runFunnelCohort(engine, { ...request, timeZone: tzOf(options) }, options.catalog);
}

/** KPI tiles of the dashboard, in display order. */
export const DASHBOARD_TILES = [
  'online_revenue',
  'roi',
  'spend',
  'uv',
  'leads',
  'mql_count',
  'sql_count',
  'cpl',
  'close_rate',
  'cac',
  'nps',
  'repurchase_rate',
];
/** KPIs of the 12-month trend. */
export const DASHBOARD_TREND = ['online_revenue', 'spend', 'roi', 'uv', 'leads', 'mql_count'];

/** The dashboard of a period. */
export interface Dashboard {
  period: string;
  tiles: {
    kpi: string;
    name_zh: string;
    name_en: string;
    value: number | null;
    unit: string;
    previous: number | null;
    growth: number | null;
    quality: MetricQuality;
    reason?: string;
  }[];
  funnel: { stage: string; value: number | null; rate: number | null }[];
  channels: {
    channel: string | null;
    sessions: number | null;
    leads: number | null;
    spend: number | null;
    revenue: number | null;
    roi: number | null;
  }[];
  trend: Record<string, string | number | null>[];
}

/** The dashboard set for a period: KPI tiles, funnel, channel table and 12-month trend. */
export async function dashboard(
  engine: Engine,
  request: { period: string; scope?: MetricRequest['scope'] },
  options: MetricOptions = {},
): Promise<Dashboard> {
  const period = parsePeriod(request.period, tzOf(options));
  const { isLocked, ...rest } = options;
  if (!isLocked || !(await isLocked(period.id))) return buildDashboard(engine, request, rest);
  const first = trailingMonths(period, 13)[0]!.startDate;
  const range = {
    periodId: period.id,
    startDate: [
      first,
      previousPeriod(previousPeriod(period)).startDate,
      addDays(period.endDate, 1 - (options.windowDays ?? 365)),
    ].sort()[0]!,
    endDate: period.endDate,
  };
  const key = cacheKey({
    dashboard: request,
    timeZone: period.timeZone,
    windowDays: options.windowDays,
    asOf: options.asOf,
    catalog: (options.catalog ?? kpiCatalog()).map((k) => [k.id, k.versions]),
  });
  return withMetricCache(engine, key, range, () => buildDashboard(engine, request, rest));
}

async function buildDashboard(
  engine: Engine,
  request: { period: string; scope?: MetricRequest['scope'] },
  options: MetricOptions,
): Promise<Dashboard> {
  const catalog = options.catalog ?? kpiCatalog();
  const scope = request.scope ?? {};
  const base = { period: request.period, scope };
  const tileCells = await computeMetrics(engine, { ...base, kpis: [...DASHBOARD_TILES, 'won_count'] }, options);
  const byKpi = new Map(tileCells.map((c) => [c.kpi, c]));
  const tiles = DASHBOARD_TILES.map((id) => {
    const c = byKpi.get(id);
    const k = getKpi(id, catalog);
    return {
      kpi: id,
      name_zh: k.name_zh,
      name_en: k.name_en,
      value: c?.value ?? null,
      unit: k.unit,
      previous: c?.previous ?? null,
      growth: c?.growth ?? null,
      quality: c?.quality ?? 'missing_source',
      ...(c?.reason ? { reason: c.reason } : {}),
    };
  });
  const stages: [string, string][] = [
    ['visitors', 'uv'],
    ['leads', 'leads'],
    ['mql', 'mql_count'],
    ['sql', 'sql_count'],
    ['won', 'won_count'],
  ];
  let before: number | null = null;
  const funnel = stages.map(([stage, kpi], i) => {
    const value = byKpi.get(kpi)?.value ?? null;
    const rate = i === 0 || value === null || before === null || before === 0 ? null : value / before;
    before = value;
    return { stage, value, rate };
  });
  const channelCells = await computeMetrics(
    engine,
    { ...base, by: ['channel'], kpis: ['sessions', 'leads', 'spend', 'online_revenue', 'channel_roi'] },
    options,
  );
  const channels = new Map<string, Dashboard['channels'][number]>();
  const field = {
    sessions: 'sessions',
    leads: 'leads',
    spend: 'spend',
    online_revenue: 'revenue',
    channel_roi: 'roi',
  } as const;
  for (const c of channelCells) {
    if (c.quality === 'unsupported_dimension') continue;
    const name = (c.channel as string | null) ?? null;
    const key = name ?? '';
    const row = channels.get(key) ?? {
      channel: name,
      sessions: null,
      leads: null,
      spend: null,
      revenue: null,
      roi: null,
    };
    row[field[c.kpi as keyof typeof field]] = c.value;
    channels.set(key, row);
  }
  const period = parsePeriod(request.period, tzOf(options));
  const months = trailingMonths(period, 13);
  const plan = planMetrics(
    { kpis: DASHBOARD_TREND, scope, timeZone: tzOf(options), ...(options.asOf ? { asOf: options.asOf } : {}) },
    months,
    months.map((_, i) => i).slice(1),
    false,
    catalog,
  );
  const trendCells = evaluateCells(await runPlan(engine, plan));
  const trend = months.slice(1).map((m) => {
    const row: Record<string, string | number | null> = { period: m.id };
    for (const c of trendCells) if (c.period === m.id) row[c.kpi] = c.value;
    return row;
  });
  return {
    period: period.id,
    tiles,
    funnel,
    channels: [...channels.values()].sort((a, b) => (b.spend ?? 0) - (a.spend ?? 0)),
    trend,
  };
}
