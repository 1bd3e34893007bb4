import { UserError } from '../errors.js';
import { CreditBook } from './credit-book.js';
import type { ChannelCredit, Journey } from './types.js';

/** Exact Shapley needs 2^n coalitions; beyond this many channels the caller must group channels. */
export const SHAPLEY_MAX_CHANNELS = 15;

/**
 * Exact Shapley-value attribution with a conversion-rate characteristic function on path sets
 * (Dalessandro et al. 2012, "Causally motivated attribution for online advertising"): for a coalition S,
 * v(S) = conversions / journeys over the journeys whose set of channels is a subset of S (v(∅) = 0), and the
 * value game uses value / journeys the same way. φ_k = Σ_{S∌k} |S|!(n−|S|−1)!/n! · (v(S∪{k}) − v(S)); the φ are
 * then scaled so they sum to the total conversions (value). A channel that lowers the conversion rate of the
 * journeys it joins can receive negative credit. Subset sums use a zeta transform: O(n·2^n).
 */
export function attributeShapley(journeys: Iterable<Journey>): ChannelCredit[] {
  const index = new Map<string, number>();
  const channels: string[] = [];
  const bySet = new Map<number, { conv: number; value: number; count: number }>();
  let totalConversions = 0;
  let totalValue = 0;
  for (const j of journeys) {
    if (j.touches.length === 0) continue;
    let mask = 0;
    for (const t of j.touches) {
      let i = index.get(t);
      if (i === undefined) {
        i = channels.length;
        if (i >= SHAPLEY_MAX_CHANNELS) {
          throw new UserError(
            'too_many_channels',
            `shapley attribution is exact over at most ${SHAPLEY_MAX_CHANNELS} channels; group channels (e.g. --by channel) first`,
          );
        }
        index.set(t, i);
        channels.push(t);
      }
      mask |= 1 << i;
    }
    const agg = bySet.get(mask) ?? { conv: 0, value: 0, count: 0 };
    agg.conv += j.conversions;
    agg.value += j.value;
    agg.count += j.conversions + j.nulls;
    bySet.set(mask, agg);
    totalConversions += j.conversions;
    totalValue += j.value;
  }
  const n = channels.length;
  const size = 1 << n;
  const conv = new Float64Array(size);
  const value = new Float64Array(size);
  const count = new Float64Array(size);
  for (const [mask, a] of bySet) {
    conv[mask] = a.conv;
    value[mask] = a.value;
    count[mask] = a.count;
  }
  for (let bit = 0; bit < n; bit++) {
    const b = 1 << bit;
    for (let mask = 0; mask < size; mask++) {
      if (mask & b) {
        conv[mask]! += conv[mask ^ b]!;
        value[mask]! += value[mask ^ b]!;
        count[mask]! += count[mask ^ b]!;
      }
    }
  }
  const vConv = (mask: number) => (count[mask]! > 0 ? conv[mask]! / count[mask]! : 0);
  const vValue = (mask: number) => (count[mask]! > 0 ? value[mask]! / count[mask]! : 0);
  const factorial = [1];
  for (let i = 1; i <= n; i++) factorial.push(factorial[i - 1]! * i);
  const popcount = (x: number) => {
    let c = 0;
    for (let y = x; y; y &= y - 1) c++;
    return c;
  };
  const phiConv = new Float64Array(n);
  const phiValue = new Float64Array(n);
  for (let mask = 0; mask < size; mask++) {
    const s = popcount(mask);
    if (s === n) continue;
    const w = (factorial[s]! * factorial[n - s - 1]!) / factorial[n]!;
    const baseConv = vConv(mask);
    const baseValue = vValue(mask);
    for (let k = 0; k < n; k++) {
      const b = 1 << k;
      if (mask & b) continue;
      phiConv[k]! += w * (vConv(mask | b) - baseConv);
      phiValue[k]! += w * (vValue(mask | b) - baseValue);
    }
  }
  const sumConv = phiConv.reduce((a, b) => a + b, 0);
  const sumValue = phiValue.reduce((a, b) => a + b, 0);
  const book = new CreditBook();
  channels.forEach((channel, k) => {
    book.add(
      channel,
      sumConv !== 0 ? (phiConv[k]! / sumConv) * totalConversions : 0,
      sumValue !== 0 ? (phiValue[k]! / sumValue) * totalValue : 0,
    );
  });
  return book.result();
}
