import type { OrderLine } from '../clv/summary.js';

/** One acquisition cohort: customers whose first order fell in `cohort` (YYYY-MM). */
export interface CohortRow {
  cohort: string;
  size: number;
  /** active[k] = customers of the cohort with an order k months after the acquisition month. */
  active: number[];
  /** retention[k] = active[k] / size. */
  retention: number[];
}

const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
const monthLabel = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

/**
 * Cohort retention matrix: acquisition month × months since acquisition. Each row runs to the last month
 * in the data (`upTo`, YYYY-MM, defaults to the latest order month), so later cohorts have shorter rows.
 */
export function cohortRetention(orders: Iterable<OrderLine>, upTo?: string): CohortRow[] {
  const months = new Map<string, Set<number>>();
  let last = Number.NEGATIVE_INFINITY;
  for (const o of orders) {
    const m = monthIndex(o.date);
    last = Math.max(last, m);
    let set = months.get(o.customerId);
    if (!set) {
      set = new Set();
      months.set(o.customerId, set);
    }
    set.add(m);
  }
  const end = upTo ? monthIndex(`${upTo}-01`) : last;
  const cohorts = new Map<number, number[][]>();
  for (const set of months.values()) {
    const first = Math.min(...set);
    if (first > end) continue;
    let list = cohorts.get(first);
    if (!list) {
      list = [];
      cohorts.set(first, list);
    }
    list.push([...set].map((m) => m - first));
  }
  return [...cohorts.keys()]
    .sort((a, b) => a - b)
    .map((first) => {
      const members = cohorts.get(first)!;
      const active = new Array<number>(end - first + 1).fill(0);
      for (const offsets of members) for (const k of offsets) if (k < active.length) active[k]! += 1;
      return {
        cohort: monthLabel(first),
        size: members.length,
        active,
        retention: active.map((n) => n / members.length),
      };
    });
}
