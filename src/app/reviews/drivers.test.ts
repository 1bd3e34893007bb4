import { describe, expect, it } from 'vitest';
import { additiveGapDrivers, rateGapDrivers } from './drivers.js';

describe('additiveGapDrivers', () => {
  it.each([
    {
      name: 'previous-period mix: contributions sum to the gap, biggest shortfall first',
      target: 100,
      segments: [
        { value: '百度SEM', actual: 30, previous: 50 },
        { value: '抖音', actual: 45, previous: 50 },
      ],
      basis: 'previous_period',
      expected: [
        ['百度SEM', -20],
        ['抖音', -5],
      ],
    },
    {
      name: 'no history: current mix',
      target: 50,
      segments: [
        { value: 'a', actual: 60, previous: null },
        { value: 'b', actual: 40, previous: 0 },
      ],
      basis: 'current_mix',
      expected: [
        ['a', 30],
        ['b', 20],
      ],
    },
  ])('$name', ({ target, segments, basis, expected }) => {
    const result = additiveGapDrivers('channel', target, segments);
    expect(result.basis).toBe(basis);
    expect(result.drivers.map((d) => [d.value, d.contribution])).toEqual(expected);
    const gap = segments.reduce((a, s) => a + (s.actual ?? 0), 0) - target;
    expect(result.drivers.reduce((a, d) => a + d.contribution, 0)).toBeCloseTo(gap, 6);
  });
});

describe('rateGapDrivers', () => {
  it('ranks the furthest-below segments first for higher-is-better', () => {
    const d = rateGapDrivers('channel', 0.1, 'higher', [
      { value: 'x', actual: 0.12 },
      { value: 'y', actual: 0.02 },
      { value: 'z', actual: null },
    ]);
    expect(d.map((x) => x.value)).toEqual(['y', 'x']);
  });
});
