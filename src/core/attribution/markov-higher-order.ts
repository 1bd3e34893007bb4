import { creditsFromRemovalEffects, type MarkovResult } from './markov.js';
import type { Journey } from './types.js';

interface Chain {
  /** Sparse transitions per state: [to, probability][]. */
  next: [number, number][][];
  pConv: number[];
  pValue: number[];
  /** Channels each state's memory contains. */
  members: Set<string>[];
}

const SEP = '\u0000';

function buildChain(
  journeys: Iterable<Journey>,
  order: number,
): { chain: Chain; conv: number; value: number; channels: string[] } {
  const index = new Map<string, number>([['', 0]]);
  const members: Set<string>[] = [new Set()];
  const counts: Map<number, number>[] = [new Map()];
  const toConv: number[] = [0];
  const convValue: number[] = [0];
  const toNull: number[] = [0];
  const channels = new Set<string>();
  const state = (memory: readonly string[]) => {
    const key = memory.join(SEP);
    let s = index.get(key);
    if (s === undefined) {
      s = members.length;
      index.set(key, s);
      members.push(new Set(memory));
      counts.push(new Map());
      toConv.push(0);
      convValue.push(0);
      toNull.push(0);
    }
    return s;
  };
  let conv = 0;
  let value = 0;
  for (const j of journeys) {
    const weight = j.conversions + j.nulls;
    if (j.touches.length === 0 || weight <= 0) continue;
    let prev = 0;
    j.touches.forEach((t, i) => {
      channels.add(t);
      const s = state(j.touches.slice(Math.max(0, i + 1 - order), i + 1));
      counts[prev]!.set(s, (counts[prev]!.get(s) ?? 0) + weight);
      prev = s;
    });
    toConv[prev]! += j.conversions;
    convValue[prev]! += j.value;
    toNull[prev]! += j.nulls;
    conv += j.conversions;
    value += j.value;
  }
  const totals = counts.map((m, s) => [...m.values()].reduce((a, b) => a + b, toConv[s]! + toNull[s]!));
  const next = counts.map((m, s) =>
    totals[s]! > 0 ? [...m].map(([to, w]): [number, number] => [to, w / totals[s]!]) : [],
  );
  return {
    chain: {
      next,
      pConv: toConv.map((c, s) => (totals[s]! > 0 ? c / totals[s]! : 0)),
      pValue: convValue.map((v, s) => (totals[s]! > 0 ? v / totals[s]! : 0)),
      members,
    },
    conv,
    value,
    channels: [...channels],
  };
}

/**
 * Expected conversions and value from start when states remembering `removed` lead to null. Solves the
 * absorbing chain's linear system N = e_start + N·Q by its Neumann series (deterministic, summed until the
 * remaining transient mass is below 1e-13).
 */
function absorb(chain: Chain, removed: string | null): { conv: number; value: number } {
  const n = chain.next.length;
  let mass = new Float64Array(n);
  mass[0] = 1;
  let conv = 0;
  let value = 0;
  for (let step = 0; step < 100_000; step++) {
    const out = new Float64Array(n);
    let left = 0;
    for (let s = 0; s < n; s++) {
      const m = mass[s]!;
      if (m === 0) continue;
      if (removed !== null && chain.members[s]!.has(removed)) continue;
      conv += m * chain.pConv[s]!;
      value += m * chain.pValue[s]!;
      for (const [to, p] of chain.next[s]!) {
        out[to]! += m * p;
        left += m * p;
      }
    }
    mass = out;
    if (left < 1e-13) break;
  }
  return { conv, value };
}

/**
 * Markov attribution of order k ≥ 1: a state remembers the last k channels; removing a channel sends every
 * state that remembers it to null. Credit is split by removal effects as in the first-order model.
 */
export function attributeMarkovOrder(journeys: Iterable<Journey>, order: number): MarkovResult {
  const { chain, conv, value, channels } = buildChain(journeys, order);
  const base = absorb(chain, null);
  const effects = channels.map((channel) => {
    const removed = absorb(chain, channel);
    return {
      channel,
      conversions: base.conv > 0 ? 1 - removed.conv / base.conv : 0,
      value: base.value > 0 ? 1 - removed.value / base.value : 0,
    };
  });
  return {
    credits: creditsFromRemovalEffects(effects, conv, value),
    removalEffects: effects,
    conversionProbability: base.conv,
  };
}
