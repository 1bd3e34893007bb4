/** One segment's share of a KPI gap. */
export interface GapDriver {
  dimension: string;
  value: string;
  actual: number | null;
  expected: number | null;
  contribution: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Splits the gap of an additive KPI (actual − target) over the segments of one dimension: each segment's share
 * of the target follows its share of the previous period (or of the current one without history); a segment's
 * contribution is its actual minus its share of the target, so contributions sum to the whole gap. Sorted with
 * the segments that explain most of the gap (same sign, largest) first.
 */
export function additiveGapDrivers(
  dimension: string,
  target: number,
  segments: readonly { value: string; actual: number | null; previous: number | null }[],
): { basis: 'previous_period' | 'current_mix'; drivers: GapDriver[] } {
  const prevTotal = segments.reduce((a, s) => a + (s.previous ?? 0), 0);
  const actualTotal = segments.reduce((a, s) => a + (s.actual ?? 0), 0);
  const basis = prevTotal > 0 ? 'previous_period' : 'current_mix';
  const weightTotal = basis === 'previous_period' ? prevTotal : actualTotal;
  const drivers = segments.map((s) => {
    const weight = basis === 'previous_period' ? (s.previous ?? 0) : (s.actual ?? 0);
    const expected = weightTotal > 0 ? (target * weight) / weightTotal : 0;
    return {
      dimension,
      value: s.value,
      actual: s.actual,
      expected: round2(expected),
      contribution: round2((s.actual ?? 0) - expected),
    };
  });
  const gap = actualTotal - target;
  drivers.sort((a, b) => -Math.sign(gap || -1) * (a.contribution - b.contribution) || a.value.localeCompare(b.value));
  return { basis, drivers };
}

/**
 * For rate KPIs (not additive), ranks segments by how far their rate is from the target in the direction of
 * the miss; contribution is the segment's rate minus the target (not additive).
 */
export function rateGapDrivers(
  dimension: string,
  target: number,
  direction: 'higher' | 'lower',
  segments: readonly { value: string; actual: number | null }[],
): GapDriver[] {
  const sign = direction === 'higher' ? 1 : -1;
  return segments
    .filter((s) => s.actual !== null)
    .map((s) => ({
      dimension,
      value: s.value,
      actual: s.actual,
      expected: target,
      contribution: round2((s.actual as number) - target),
    }))
    .sort((a, b) => sign * (a.contribution - b.contribution) || a.value.localeCompare(b.value));
}
