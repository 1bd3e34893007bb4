import { findKpi } from '../../core/kpi/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { findPeriod } from '../periods/periods.js';
import { isAdditiveKpi } from './actuals.js';
import { scorecardsOfPeriod } from './store.js';

/**
 * Company-level targets per KPI for a dashboard period, from the scorecards of the assessment period holding it:
 * additive KPIs (counts, money) sum the people's own-scope targets (a company-wide item counts once); other KPIs
 * take the mean of company-wide targets. A month inside a quarter gets a third of an additive quarterly target.
 */
export async function dashboardTargets(engine: Engine, period: string): Promise<Record<string, number>> {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  const quarter = month ? `${month[1]}-Q${Math.floor((Number(month[2]) - 1) / 3) + 1}` : period;
  if (!(await findPeriod(engine, quarter))) return {};
  const share = month ? 1 / 3 : 1;
  const own: Record<string, number> = {};
  const wide: Record<string, number[]> = {};
  for (const card of await scorecardsOfPeriod(engine, quarter, 'person')) {
    for (const item of card.items) {
      const value = item.target?.value;
      if (item.kind !== 'quantitative' || value === null || value === undefined) continue;
      if (Object.keys(item.scope).length === 0) wide[item.kpi] = [...(wide[item.kpi] ?? []), value];
      else if (item.scope.owner && isAdditiveKpi(item.kpi)) own[item.kpi] = (own[item.kpi] ?? 0) + value;
    }
  }
  const result: Record<string, number> = {};
  for (const kpi of new Set([...Object.keys(own), ...Object.keys(wide)])) {
    const additive = isAdditiveKpi(kpi);
    const list = wide[kpi] ?? [];
    const value = additive
      ? (own[kpi] ?? 0) + (list.length ? Math.max(...list) : 0)
      : list.length
        ? list.reduce((a, b) => a + b, 0) / list.length
        : null;
    if (value !== null) result[kpi] = Math.round((additive ? value * share : value) * 10000) / 10000;
  }
  return result;
}

/** Adds `target` and `attainment` (actual vs target, inverted for lower-is-better) to dashboard tiles. */
export async function withDashboardTargets<T extends { kpi: string; value: number | null }>(
  engine: Engine,
  period: string,
  tiles: readonly T[],
): Promise<(T & { target: number | null; attainment: number | null })[]> {
  const targets = await dashboardTargets(engine, period);
  return tiles.map((tile) => {
    const target = targets[tile.kpi] ?? null;
    const lower = findKpi(tile.kpi)?.direction === 'lower';
    let attainment: number | null = null;
    if (target !== null && tile.value !== null && target !== 0 && tile.value !== 0) {
      attainment = Math.round((lower ? target / tile.value : tile.value / target) * 10000) / 10000;
    }
    return { ...tile, target, attainment };
  });
}
