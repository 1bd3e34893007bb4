import { describe, expect, it } from 'vitest';
import {
  aggregateJourneys,
  attribute,
  attributeMarkov,
  attributeMarkovOrder,
  parseAttributionModel,
  parseChannelPaths,
} from './index.js';
import type { AttributionModel, ChannelCredit, Journey } from './types.js';

const reference: Journey[] = [
  { touches: ['a', 'b'], conversions: 3, value: 30, nulls: 1 },
  { touches: ['a', 'c'], conversions: 1, value: 10, nulls: 1 },
];

const asMap = (credits: ChannelCredit[]) =>
  Object.fromEntries(credits.map((c) => [c.channel, [round(c.conversions), round(c.value)]]));
const round = (x: number) => Math.round(x * 1e9) / 1e9;

describe('attribution on the reference paths a>b ×3/1 null, a>c ×1/1 null', () => {
  it.each<[AttributionModel, Record<string, [number, number]>]>([
    ['first_touch', { a: [4, 40], b: [0, 0], c: [0, 0] }],
    ['last_touch', { a: [0, 0], b: [3, 30], c: [1, 10] }],
    ['last_non_direct', { a: [0, 0], b: [3, 30], c: [1, 10] }],
    ['linear', { a: [2, 20], b: [1.5, 15], c: [0.5, 5] }],
    ['position_based', { a: [2, 20], b: [1.5, 15], c: [0.5, 5] }],
    ['markov', { a: [2, 20], b: [1.5, 15], c: [0.5, 5] }],
  ])('%s', (model, expected) => {
    expect(asMap(attribute(reference, model))).toEqual(expected);
  });

  it('markov removal effects are 1, 0.75, 0.25', () => {
    const result = attributeMarkov(reference);
    expect(result.removalEffects.map((e) => [e.channel, round(e.conversions)])).toEqual([
      ['a', 1],
      ['b', 0.75],
      ['c', 0.25],
    ]);
    expect(result.conversionProbability).toBeCloseTo(4 / 6, 12);
  });
});

describe('heuristic models on single journeys', () => {
  const one = (j: Omit<Journey, 'value' | 'nulls'>) => [{ ...j, value: 100, nulls: 0 }];
  it.each<[string, AttributionModel, Journey[], Record<string, [number, number]>, object?]>([
    [
      'linear counts a repeated channel per occurrence',
      'linear',
      one({ touches: ['a', 'b', 'a'], conversions: 3 }),
      {
        a: [2, 66.666666667],
        b: [1, 33.333333333],
      },
    ],
    [
      'last non-direct skips direct',
      'last_non_direct',
      one({ touches: ['Direct', 'seo', 'direct'], conversions: 1 }),
      {
        seo: [1, 100],
        Direct: [0, 0],
        direct: [0, 0],
      },
    ],
    [
      'last non-direct keeps an all-direct path',
      'last_non_direct',
      one({ touches: ['直接访问'], conversions: 1 }),
      {
        直接访问: [1, 100],
      },
    ],
    [
      'position 40/20/40 over four touches',
      'position_based',
      one({ touches: ['a', 'b', 'c', 'd'], conversions: 1 }),
      {
        a: [0.4, 40],
        b: [0.1, 10],
        c: [0.1, 10],
        d: [0.4, 40],
      },
    ],
    [
      'time decay: a touch one half-life older gets half the weight',
      'time_decay',
      [{ touches: ['x', 'y'], daysBefore: [7, 0], conversions: 3, value: 30, nulls: 0 }],
      { y: [2, 20], x: [1, 10] },
    ],
    [
      'time decay with a 1-day half-life on steps',
      'time_decay',
      one({ touches: ['x', 'y'], conversions: 3 }),
      {
        y: [2, 66.666666667],
        x: [1, 33.333333333],
      },
      { halfLifeDays: 1 },
    ],
    [
      'W-shaped with lead and opportunity touches',
      'w_shaped',
      [{ touches: ['a', 'b', 'c', 'd'], leadTouch: 1, opportunityTouch: 2, conversions: 1, value: 10, nulls: 0 }],
      { a: [0.3, 3], b: [0.3, 3], c: [0.3, 3], d: [0.1, 1] },
    ],
    [
      'W-shaped without markers: lead = opportunity = last touch',
      'w_shaped',
      one({ touches: ['a', 'b'], conversions: 3 }),
      {
        b: [2, 66.666666667],
        a: [1, 33.333333333],
      },
    ],
    ['W-shaped single touch gets everything', 'w_shaped', one({ touches: ['a'], conversions: 2 }), { a: [2, 100] }],
  ])('%s', (_name, model, journeys, expected, options = {}) => {
    expect(asMap(attribute(journeys, model, options))).toEqual(expected);
  });
});

