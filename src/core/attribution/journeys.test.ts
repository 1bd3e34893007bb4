import { describe, expect, it } from 'vitest';
import { buildJourneys, creditsToFen, NO_TOUCH } from './index.js';

const day = 86_400_000;
const t0 = Date.UTC(2026, 2, 1);

describe('buildJourneys', () => {
  const touches = [
    { person: 'p1', at: t0 - 40 * day, channel: 'old' },
    { person: 'p1', at: t0 - 10 * day, channel: 'seo' },
    { person: 'p1', at: t0 - 1 * day, channel: 'sem' },
    { person: 'p1', at: t0 + 2 * day, channel: 'email' },
    { person: 'p1', at: t0 + 5 * day, channel: 'wechat' },
    { person: 'p2', at: t0 + 1 * day, channel: 'sem' },
  ];
  const conversions = [
    { person: 'p1', at: t0, value: 100, leadAt: t0 - 5 * day },
    { person: 'p1', at: t0 + 3 * day, value: 50 },
    { person: 'p3', at: t0, value: 7 },
  ];

  it('cuts journeys by lookback and restarts after each conversion', () => {
    const journeys = buildJourneys(touches, conversions, {
      lookbackDays: 30,
      nonConverting: { start: t0, end: t0 + 10 * day },
    });
    expect(journeys).toEqual([
      { touches: ['seo', 'sem'], conversions: 1, value: 100, nulls: 0, daysBefore: [10, 1], leadTouch: 0 },
      { touches: ['email'], conversions: 1, value: 50, nulls: 0, daysBefore: [1] },
      { touches: [NO_TOUCH], conversions: 1, value: 7, nulls: 0, daysBefore: [0] },
      { touches: ['wechat'], conversions: 0, value: 0, nulls: 1 },
      { touches: ['sem'], conversions: 0, value: 0, nulls: 1 },
    ]);
  });
});

describe('creditsToFen', () => {
  it('rounds fractional credit so the fen add up to the total', () => {
    const credits = [
      { channel: 'a', conversions: 1, value: 33.333333 },
      { channel: 'b', conversions: 1, value: 33.333333 },
      { channel: 'c', conversions: 1, value: 33.333334 },
    ];
    const fen = creditsToFen(credits, 10000);
    expect(fen.map((c) => c.valueFen).reduce((a, b) => a + b, 0)).toBe(10000);
    expect(fen.map((c) => c.valueFen).sort()).toEqual([3333, 3333, 3334]);
  });
});
