import { findKpi } from '../../core/kpi/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { computeMetrics, type MetricDimension, type MetricRequest } from '../metrics.js';
import type { CardItem } from './items.js';

/** A KPI actual for one item, with the metric engine's quality and the source of the number. */
export interface ItemActual {
  value: number | null;
  quality: string;
  reason?: string;
  source: 'metrics' | 'manual';
  credit_share?: number;
  manual?: { by: string; at: string };
}

const ADDITIVE_UNITS = new Set(['count', 'currency']);

/** Whether the KPI's values add up across people (counts, money), so a credit share splits them. */
export function isAdditiveKpi(kpi: string): boolean {
  return ADDITIVE_UNITS.has(findKpi(kpi)?.unit ?? '');
}

/**
 * Actuals of a card's quantitative items for a period: one metric-engine call per distinct scope; manual KPIs
 * take their typed value. A failed or missing metric gives null with the reason, never 0.
 */
export async function fetchItemActuals(
  engine: Engine,
  items: readonly CardItem[],
  period: string,
): Promise<Record<string, ItemActual>> {
  const result: Record<string, ItemActual> = {};
  const byScope = new Map<string, CardItem[]>();
  for (const item of items) {
    if (item.kind !== 'quantitative') continue;
    if (item.manual_actual) {
      result[item.id] = {
        value: item.manual_actual.value,
        quality: 'exact',
        source: 'manual',
        manual: { by: item.manual_actual.by, at: item.manual_actual.at },
      };
      continue;
    }
    if (!findKpi(item.kpi)) {
      result[item.id] = { value: null, quality: 'undefined', reason: `unknown KPI ${item.kpi}`, source: 'metrics' };
      continue;
    }
    const key = JSON.stringify([Object.entries(item.scope).sort(), item.version]);
    byScope.set(key, [...(byScope.get(key) ?? []), item]);
  }
  for (const group of byScope.values()) {
    const scope = (group[0]?.scope ?? {}) as MetricRequest['scope'];
    const kpis = [...new Set(group.map((i) => i.kpi))];
    let cells: Awaited<ReturnType<typeof computeMetrics>> = [];
    let failure: string | undefined;
    try {
      const version = group[0]?.version;
      cells = await computeMetrics(engine, {
        kpis,
        period,
        ...(scope ? { scope } : {}),
        ...(version ? { version } : {}),
      });
    } catch (error) {
      failure = (error as Error).message;
    }
    for (const item of group) {
      const cell = cells.find((c) => c.kpi === item.kpi && !hasExtraDims(c, scope));
      if (!cell) {
        result[item.id] = {
          value: null,
          quality: 'missing_source',
          reason: failure ?? 'no value from the metric engine',
          source: 'metrics',
        };
        continue;
      }
      const entry: ItemActual = { value: cell.value, quality: cell.quality, source: 'metrics' };
      if (cell.reason) entry.reason = cell.reason;
      // A joint KPI keeps the whole shared value (the achievement is shared); the credit share splits the money.
      if (item.joint) entry.credit_share = item.joint.share;
      result[item.id] = entry;
    }
  }
  return result;
}

function hasExtraDims(cell: Record<string, unknown>, scope: MetricRequest['scope']): boolean {
  // A cell grouped by a dimension we did not ask for would not be the scope's total.
  const dims: MetricDimension[] = ['channel', 'campaign', 'owner', 'team', 'content_type', 'landing_page'];
  return dims.some((d) => cell[d] !== undefined && cell[d] !== null && scope?.[d] === undefined);
}
