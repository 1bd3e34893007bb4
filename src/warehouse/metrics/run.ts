import type { DimensionId, MeasureValues } from '../../core/kpi/index.js';
import { evaluateFormula } from '../../core/kpi/index.js';
import type { FactTable, MeasureId } from '../../core/measures/index.js';
import { significantExperiments } from '../../core/measures/index.js';
import type { Engine, Row } from '../engine.js';
import { type AttributedRevenue, attributedValues } from './attributed.js';
import {
  type CompiledQuery,
  compilePlan,
  compilePresence,
  neededTables,
  type Presence,
  presenceKey,
} from './compile.js';
import type { KpiPlan, MetricPlan } from './plan.js';
import { dimAlias } from './sql-parts.js';
import { timedQuery } from './timing.js';

export type MetricQuality = 'exact' | 'approximate' | 'missing_source' | 'undefined' | 'unsupported_dimension';

/** One computed KPI value for a period and a group of the --by dimensions. */
export interface MetricCell {
  kpi: string;
  period: string;
  value: number | null;
  unit: string;
  quality: MetricQuality;
  reason?: string;
  version: string;
  previous: number | null;
  growth: number | null;
  [dimension: string]: string | number | null | undefined;
}

interface Group {
  dims: Partial<Record<DimensionId, string | null>>;
  /** measure key → period index → value */
  values: Map<string, Map<number, number>>;
  /** measure key → period index → approximation note */
  approx: Map<string, Map<number, string>>;
}

/** Raw results of a plan: groups by dimension values plus whole-table values (key '*'). */
export interface MeasureResults {
  plan: MetricPlan;
  presence: Presence;
  queries: CompiledQuery[];
  groups: Map<string, Group>;
}

const WHOLE = '*';

function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}

function groupOf(results: Map<string, Group>, plan: MetricPlan, q: CompiledQuery, row: Row): Group {
  const whole = q.dims.length === 0 && plan.by.length > 0;
  const dims: Group['dims'] = {};
  for (const d of q.dims) {
    const v = row[dimAlias(d)];
    dims[d] = v === null || v === undefined ? null : String(v);
  }
  const key = whole ? WHOLE : JSON.stringify(plan.by.map((d) => dims[d] ?? null));
  let g = results.get(key);
  if (!g) {
    g = { dims, values: new Map(), approx: new Map() };
    results.set(key, g);
  }
  return g;
}

function setValue(map: Map<string, Map<number, number>>, key: string, period: number, value: number) {
  let byPeriod = map.get(key);
  if (!byPeriod) {
    byPeriod = new Map();
    map.set(key, byPeriod);
  }
  byPeriod.set(period, (byPeriod.get(period) ?? 0) + value);
}

function collectExperiments(groups: Map<string, Group>, plan: MetricPlan, q: CompiledQuery, rows: Row[]) {
  const byGroup = new Map<Group, Row[]>();
  for (const row of rows) {
    const g = groupOf(groups, plan, q, row);
    byGroup.set(g, [...(byGroup.get(g) ?? []), row]);
  }
  for (const [g, list] of byGroup) {
    const ended = new Map<string, number>();
    for (const r of list) {
      const id = String(r.experiment_id);
      const at = r.ended_at instanceof Date ? r.ended_at.getTime() : Date.parse(String(r.ended_at));
      ended.set(id, Math.max(ended.get(id) ?? 0, at));
    }
    for (const col of q.columns) {
      const p = plan.periods[col.period]!;
      const ids = new Set(
        [...ended].filter(([, t]) => t >= p.start.getTime() && t < p.end.getTime()).map(([id]) => id),
      );
      let value = ids.size;
      if (col.key.startsWith('experiments_significant')) {
        const variants = list
          .filter((r) => ids.has(String(r.experiment_id)))
          .map((r) => ({
            experimentId: String(r.experiment_id),
            variant: String(r.variant),
            isControl: num(r.is_control) > 0,
            visitors: num(r.visitors),
            conversions: num(r.conversions),
          }));
        value = [...significantExperiments(variants).values()].filter((s) => s.significant).length;
      }
      setValue(g.values, col.key, col.period, value);
    }
  }
}

