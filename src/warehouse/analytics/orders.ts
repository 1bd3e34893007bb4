import type { OrderLine } from '../../core/clv/summary.js';
import type { Engine } from '../engine.js';
import { toFen, utcTimestamp } from './params.js';

/**
 * Paid orders as CLV/retention order lines: customer (customer_id), local calendar day in the time zone,
 * amount. Optional [start, end) bounds on ordered_at.
 */
export async function loadOrderLines(
  engine: Engine,
  q: { timeZone: string; start?: Date; end?: Date },
): Promise<OrderLine[]> {
  const d = engine.dialect;
  const where = ["status = 'paid'"];
  const params: string[] = [];
  if (q.start) {
    params.push(utcTimestamp(q.start));
    where.push(`ordered_at >= CAST(${d.param(params.length)} AS TIMESTAMP)`);
  }
  if (q.end) {
    params.push(utcTimestamp(q.end));
    where.push(`ordered_at < CAST(${d.param(params.length)} AS TIMESTAMP)`);
  }
  const rows = await engine.query(
    `SELECT customer_id, CAST(CAST(${d.toLocal('ordered_at', q.timeZone)} AS DATE) AS VARCHAR) AS day, amount
     FROM orders WHERE ${where.join(' AND ')} ORDER BY customer_id, ordered_at`,
    params,
  );
  return rows.map((r) => ({ customerId: String(r.customer_id), date: String(r.day), amount: toFen(r.amount) / 100 }));
}
