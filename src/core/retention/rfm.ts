import type { OrderLine } from '../clv/summary.js';
import { dayNumber } from '../clv/summary.js';

/** RFM scores and segment of one customer. */
export interface RfmCustomer {
  customerId: string;
  recencyDays: number;
  frequency: number;
  monetaryFen: number;
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
}

export type RfmSegment =
  | 'important_value'
  | 'important_development'
  | 'important_retention'
  | 'important_winback'
  | 'general_value'
  | 'general_development'
  | 'general_retention'
  | 'general_winback';

/** Names of the eight RFM segments (the common 8-way RFM model used by Chinese CRM teams). */
export const RFM_SEGMENT_NAMES: Record<RfmSegment, { zh: string; en: string }> = {
  important_value: { zh: '重要价值客户', en: 'Champions (high R, F, M)' },
  important_development: { zh: '重要发展客户', en: 'Promising big spenders (high R, M; low F)' },
  important_retention: { zh: '重要保持客户', en: 'Loyal big spenders slipping away (high F, M; low R)' },
  important_winback: { zh: '重要挽留客户', en: 'Big spenders to win back (high M; low R, F)' },
  general_value: { zh: '一般价值客户', en: 'Active frequent low spenders (high R, F; low M)' },
  general_development: { zh: '一般发展客户', en: 'New low spenders (high R; low F, M)' },
  general_retention: { zh: '一般保持客户', en: 'Frequent low spenders slipping away (high F; low R, M)' },
  general_winback: { zh: '一般挽留客户', en: 'Lost low-value customers (low R, F, M)' },
};

/** Quintile scores 1–5 by rank (ties share the score of their first rank); higher is better. */
function quintiles(values: number[], higherIsBetter: boolean): number[] {
  const order = values.map((v, i) => ({ v: higherIsBetter ? v : -v, i })).sort((a, b) => a.v - b.v);
  const scores = new Array<number>(values.length).fill(1);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const score = Math.min(5, Math.floor((start * 5) / order.length) + 1);
    for (let k = start; k <= end; k++) scores[order[k]!.i] = score;
    start = end + 1;
  }
  return scores;
}

/**
 * RFM segmentation as of a date: recency = days since the last order, frequency = orders, monetary = revenue
 * (fen). Each is scored 1–5 by quintile; a score of 3 or more counts as "high" for the eight named segments.
 */
export function rfmSegments(orders: Iterable<OrderLine>, asOf: string): RfmCustomer[] {
  const end = dayNumber(asOf);
  const byCustomer = new Map<string, { last: number; frequency: number; monetaryFen: number }>();
  for (const o of orders) {
    const day = dayNumber(o.date);
    if (day > end) continue;
    const c = byCustomer.get(o.customerId) ?? { last: day, frequency: 0, monetaryFen: 0 };
    c.last = Math.max(c.last, day);
    c.frequency += 1;
    c.monetaryFen += Math.round(o.amount * 100);
    byCustomer.set(o.customerId, c);
  }
  const ids = [...byCustomer.keys()];
  const rows = ids.map((id) => byCustomer.get(id)!);
  const r = quintiles(
    rows.map((c) => end - c.last),
    false,
  );
  const f = quintiles(
    rows.map((c) => c.frequency),
    true,
  );
  const m = quintiles(
    rows.map((c) => c.monetaryFen),
    true,
  );
  return ids.map((customerId, i) => {
    const high = (x: number) => x >= 3;
    const [hr, hf, hm] = [high(r[i]!), high(f[i]!), high(m[i]!)];
    const segment: RfmSegment = hm
      ? hr
        ? hf
          ? 'important_value'
          : 'important_development'
        : hf
          ? 'important_retention'
          : 'important_winback'
      : hr
        ? hf
          ? 'general_value'
          : 'general_development'
        : hf
          ? 'general_retention'
          : 'general_winback';
    return {
      customerId,
      recencyDays: end - rows[i]!.last,
      frequency: rows[i]!.frequency,
      monetaryFen: rows[i]!.monetaryFen,
      r: r[i]!,
      f: f[i]!,
      m: m[i]!,
      segment,
    };
  });
}
