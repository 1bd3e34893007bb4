import type { Arm } from './proportions.js';
import { logBeta } from './special.js';

/**
 * P(p_variant > p_control) with independent Beta(1 + x, 1 + n − x) posteriors (uniform priors), computed
 * exactly with the closed form for Beta variables with an integer first parameter (Evan Miller 2015):
 * Σ_{i=0}^{a_v−1} B(a_c + i, b_c + b_v) / ((b_v + i) · B(1 + i, b_v) · B(a_c, b_c)). Deterministic.
 */
export function probabilityToBeatControl(control: Arm, variant: Arm): number {
  const ac = 1 + control.conversions;
  const bc = 1 + control.visitors - control.conversions;
  const av = 1 + variant.conversions;
  const bv = 1 + variant.visitors - variant.conversions;
  let total = 0;
  const lbc = logBeta(ac, bc);
  for (let i = 0; i < av; i++) {
    total += Math.exp(logBeta(ac + i, bc + bv) - Math.log(bv + i) - logBeta(1 + i, bv) - lbc);
  }
  return Math.min(1, Math.max(0, total));
}
