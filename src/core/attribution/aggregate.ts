import type { Journey } from './types.js';

/**
 * Merges journeys with identical touch sequences (summing conversions, value and nulls) so models run once
 * per distinct path. Journeys with per-touch timing or W-shaped markers are kept as they are.
 */
export function aggregateJourneys(journeys: Iterable<Journey>): Journey[] {
  const merged = new Map<string, Journey & { conversions: number; value: number; nulls: number }>();
  const kept: Journey[] = [];
  for (const j of journeys) {
    if (j.daysBefore || j.leadTouch !== undefined || j.opportunityTouch !== undefined) {
      kept.push(j);
      continue;
    }
    const key = j.touches.join('\u0000');
    const m = merged.get(key);
    if (m) {
      m.conversions += j.conversions;
      m.value += j.value;
      m.nulls += j.nulls;
    } else merged.set(key, { touches: j.touches, conversions: j.conversions, value: j.value, nulls: j.nulls });
  }
  return [...merged.values(), ...kept];
}
