import { config } from '../config.js';
import type { DimensionId, KpiDefinition } from '../core/kpi/index.js';
import { getKpi } from '../core/kpi/index.js';
import { addDays, previousPeriod } from '../core/periods/index.js';
import type { Engine } from '../warehouse/engine.js';
import { cacheKey, teamAssignmentsVersion, withMetricCache } from '../warehouse/metrics/cache.js';
import { compilePlan } from '../warehouse/metrics/compile.js';
import { type FunnelCohort, funnelCohort as runFunnelCohort } from '../warehouse/metrics/funnel.js';
import {
  evaluateCells,
  type MetricCell,
  type MetricQuality,
  planForPeriod,
  runPlan,
} from '../warehouse/metrics/index.js';
import { measureLineage } from '../warehouse/metrics/lineage.js';
import { kpiCatalog } from './kpi-config.js';
import { attributedRevenueSource } from './metrics-attribution.js';

export { METRIC_ATTRIBUTION_MODELS, metricAttributionModel } from './metrics-attribution.js';

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
  /**
   * Attribution model of attributed revenue (ROI, ROAS, channel ROI): `order_channel` or a multi-touch model
   * (first_touch … shapley); default: the KPI version's `measure_options.attribution_model`, else order_channel.
   */
  attribution?: string;
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
  const compute = async () =>
    evaluateCells(await runPlan(engine, plan, { attributedRevenue: attributedRevenueSource(engine) }));
  const period = plan.periods[plan.periods.length - 1]!;
  if (!options.isLocked || !(await options.isLocked(period.id))) return compute();
  const definitions = plan.kpis.map((k) => [k.kpi.id, k.version]);
  const first = previousPeriod(plan.periods[0]!).startDate;
  const windowFirst = addDays(period.endDate, 1 - plan.windowDays);
  const range = { periodId: period.id, startDate: [first, windowFirst].sort()[0]!, endDate: period.endDate };
  const byTeam = 'team' in (request.scope ?? {}) || (request.by ?? []).includes('team');
  const teams = byTeam ? await teamAssignmentsVersion(engine) : undefined;
  return withMetricCache(engine, cacheKey({ full, definitions, teams }), range, compute);
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
  /** Attribution model of the attributed revenue the value rests on (ROI, ROAS, channel ROI). */
  attribution_model?: string;
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
  request: { kpi: string; period: string; scope?: MetricRequest['scope']; version?: string; attribution?: string },
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
      ...(request.attribution ? { attribution: request.attribution } : {}),
      ...(options.asOf ? { asOf: options.asOf } : {}),
      ...(options.windowDays ? { windowDays: options.windowDays } : {}),
    },
    catalog,
  );
  const results = await runPlan(engine, plan, { attributedRevenue: attributedRevenueSource(engine) });
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
    ...(k.attribution ? { attribution_model: k.attribution } : {}),
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

export {
  DASHBOARD_TILES,
  DASHBOARD_TREND,
  type Dashboard,
  type DashboardOptions,
  dashboard,
} from './metrics-dashboard.js';
