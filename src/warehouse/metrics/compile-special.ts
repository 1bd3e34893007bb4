import type { CustomerMeasure } from '../../core/measures/index.js';
import { previousPeriod } from '../../core/periods/index.js';
import type { Dialect } from '../engine.js';
import { type ColumnSpec, type CompiledQuery, type Presence, presenceKey, windowStart } from './family-shared.js';
import type { MeasureNeed, MetricPlan } from './plan.js';
import { column, dimAlias, Params, type Range, renderDimension, renderFrom, timestampValue } from './sql-parts.js';

function scopeAndDims(plan: MetricPlan) {
  return [...new Set([...plan.by, ...(Object.keys(plan.scope) as MetricPlan['by'])])];
}

function between(_dialect: Dialect, params: Params, expr: string, start: Date, end: Date): string {
  return `${expr} >= ${params.bind(timestampValue(start), 'timestamp')} AND ${expr} < ${params.bind(timestampValue(end), 'timestamp')}`;
}

/**
 * Customer-level measures over paid orders: first a per-customer row (within each dimension group) with its
 * activity flags per period, then counts of customers per group. First purchase is global (window over all
 * paid orders of the customer), so a new customer is attributed to the group of their first order.
 */
export function compileCustomerFamily(
  dialect: Dialect,
  plan: MetricPlan,
  needs: MeasureNeed[],
  presence?: Presence,
): CompiledQuery | undefined {
  const params = new Params(dialect);
  const paid = params.bind('paid', 'string');
  const at = column(dialect, 'ordered_at');
  const flags: string[] = [];
  const outer: string[] = [];
  const columns: ColumnSpec[] = [];
  const ranges: Range[] = [];
  const flag = (name: string, sql: string) => {
    if (!flags.some((f) => f.endsWith(` AS ${name}`))) flags.push(`${sql} AS ${name}`);
    return name;
  };
  for (const need of needs) {
    const metric = (need.measure as CustomerMeasure).metric;
    for (const i of need.periods) {
      if (presence && !presence.has(presenceKey('orders', i))) continue;
      const p = plan.periods[i]!;
      const prev = previousPeriod(p);
      const ws = windowStart(p, plan.windowDays);
      ranges.push(p, prev, { ...p, start: ws });
      const act = () => flag(`act_${i}`, dialect.countIf(between(dialect, params, at, p.start, p.end)));
      const actPrev = () => flag(`actp_${i}`, dialect.countIf(between(dialect, params, at, prev.start, prev.end)));
      const win = () => flag(`win_${i}`, dialect.countIf(between(dialect, params, at, ws, p.end)));
      let sql: string;
      switch (metric) {
        case 'customers':
          sql = dialect.countIf(`${act()} > 0`);
          break;
        case 'new_customers': {
          const cond = `${at} = ${column(dialect, 'first_paid_at')} AND ${between(dialect, params, at, p.start, p.end)}`;
          sql = dialect.countIf(`${flag(`new_${i}`, dialect.countIf(cond))} > 0`);
          break;
        }
        case 'window_customers':
          sql = dialect.countIf(`${win()} > 0`);
          break;
        case 'repeat_customers':
          sql = dialect.countIf(`${win()} >= 2`);
          break;
        case 'window_revenue': {
          const rev = flag(
            `wrev_${i}`,
            `coalesce(${dialect.sumIf(column(dialect, 'amount'), between(dialect, params, at, ws, p.end))}, 0)`,
          );
          sql = `coalesce(sum(${rev}), 0)`;
          break;
        }
        case 'prev_active_customers':
          sql = dialect.countIf(`${actPrev()} > 0`);
          break;
        case 'churned_customers':
          sql = dialect.countIf(`${actPrev()} > 0 AND ${act()} = 0`);
          break;
      }
      const alias = `m${outer.length}`;
      outer.push(`${sql} AS ${alias}`);
      columns.push({ alias, key: need.key, period: i, role: 'value' });
    }
  }
  if (outer.length === 0) return undefined;
  const lo = new Date(Math.min(...ranges.map((r) => r.start.getTime())));
  const hi = new Date(Math.max(...ranges.map((r) => r.end.getTime())));
  const dims = plan.by;
  const used = scopeAndDims(plan);
  const dimSelect = dims.map((d) => `${renderDimension(dialect, 'orders', d)} AS ${dialect.ident(dimAlias(d))}`);
  const scope = Object.entries(plan.scope).map(
    ([d, v]) => `${renderDimension(dialect, 'orders', d as never)} = ${params.bind(v, 'string')}`,
  );
  const inner = `SELECT t.*, min(${at}) OVER (PARTITION BY ${column(dialect, 'customer_id')}) AS first_paid_at FROM ${dialect.ident('orders')} AS t WHERE ${column(dialect, 'status')} = ${paid}`;
  const groupInner = [...dims.map((d) => renderDimension(dialect, 'orders', d)), column(dialect, 'customer_id')];
  const c = `SELECT ${[...dimSelect, ...flags].join(', ')} FROM ${renderFrom(dialect, 'orders', used, `(${inner})`)} WHERE ${[between(dialect, params, at, lo, hi), ...scope].join(' AND ')} GROUP BY ${groupInner.join(', ')}`;
  const aliases = dims.map((d) => dialect.ident(dimAlias(d)));
  const sql = `SELECT ${[...aliases, ...outer].join(', ')} FROM (${c}) AS c${aliases.length ? ` GROUP BY ${aliases.join(', ')}` : ''}`;
  return { family: 'customers', table: 'orders', kind: 'customer', sql, params: params.values, dims, columns };
}

