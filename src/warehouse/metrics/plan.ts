import { ATTRIBUTION_MODELS } from '../../core/attribution/index.js';
import { ValidationError } from '../../core/errors.js';
import {
  DIMENSION_IDS,
  type DimensionId,
  type FormulaAst,
  formulaInputs,
  getKpi,
  type KpiDefinition,
  type KpiVersion,
  kpiVersionAt,
  parseFormula,
} from '../../core/kpi/index.js';
import {
  type Filter,
  getMeasure,
  type MeasureDefinition,
  type MeasureId,
  ORDER_CHANNEL_ATTRIBUTION,
} from '../../core/measures/index.js';
import { type Period, parsePeriod, previousPeriod } from '../../core/periods/index.js';
import { dimensionColumn } from './sql-parts.js';

/** What to compute. */
export interface MetricsRequest {
  /** KPI ids; all computable (non-manual) KPIs when omitted. */
  kpis?: string[];
  period: string;
  by?: DimensionId[];
  scope?: Partial<Record<DimensionId, string>>;
  /** Recompute under the definitions in force on this date (YYYY-MM-DD). */
  version?: string;
  /**
   * Without `version`: each reported period uses the definition in force at its own start (a 12-month trend
   * crossing a version switch), instead of the one in force at the last period's start.
   */
  versionPerPeriod?: boolean;
  /**
   * Attribution model of attributed revenue (ROI, ROAS, channel ROI): `order_channel` or a multi-touch model;
   * default: the KPI version's `measure_options.attribution_model`, else `order_channel`.
   */
  attribution?: string;
  /** Cohort follow-up limit: stage changes after this instant are ignored (default: everything known). */
  asOf?: Date;
  /** Trailing window of repeat/CLV measures, in days (default 365). */
  windowDays?: number;
  timeZone: string;
}

/** One KPI to evaluate, with its resolved version and measure keys. */
export interface KpiPlan {
  kpi: KpiDefinition;
  version: KpiVersion;
  ast: FormulaAst;
  /** measure id → measure key (id plus versioned options) */
  keys: Partial<Record<MeasureId, string>>;
  current: MeasureId[];
  previous: MeasureId[];
  unsupported?: string;
  /** Period indexes this version reports (default: the plan's outputs); set when versions differ by period. */
  outputs?: number[];
  /** Attribution model of its attributed revenue, when the formula uses it. */
  attribution?: string;
}

/** A measure variant to compute and for which period indexes. */
export interface MeasureNeed {
  key: string;
  measure: MeasureDefinition;
  extraFilters: Filter[];
  periods: Set<number>;
  /** A multi-touch model crediting this measure (attributed revenue) outside SQL. */
  attribution?: string;
}

/** The resolved request: periods (oldest first), KPIs, and the measures they need. */
export interface MetricPlan {
  periods: Period[];
  /** Indexes of periods whose KPI values are reported. */
  outputs: number[];
  withPrevious: boolean;
  kpis: KpiPlan[];
  measures: Map<string, MeasureNeed>;
  by: DimensionId[];
  scope: Partial<Record<DimensionId, string>>;
  asOf: Date | undefined;
  windowDays: number;
}

/** Checks dimension ids (from --by / --scope). */
export function checkDimensions(dims: readonly string[], field: string): DimensionId[] {
  for (const d of dims) {
    if (!(DIMENSION_IDS as readonly string[]).includes(d)) {
      throw new ValidationError(`${field}: unknown dimension "${d}" (known: ${DIMENSION_IDS.join(', ')})`, [{ field }]);
    }
  }
  return dims as DimensionId[];
}

function variantOf(
  m: MeasureDefinition,
  options: Record<string, unknown> | undefined,
): { key: string; filters: Filter[] } {
  const filters: Filter[] = [];
  const tags: string[] = [];
  for (const [name, byValue] of Object.entries(m.variants ?? {})) {
    const value = options?.[name];
    const extra = typeof value === 'string' ? byValue[value] : undefined;
    if (extra?.length) {
      filters.push(...extra);
      tags.push(`${name}=${value}`);
    }
  }
  return { key: tags.length ? `${m.id}[${tags.join(',')}]` : m.id, filters };
}

function unsupportedReason(kpi: KpiDefinition, measures: MeasureDefinition[], dims: DimensionId[]): string | undefined {
  if (kpi.required_dimension && !dims.includes(kpi.required_dimension)) {
    return `${kpi.id} needs the dimension ${kpi.required_dimension} (group or scope it by ${kpi.required_dimension})`;
  }
  for (const d of dims) {
    if (!kpi.dimensions.includes(d)) return `${kpi.id} cannot be cut by ${d}`;
    for (const m of measures) {
      if (!m.ignoresDimensions && !dimensionColumn(m.table, d)) return `${m.id} (${m.table}) cannot be cut by ${d}`;
    }
  }
  return undefined;
}

const ATTRIBUTED: MeasureId = 'attributed_revenue';

/** Names of attribution models metric values accept: the order's own channel or a multi-touch model. */
export const METRIC_ATTRIBUTION_MODELS: readonly string[] = [ORDER_CHANNEL_ATTRIBUTION, ...ATTRIBUTION_MODELS];

/** Checks an attribution model name (from a request field or a KPI version's measure_options). */
export function checkAttributionModel(value: unknown, field: string, label = field): string {
  if (typeof value === 'string' && METRIC_ATTRIBUTION_MODELS.includes(value)) return value;
  throw new ValidationError(
    `${label}: unknown attribution model "${String(value)}" (known: ${METRIC_ATTRIBUTION_MODELS.join(', ')})`,
    [{ field }],
  );
}

