import type { KpiDefinition } from '../../core/kpi/index.js';
import type { FactTable } from '../../core/measures/index.js';
import type { Dialect } from '../engine.js';
import { compileCustomerFamily, compileExperimentFamily } from './compile-special.js';
import { compileAggregateFamily } from './family-aggregate.js';
import { type ColumnSpec, type CompiledQuery, type Presence, presenceKey, spanOf } from './family-shared.js';
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

/** Tables whose presence the plan needs, per period index (fallback tables included). */
export function neededTables(plan: MetricPlan): Map<FactTable, Set<number>> {
  const out = new Map<FactTable, Set<number>>();
  const add = (t: FactTable, periods: Iterable<number>) => {
    const s = out.get(t) ?? new Set<number>();
    for (const p of periods) s.add(p);
    out.set(t, s);
  };
  for (const need of plan.measures.values()) {
    add(need.measure.table, need.periods);
    if (need.measure.kind === 'aggregate' && need.measure.fallback) add(need.measure.fallback.table, need.periods);
  }
  return out;
}

/** One query telling which tables have rows in which periods. */
export function compilePresence(plan: MetricPlan, dialect: Dialect): CompiledQuery {
  const params = new Params(dialect);
  const columns: ColumnSpec[] = [];
  const subqueries: string[] = [];
  for (const [table, periods] of neededTables(plan)) {
    const list = [...periods].sort();
    const anyTime = (r: Range) =>
      `(${PRESENCE_TIME[table].map((c) => renderInRange(dialect, params, table, { col: c }, r)).join(' OR ')})`;
    const counts = list.map((i) => {
      const alias = `p${columns.length}`;
      columns.push({ alias, key: table, period: i, role: 'value' });
      return `${dialect.countIf(anyTime(plan.periods[i]!))} AS ${alias}`;
    });
    const span = spanOf(list.map((i) => plan.periods[i]!));
    subqueries.push(
      `(SELECT ${counts.join(', ')} FROM ${dialect.ident(table)} AS t WHERE ${anyTime(span)}) AS s${subqueries.length}`,
    );
  }
  return {
    family: 'presence',
    table: 'events',
    kind: 'presence',
    sql: subqueries.length ? `SELECT * FROM ${subqueries.join(' CROSS JOIN ')}` : 'SELECT 1 AS none',
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
