import { describe, expect, it } from 'vitest';
import { type AdditiveSegment, decomposeAdditiveGap, decomposeRatioGap, paceForecast } from './index.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('additive gap decomposition', () => {
  it.each<[string, number, AdditiveSegment[], string, Record<string, number>]>([
    [
      'segment targets',
      100,
      [
        { key: 'sem', actual: 30, target: 50 },
        { key: 'wechat', actual: 45, target: 40 },
      ],
      'segment_targets',
      { sem: -20, wechat: 5, '(unallocated)': -10 },
    ],
    [
      'baseline share',
      100,
      [
        { key: 'sem', actual: 30, baseline: 60 },
        { key: 'wechat', actual: 50, baseline: 40 },
      ],
      'baseline_share',
      { sem: -30, wechat: 10 },
    ],
    [
      'actual share',
      100,
      [
        { key: 'a', actual: 60 },
        { key: 'b', actual: 20 },
      ],
      'actual_share',
      { a: -15, b: -5 },
    ],
  ])('%s: contributions sum to the gap', (_name, target, segments, basis, expected) => {
    const result = decomposeAdditiveGap(target, segments);
    expect(result.basis).toBe(basis);
    expect(Object.fromEntries(result.drivers.map((d) => [d.key, d.contribution]))).toEqual(expected);
    expect(sum(result.drivers.map((d) => d.contribution))).toBeCloseTo(result.gap, 10);
    expect(result.drivers[0]!.key).toBe(
      Object.entries(expected).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0]![0],
    );
  });
});

describe('ratio (Kitagawa mix vs rate)', () => {
  it('splits a conversion-rate drop into mix and rate effects that sum to the change', () => {
    // baseline: sem 100 visits 10 conv, seo 100 visits 2 conv (6 %); now: sem 50/5, seo 150/3 (4 %)
    const r = decomposeRatioGap(
      [
        { key: 'sem', numerator: 5, denominator: 50, baseNumerator: 10, baseDenominator: 100 },
        { key: 'seo', numerator: 3, denominator: 150, baseNumerator: 2, baseDenominator: 100 },
      ],
      0.05,
    );
    expect(r.actual).toBeCloseTo(0.04, 12);
    expect(r.baseline).toBeCloseTo(0.06, 12);
    expect(r.change).toBeCloseTo(-0.02, 12);
    expect(r.mixEffect + r.rateEffect).toBeCloseTo(-0.02, 12);
    expect(r.rateEffect).toBeCloseTo(0, 12); // rates unchanged: the whole drop is mix
    expect(r.gap).toBeCloseTo(-0.01, 12);
    const sem = r.drivers.find((d) => d.key === 'sem')!;
    expect(sem.mixEffect).toBeCloseTo(-0.25 * 0.1, 12);
  });

  it('a pure rate change has no mix effect', () => {
    const r = decomposeRatioGap([
      { key: 'a', numerator: 20, denominator: 100, baseNumerator: 10, baseDenominator: 100 },
    ]);
    expect(r.mixEffect).toBe(0);
    expect(r.rateEffect).toBeCloseTo(0.1, 12);
    expect(r.gap).toBeNull();
  });
});

describe('pace forecast', () => {
  it('linear run-rate with a range', () => {
    const f = paceForecast({ periodDays: 30, daily: [10, 12, 8, 10, 10], target: 250 });
    expect(f.soFar).toBe(50);
    expect(f.linear!.forecast).toBe(300);
    expect(f.linear!.low).toBeLessThan(300);
    expect(f.linear!.high).toBeGreaterThan(300);
    expect(f.linear!.probabilityToHit).toBeGreaterThan(0.9);
    expect(f.seasonal).toBeNull();
  });

  it('seasonal forecast follows last period’s shape', () => {
    // last period: weekdays 10, weekends 30; this period runs at twice the level
    const prev = Array.from({ length: 14 }, (_, d) => (d % 7 >= 5 ? 30 : 10));
    const f = paceForecast({ periodDays: 14, daily: [20, 20, 20, 20, 20], previousDaily: prev });
    expect(f.seasonal!.forecast).toBeCloseTo(2 * sum(prev), 10);
    expect(f.seasonal!.low).toBeCloseTo(f.seasonal!.forecast, 10);
    expect(f.linear!.forecast).toBe(280);
  });

  it('no days elapsed: no forecast', () => {
    expect(paceForecast({ periodDays: 30, daily: [] }).linear).toBeNull();
  });
});