/** Which tables have rows in which periods, for one or more plans over the same periods (one query). */
export async function probePresence(engine: Engine, ...plans: MetricPlan[]): Promise<Presence> {
  const presenceQuery = compilePresence(plans[0]!, engine.dialect, neededTables(...plans));
  const presence: Presence = new Set();
  if (presenceQuery.columns.length) {
    const [row] = await timedQuery(engine, 'presence', presenceQuery.sql, presenceQuery.params);
    for (const c of presenceQuery.columns)
      if (num(row?.[c.alias]) > 0) presence.add(presenceKey(c.key as FactTable, c.period));
  }
  return presence;
}

/** How to run a plan. */
export interface RunOptions {
  /** Presence already probed for the plan's periods (skips the presence query). */
  presence?: Presence;
  /** Needed when a KPI's attributed revenue uses a multi-touch model. */
  attributedRevenue?: AttributedRevenue;
}

/**
 * Runs the presence query (unless a presence probed for the same periods is given), then one query per
 * family, then multi-touch credit; returns measure values per group.
 */
export async function runPlan(engine: Engine, plan: MetricPlan, options: RunOptions = {}): Promise<MeasureResults> {
  const presence = options.presence ?? (await probePresence(engine, plan));
  const queries = compilePlan(plan, engine.dialect, presence);
  const groups = new Map<string, Group>();
  if (plan.by.length === 0) groups.set('[]', { dims: {}, values: new Map(), approx: new Map() });
  for (const q of queries) {
    const rows = await timedQuery(
      engine,
      `${q.kind} ${q.family} [${plan.periods.length} periods${plan.by.length ? ` by ${plan.by.join(',')}` : ''}]`,
      q.sql,
      q.params,
    );
    if (q.kind === 'experiment') {
      collectExperiments(groups, plan, q, rows);
      continue;
    }
    for (const row of rows) {
      const flagged = row.period_index;
      if (flagged === null) continue; // a gap between non-adjacent periods
      const g = groupOf(groups, plan, q, row);
      for (const c of q.columns) {
        const v = num(row[c.alias]);
        const period = c.period === -1 ? num(flagged) : c.period;
        if (c.role === 'value') setValue(g.values, c.key, period, v);
        else if (v > 0) {
          const notes = g.approx.get(c.key) ?? new Map<number, string>();
          const note =
            c.role === 'approx_rows'
              ? `summed from ${v} partial-range traffic rows (distinct counts are not additive)`
              : `${v} traffic rows cover a longer range than the period and were left out`;
          notes.set(c.period, notes.has(c.period) ? `${notes.get(c.period)}; ${note}` : note);
          g.approx.set(c.key, notes);
        }
      }
    }
  }
  for (const a of await attributedValues(plan, presence, options.attributedRevenue)) {
    let g = groups.get(a.group);
    if (!g) {
      g = { dims: plan.by.includes('channel') ? { channel: a.channel } : {}, values: new Map(), approx: new Map() };
      groups.set(a.group, g);
    }
    setValue(g.values, a.key, a.period, a.value);
  }
  return { plan, presence, queries, groups };
}

interface Evaluated {
  value: number | null;
  quality: MetricQuality;
  reason?: string;
}

function measureInputs(
  results: MeasureResults,
  kpi: KpiPlan,
  group: Group,
  ids: MeasureId[],
  period: number,
  notes: { missing: Set<string>; approx: Set<string> },
): MeasureValues {
  const out: MeasureValues = {};
  const whole = results.groups.get(WHOLE);
  for (const id of ids) {
    const need = results.plan.measures.get(kpi.keys[id]!)!;
    const m = need.measure;
    const has = (t: FactTable) => results.presence.has(presenceKey(t, period));
    const fallback = m.kind === 'aggregate' && m.fallback && has(m.fallback.table) ? m.fallback : undefined;
    if (!has(m.table) && !fallback) {
      notes.missing.add(m.table);
      out[id] = null;
      continue;
    }
    const source = m.ignoresDimensions && whole ? whole : group;
    out[id] = source.values.get(need.key)?.get(period) ?? 0;
    const approx = source.approx.get(need.key)?.get(period);
    if (approx) notes.approx.add(`${id} ${approx}`);
  }
  return out;
}

