import { normalQuantile } from './distributions.js';

/** Visitors needed per arm to detect an absolute change `mde` from baseline rate p (two-sided test). */
export function sampleSizePerArm(baseline: number, mde: number, alpha = 0.05, power = 0.8): number | null {
  const p1 = baseline;
  const p2 = baseline + mde;
  if (mde === 0 || p2 <= 0 || p2 >= 1 || p1 <= 0 || p1 >= 1) return null;
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const pBar = (p1 + p2) / 2;
  const root = za * Math.sqrt(2 * pBar * (1 - pBar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((root * root) / (mde * mde));
}

/** Smallest absolute lift detectable with n visitors per arm at baseline rate p (normal approximation). */
export function minimumDetectableEffect(baseline: number, perArm: number, alpha = 0.05, power = 0.8): number | null {
  if (perArm <= 0 || baseline <= 0 || baseline >= 1) return null;
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  return (za + zb) * Math.sqrt((2 * baseline * (1 - baseline)) / perArm);
}
