/** One segment (channel, campaign, owner …) of an additive KPI. */
export interface AdditiveSegment {
  key: string;
  actual: number;
  /** The segment's own target, when targets were set per segment. */
  target?: number;
  /** The segment's value in a baseline (e.g. previous period), used to split a total target by share. */
  baseline?: number;
}

/** A segment's share of the gap. */
export interface GapDriver {
  key: string;
  actual: number;
  expected: number;
  contribution: number;
  /** contribution / total gap (null when the gap is 0). */
  share: number | null;
}

export interface GapDecomposition {
  actual: number;
  target: number;
  gap: number;
  /** How each segment's expected value was set. */
  basis: 'segment_targets' | 'baseline_share' | 'actual_share';
  /** Segments ranked by absolute contribution; contributions sum to the gap exactly (up to float rounding). */
  drivers: GapDriver[];
}

/**
 * Splits the gap (actual − target) of an additive KPI over segments. Each segment is held to an expected value:
 * its own target if every segment has one (a remainder segment `(unallocated)` takes target − Σ segment targets),
 * else the total target split by baseline share (e.g. last period's mix), else by actual share. Contribution =
 * actual − expected, so the contributions add up to the total gap.
 */
export function decomposeAdditiveGap(target: number, segments: readonly AdditiveSegment[]): GapDecomposition {
  const actual = segments.reduce((s, x) => s + x.actual, 0);
  const gap = actual - target;
  let basis: GapDecomposition['basis'];
  let expected: number[];
  const rows = [...segments];
  if (rows.length > 0 && rows.every((s) => s.target !== undefined)) {
    basis = 'segment_targets';
    expected = rows.map((s) => s.target!);
    const rest = target - expected.reduce((a, b) => a + b, 0);
    if (Math.abs(rest) > 1e-9 * Math.max(1, Math.abs(target))) {
      rows.push({ key: '(unallocated)', actual: 0 });
      expected.push(rest);
    }
  } else {
    const baseTotal = rows.reduce((s, x) => s + (x.baseline ?? 0), 0);
    const useBaseline = rows.every((s) => s.baseline !== undefined) && baseTotal !== 0;
    basis = useBaseline ? 'baseline_share' : 'actual_share';
    const weights = rows.map((s) => (useBaseline ? s.baseline! : s.actual));
    const total = weights.reduce((a, b) => a + b, 0);
    expected = weights.map((w) => (total !== 0 ? (target * w) / total : target / Math.max(1, rows.length)));
  }
  const drivers = rows
    .map((s, i) => {
      const contribution = s.actual - expected[i]!;
      return {
        key: s.key,
        actual: s.actual,
        expected: expected[i]!,
        contribution,
        share: gap !== 0 ? contribution / gap : null,
      };
    })
    .sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution) || x.key.localeCompare(y.key));
  return { actual, target, gap, basis, drivers };
}
