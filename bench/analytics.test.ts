import { describe, expect, it } from 'vitest';
import { generateJourneys, runAnalyticsBench } from './analytics.js';

describe('analytics bench', () => {
  it('generates deterministic journeys over at most 15 channels', () => {
    const a = generateJourneys(1000, 3);
    expect(a).toEqual(generateJourneys(1000, 3));
    expect(new Set(a.flatMap((j) => j.touches)).size).toBeLessThanOrEqual(15);
    expect(a.some((j) => j.conversions > 0) && a.some((j) => j.nulls > 0)).toBe(true);
  });

  it('times Markov and Shapley (small run)', async () => {
    const r = await runAnalyticsBench(20_000);
    expect(r.markov_1m_s).toBeGreaterThanOrEqual(0);
    expect(r.shapley_1m_s).toBeGreaterThanOrEqual(0);
  });
});
