import type { KpiDefinition } from '../../core/kpi/index.js';
import { KPI_CATALOG } from '../../core/kpi/index.js';
import type { Engine } from '../engine.js';
import { type MetricsRequest, planForPeriod } from './plan.js';
import { evaluateCells, type MetricCell, runPlan } from './run.js';

export type { AttributedRevenue } from './attributed.js';
export { type CompiledMetrics, type CompiledQuery, compileMetrics } from './compile.js';
export {
  checkAttributionModel,
  checkDimensions,
  METRIC_ATTRIBUTION_MODELS,
  type MetricPlan,
  type MetricsRequest,
  planForPeriod,
  planMetrics,
} from './plan.js';
export {
  evaluateCells,
  growthOf,
  type MeasureResults,
  type MetricCell,
  type MetricQuality,
  probePresence,
  type RunOptions,
  runPlan,
} from './run.js';

/** Computes the requested KPIs for one period (with previous value and growth), per --by group. */
export async function runMetrics(
  engine: Engine,
  request: MetricsRequest,
  catalog: readonly KpiDefinition[] = KPI_CATALOG,
): Promise<MetricCell[]> {
  const plan = planForPeriod(request, catalog);
  return evaluateCells(await runPlan(engine, plan));
}
