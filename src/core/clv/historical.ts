import type { OrderLine } from './summary.js';

/** Historical CLV of one customer: margin-adjusted revenue in the window, exact in fen. */
export interface HistoricalClv {
  customerId: string;
  orders: number;
  revenueFen: number;
  marginFen: number;
}

/**
 * Historical CLV: per customer, revenue of orders dated in [from, to] (YYYY-MM-DD, inclusive) times the margin,
 * summed in integer fen; plus the mean over customers. Margin is a fraction (0.3 = 30 %).
 */
export function historicalClv(
  orders: Iterable<OrderLine>,
  window: { from?: string; to?: string; margin?: number } = {},
): { customers: HistoricalClv[]; meanFen: number | null; totalMarginFen: number } {
  const margin = window.margin ?? 1;
  const byCustomer = new Map<string, { orders: number; revenueFen: number }>();
  for (const o of orders) {
    if ((window.from && o.date < window.from) || (window.to && o.date > window.to)) continue;
    const c = byCustomer.get(o.customerId) ?? { orders: 0, revenueFen: 0 };
    c.orders += 1;
    c.revenueFen += Math.round(o.amount * 100);
    byCustomer.set(o.customerId, c);
  }
  const customers = [...byCustomer].map(([customerId, c]) => ({
    customerId,
    orders: c.orders,
    revenueFen: c.revenueFen,
    marginFen: Math.round(c.revenueFen * margin),
  }));
  const totalMarginFen = customers.reduce((s, c) => s + c.marginFen, 0);
  return {
    customers,
    meanFen: customers.length > 0 ? Math.round(totalMarginFen / customers.length) : null,
    totalMarginFen,
  };
}
