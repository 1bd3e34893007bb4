import { describe, expect, it } from 'vitest';
import {
  analyseAbTest,
  chiSquare2x2,
  chiSquareSurvival,
  computeNps,
  invertMatrix,
  logGamma,
  minimumDetectableEffect,
  normalCdf,
  normalQuantile,
  npsByGroup,
  parseArm,
  probabilityToBeatControl,
  ratingDistribution,
  regularizedBeta,
  regularizedGammaP,
  sampleSizePerArm,
  twoProportionZTest,
} from './index.js';

describe('special functions and distributions', () => {
  it.each<[string, () => number, number, number]>([
    ['Φ(1.96)', () => normalCdf(1.96), 0.9750021048517795, 1e-13],
    ['Φ(−1)', () => normalCdf(-1), 0.15865525393145707, 1e-13],
    ['Φ(−8)', () => normalCdf(-8), 6.22096057427178e-16, 1e-25],
    ['Φ⁻¹(0.975)', () => normalQuantile(0.975), 1.959963984540054, 1e-12],
    ['Φ⁻¹(0.001)', () => normalQuantile(0.001), -3.090232306167813, 1e-12],
    ['Φ⁻¹(0.8)', () => normalQuantile(0.8), 0.8416212335729143, 1e-12],
    ['lnΓ(10)', () => logGamma(10), 12.801827480081469, 1e-12],
    ['lnΓ(0.5)', () => logGamma(0.5), 0.5723649429247001, 1e-12],
    ['I_0.5(2,3)', () => regularizedBeta(0.5, 2, 3), 0.6875, 1e-13],
    ['I_0.9(20,2)', () => regularizedBeta(0.9, 20, 2), 0.9 ** 20 * 3, 1e-12],
    ['P(2, 3)', () => regularizedGammaP(2, 3), 0.8008517265285442, 1e-13],
    ['χ²₁ survival at 3.841459', () => chiSquareSurvival(3.841458820694124, 1), 0.05, 1e-12],
  ])('%s', (_name, f, expected, tolerance) => {
    expect(Math.abs(f() - expected)).toBeLessThan(tolerance);
  });

  it('inverts a matrix', () => {
    const inv = invertMatrix([
      [4, 7],
      [2, 6],
    ]);
    expect(inv.flat().map((x) => Math.round(x * 1e12) / 1e12)).toEqual([0.6, -0.7, -0.2, 0.4]);
  });
});

describe('A/B statistics', () => {
  it('matches the reference 5/83 vs 12/99', () => {
    const { z, p } = twoProportionZTest({ conversions: 5, visitors: 83 }, { conversions: 12, visitors: 99 });
    expect(z).toBeCloseTo(-1.40783, 5);
    expect(p).toBeCloseTo(0.159181, 6);
  });

  it.each([
    [5, 83, 12, 99],
    [120, 1000, 150, 1000],
    [0, 50, 3, 60],
  ])('chi-square equals z² for %i/%i vs %i/%i', (x1, n1, x2, n2) => {
    const a = { conversions: x1, visitors: n1 };
    const b = { conversions: x2, visitors: n2 };
    const { z, p } = twoProportionZTest(a, b);
    const chi = chiSquare2x2(a, b);
    expect(chi.chi2).toBeCloseTo(z * z, 10);
    expect(chi.p).toBeCloseTo(p, 10);
  });

  it.each<[string, [number, number], [number, number], number]>([
    ['identical empty arms', [0, 1], [0, 1], 0.5],
    ['1/1 vs 0/1 (hand-integrated)', [1, 1], [0, 1], 1 / 6],
    ['0/1 vs 1/1', [0, 1], [1, 1], 5 / 6],
  ])('probability to beat control: %s', (_n, [xc, nc], [xv, nv], expected) => {
    expect(probabilityToBeatControl({ conversions: xc, visitors: nc }, { conversions: xv, visitors: nv })).toBeCloseTo(
      expected,
      12,
    );
  });

  it('sample size and MDE agree with the textbook formula', () => {
    expect(sampleSizePerArm(0.1, 0.02)).toBe(3841);
    const mde = minimumDetectableEffect(0.1, 3841);
    expect(mde).toBeGreaterThan(0.019);
    expect(mde).toBeLessThan(0.0201);
    expect(sampleSizePerArm(0.1, 0)).toBeNull();
  });

  it('analyses a test with verdict, intervals and warnings', () => {
    const r = analyseAbTest(parseArm('5/83', 'control'), parseArm('12/99', 'variant'), { ongoing: true });
    expect(r.significant).toBe(false);
    expect(r.verdict.code).toBe('inconclusive');
    expect(r.absoluteLift).toBeCloseTo(12 / 99 - 5 / 83, 12);
    expect(r.absoluteInterval.low!).toBeLessThan(0);
    expect(r.absoluteInterval.high!).toBeGreaterThan(0);
    expect(r.relativeLift).toBeCloseTo(12 / 99 / (5 / 83) - 1, 12);
    expect(r.warnings.map((w) => w.code)).toEqual(['underpowered', 'peeking']);
    expect(r.probabilityToBeatControl).toBeGreaterThan(0.9);
    const win = analyseAbTest({ conversions: 100, visitors: 1000 }, { conversions: 150, visitors: 1000 });
    expect(win.verdict.code).toBe('variant_wins');
    expect(win.warnings).toEqual([]);
  });

  it.each(['5', '5/0', '9/3', 'a/b'])('rejects arm %s', (text) => {
    expect(() => parseArm(text, 'control')).toThrow(/control/);
  });
});

describe('NPS and ratings', () => {
  it.each<[string, number[], number | null, number | null]>([
    ['no answers', [], null, null],
    ['all promoters', [9, 10, 10], 100, 0],
    ['all detractors', [0, 3, 6], -100, 0],
    ['mixed', [10, 10, 0, 7], 25, 41.4578098794425],
  ])('%s', (_name, scores, nps, se) => {
    const r = computeNps(scores);
    expect(r.nps).toBe(nps);
    if (se === null) expect(r.standardError).toBeNull();
    else expect(r.standardError).toBeCloseTo(se, 10);
    expect(Number.isNaN(r.nps)).toBe(false);
    if (nps === 100) expect(r.interval).toEqual({ low: 100, high: 100, level: 0.95 });
  });

  it('counts the 0–10 distribution and groups by channel', () => {
    const rows = [
      { c: 'wechat', s: 10 },
      { c: 'wechat', s: 6 },
      { c: null, s: 8 },
    ];
    const groups = npsByGroup(
      rows,
      (r) => r.c,
      (r) => r.s,
    );
    expect(groups.map((g) => [g.group, g.result.nps])).toEqual([
      ['wechat', 0],
      ['(none)', 0],
    ]);
    expect(computeNps([10, 10, 6, 11, null]).distribution).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
  });

  it('rating distribution', () => {
    const r = ratingDistribution([5, 4, 4, null, 9]);
    expect(r.count).toBe(3);
    expect(r.mean).toBeCloseTo(13 / 3, 12);
    expect(r.distribution).toEqual({ '1': 0, '2': 0, '3': 0, '4': 2, '5': 1 });
    expect(ratingDistribution([]).mean).toBeNull();
  });
});
