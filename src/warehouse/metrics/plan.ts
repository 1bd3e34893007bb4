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
import { type Filter, getMeasure, type MeasureDefinition, type MeasureId } from '../../core/measures/index.js';
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
}

/** A measure variant to compute and for which period indexes. */
export interface MeasureNeed {
  key: string;
  measure: MeasureDefinition;
  extraFilters: Filter[];
  periods: Set<number>;
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
  const kpis = ids.map((id): KpiPlan => {
    const kpi = getKpi(id, catalog);
    const version = kpiVersionAt(kpi, versionDate);
    const ast = parseFormula(version.formula);
    const { current, previous } = formulaInputs(ast);
    const defs = [...new Set([...current, ...previous])].map(getMeasure);
    const keys: Partial<Record<MeasureId, string>> = {};
    const plan: KpiPlan = { kpi, version, ast, keys, current, previous };
    const unsupported = kpi.manual ? `${kpi.id} is entered manually` : unsupportedReason(kpi, defs, dims);
    if (unsupported) return { ...plan, unsupported };
    const need = (id: MeasureId, index: number) => {
      if (index < 0) return;
      const m = getMeasure(id);
      const v = variantOf(m, version.measure_options);
      keys[id] = v.key;
      let entry = measures.get(v.key);
      if (!entry) {
        entry = { key: v.key, measure: m, extraFilters: v.filters, periods: new Set() };
        measures.set(v.key, entry);
      }
      entry.periods.add(index);
    };
    for (const t of outputs) {
      const at = withPrevious ? [t, t - 1] : [t];
      for (const i of at) {
        for (const m of current) need(m, i);
        for (const m of previous) need(m, i - 1);
      }
    }
    return plan;
  });
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
