/**
 * The dashboard set (KPI tiles with previous period, funnel, channel table, 12-month trend) in few scans: tiles
 * and channel table share one presence probe; closed periods (the previous period of the tiles, past months of
 * the trend) come from the metric cache; the trend reuses the tiles for the current month and puts each month
 * under the definition version in force in it. The finished set is stored too and served until the next import.
 */
import { config } from '../config.js';
import { getKpi, type KpiDefinition, kpiVersionAt } from '../core/kpi/index.js';
import { addDays, type Period, parsePeriod, previousPeriod, trailingMonths } from '../core/periods/index.js';
import type { Engine } from '../warehouse/engine.js';
import {
  ANY_IMPORT,
  cacheKey,
  teamAssignmentsVersion,
  withMetricCache,
  withMetricCacheMany,
} from '../warehouse/metrics/cache.js';
import {
  evaluateCells,
  growthOf,
  type MetricCell,
  type MetricQuality,
  planMetrics,
  probePresence,
  runPlan,
} from '../warehouse/metrics/index.js';
import { kpiCatalog } from './kpi-config.js';
import type { MetricOptions, MetricRequest } from './metrics.js';
import { attributedRevenueSource } from './metrics-attribution.js';

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

/** KPIs of the channel table and the table's field for each. */
const CHANNEL_FIELDS = {
  sessions: 'sessions',
  leads: 'leads',
  spend: 'spend',
  online_revenue: 'revenue',
  channel_roi: 'roi',
} as const;

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
  /** Per trend month (same order as `trend`): the definition version each KPI's value used. */
  trend_versions: Record<string, string>[];
}

/** Options of the dashboard: the metric options plus the clock deciding which months are closed. */
export interface DashboardOptions extends MetricOptions {
  /** Months ending before this instant are closed and their trend values cached (default: now). */
  now?: Date;
  /**
   * Compute the set instead of serving the stored one: the period's tiles and channel table from the facts
   * (closed trend months and a closed previous period still come from the metric cache). Default false.
   */
  live?: boolean;
}

const tzOf = (o: MetricOptions) => o.timeZone ?? config().timeZone;

/**
 * The dashboard set for a period: KPI tiles, funnel, channel table and 12-month trend. The whole set is cached
 * until any import or rollback finishes (collector batches are imports too), so a repeated call reads one row;
 * a locked period's set only until an import touching its data range.
 */
export async function dashboard(
  engine: Engine,
  request: { period: string; scope?: MetricRequest['scope'] },
  options: DashboardOptions = {},
): Promise<Dashboard> {
  const period = parsePeriod(request.period, tzOf(options));
  const { isLocked, live, ...rest } = options;
  if (live) return buildDashboard(engine, request, rest);
  const locked = isLocked ? await isLocked(period.id) : false;
  const first = trailingMonths(period, 13)[0]!.startDate;
  const range = locked
    ? {
        periodId: period.id,
        startDate: [
          first,
          previousPeriod(previousPeriod(period)).startDate,
          addDays(period.endDate, 1 - (options.windowDays ?? 365)),
        ].sort()[0]!,
        endDate: period.endDate,
      }
    : { periodId: period.id, ...ANY_IMPORT };
  const key = cacheKey({
    dashboard: request,
    locked,
    timeZone: period.timeZone,
    windowDays: options.windowDays,
    asOf: options.asOf,
    catalog: (options.catalog ?? kpiCatalog()).map((k) => [k.id, k.versions]),
    teams: await teamsVersion(engine, request.scope),
  });
  return withMetricCache(engine, key, range, () => buildDashboard(engine, request, rest));
}

/** The team assignments' version when a scope filters by team (people edits are not imports), else undefined. */
async function teamsVersion(engine: Engine, scope: MetricRequest['scope']): Promise<string | undefined> {
  return scope && 'team' in scope ? teamAssignmentsVersion(engine) : undefined;
}

