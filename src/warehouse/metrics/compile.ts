import type { KpiDefinition } from '../../core/kpi/index.js';
import type { FactTable } from '../../core/measures/index.js';
import type { Dialect } from '../engine.js';
import { compileCustomerFamily, compileExperimentFamily } from './compile-special.js';
import { compileAggregateFamily } from './family-aggregate.js';
import { type ColumnSpec, type CompiledQuery, type Presence, presenceKey } from './family-shared.js';
import { compileTrafficFamily } from './family-traffic.js';
import { type MeasureNeed, type MetricPlan, type MetricsRequest, planForPeriod } from './plan.js';
import { Params, type Range, renderInRange } from './sql-parts.js';

export {
  type ColumnSpec,
  type CompiledQuery,
  type Presence,
  presenceKey,
  windowStart,
} from './family-shared.js';

/** Time columns that put a row of a table into a period (any of them). */
const PRESENCE_TIME: Record<FactTable, string[]> = {
  events: ['occurred_at'],
  sessions: ['started_at'],
  traffic: ['date'],
  identities: ['first_seen'],
  leads: ['created_at', 'mql_at', 'sql_at', 'opportunity_at', 'won_at', 'lost_at'],
  orders: ['ordered_at', 'refunded_at'],
  spend: ['date'],
  content: ['date'],
  surveys: ['answered_at'],
  experiments: ['started_at', 'ended_at'],
  brand_search: ['date'],
  projects: ['due_at', 'completed_at'],
  deliverables: ['due_at', 'submitted_at'],
};

/** Tables whose presence the plans need, per period index (fallback tables included); plans share periods. */
export function neededTables(...plans: MetricPlan[]): Map<FactTable, Set<number>> {
  const out = new Map<FactTable, Set<number>>();
  const add = (t: FactTable, periods: Iterable<number>) => {
    const s = out.get(t) ?? new Set<number>();
    for (const p of periods) s.add(p);
    out.set(t, s);
  };
  for (const need of plans.flatMap((plan) => [...plan.measures.values()])) {
    add(need.measure.table, need.periods);
    if (need.measure.kind === 'aggregate' && need.measure.fallback) add(need.measure.fallback.table, need.periods);
  }
  return out;
}

/**
 * One query telling which tables have rows in which periods: a probe per (table, period) that stops at the
 * first matching row (LIMIT 1), so presence costs no scan of a period that has data.
 */
export function compilePresence(
  plan: MetricPlan,
  dialect: Dialect,
  tables: Map<FactTable, Set<number>> = neededTables(plan),
): CompiledQuery {
  const params = new Params(dialect);
  const columns: ColumnSpec[] = [];
  const probes: string[] = [];
  for (const [table, periods] of tables) {
    const anyTime = (r: Range) =>
      `(${PRESENCE_TIME[table].map((c) => renderInRange(dialect, params, table, { col: c }, r)).join(' OR ')})`;
    for (const i of [...periods].sort((a, b) => a - b)) {
      const alias = `p${columns.length}`;
      columns.push({ alias, key: table, period: i, role: 'value' });
      probes.push(
        `(SELECT count(*) FROM (SELECT 1 AS x FROM ${dialect.ident(table)} AS t WHERE ${anyTime(plan.periods[i]!)} LIMIT 1) AS q) AS ${alias}`,
      );
    }
  }
  return {
    family: 'presence',
    table: 'events',
    kind: 'presence',
    sql: probes.length ? `SELECT ${probes.join(', ')}` : 'SELECT 1 AS none',
    params: params.values,
    dims: [],
    columns,
  };
}

/** Everything a request compiles to: the presence query and one query per table family. */
export interface CompiledMetrics {
  plan: MetricPlan;
  presence: CompiledQuery;
  queries: CompiledQuery[];
}

/** Compiles a request into the fewest SQL queries (given the presence of tables; all present when omitted). */
export function compileMetrics(
  request: MetricsRequest,
  catalog: readonly KpiDefinition[],
  dialect: Dialect,
  presence?: Presence,
): CompiledMetrics {
  const plan = planForPeriod(request, catalog);
  return { plan, presence: compilePresence(plan, dialect), queries: compilePlan(plan, dialect, presence) };
}

/** Compiles the family queries of a plan. */
export function compilePlan(plan: MetricPlan, dialect: Dialect, presence?: Presence): CompiledQuery[] {
  const families = new Map<string, MeasureNeed[]>();
  const trafficNeeds: { need: MeasureNeed; period: number }[] = [];
  for (const need of plan.measures.values()) {
    if (need.attribution) continue; // credited by a multi-touch model outside SQL (see runPlan)
    const m = need.measure;
    if (m.kind === 'aggregate' && m.fallback && presence) {
      for (const i of need.periods) {
        if (!presence.has(presenceKey(m.table, i)) && presence.has(presenceKey(m.fallback.table, i))) {
          trafficNeeds.push({ need, period: i });
        }
      }
    }
    // whole-table measures need their own query only when the request cuts or filters by a dimension
    const cut = plan.by.length > 0 || Object.keys(plan.scope).length > 0;
    const family = `${m.kind}:${m.table}${m.ignoresDimensions && cut ? ':all' : ''}`;
    families.set(family, [...(families.get(family) ?? []), need]);
  }
  const out: CompiledQuery[] = [];
  for (const [family, needs] of families) {
    const [kind, table, all] = family.split(':') as [string, FactTable, string | undefined];
    const q =
      kind === 'aggregate'
        ? compileAggregateFamily(dialect, plan, table, needs, all === 'all', presence)
        : kind === 'customer'
          ? compileCustomerFamily(dialect, plan, needs, presence)
          : compileExperimentFamily(dialect, plan, needs, presence);
    if (q) out.push(q);
  }
  if (trafficNeeds.length) out.push(compileTrafficFamily(dialect, plan, trafficNeeds));
  return out;
}