function evaluateAt(results: MeasureResults, kpi: KpiPlan, group: Group, t: number): Evaluated {
  const periodId = results.plan.periods[t]?.id ?? '?';
  if (t < 0 || (kpi.previous.length && t < 1))
    return { value: null, quality: 'missing_source', reason: 'no earlier period' };
  const notes = { missing: new Set<string>(), approx: new Set<string>() };
  const current = measureInputs(results, kpi, group, kpi.current, t, notes);
  const previous = measureInputs(results, kpi, group, kpi.previous, t - 1, notes);
  if (notes.missing.size) {
    return {
      value: null,
      quality: 'missing_source',
      reason: `no rows in ${[...notes.missing].join(', ')} for ${periodId}`,
    };
  }
  const r = evaluateFormula(kpi.ast, current, previous);
  if (r.value === null) return { value: null, quality: 'undefined', reason: r.reason ?? 'undefined' };
  if (notes.approx.size) return { value: r.value, quality: 'approximate', reason: [...notes.approx].join('; ') };
  return { value: r.value, quality: 'exact' };
}

/** Growth against the previous value (null when either is missing or the previous is zero). */
export function growthOf(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  return (value - previous) / Math.abs(previous);
}

/** The attribution model a KPI's value rests on, when it uses attributed revenue (ROI, ROAS, channel ROI). */
function attributionOf(kpi: KpiPlan): { attribution_model?: string } {
  return kpi.attribution ? { attribution_model: kpi.attribution } : {};
}

/** Evaluates every KPI of the plan at every output period, per group. */
export function evaluateCells(results: MeasureResults): MetricCell[] {
  const { plan } = results;
  const cells: MetricCell[] = [];
  const dimsOf = (g: Group | undefined) => Object.fromEntries(plan.by.map((d) => [d, g?.dims[d] ?? null]));
  const groups = [...results.groups.entries()].filter(([k]) => k !== WHOLE).sort(([a], [b]) => a.localeCompare(b));
  for (const kpi of plan.kpis) {
    for (const t of kpi.outputs ?? plan.outputs) {
      const base = { kpi: kpi.kpi.id, period: plan.periods[t]!.id };
      if (kpi.unsupported) {
        cells.push({
          ...base,
          value: null,
          unit: kpi.kpi.unit,
          quality: 'unsupported_dimension',
          ...dimsOf(undefined),
          reason: kpi.unsupported,
          version: kpi.version.version,
          ...attributionOf(kpi),
          previous: null,
          growth: null,
        });
        continue;
      }
      const keys = Object.values(kpi.keys);
      const found = groups.filter(([k, g]) => k === '[]' || keys.some((key) => g.values.has(key!)));
      // no group has rows (e.g. an empty period): one cell without dimension values says why
      const mine = found.length ? found : [['', { dims: {}, values: new Map(), approx: new Map() } as Group] as const];
      for (const [, g] of mine) {
        const now = evaluateAt(results, kpi, g, t);
        const before = plan.withPrevious ? evaluateAt(results, kpi, g, t - 1) : undefined;
        cells.push({
          ...base,
          value: now.value,
          unit: kpi.kpi.unit,
          quality: now.quality,
          ...dimsOf(g),
          ...(now.reason ? { reason: now.reason } : {}),
          version: kpi.version.version,
          ...attributionOf(kpi),
          previous: before?.value ?? null,
          growth: growthOf(now.value, before?.value ?? null),
        });
      }
    }
  }
  return cells;
}