async function buildDashboard(
  engine: Engine,
  request: { period: string; scope?: MetricRequest['scope'] },
  options: DashboardOptions,
): Promise<Dashboard> {
  const catalog = options.catalog ?? kpiCatalog();
  const scope = request.scope ?? {};
  const timeZone = tzOf(options);
  const period = parsePeriod(request.period, timeZone);
  const periods = [previousPeriod(previousPeriod(period)), previousPeriod(period), period];
  const base = {
    scope,
    timeZone,
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.windowDays ? { windowDays: options.windowDays } : {}),
  };
  // tiles: the current period live, the previous one (same definitions) from the cache once it is closed
  const tileKpis = { ...base, kpis: [...DASHBOARD_TILES, 'won_count'] };
  const tilePlan = planMetrics(tileKpis, periods, [2], false, catalog);
  const previousPlan = planMetrics(tileKpis, periods, [1], false, catalog);
  const channelPlan = planMetrics(
    { ...base, by: ['channel'], kpis: Object.keys(CHANNEL_FIELDS) },
    periods,
    [2],
    true,
    catalog,
  );
  const attributedRevenue = attributedRevenueSource(engine);
  const presence = await probePresence(engine, tilePlan, previousPlan, channelPlan);
  const run = { presence, attributedRevenue };
  const tileCells = evaluateCells(await runPlan(engine, tilePlan, run));
  const channelCells = evaluateCells(await runPlan(engine, channelPlan, run));
  const teams = await teamsVersion(engine, scope);
  const previousKey = cacheKey({
    tiles: tileKpis,
    teams,
    period: periods[1]!.id,
    definitions: tilePlan.kpis.map((k) => [k.kpi.id, k.version]),
  });
  const computePrevious = async () =>
    Object.fromEntries(evaluateCells(await runPlan(engine, previousPlan, run)).map((c) => [c.kpi, c.value]));
  const previous: Record<string, number | null> = isClosed(periods[1]!, options)
    ? await withMetricCache(engine, previousKey, { periodId: periods[1]!.id, ...ANY_IMPORT }, computePrevious)
    : await computePrevious();
  const byKpi = new Map(
    tileCells.map((c) => {
      const before = previous[c.kpi] ?? null;
      return [c.kpi, { ...c, previous: before, growth: growthOf(c.value, before) }];
    }),
  );
  const { trend, versions } = await dashboardTrend(engine, period, scope, byKpi, { ...options, teams });
  return {
    period: period.id,
    tiles: tilesOf(byKpi, catalog),
    funnel: funnelOf(byKpi),
    channels: channelTable(channelCells),
    trend,
    trend_versions: versions,
  };
}

/** Whether a period ended before `now` (its data then changes only through imports and rollbacks). */
function isClosed(p: Period, options: DashboardOptions): boolean {
  return p.end.getTime() <= (options.now ?? new Date()).getTime();
}

