import { CreditBook } from './credit-book.js';
import type { AttributionOptions, ChannelCredit, Journey } from './types.js';

/** Per-touch weights (summing to 1) of a heuristic model for one journey. */
export type WeightRule = (journey: Journey, options: AttributionOptions) => number[];

const DEFAULT_DIRECT = ['direct', '(direct)', 'direct traffic', '直接访问', '直接'];

/** All credit to the first touch. */
export const firstTouchWeights: WeightRule = (j) => j.touches.map((_, i) => (i === 0 ? 1 : 0));

/** All credit to the last touch. */
export const lastTouchWeights: WeightRule = (j) => j.touches.map((_, i) => (i === j.touches.length - 1 ? 1 : 0));

/** All credit to the last touch that is not direct; to the last (direct) touch if every touch is direct. */
export const lastNonDirectWeights: WeightRule = (j, options) => {
  const direct = new Set((options.directChannels ?? DEFAULT_DIRECT).map((d) => d.toLowerCase()));
  let pick = j.touches.length - 1;
  for (let i = j.touches.length - 1; i >= 0; i--) {
    if (!direct.has((j.touches[i] ?? '').toLowerCase())) {
      pick = i;
      break;
    }
  }
  return j.touches.map((_, i) => (i === pick ? 1 : 0));
};

/** Equal share per touch; a channel repeated in a path earns one share per occurrence (ChannelAttribution). */
export const linearWeights: WeightRule = (j) => j.touches.map(() => 1 / j.touches.length);

/**
 * Weight 2^(−days/halfLife) per touch, normalised. Without timestamps (paths data) touch i of n is taken to be
 * n−1−i days before the conversion (one touch per day).
 */
export const timeDecayWeights: WeightRule = (j, options) => {
  const halfLife = options.halfLifeDays ?? 7;
  const n = j.touches.length;
  const raw = j.touches.map((_, i) => 2 ** (-Math.max(0, j.daysBefore?.[i] ?? n - 1 - i) / halfLife));
  const total = raw.reduce((s, w) => s + w, 0);
  return raw.map((w) => w / total);
};

/** 40 % first, 40 % last, 20 % spread over the middle touches; 50/50 for two touches, 100 % for one. */
export const positionBasedWeights: WeightRule = (j) => {
  const n = j.touches.length;
  if (n === 1) return [1];
  if (n === 2) return [0.5, 0.5];
  return j.touches.map((_, i) => (i === 0 || i === n - 1 ? 0.4 : 0.2 / (n - 2)));
};

/**
 * W-shaped: 30 % each to the first touch, the lead-creation touch and the opportunity touch (a touch playing
 * several roles gets each share), 10 % spread evenly over the remaining touches; when there are no remaining
 * touches the 10 % goes to the key roles equally. Lead and opportunity touches default to the last touch.
 */
export const wShapedWeights: WeightRule = (j) => {
  const n = j.touches.length;
  const clamp = (i: number | undefined) => Math.min(n - 1, Math.max(0, i ?? n - 1));
  const roles = [0, clamp(j.leadTouch), clamp(j.opportunityTouch)];
  const weights = new Array<number>(n).fill(0);
  const others = j.touches.map((_, i) => i).filter((i) => !roles.includes(i));
  const roleShare = others.length > 0 ? 0.3 : 1 / 3;
  for (const r of roles) weights[r] = (weights[r] ?? 0) + roleShare;
  for (const i of others) weights[i] = 0.1 / others.length;
  return weights;
};

/** Applies per-touch weights to every converting journey and sums credit per channel. */
export function attributeHeuristic(
  journeys: Iterable<Journey>,
  rule: WeightRule,
  options: AttributionOptions = {},
): ChannelCredit[] {
  const book = new CreditBook();
  for (const j of journeys) {
    if (j.touches.length === 0) continue;
    for (const t of j.touches) book.touch(t);
    if (j.conversions === 0 && j.value === 0) continue;
    const weights = rule(j, options);
    j.touches.forEach((t, i) => {
      const w = weights[i] ?? 0;
      if (w !== 0) book.add(t, j.conversions * w, j.value * w);
    });
  }
  return book.result();
}
