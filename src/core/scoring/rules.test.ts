import { describe, expect, it } from 'vitest';
import { computeAchievement, pointsForAchievement, pointsForScale } from './rules.js';
import { DEFAULT_BANDS, type ScoringRule } from './schema.js';

describe('computeAchievement', () => {
  it.each([
    // actual, target, direction, achievement, note
    [190, 200, 'higher', 95, undefined],
    [0.3, 0.25, 'higher', 120, undefined],
    [0, 200, 'higher', 0, undefined],
    [-50, 200, 'higher', -25, undefined],
    [50, 0, 'higher', 100, 'target_zero'],
    [-1, 0, 'higher', 0, 'target_zero'],
    [0, 0, 'lower', 100, 'target_zero'],
    [3, 0, 'lower', 0, 'target_zero'],
    [80, 100, 'lower', 125, undefined],
    [125, 100, 'lower', 80, undefined],
    [0, 100, 'lower', 1000, 'actual_zero_inverse'],
    [-5, 100, 'lower', 1000, 'negative_actual_inverse'],
    [-0.05, -0.1, 'higher', 150, 'negative_target'],
    [-0.2, -0.1, 'higher', 0, 'negative_target'],
    [-0.2, -0.1, 'lower', 200, 'negative_target'],
    [null, 100, 'higher', null, 'missing_actual'],
    [undefined, 100, 'higher', null, 'missing_actual'],
    [Number.NaN, 100, 'higher', null, 'missing_actual'],
    [100, null, 'higher', null, 'missing_target'],
    [0.7, 0.1 + 0.2 + 0.6, 'higher', 77.777777778, undefined],
    [0.24, 0.3, 'higher', 80, undefined],
  ] as const)('actual %s vs target %s (%s) → %s', (actual, target, direction, achievement, note) => {
    const result = computeAchievement(actual, target, direction);
    expect(result.achievement).toBe(achievement);
    expect(result.note).toBe(note);
  });
});

const linear: ScoringRule = { type: 'linear', floor: 60, cap: 120 };
const bands: ScoringRule = { type: 'bands', bands: DEFAULT_BANDS };
const binary: ScoringRule = { type: 'binary', threshold: 100, points: 100 };

describe('pointsForAchievement', () => {
  it.each([
    [linear, 95, 95],
    [linear, 60, 60],
    [linear, 59.99, 0],
    [linear, 0, 0],
    [linear, 150, 120],
    [linear, 1000, 120],
    [{ type: 'linear', floor: 0, cap: 120 } as ScoringRule, -25, 0],
    [bands, 79.9, 0],
    [bands, 80, 60],
    [bands, 90, 80],
    [bands, 100, 100],
    [bands, 110, 110],
    [bands, 120, 120],
    [bands, 500, 120],
    [bands, -10, 0],
    [{ type: 'bands', bands: [{ from: 50, to: 100, points: 50 }] } as ScoringRule, 70, 50],
    [binary, 99.99, 0],
    [binary, 100, 100],
    [binary, 130, 100],
    [{ type: 'binary', threshold: 90, points: 80 } as ScoringRule, 92, 80],
  ])('%j at %s%% → %s', (rule, achievement, points) => {
    expect(pointsForAchievement(rule, achievement)).toBe(points);
  });
});

describe('pointsForScale', () => {
  const scale = [20, 40, 60, 80, 100];
  it.each([
    [1, 20],
    [3, 60],
    [5, 100],
    [3.6, 72],
    [4.25, 85],
  ])('score %s → %s', (score, points) => {
    expect(pointsForScale(scale, score)).toBe(points);
  });
  it('uses custom maps', () => {
    expect(pointsForScale([0, 25, 50, 75, 100], 2)).toBe(25);
  });
});
