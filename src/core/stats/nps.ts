import { normalQuantile } from './distributions.js';
import type { Interval } from './proportions.js';

/** Net Promoter Score summary; nps and its interval are null when there are no answers. */
export interface NpsResult {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** %promoters − %detractors, in points (−100..100). */
  nps: number | null;
  /** Standard error of nps in points. */
  standardError: number | null;
  interval: Interval;
  /** Count of answers per score 0..10. */
  distribution: number[];
}

/**
 * NPS from 0–10 scores (promoters 9–10, detractors 0–6) with a normal interval from the variance of the
 * promoter−detractor difference: Var = (p_P + p_D − (p_P − p_D)²) / n. Scores outside 0..10 are ignored.
 */
export function computeNps(scores: Iterable<number | null | undefined>, alpha = 0.05): NpsResult {
  const distribution = new Array<number>(11).fill(0);
  for (const s of scores) {
    if (s === null || s === undefined || !Number.isInteger(s) || s < 0 || s > 10) continue;
    distribution[s]! += 1;
  }
  const n = distribution.reduce((a, b) => a + b, 0);
  const promoters = distribution[9]! + distribution[10]!;
  const detractors = distribution.slice(0, 7).reduce((a, b) => a + b, 0);
  const level = 1 - alpha;
  if (n === 0) {
    return {
      responses: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      nps: null,
      standardError: null,
      interval: { low: null, high: null, level },
      distribution,
    };
  }
  const pp = promoters / n;
  const pd = detractors / n;
  const nps = (pp - pd) * 100;
  const se = Math.sqrt(Math.max(0, pp + pd - (pp - pd) ** 2) / n) * 100;
  const z = normalQuantile(1 - alpha / 2);
  return {
    responses: n,
    promoters,
    passives: n - promoters - detractors,
    detractors,
    nps,
    standardError: se,
    interval: { low: Math.max(-100, nps - z * se), high: Math.min(100, nps + z * se), level },
    distribution,
  };
}

/** NPS per group (e.g. channel or segment); rows without a group go to `(none)`. */
export function npsByGroup<T>(
  rows: Iterable<T>,
  group: (row: T) => string | null | undefined,
  score: (row: T) => number | null | undefined,
  alpha = 0.05,
): { group: string; result: NpsResult }[] {
  const groups = new Map<string, (number | null | undefined)[]>();
  for (const r of rows) {
    const key = group(r) ?? '(none)';
    let list = groups.get(key);
    if (!list) {
      list = [];
      groups.set(key, list);
    }
    list.push(score(r));
  }
  return [...groups].map(([g, scores]) => ({ group: g, result: computeNps(scores, alpha) }));
}

/** Distribution, mean and normal interval of ratings on a 1..max scale; mean null when there are none. */
export function ratingDistribution(
  ratings: Iterable<number | null | undefined>,
  max = 5,
  alpha = 0.05,
): { count: number; mean: number | null; interval: Interval; distribution: Record<string, number> } {
  const distribution: Record<string, number> = {};
  for (let i = 1; i <= max; i++) distribution[String(i)] = 0;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (const r of ratings) {
    if (r === null || r === undefined || !Number.isFinite(r) || r < 1 || r > max) continue;
    const bucket = String(Math.round(r));
    distribution[bucket] = (distribution[bucket] ?? 0) + 1;
    sum += r;
    sumSq += r * r;
    n += 1;
  }
  const level = 1 - alpha;
  if (n === 0) return { count: 0, mean: null, interval: { low: null, high: null, level }, distribution };
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0;
  const half = normalQuantile(1 - alpha / 2) * Math.sqrt(variance / n);
  return { count: n, mean, interval: { low: mean - half, high: mean + half, level }, distribution };
}
