/** One customer journey (or an aggregate of identical journeys): ordered touches and its outcome. */
export interface Journey {
  /** Channels (or campaigns) touched, oldest first. */
  touches: readonly string[];
  /** Conversions at the end of the journey (paths data: total_conversions). */
  conversions: number;
  /** Conversion value (revenue) at the end of the journey. */
  value: number;
  /** Journeys with these touches that did not convert (paths data: total_null). */
  nulls: number;
  /** Days between each touch and the conversion (time decay); absent in paths data. */
  daysBefore?: readonly number[];
  /** Index of the touch that created the lead (W-shaped); defaults to the last touch. */
  leadTouch?: number;
  /** Index of the touch that opened the opportunity (W-shaped); defaults to the last touch. */
  opportunityTouch?: number;
}

/** Credit a model gives one channel. */
export interface ChannelCredit {
  channel: string;
  conversions: number;
  value: number;
}

export const ATTRIBUTION_MODELS = [
  'first_touch',
  'last_touch',
  'last_non_direct',
  'linear',
  'time_decay',
  'position_based',
  'w_shaped',
  'markov',
  'shapley',
] as const;

export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export interface AttributionOptions {
  /** Half-life of time decay in days (default 7). */
  halfLifeDays?: number;
  /** Channel names treated as direct by last_non_direct (case-insensitive). */
  directChannels?: readonly string[];
  /** Memory of the Markov model: 1 (default, solved with the fundamental matrix) or higher. */
  markovOrder?: number;
}
