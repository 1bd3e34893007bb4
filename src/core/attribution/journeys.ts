import type { Journey } from './types.js';

/** A session (touch) of a person: instant in epoch ms and the channel (or campaign) it came from. */
export interface Touchpoint {
  person: string;
  at: number;
  channel: string;
}

/** A conversion of a person: instant, value, and (for W-shaped) when the lead and opportunity were created. */
export interface ConversionPoint {
  person: string;
  at: number;
  value: number;
  leadAt?: number | null;
  opportunityAt?: number | null;
}

export interface JourneyOptions {
  /** Touches older than this many days before a conversion are ignored (default 30). */
  lookbackDays?: number;
  /** Build non-converting journeys from touches in [start, end) after a person's last conversion. */
  nonConverting?: { start: number; end: number };
}

/** Label of the touch given to conversions with no session inside the lookback window. */
export const NO_TOUCH = '(none)';

const DAY_MS = 86_400_000;

function lastIndexAtOrBefore(touches: readonly Touchpoint[], at: number | null | undefined): number | undefined {
  if (at === null || at === undefined) return undefined;
  let found: number | undefined;
  touches.forEach((t, i) => {
    if (t.at <= at) found = i;
  });
  return found;
}

/**
 * Builds one journey per conversion from the person's touches in (previous conversion, conversion] that lie
 * within the lookback window (a journey restarts after each conversion); a conversion with no such touch gets
 * the single touch `(none)` so credited totals still add up. With `nonConverting`, each person's touches in
 * the window after their last conversion form a non-converting journey (cut to the lookback before its last touch).
 */
export function buildJourneys(
  touchpoints: Iterable<Touchpoint>,
  conversions: Iterable<ConversionPoint>,
  options: JourneyOptions = {},
): Journey[] {
  const lookback = (options.lookbackDays ?? 30) * DAY_MS;
  const touchesBy = new Map<string, Touchpoint[]>();
  for (const t of touchpoints) {
    let list = touchesBy.get(t.person);
    if (!list) {
      list = [];
      touchesBy.set(t.person, list);
    }
    list.push(t);
  }
  const conversionsBy = new Map<string, ConversionPoint[]>();
  for (const c of conversions) {
    let list = conversionsBy.get(c.person);
    if (!list) {
      list = [];
      conversionsBy.set(c.person, list);
    }
    list.push(c);
  }
  const journeys: Journey[] = [];
  for (const list of touchesBy.values()) list.sort((a, b) => a.at - b.at);
  for (const [person, list] of conversionsBy) {
    list.sort((a, b) => a.at - b.at);
    const touches = touchesBy.get(person) ?? [];
    let previous = Number.NEGATIVE_INFINITY;
    for (const c of list) {
      const from = Math.max(previous, c.at - lookback);
      const inWindow = touches.filter((t) => t.at > from && t.at <= c.at);
      previous = c.at;
      if (inWindow.length === 0) {
        journeys.push({ touches: [NO_TOUCH], conversions: 1, value: c.value, nulls: 0, daysBefore: [0] });
        continue;
      }
      const journey: Journey = {
        touches: inWindow.map((t) => t.channel),
        conversions: 1,
        value: c.value,
        nulls: 0,
        daysBefore: inWindow.map((t) => (c.at - t.at) / DAY_MS),
      };
      const lead = lastIndexAtOrBefore(inWindow, c.leadAt);
      const opportunity = lastIndexAtOrBefore(inWindow, c.opportunityAt);
      if (lead !== undefined) journey.leadTouch = lead;
      if (opportunity !== undefined) journey.opportunityTouch = opportunity;
      journeys.push(journey);
    }
  }
  const window = options.nonConverting;
  if (window) {
    for (const [person, touches] of touchesBy) {
      const converted = conversionsBy.get(person);
      const after = converted && converted.length > 0 ? converted[converted.length - 1]!.at : Number.NEGATIVE_INFINITY;
      const open = touches.filter((t) => t.at > after && t.at >= window.start && t.at < window.end);
      const last = open[open.length - 1];
      if (!last) continue;
      const recent = open.filter((t) => t.at > last.at - lookback);
      journeys.push({ touches: recent.map((t) => t.channel), conversions: 0, value: 0, nulls: 1 });
    }
  }
  return journeys;
}

/** Drops per-touch timing and W-shaped markers so identical paths can be aggregated (for models that ignore them). */
export function stripJourneyDetail(journeys: readonly Journey[]): Journey[] {
  return journeys.map((j) => ({ touches: j.touches, conversions: j.conversions, value: j.value, nulls: j.nulls }));
}