describe('shapley (conversion-rate game on path sets)', () => {
  it.each<[string, Journey[], Record<string, [number, number]>]>([
    [
      'symmetric channels share equally',
      [
        { touches: ['a'], conversions: 2, value: 20, nulls: 2 },
        { touches: ['b'], conversions: 1, value: 10, nulls: 1 },
        { touches: ['a', 'b'], conversions: 3, value: 30, nulls: 1 },
      ],
      { a: [3, 30], b: [3, 30] },
    ],
    [
      'a channel that adds no conversion rate gets no conversions (but value it raises)',
      [
        { touches: ['a'], conversions: 2, value: 20, nulls: 2 },
        { touches: ['b'], conversions: 0, value: 0, nulls: 2 },
        { touches: ['a', 'b'], conversions: 3, value: 60, nulls: 1 },
      ],
      { a: [5, 65], b: [0, 15] },
    ],
  ])('%s', (_name, journeys, expected) => {
    expect(asMap(attribute(journeys, 'shapley'))).toEqual(expected);
  });

  it('refuses more than 15 channels', () => {
    const journeys = Array.from({ length: 16 }, (_, i) => ({ touches: [`c${i}`], conversions: 1, value: 1, nulls: 0 }));
    expect(() => attribute(journeys, 'shapley')).toThrow(/at most 15/);
  });
});

describe('paths format and helpers', () => {
  it('parses ChannelAttribution path data', () => {
    const text = 'path;total_conversions;total_conversion_value;total_null\na > b;3;30;1\na > c;1;10;1\n';
    expect(parseChannelPaths(text)).toEqual(reference);
  });
  it.each([
    ['bad header', 'foo;bar\n', /row 1/],
    [
      'bad number',
      'path;total_conversions;total_conversion_value;total_null\na > b;x;1;0\n',
      /row 2, column total_conversions/,
    ],
    ['empty path', 'path;total_conversions\n ;1\n', /row 2, column path/],
  ])('rejects %s', (_name, text, message) => {
    expect(() => parseChannelPaths(text, 'p.csv')).toThrow(message);
  });
  it('aggregates identical paths', () => {
    const agg = aggregateJourneys([...reference, { touches: ['a', 'b'], conversions: 1, value: 5, nulls: 2 }]);
    expect(agg).toEqual([
      { touches: ['a', 'b'], conversions: 4, value: 35, nulls: 3 },
      { touches: ['a', 'c'], conversions: 1, value: 10, nulls: 1 },
    ]);
  });
  it.each([
    ['linear_touch', 'linear'],
    ['Position-Based', 'position_based'],
    ['markov', 'markov'],
  ])('model alias %s', (name, model) => expect(parseAttributionModel(name)).toBe(model));
  it('rejects unknown models', () => expect(() => parseAttributionModel('magic')).toThrow(/unknown attribution model/));
});

describe('higher-order Markov', () => {
  const order = (journeys: Journey[], k: number) => asMap(attributeMarkovOrder(journeys, k).credits);
  const crossing: Journey[] = [
    { touches: ['a', 'c'], conversions: 1, value: 10, nulls: 0 },
    { touches: ['b', 'c'], conversions: 0, value: 0, nulls: 1 },
  ];
  it.each<[string, Journey[], number, Record<string, [number, number]>]>([
    ['order 1 (series) matches the exact reference', reference, 1, { a: [2, 20], b: [1.5, 15], c: [0.5, 5] }],
    ['order 2 on the reference', reference, 2, { a: [2, 20], b: [1.5, 15], c: [0.5, 5] }],
    ['order 1 cannot tell a from b', crossing, 1, { c: [0.5, 5], a: [0.25, 2.5], b: [0.25, 2.5] }],
    ['order 2 remembers that only a>c converts', crossing, 2, { a: [0.5, 5], c: [0.5, 5], b: [0, 0] }],
  ])('%s', (_name, journeys, k, expected) => {
    expect(order(journeys, k)).toEqual(expected);
  });

  it('attribute() passes markovOrder through', () => {
    expect(asMap(attribute(crossing, 'markov', { markovOrder: 2 }))).toEqual({ a: [0.5, 5], c: [0.5, 5], b: [0, 0] });
  });
});
