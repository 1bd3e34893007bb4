/**
 * Analytics benchmark: Markov and Shapley attribution on 1M generated journeys over 12 channels. Each timing
 * includes aggregating identical paths (what the app does before running a model). Run alone with
 * `node --import tsx bench/analytics.ts [journeys]`; `npm run bench` calls runAnalyticsBench().
 */
import { aggregateJourneys, attributeMarkov, attributeShapley, type Journey } from '../src/core/attribution/index.js';

const CHANNELS = [
  '百度SEM',
  'SEO',
  '微信公众号',
  '抖音投放',
  '小红书',
  '知乎',
  'B站',
  '微博',
  'Email',
  'Direct',
  'Referral',
  '今日头条',
];

/** Deterministic PRNG (mulberry32) so every run measures the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generates journeys of 1–6 touches; channels have different popularity and conversion lift. */
export function generateJourneys(count: number, seed = 7): Journey[] {
  const random = rng(seed);
  const lift = CHANNELS.map((_, i) => 0.01 + (i % 5) * 0.01);
  const journeys: Journey[] = new Array(count);
  for (let n = 0; n < count; n++) {
    const length = 1 + Math.floor(random() ** 2 * 6);
    const touches: string[] = [];
    let p = 0.02;
    for (let k = 0; k < length; k++) {
      const c = Math.floor(random() ** 1.5 * CHANNELS.length);
      touches.push(CHANNELS[c]!);
      p += lift[c]!;
    }
    const converted = random() < p;
    journeys[n] = {
      touches,
      conversions: converted ? 1 : 0,
      value: converted ? Math.round(random() * 50_000) / 100 : 0,
      nulls: converted ? 0 : 1,
    };
  }
  return journeys;
}

function seconds(fn: () => unknown): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

/** Times Markov and Shapley attribution on 1M journeys (aggregation included). */
export async function runAnalyticsBench(count = 1_000_000): Promise<{ markov_1m_s: number; shapley_1m_s: number }> {
  const journeys = generateJourneys(count);
  const markov = seconds(() => attributeMarkov(aggregateJourneys(journeys)));
  const shapley = seconds(() => attributeShapley(aggregateJourneys(journeys)));
  return { markov_1m_s: Math.round(markov * 1000) / 1000, shapley_1m_s: Math.round(shapley * 1000) / 1000 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 1_000_000);
  runAnalyticsBench(count).then((r) => console.log(JSON.stringify(r)));
}
