import type { ScoringRule } from './schema.js';

/** Why an achievement needed a special case; each becomes a warning on the item. */
export type AchievementNote =
  | 'missing_actual'
  | 'missing_target'
  | 'target_zero'
  | 'actual_zero_inverse'
  | 'negative_actual_inverse'
  | 'negative_target';

export interface Achievement {
  /** Percent of target (100 = target met), or null when it cannot be computed. */
  achievement: number | null;
  note?: AchievementNote;
}

/** Above this every rule is capped anyway; keeps "infinitely better than target" finite. */
const UNBOUNDED = 1_000;

/**
 * Achievement in percent of target. Higher-is-better: actual / target; lower-is-better (inverse): target / actual.
 * A negative target (e.g. ROI −10%) uses the distance from it: 100 + (actual − target) / |target| × 100.
 */
export function computeAchievement(
  actual: number | null | undefined,
  target: number | null | undefined,
  direction: 'higher' | 'lower',
): Achievement {
  if (actual === null || actual === undefined || !Number.isFinite(actual)) {
    return { achievement: null, note: 'missing_actual' };
  }
  if (target === null || target === undefined || !Number.isFinite(target)) {
    return { achievement: null, note: 'missing_target' };
  }
  if (target === 0) {
    const met = direction === 'higher' ? actual >= 0 : actual <= 0;
    return { achievement: met ? 100 : 0, note: 'target_zero' };
  }
  if (target < 0) {
    const gain = direction === 'higher' ? actual - target : target - actual;
    return { achievement: clean(100 + (gain / -target) * 100), note: 'negative_target' };
  }
  if (direction === 'higher') return { achievement: clean((actual / target) * 100) };
  if (actual === 0) return { achievement: UNBOUNDED, note: 'actual_zero_inverse' };
  if (actual < 0) return { achievement: UNBOUNDED, note: 'negative_actual_inverse' };
  return { achievement: clean((target / actual) * 100) };
}

/** Rounds away binary noise (0.1 / 0.3 style) so thresholds like 80% compare as a person expects. */
function clean(value: number): number {
  return Math.min(UNBOUNDED, Math.round(value * 1e9) / 1e9);
}

/** Points (0–cap) for an achievement under a quantitative rule. */
export function pointsForAchievement(rule: ScoringRule, achievement: number): number {
  switch (rule.type) {
    case 'linear':
      if (achievement < rule.floor) return 0;
      return Math.max(0, Math.min(achievement, rule.cap));
    case 'binary':
      return achievement >= rule.threshold ? rule.points : 0;
    case 'bands': {
      const bands = [...rule.bands].sort((a, b) => a.from - b.from);
      const first = bands[0]!;
      const last = bands[bands.length - 1]!;
      if (achievement < first.from) return 0;
      if (achievement >= last.to) return last.to_points ?? last.points;
      for (const band of bands) {
        if (achievement >= band.from && achievement < band.to) {
          if (band.to_points === undefined || band.to === band.from) return band.points;
          const t = (achievement - band.from) / (band.to - band.from);
          return round6(band.points + t * (band.to_points - band.points));
        }
      }
      return 0; // a gap between bands
    }
    case 'scale':
      return pointsForScale(rule.points, achievement);
  }
}

/** Points for a qualitative 1–5 score (fractional scores, e.g. a 360° mean of 3.6, interpolate). */
export function pointsForScale(points: readonly number[], score: number): number {
  const s = Math.max(1, Math.min(5, score));
  const lower = Math.floor(s);
  const a = points[lower - 1] ?? 0;
  const b = points[Math.min(lower, 4)] ?? a;
  return round6(a + (s - lower) * (b - a));
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** A short human description of a rule, e.g. `linear(floor 60%, cap 120%), inverse`. */
export function describeRule(rule: ScoringRule, inverse: boolean): string {
  let text: string;
  switch (rule.type) {
    case 'linear':
      text = `linear(floor ${rule.floor}%, cap ${rule.cap}%)`;
      break;
    case 'binary':
      text = `binary(≥${rule.threshold}% → ${rule.points})`;
      break;
    case 'bands':
      text = `bands(${rule.bands
        .map((b) => `${b.from}–${b.to}%→${b.to_points === undefined ? b.points : `${b.points}–${b.to_points}`}`)
        .join(', ')})`;
      break;
    case 'scale':
      text = `scale 1–5 → ${rule.points.join('/')}`;
      break;
  }
  return inverse ? `${text}, inverse` : text;
}
