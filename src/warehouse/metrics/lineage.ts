import type { CustomerMeasure, FactTable } from '../../core/measures/index.js';
import { previousPeriod } from '../../core/periods/index.js';
import type { Dialect, Engine } from '../engine.js';
import { presenceKey, windowStart } from './family-shared.js';
import type { MeasureNeed, MetricPlan } from './plan.js';
import type { MeasureResults } from './run.js';
import {
  column,
  Params,
  renderDimension,
  renderFilters,
  renderFrom,
  renderInRange,
  timestampValue,
} from './sql-parts.js';

/** Column identifying a source row of each table. */
const ROW_ID: Partial<Record<FactTable, string>> = { sessions: 'session_key', identities: 'person_key' };

/** SQL listing up to `limit` ids of the rows a measure counted in a period. */
export function sourceRowsQuery(
  dialect: Dialect,
  plan: MetricPlan,
  need: MeasureNeed,
  periodIndex: number,
  useFallback: boolean,
  limit = 20,
): { table: FactTable; sql: string; params: unknown[] } {
  const m = need.measure;
  const params = new Params(dialect);
  const p = plan.periods[periodIndex]!;
  const table: FactTable = useFallback && m.kind === 'aggregate' && m.fallback ? m.fallback.table : m.table;
  const conds: string[] = m.ignoresDimensions
    ? []
    : Object.entries(plan.scope).map(
        ([d, v]) => `${renderDimension(dialect, table, d as never)} = ${params.bind(v, 'string')}`,
      );
  if (table === 'traffic') {
    conds.push(renderInRange(dialect, params, 'traffic', { col: 'date' }, p));
  } else if (m.kind === 'aggregate') {
    const parts = m.parts.map(
      (part) =>
        `(${renderInRange(dialect, params, table, part.time, p)} AND ${renderFilters(dialect, params, [...part.filters, ...need.extraFilters], plan.asOf)})`,
    );
    conds.push(`(${parts.join(' OR ')})`);
  } else if (m.kind === 'customer') {
    const metric = (m as CustomerMeasure).metric;
    const from =
      metric.startsWith('window') || metric === 'repeat_customers'
        ? windowStart(p, plan.windowDays)
        : metric === 'prev_active_customers'
          ? previousPeriod(p).start
          : p.start;
    const until = metric === 'prev_active_customers' ? previousPeriod(p).end : p.end;
    const at = column(dialect, 'ordered_at');
    conds.push(`${column(dialect, 'status')} = ${params.bind('paid', 'string')}`);
    conds.push(
      `${at} >= ${params.bind(timestampValue(from), 'timestamp')} AND ${at} < ${params.bind(timestampValue(until), 'timestamp')}`,
    );
  } else {
    conds.push(renderInRange(dialect, params, table, { col: 'ended_at' }, p));
  }
  const id = column(dialect, ROW_ID[table] ?? 'row_key');
  const sql = `SELECT DISTINCT ${id} AS id FROM ${renderFrom(dialect, table, Object.keys(plan.scope) as never[])} WHERE ${conds.join(' AND ')} ORDER BY id LIMIT ${Math.max(1, Math.floor(limit))}`;
  return { table, sql, params: params.values };
}

/** Base-measure values of the reported period with their source tables and up to 20 source row ids. */
export async function measureLineage(
  engine: Engine,
  results: MeasureResults,
  keys: Record<string, string>,
): Promise<
  Record<
    string,
    { value: number | null; table: FactTable; source: 'rows' | 'fallback' | 'missing'; source_row_ids: string[] }
  >
> {
  const { plan } = results;
  const t = plan.outputs[plan.outputs.length - 1]!;
  const out: Awaited<ReturnType<typeof measureLineage>> = {};
  const group = results.groups.get('[]');
  for (const [name, key] of Object.entries(keys)) {
    const need = plan.measures.get(key)!;
    const m = need.measure;
    const present = results.presence.has(presenceKey(m.table, t));
    const fallback =
      !present && m.kind === 'aggregate' && m.fallback && results.presence.has(presenceKey(m.fallback.table, t));
    if (!present && !fallback) {
      out[name] = { value: null, table: m.table, source: 'missing', source_row_ids: [] };
      continue;
    }
    const q = sourceRowsQuery(engine.dialect, plan, need, t, Boolean(fallback));
    const rows = await engine.query<{ id: unknown }>(q.sql, q.params);
    out[name] = {
      value: group?.values.get(key)?.get(t) ?? 0,
      table: q.table,
      source: fallback ? 'fallback' : 'rows',
      source_row_ids: rows.map((r) => String(r.id)),
    };
  }
  return out;
}
