import { type AbTestResult, analyseAbTest } from './ab-test.js';

/** One variant of an experiment with its totals (ended_at null while it runs). */
export interface ExperimentArm {
  experimentId: string;
  name: string | null;
  variant: string;
  isControl: boolean | null;
  visitors: number;
  conversions: number;
  endedAt: number | null;
}

/** One variant compared with its experiment's control. */
export interface ExperimentComparison {
  experimentId: string;
  name: string | null;
  control: string;
  variant: string;
  ongoing: boolean;
  result: AbTestResult;
}

const CONTROL_NAME = /^(control|baseline|a|original|对照|对照组)$/i;

/**
 * Compares every variant with its experiment's control. The control is the arm flagged is_control, else one
 * named control/baseline/A/original/对照, else the first arm. An arm without an end date (or ending after `now`)
 * makes the comparison ongoing, which adds the peeking warning.
 */
export function compareExperimentArms(
  arms: readonly ExperimentArm[],
  options: { alpha?: number; now: number },
): ExperimentComparison[] {
  const byExperiment = new Map<string, ExperimentArm[]>();
  for (const a of arms) byExperiment.set(a.experimentId, [...(byExperiment.get(a.experimentId) ?? []), a]);
  const out: ExperimentComparison[] = [];
  for (const [experimentId, variants] of byExperiment) {
    const control =
      variants.find((v) => v.isControl === true) ?? variants.find((v) => CONTROL_NAME.test(v.variant)) ?? variants[0]!;
    for (const v of variants) {
      if (v === control || control.visitors <= 0 || v.visitors <= 0) continue;
      const ongoing =
        v.endedAt === null || control.endedAt === null || Math.max(v.endedAt, control.endedAt) > options.now;
      out.push({
        experimentId,
        name: v.name ?? control.name,
        control: control.variant,
        variant: v.variant,
        ongoing,
        result: analyseAbTest(control, v, { alpha: options.alpha ?? 0.05, ongoing }),
      });
    }
  }
  return out;
}
