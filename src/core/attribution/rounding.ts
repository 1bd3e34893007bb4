import type { ChannelCredit } from './types.js';

/**
 * Rounds credited values to whole fen so they add up exactly to the total (largest-remainder method):
 * attributed revenue stays exact money even though the model splits it fractionally.
 */
export function creditsToFen(
  credits: readonly ChannelCredit[],
  totalFen: number,
): (ChannelCredit & { valueFen: number })[] {
  const raw = credits.map((c) => c.value * 100);
  const floors = raw.map((x) => Math.floor(x));
  let rest = totalFen - floors.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  const fen = [...floors];
  for (let k = 0; rest > 0 && order.length > 0; k = (k + 1) % order.length, rest--) fen[order[k]!.i]! += 1;
  for (let k = 0; rest < 0 && order.length > 0; k = (k + 1) % order.length, rest++)
    fen[order[order.length - 1 - k]!.i]! -= 1;
  return credits.map((c, i) => ({ ...c, valueFen: fen[i]!, value: fen[i]! / 100 }));
}
