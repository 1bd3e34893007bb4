import type { Journey } from './types.js';

type Totals = { touches: readonly string[]; conversions: number; value: number; nulls: number };

/**
 * Merges journeys with identical touch sequences (summing conversions, value and nulls) so models run once
 * per distinct path. Journeys with per-touch timing or W-shaped markers are kept as they are. Each channel is
 * interned to one character, so a path's key is a short string (cheap to build and hash for 1M journeys).
 */
export function aggregateJourneys(journeys: Iterable<Journey>): Journey[] {
  const codes = new Map<string, string>();
  const code = (channel: string) => {
    let c = codes.get(channel);
    if (c === undefined) {
      const id = codes.size + 1;
      // single UTF-16 units below the surrogate range; beyond that an unambiguous longer code
      c = id < 0xd800 ? String.fromCharCode(id) : `\uffff${id.toString(36)}\ufffe`;
      codes.set(channel, c);
    }
    return c;
  };
  const merged = new Map<string, Totals>();
  const kept: Journey[] = [];
  for (const j of journeys) {
    if (j.daysBefore || j.leadTouch !== undefined || j.opportunityTouch !== undefined) {
      kept.push(j);
      continue;
    }
    let key = '';
    for (const t of j.touches) key += code(t);
    const m = merged.get(key);
    if (m) {
      m.conversions += j.conversions;
      m.value += j.value;
      m.nulls += j.nulls;
    } else merged.set(key, { touches: j.touches, conversions: j.conversions, value: j.value, nulls: j.nulls });
  }
  return [...merged.values(), ...kept];
}
