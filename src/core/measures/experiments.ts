/** One variant row of an experiment (aggregated visitors and conversions). */
export interface ExperimentVariant {
  experimentId: string;
  variant: string;
  isControl: boolean | null;
  visitors: number;
  conversions: number;
}

/** Complementary error function (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const r = poly * Math.exp(-z * z);
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of the pooled two-proportion z-test; null when undefined (no visitors or no variance). */
export function twoProportionPValue(c1: number, n1: number, c2: number, n2: number): number | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (c1 + c2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return null;
  const z = (c2 / n2 - c1 / n1) / se;
  return erfc(Math.abs(z) / Math.SQRT2);
}

const CONTROL_NAME = /^(control|baseline|a|original|对照|对照组)$/i;

/**
 * Per experiment: whether its best variant beats the control with p < alpha. The control is the row flagged
 * is_control, else a variant named control/baseline/A/对照, else the first variant by name.
 */
export function significantExperiments(
  rows: readonly ExperimentVariant[],
  alpha = 0.05,
): Map<string, { significant: boolean; pValue: number | null }> {
  const byExperiment = new Map<string, ExperimentVariant[]>();
  for (const r of rows) byExperiment.set(r.experimentId, [...(byExperiment.get(r.experimentId) ?? []), r]);
  const out = new Map<string, { significant: boolean; pValue: number | null }>();
  for (const [id, variants] of byExperiment) {
    const sorted = [...variants].sort((a, b) => a.variant.localeCompare(b.variant));
    const control =
      sorted.find((v) => v.isControl === true) ?? sorted.find((v) => CONTROL_NAME.test(v.variant)) ?? sorted[0];
    const rate = (v: ExperimentVariant) => (v.visitors > 0 ? v.conversions / v.visitors : -1);
    const best = sorted.filter((v) => v !== control).sort((a, b) => rate(b) - rate(a))[0];
    if (!control || !best) {
      out.set(id, { significant: false, pValue: null });
      continue;
    }
    const p = twoProportionPValue(control.conversions, control.visitors, best.conversions, best.visitors);
    out.set(id, { significant: p !== null && p < alpha && rate(best) > rate(control), pValue: p });
  }
  return out;
}
