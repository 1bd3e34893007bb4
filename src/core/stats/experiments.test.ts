import { describe, expect, it } from 'vitest';
import { compareExperimentArms, type ExperimentArm } from './experiments.js';

const arm = (
  experimentId: string,
  variant: string,
  conversions: number,
  visitors: number,
  extra: Partial<ExperimentArm> = {},
) => ({
  experimentId,
  name: null,
  variant,
  isControl: null,
  visitors,
  conversions,
  endedAt: 100,
  ...extra,
});

describe('compareExperimentArms', () => {
  it.each<[string, ExperimentArm[], string[]]>([
    ['flagged control wins over the name', [arm('e', 'A', 5, 83), arm('e', 'B', 12, 99, { isControl: true })], ['B:A']],
    ['control found by name', [arm('e', 'v2', 5, 83), arm('e', '对照组', 12, 99)], ['对照组:v2']],
    [
      'first arm otherwise; each variant compared',
      [arm('e', 'x', 5, 83), arm('e', 'y', 6, 90), arm('e', 'z', 7, 91)],
      ['x:y', 'x:z'],
    ],
  ])('%s', (_name, arms, expected) => {
    expect(compareExperimentArms(arms, { now: 200 }).map((c) => `${c.control}:${c.variant}`)).toEqual(expected);
  });

  it('marks a running test as ongoing with the peeking warning', () => {
    const [c] = compareExperimentArms([arm('e', 'A', 5, 83), arm('e', 'B', 12, 99, { endedAt: null })], { now: 200 });
    expect(c!.ongoing).toBe(true);
    expect(c!.result.warnings.map((w) => w.code)).toContain('peeking');
    expect(c!.result.z).toBeCloseTo(-1.40783, 5);
  });
});
