import { UserError } from '../errors.js';
import { chiSquareSurvival, normalCdf, normalQuantile } from './distributions.js';

/** Conversions out of visitors in one arm of a test. */
export interface Arm {
  conversions: number;
  visitors: number;
}

/** An interval with its confidence level; null bounds where it is undefined. */
export interface Interval {
  low: number | null;
  high: number | null;
  level: number;
}

/** Checks an arm: whole numbers, 0 ≤ conversions ≤ visitors, visitors > 0. */
export function checkArm(arm: Arm, name: string): void {
  const { conversions: x, visitors: n } = arm;
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n <= 0 || x > n) {
    throw new UserError(
      'bad_arm',
      `${name}: need whole numbers with 0 ≤ conversions ≤ visitors and visitors > 0 (got ${x}/${n})`,
    );
  }
}

/**
 * Pooled two-proportion z-test. z = (p_control − p_variant) / SE_pooled (the sign convention of
 * R's prop.test(c(control, variant))); p is two-sided.
 */
export function twoProportionZTest(control: Arm, variant: Arm): { z: number; p: number } {
  const p1 = control.conversions / control.visitors;
  const p2 = variant.conversions / variant.visitors;
  const pooled = (control.conversions + variant.conversions) / (control.visitors + variant.visitors);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / control.visitors + 1 / variant.visitors));
  if (se === 0) return { z: 0, p: 1 };
  const z = (p1 - p2) / se;
  return { z, p: 2 * normalCdf(-Math.abs(z)) };
}

/** Pearson chi-square test of independence on the 2×2 table (no continuity correction); equals z². */
export function chiSquare2x2(control: Arm, variant: Arm): { chi2: number; p: number; minExpected: number } {
  const table = [
    [control.conversions, control.visitors - control.conversions],
    [variant.conversions, variant.visitors - variant.conversions],
  ];
  const total = control.visitors + variant.visitors;
  const rows = [control.visitors, variant.visitors];
  const cols = [table[0]![0]! + table[1]![0]!, table[0]![1]! + table[1]![1]!];
  let chi2 = 0;
  let minExpected = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      const expected = (rows[i]! * cols[j]!) / total;
      minExpected = Math.min(minExpected, expected);
      if (expected > 0) chi2 += (table[i]![j]! - expected) ** 2 / expected;
    }
  }
  return { chi2, p: chi2 > 0 ? chiSquareSurvival(chi2, 1) : 1, minExpected };
}

/** Absolute lift p_v − p_c with an unpooled Wald interval. */
export function absoluteLift(control: Arm, variant: Arm, alpha = 0.05): { lift: number; interval: Interval } {
  const p1 = control.conversions / control.visitors;
  const p2 = variant.conversions / variant.visitors;
  const se = Math.sqrt((p1 * (1 - p1)) / control.visitors + (p2 * (1 - p2)) / variant.visitors);
  const z = normalQuantile(1 - alpha / 2);
  return { lift: p2 - p1, interval: { low: p2 - p1 - z * se, high: p2 - p1 + z * se, level: 1 - alpha } };
}

/** Relative lift p_v / p_c − 1 with a delta-method interval on the log ratio; null when control has no conversions. */
export function relativeLift(control: Arm, variant: Arm, alpha = 0.05): { lift: number | null; interval: Interval } {
  const level = 1 - alpha;
  if (control.conversions === 0) return { lift: null, interval: { low: null, high: null, level } };
  const p1 = control.conversions / control.visitors;
  const p2 = variant.conversions / variant.visitors;
  const lift = p2 / p1 - 1;
  if (variant.conversions === 0) return { lift, interval: { low: null, high: null, level } };
  const se = Math.sqrt((1 - p2) / variant.conversions + (1 - p1) / control.conversions);
  const z = normalQuantile(1 - alpha / 2);
  const logRatio = Math.log(p2 / p1);
  return { lift, interval: { low: Math.exp(logRatio - z * se) - 1, high: Math.exp(logRatio + z * se) - 1, level } };
}