/** The model of a KPI's attributed revenue: the request's, else its version's configured one, else the order's. */
function attributionModel(kpi: KpiDefinition, version: KpiVersion, requested: string | undefined): string {
  if (requested) return checkAttributionModel(requested, 'attribution');
  const configured = version.measure_options?.attribution_model;
  if (configured === undefined) return ORDER_CHANNEL_ATTRIBUTION;
  return checkAttributionModel(
    configured,
    'measure_options.attribution_model',
    `KPI "${kpi.id}" version ${version.version} measure_options.attribution_model`,
  );
}

/** Resolves KPIs, versions and measure needs for a list of periods. */
export function planMetrics(
  request: Omit<MetricsRequest, 'period'>,
  periods: Period[],
  outputs: number[],
  withPrevious: boolean,
  catalog: readonly KpiDefinition[],
): MetricPlan {
  const by = checkDimensions(request.by ?? [], 'by');
  const scope = request.scope ?? {};
  checkDimensions(Object.keys(scope), 'scope');
  const dims = [...new Set([...by, ...(Object.keys(scope) as DimensionId[])])];
  const ids = request.kpis?.length ? request.kpis : catalog.filter((k) => !k.manual).map((k) => k.id);
  const measures = new Map<string, MeasureNeed>();
  const last = periods[periods.length - 1];
  if (!last) throw new Error('planMetrics: no periods');
  const versionDate = request.version ?? last.startDate;
  if (request.version && !/^\d{4}-\d{2}-\d{2}$/.test(request.version)) {
    throw new ValidationError(`version: expected a date YYYY-MM-DD, got "${request.version}"`, [{ field: 'version' }]);
  }
  // one KPI plan per definition version in use: with versionPerPeriod, each output period picks its own
  const versionsOf = (kpi: KpiDefinition): { version: KpiVersion; outputs: number[] | undefined }[] => {
    if (request.version || !request.versionPerPeriod)
      return [{ version: kpiVersionAt(kpi, versionDate), outputs: undefined }];
    const byVersion = new Map<KpiVersion, number[]>();
    for (const t of outputs) {
      const v = kpiVersionAt(kpi, periods[t]!.startDate);
      byVersion.set(v, [...(byVersion.get(v) ?? []), t]);
    }
    const list = [...byVersion].map(([version, ts]) => ({ version, outputs: ts }));
    return list.length === 1 ? [{ version: list[0]!.version, outputs: undefined }] : list;
  };
  const kpis = ids.flatMap((id) => {
    const kpi = getKpi(id, catalog);
    return versionsOf(kpi).map((v) => planKpi(kpi, v.version, v.outputs));
  });
  function planKpi(kpi: KpiDefinition, version: KpiVersion, kpiOutputs: number[] | undefined): KpiPlan {
    const ast = parseFormula(version.formula);
    const { current, previous } = formulaInputs(ast);
    const defs = [...new Set([...current, ...previous])].map(getMeasure);
    const keys: Partial<Record<MeasureId, string>> = {};
    const plan: KpiPlan = {
      kpi,
      version,
      ast,
      keys,
      current,
      previous,
      ...(kpiOutputs ? { outputs: kpiOutputs } : {}),
    };
    const model = defs.some((m) => m.id === ATTRIBUTED)
      ? attributionModel(kpi, version, request.attribution)
      : undefined;
    if (model) plan.attribution = model;
    const multiTouch = model && model !== ORDER_CHANNEL_ATTRIBUTION ? model : undefined;
    const unsupported = kpi.manual
      ? `${kpi.id} is entered manually`
      : (unsupportedReason(kpi, defs, dims) ??
        (multiTouch && dims.some((d) => d !== 'channel')
          ? `${kpi.id} under the ${multiTouch} attribution model can only be cut by channel`
          : undefined));
    if (unsupported) return { ...plan, unsupported };
    const need = (id: MeasureId, index: number) => {
      if (index < 0) return;
      const m = getMeasure(id);
      const v = variantOf(m, version.measure_options);
      const attribution = id === ATTRIBUTED ? multiTouch : undefined;
      const key = attribution ? `${v.key}[attribution=${attribution}]` : v.key;
      keys[id] = key;
      let entry = measures.get(key);
      if (!entry) {
        entry = {
          key,
          measure: m,
          extraFilters: v.filters,
          periods: new Set(),
          ...(attribution ? { attribution } : {}),
        };
        measures.set(key, entry);
      }
      entry.periods.add(index);
    };
    for (const t of kpiOutputs ?? outputs) {
      const at = withPrevious ? [t, t - 1] : [t];
      for (const i of at) {
        for (const m of current) need(m, i);
        for (const m of previous) need(m, i - 1);
      }
    }
    return plan;
  }
  return {
    periods,
    outputs,
    withPrevious,
    kpis,
    measures,
    by,
    scope,
    asOf: request.asOf,
    windowDays: request.windowDays ?? 365,
  };
}

/** Plans one period with its previous value (and the one before when a formula uses prev/growth). */
export function planForPeriod(request: MetricsRequest, catalog: readonly KpiDefinition[]): MetricPlan {
  const period = parsePeriod(request.period, request.timeZone);
  const prev = previousPeriod(period);
  const periods = [previousPeriod(prev), prev, period];
  return planMetrics(request, periods, [2], true, catalog);
}
