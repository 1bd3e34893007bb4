import { DEFAULT_RATING_BANDS, type RatingBand } from './schema.js';

/** The rating band of a total: the band with the highest `min` not above the total. */
export function ratingBand(total: number, bands: readonly RatingBand[] = DEFAULT_RATING_BANDS): string {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  for (const band of sorted) if (total >= band.min) return band.band;
  return sorted[sorted.length - 1]?.band ?? 'D';
}
