import type { OrderLine } from '../clv/summary.js';

/** An inclusive window of local dates (YYYY-MM-DD). */
export interface DateWindow {
  from: string;
  to: string;
}

const inWindow = (date: string, w: DateWindow) => date >= w.from && date <= w.to;

/** Customers with ≥ 2 orders in the window / customers with ≥ 1; null when nobody ordered. */
export function repurchaseRate(
  orders: Iterable<OrderLine>,
  window: DateWindow,
): { customers: number; repeatCustomers: number; rate: number | null } {
  const counts = new Map<string, number>();
  for (const o of orders) if (inWindow(o.date, window)) counts.set(o.customerId, (counts.get(o.customerId) ?? 0) + 1);
  const customers = counts.size;
  const repeatCustomers = [...counts.values()].filter((n) => n >= 2).length;
  return { customers, repeatCustomers, rate: customers > 0 ? repeatCustomers / customers : null };
}

/** Customers active in the previous window and not in the current one / active in the previous; null if none were. */
export function churnRate(
  orders: Iterable<OrderLine>,
  previous: DateWindow,
  current: DateWindow,
): { previousActive: number; churned: number; rate: number | null } {
  const before = new Set<string>();
  const now = new Set<string>();
  for (const o of orders) {
    if (inWindow(o.date, previous)) before.add(o.customerId);
    if (inWindow(o.date, current)) now.add(o.customerId);
  }
  const churned = [...before].filter((c) => !now.has(c)).length;
  return { previousActive: before.size, churned, rate: before.size > 0 ? churned / before.size : null };
}