/** Per-variant experiment rows (ended in any needed period); significance is computed in core. */
export function compileExperimentFamily(
  dialect: Dialect,
  plan: MetricPlan,
  needs: MeasureNeed[],
  presence?: Presence,
): CompiledQuery | undefined {
  const params = new Params(dialect);
  const columns: ColumnSpec[] = [];
  for (const need of needs) {
    for (const i of need.periods) {
      if (presence && !presence.has(presenceKey('experiments', i))) continue;
      columns.push({ alias: '', key: need.key, period: i, role: 'value' });
    }
  }
  if (columns.length === 0) return undefined;
  const ps = columns.map((c) => plan.periods[c.period]!);
  const lo = new Date(Math.min(...ps.map((p) => p.start.getTime())));
  const hi = new Date(Math.max(...ps.map((p) => p.end.getTime())));
  const dims = plan.by;
  const dimSelect = dims.map((d) => `${renderDimension(dialect, 'experiments', d)} AS ${dialect.ident(dimAlias(d))}`);
  const scope = Object.entries(plan.scope).map(
    ([d, v]) => `${renderDimension(dialect, 'experiments', d as never)} = ${params.bind(v, 'string')}`,
  );
  const id = column(dialect, 'experiment_id');
  const variant = column(dialect, 'variant');
  const select = [
    ...dimSelect,
    `${id} AS experiment_id`,
    `${variant} AS variant`,
    `max(CASE WHEN ${column(dialect, 'is_control')} THEN 1 ELSE 0 END) AS is_control`,
    `sum(${column(dialect, 'visitors')}) AS visitors`,
    `sum(${column(dialect, 'conversions')}) AS conversions`,
    `max(${column(dialect, 'ended_at')}) AS ended_at`,
  ];
  const where = [between(dialect, params, column(dialect, 'ended_at'), lo, hi), ...scope];
  const group = [...dims.map((d) => renderDimension(dialect, 'experiments', d)), id, variant];
  const sql = `SELECT ${select.join(', ')} FROM ${renderFrom(dialect, 'experiments', scopeAndDims(plan))} WHERE ${where.join(' AND ')} GROUP BY ${group.join(', ')}`;
  return { family: 'experiments', table: 'experiments', kind: 'experiment', sql, params: params.values, dims, columns };
}
