/** One segment of a ratio KPI: numerator and denominator now and in the baseline. */
export interface RatioSegment {
  key: string;
  numerator: number;
  denominator: number;
  baseNumerator: number;
  baseDenominator: number;
}

/** Mix and rate effects of one segment. */
export interface RatioDriver {
  key: string;
  rate: number | null;
  baseRate: number | null;
  weight: number;
  baseWeight: number;
  /** Change caused by the segment's share of the denominator moving. */
  mixEffect: number;
  /** Change caused by the segment's own rate moving. */
  rateEffect: number;
  total: number;
}

export interface RatioDecomposition {
  actual: number | null;
  baseline: number | null;
  /** actual − baseline = Σ (mix + rate) effects. */
  change: number | null;
  mixEffect: number;
  rateEffect: number;
  /** When a target is given: actual − target = (baseline − target) + change. */
  target: number | null;
  gap: number | null;
  drivers: RatioDriver[];
}

/**
 * Kitagawa (1955) decomposition of the change of a ratio KPI R = Σ wᵢ rᵢ (wᵢ = segment share of the
 * denominator, rᵢ = segment rate) between a baseline (previous period or the target plan) and now:
 * mixᵢ = Δwᵢ · (rᵢ + rᵢ′)/2, rateᵢ = Δrᵢ · (wᵢ + wᵢ′)/2, which add up exactly to ΔR. A segment with no
 * denominator in one period takes its rate from the other period (its effect is then pure mix).
 */
export function decomposeRatioGap(segments: readonly RatioSegment[], target?: number): RatioDecomposition {
  const den = segments.reduce((s, x) => s + x.denominator, 0);
  const baseDen = segments.reduce((s, x) => s + x.baseDenominator, 0);
  const num = segments.reduce((s, x) => s + x.numerator, 0);
  const baseNum = segments.reduce((s, x) => s + x.baseNumerator, 0);
  const actual = den > 0 ? num / den : null;
  const baseline = baseDen > 0 ? baseNum / baseDen : null;
  const drivers = segments.map((s) => {
    const rate = s.denominator > 0 ? s.numerator / s.denominator : null;
    const baseRate = s.baseDenominator > 0 ? s.baseNumerator / s.baseDenominator : null;
    const r1 = rate ?? baseRate ?? 0;
    const r0 = baseRate ?? rate ?? 0;
    const w1 = den > 0 ? s.denominator / den : 0;
    const w0 = baseDen > 0 ? s.baseDenominator / baseDen : 0;
    const mixEffect = (w1 - w0) * ((r1 + r0) / 2);
    const rateEffect = (r1 - r0) * ((w1 + w0) / 2);
    return {
      key: s.key,
      rate,
      baseRate,
      weight: w1,
      baseWeight: w0,
      mixEffect,
      rateEffect,
      total: mixEffect + rateEffect,
    };
  });
  drivers.sort((x, y) => Math.abs(y.total) - Math.abs(x.total) || x.key.localeCompare(y.key));
  const comparable = actual !== null && baseline !== null;
  return {
    actual,
    baseline,
    change: comparable ? actual - baseline : null,
    mixEffect: comparable ? drivers.reduce((s, d) => s + d.mixEffect, 0) : 0,
    rateEffect: comparable ? drivers.reduce((s, d) => s + d.rateEffect, 0) : 0,
    target: target ?? null,
    gap: target !== undefined && actual !== null ? actual - target : null,
    drivers,
  };
}
