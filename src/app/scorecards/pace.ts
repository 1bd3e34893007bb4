import type { Period } from '../periods/periods.js';

/** Progress of an item within its period: share of the period elapsed, the value expected by now, and pace. */
export interface ItemPace {
  elapsed_share: number;
  expected: number | null;
  pace: number | null;
  on_track: boolean | null;
}

const DAY = 86_400_000;

/** Share of a period's days elapsed at `today` (0 before, 1 after), by local calendar dates. */
export function elapsedShare(period: Pick<Period, 'start_date' | 'end_date'>, today: string): number {
  const start = Date.parse(`${period.start_date}T00:00:00Z`);
  const end = Date.parse(`${period.end_date}T00:00:00Z`) + DAY;
  const now = Date.parse(`${today}T00:00:00Z`) + DAY;
  return Math.min(1, Math.max(0, (now - start) / (end - start)));
}

/**
 * Pace of an item: for cumulative KPIs (counts, money) the target pro-rated to the elapsed share; for rates the
 * target itself. Lower-is-better KPIs are on track when at or below the expected value.
 */
export function itemPace(input: {
  actual: number | null;
  target: number | null;
  additive: boolean;
  direction: 'higher' | 'lower';
  elapsed: number;
}): ItemPace {
  const { actual, target, additive, direction, elapsed } = input;
  if (target === null || elapsed <= 0) return { elapsed_share: elapsed, expected: null, pace: null, on_track: null };
  const expected = additive ? target * elapsed : target;
  if (actual === null || expected === 0) return { elapsed_share: elapsed, expected, pace: null, on_track: null };
  const pace = direction === 'lower' ? expected / actual : actual / expected;
  return {
    elapsed_share: Math.round(elapsed * 1000) / 1000,
    expected: Math.round(expected * 100) / 100,
    pace: Number.isFinite(pace) ? Math.round(pace * 1000) / 1000 : null,
    on_track: Number.isFinite(pace) ? pace >= 1 : null,
  };
}
