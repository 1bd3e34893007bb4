import type { ChannelCredit } from './types.js';

/** Accumulates conversion and value credit per channel, keeping first-seen order. */
export class CreditBook {
  private readonly credits = new Map<string, ChannelCredit>();

  /** Adds a share of a journey's conversions and value to a channel. */
  add(channel: string, conversions: number, value: number): void {
    const c = this.credits.get(channel);
    if (c) {
      c.conversions += conversions;
      c.value += value;
    } else this.credits.set(channel, { channel, conversions, value });
  }

  /** Makes sure a channel appears (with zero credit) even if it earned nothing. */
  touch(channel: string): void {
    if (!this.credits.has(channel)) this.credits.set(channel, { channel, conversions: 0, value: 0 });
  }

  /** Credits sorted by conversions (then value, then name), largest first. */
  result(): ChannelCredit[] {
    return [...this.credits.values()].sort(
      (x, y) => y.conversions - x.conversions || y.value - x.value || x.channel.localeCompare(y.channel),
    );
  }
}
