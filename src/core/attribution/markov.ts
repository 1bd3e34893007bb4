import { invertMatrix } from '../stats/linear-algebra.js';
import { CreditBook } from './credit-book.js';
import type { ChannelCredit, Journey } from './types.js';

/** Removal effects of a first-order Markov model, for conversions and for value. */
export interface MarkovResult {
  credits: ChannelCredit[];
  removalEffects: { channel: string; conversions: number; value: number }[];
  /** Probability that a journey starting now converts, under the fitted chain. */
  conversionProbability: number;
}

/**
 * First-order Markov chain attribution, solved exactly. States: start, one per channel, conversion, null.
 * Transition probabilities come from journey counts (conversions + nulls). With M = (I − Q)⁻¹ the fundamental
 * matrix over transient states, the expected visits from start are N = row(start) of M; removing channel k
 * (its visits go to null) gives visits N'_j = N_j − N_k·M_kj/M_kk (Sherman–Morrison on the zeroed row), so every
 * removal costs O(n) after one inversion. Removal effect RE_k = 1 − P'(conv)/P(conv); credit_k = RE_k/ΣRE ×
 * total conversions. Value uses the expected converting value (mean value of conversions that leave each state)
 * the same way.
 */
export function attributeMarkov(journeys: Iterable<Journey>): MarkovResult {
  const index = new Map<string, number>(); // channel -> state (1..n), 0 = start
  const channels: string[] = [];
  const state = (c: string) => {
    let s = index.get(c);
    if (s === undefined) {
      s = channels.length + 1;
      index.set(c, s);
      channels.push(c);
    }
    return s;
  };
  const edges = new Map<number, Map<number, number>>();
  const toConv: number[] = [];
  const convValue: number[] = [];
  const toNull: number[] = [];
  const addEdge = (from: number, to: number, w: number) => {
    let m = edges.get(from);
    if (!m) {
      m = new Map();
      edges.set(from, m);
    }
    m.set(to, (m.get(to) ?? 0) + w);
  };
  let totalConversions = 0;
  let totalValue = 0;
  for (const j of journeys) {
    const weight = j.conversions + j.nulls;
    if (j.touches.length === 0 || weight <= 0) continue;
    let prev = 0;
    for (const t of j.touches) {
      const s = state(t);
      addEdge(prev, s, weight);
      prev = s;
    }
    toConv[prev] = (toConv[prev] ?? 0) + j.conversions;
    convValue[prev] = (convValue[prev] ?? 0) + j.value;
    toNull[prev] = (toNull[prev] ?? 0) + j.nulls;
    totalConversions += j.conversions;
    totalValue += j.value;
  }
  const n = channels.length + 1;
  const iq: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, k) => (i === k ? 1 : 0)));
  const pConv = new Array<number>(n).fill(0); // probability of stepping to conversion
  const pValue = new Array<number>(n).fill(0); // expected value collected on that step
  for (let s = 0; s < n; s++) {
    const out = edges.get(s);
    let total = (toConv[s] ?? 0) + (toNull[s] ?? 0);
    for (const w of out?.values() ?? []) total += w;
    if (total === 0) continue;
    for (const [to, w] of out ?? []) iq[s]![to]! -= w / total;
    pConv[s] = (toConv[s] ?? 0) / total;
    pValue[s] = (convValue[s] ?? 0) / total;
  }
  const m = invertMatrix(iq);
  const visits = m[0]!;
  const expected = (v: readonly number[], skip: number) => {
    let conv = 0;
    let value = 0;
    for (let s = 0; s < n; s++) {
      if (s === skip) continue;
      conv += v[s]! * pConv[s]!;
      value += v[s]! * pValue[s]!;
    }
    return { conv, value };
  };
  const base = expected(visits, -1);
  const effects = channels.map((channel, i) => {
    const k = i + 1;
    const mk = m[k]!;
    const ratio = visits[k]! / mk[k]!;
    const reduced = visits.map((v, s) => (s === k ? v : v - ratio * mk[s]!));
    const removed = expected(reduced, k);
    return {
      channel,
      conversions: base.conv > 0 ? 1 - removed.conv / base.conv : 0,
      value: base.value > 0 ? 1 - removed.value / base.value : 0,
    };
  });
  return {
    credits: creditsFromRemovalEffects(effects, totalConversions, totalValue),
    removalEffects: effects,
    conversionProbability: base.conv,
  };
}

/** Splits total conversions and value over channels in proportion to their removal effects (any Markov order). */
export function creditsFromRemovalEffects(
  effects: readonly { channel: string; conversions: number; value: number }[],
  totalConversions: number,
  totalValue: number,
) {
  const sumConv = effects.reduce((s, e) => s + e.conversions, 0);
  const sumValue = effects.reduce((s, e) => s + e.value, 0);
  const book = new CreditBook();
  for (const e of effects) {
    book.add(
      e.channel,
      sumConv > 0 ? (e.conversions / sumConv) * totalConversions : 0,
      sumValue > 0 ? (e.value / sumValue) * totalValue : 0,
    );
  }
  return book.result();
}