function tilesOf(byKpi: Map<string, MetricCell>, catalog: readonly KpiDefinition[]): Dashboard['tiles'] {
  return DASHBOARD_TILES.map((id) => {
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
}

function funnelOf(byKpi: Map<string, MetricCell>): Dashboard['funnel'] {
  const stages: [string, string][] = [
    ['visitors', 'uv'],
    ['leads', 'leads'],
    ['mql', 'mql_count'],
    ['sql', 'sql_count'],
    ['won', 'won_count'],
  ];
  let before: number | null = null;
  return stages.map(([stage, kpi], i) => {
    const value = byKpi.get(kpi)?.value ?? null;
    const rate = i === 0 || value === null || before === null || before === 0 ? null : value / before;
    before = value;
    return { stage, value, rate };
  });
}

function channelTable(cells: MetricCell[]): Dashboard['channels'] {
  const channels = new Map<string, Dashboard['channels'][number]>();
  for (const c of cells) {
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
    row[CHANNEL_FIELDS[c.kpi as keyof typeof CHANNEL_FIELDS]] = c.value;
    channels.set(key, row);
  }
  return [...channels.values()].sort((a, b) => (b.spend ?? 0) - (a.spend ?? 0));
}

/** Trend values of one month: KPI → value and KPI → definition version. */
interface TrendMonth {
  values: Record<string, number | null>;
  versions: Record<string, string>;
}

/**
 * The 12 months up to the period's end, each KPI under the version in force in that month. The current month
 * of a month period comes from the tiles; closed months (ended before `now`) from the metric cache, which any
 * later import or rollback invalidates; the rest in one plan (one query per table family, grouped by month).
 */
async function dashboardTrend(
  engine: Engine,
  period: Period,
  scope: NonNullable<MetricRequest['scope']>,
  tiles: Map<string, MetricCell>,
  options: DashboardOptions & { teams?: string },
): Promise<{ trend: Dashboard['trend']; versions: Dashboard['trend_versions'] }> {
  const catalog = options.catalog ?? kpiCatalog();
  const months = trailingMonths(period, 13);
  const shown = months.slice(1);
  const known = new Map<string, TrendMonth>();
  if (period.kind === 'month') known.set(period.id, fromTiles(tiles));
  const keyOf = (m: Period) =>
    cacheKey({
      trend: DASHBOARD_TREND,
      month: m.id,
      scope,
      teams: options.teams,
      timeZone: m.timeZone,
      asOf: options.asOf,
      definitions: DASHBOARD_TREND.map((id) => [id, kpiVersionAt(getKpi(id, catalog), m.startDate)]),
    });
  const closed = shown.filter((m) => !known.has(m.id) && isClosed(m, options));
  const compute = async (list: Period[]) => computeTrendMonths(engine, months, list, scope, options, catalog);
  const cached = await withMetricCacheMany<TrendMonth>(
    engine,
    closed.map((m) => ({ key: keyOf(m), range: { periodId: m.id, ...ANY_IMPORT } })),
    async (missing) => {
      const list = closed.filter((m) => missing.includes(keyOf(m)));
      const values = await compute(list);
      return new Map(list.map((m) => [keyOf(m), values.get(m.id)!]));
    },
  );
  for (const m of closed) known.set(m.id, cached.get(keyOf(m))!);
  const open = shown.filter((m) => !known.has(m.id));
  for (const [id, month] of await compute(open)) known.set(id, month);
  return {
    trend: shown.map((m) => ({ period: m.id, ...known.get(m.id)!.values })),
    versions: shown.map((m) => ({ period: m.id, ...known.get(m.id)!.versions })),
  };
}

function fromTiles(tiles: Map<string, MetricCell>): TrendMonth {
  const month: TrendMonth = { values: {}, versions: {} };
  for (const id of DASHBOARD_TREND) {
    const c = tiles.get(id);
    month.values[id] = c?.value ?? null;
    if (c) month.versions[id] = c.version;
  }
  return month;
}

/** Trend values of some of the months (each KPI under the version in force in its month), one plan. */
async function computeTrendMonths(
  engine: Engine,
  months: Period[],
  list: Period[],
  scope: NonNullable<MetricRequest['scope']>,
  options: DashboardOptions,
  catalog: readonly KpiDefinition[],
): Promise<Map<string, TrendMonth>> {
  const out = new Map<string, TrendMonth>(list.map((m) => [m.id, { values: {}, versions: {} }]));
  if (list.length === 0) return out;
  const ids = new Set(list.map((m) => m.id));
  const plan = planMetrics(
    {
      kpis: DASHBOARD_TREND,
      scope,
      timeZone: months[0]!.timeZone,
      versionPerPeriod: true,
      ...(options.asOf ? { asOf: options.asOf } : {}),
    },
    months,
    months.flatMap((m, i) => (i > 0 && ids.has(m.id) ? [i] : [])),
    false,
    catalog,
  );
  const cells = evaluateCells(await runPlan(engine, plan, { attributedRevenue: attributedRevenueSource(engine) }));
  for (const c of cells) {
    const month = out.get(c.period);
    if (!month) continue;
    month.values[c.kpi] = c.value;
    month.versions[c.kpi] = c.version;
  }
  return out;
}
