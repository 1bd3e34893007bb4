import { describe, expect, it } from 'vitest';
import { loadKpiCatalog } from '../kpi/index.js';
import { parseScorecard, validateScorecard } from './card.js';
import { lintScorecard } from './lint.js';
import type { ScorecardInput } from './schema.js';

const good: ScorecardInput = {
  period: '2026-Q2',
  items: [
    { kpi: 'mql_count', weight: 30, target: 200 },
    { kpi: 'close_rate', weight: 30, target: 0.25 },
    { kpi: 'nps', weight: 15, target: 40 },
    { id: 'feedback', kind: 'qualitative', weight: 25 },
  ],
};
const codes = (input: ScorecardInput) =>
  lintScorecard(parseScorecard(input)).map((w) => `${w.code}${w.item ? `:${w.item}` : ''}`);
const withItems = (items: ScorecardInput['items'], extra: Partial<ScorecardInput> = {}): ScorecardInput => ({
  ...good,
  ...extra,
  items,
});

describe('lintScorecard', () => {
  it.each([
    ['a balanced card', good, []],
    ['weights not 100', withItems([...good.items, { id: 'x', kind: 'qualitative', weight: 5 }]), ['weights_sum']],
    [
      'quantitative 90%',
      withItems([
        { kpi: 'mql_count', weight: 45, target: 1 },
        { kpi: 'nps', weight: 45, target: 1 },
        { id: 'f', kind: 'qualitative', weight: 10 },
      ]),
      ['split'],
    ],
    [
      'no qualitative part',
      withItems([
        { kpi: 'mql_count', weight: 70, target: 1 },
        { kpi: 'clv', weight: 30, target: 1 },
      ]),
      ['split'],
    ],
    [
      'long-term KPIs under 20%',
      withItems([
        { kpi: 'mql_count', weight: 65, target: 1 },
        { kpi: 'nps', weight: 10, target: 1 },
        { id: 'f', kind: 'qualitative', weight: 25 },
      ]),
      ['long_term_low'],
    ],
    [
      'long-term share exactly 20%',
      withItems([
        { kpi: 'mql_count', weight: 60, target: 1 },
        { kpi: 'brand_search_growth', weight: 15, target: 0.1 },
        { id: 'f', kind: 'qualitative', weight: 25 },
      ]),
      [],
    ],
    [
      'targets that are not SMART',
      withItems(
        [
          { kpi: 'mql_count', weight: 30 },
          { kpi: 'close_rate', weight: 30, target: { value: 0.25, data_source: 'CRM' } },
          { kpi: 'nps', weight: 15, target: { value: 40, deadline: '2026-06-30' } },
          { id: 'feedback', kind: 'qualitative', weight: 25 },
        ],
        { period: undefined },
      ),
      ['target_no_number:mql_count', 'target_no_deadline'],
    ],
    [
      'unknown KPI and no metric',
      withItems([
        { kpi: 'mql_count', weight: 30, target: 1 },
        { kpi: 'happiness', weight: 30, target: 1 },
        { id: 'extra', weight: 15, target: 1, long_term: true },
        { id: 'f', kind: 'qualitative', weight: 25 },
      ]),
      ['unknown_kpi:happiness', 'target_no_metric:extra'],
    ],
    [
      'channel ROI without a channel and joint shares not 100%',
      withItems([
        { kpi: 'channel_roi', weight: 30, target: 1 },
        { kpi: 'won_count', weight: 30, target: 1, joint: { share: 0.5, partners: [{ person: 's1', share: 0.3 }] } },
        { kpi: 'clv', weight: 15, target: 1 },
        { id: 'f', kind: 'qualitative', weight: 25 },
      ]),
      ['required_dimension:channel_roi', 'joint_shares:won_count'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(codes(input)).toEqual(expected);
  });

  it('warns on manual KPIs without a data source', () => {
    const catalog = loadKpiCatalog({
      kpis: [
        {
          id: 'press_mentions',
          name_zh: '媒体报道',
          name_en: 'Press mentions',
          unit: 'count',
          direction: 'higher',
          stage: 'operations',
          perspective: 'customer',
          dimensions: [],
          long_term: true,
          manual: true,
          versions: [{ version: 'v1', effective_from: '2025-01-01', formula: 'shares' }],
        },
      ],
    });
    const card = parseScorecard(
      withItems([
        { kpi: 'press_mentions', weight: 75, target: 5 },
        { id: 'f', kind: 'qualitative', weight: 25 },
      ]),
    );
    expect(lintScorecard(card, catalog).map((w) => w.code)).toEqual(['target_no_source']);
    expect(lintScorecard(card, catalog)[0]?.message_zh).toContain('数据来源');
  });
});

describe('validateScorecard / parseScorecard', () => {
  it.each([
    [
      withItems([...good.items, { kpi: 'happiness', weight: 0, target: 1 }]),
      /field items\[4\]\.kpi: unknown KPI "happiness"/,
    ],
    [
      withItems([
        { kpi: 'mql_count', weight: 50, target: 1 },
        { id: 'f', kind: 'qualitative', weight: 40 },
      ]),
      /weights total 90, must be 100/,
    ],
    [
      withItems([
        { weight: 75, target: 1 },
        { id: 'f', kind: 'qualitative', weight: 25 },
      ]),
      /items\[0\]\.kpi: a quantitative item needs a KPI id/,
    ],
    [
      withItems([
        { kpi: 'leads', weight: 50, target: 1 },
        { kpi: 'leads', weight: 50, target: 2 },
      ]),
      /duplicate item "leads"/,
    ],
  ])('rejects %#', (input, message) => {
    expect(() => validateScorecard(parseScorecard(input), undefined, 'card.yaml')).toThrow(message);
  });

  it.each([
    [{ items: [{ kpi: 'leads', weight: 'ten' }] }, /card\.yaml, field items\[0\]\.weight/],
    [{ items: [] }, /field items/],
    [{ items: [{ kpi: 'leads', weight: 100, rule: { type: 'magic' } }] }, /field items\[0\]\.rule/],
    [{ itemz: [] }, /card\.yaml/],
  ])('parse error %#', (raw, message) => {
    expect(() => parseScorecard(raw, 'card.yaml')).toThrow(message);
  });

  it('accepts weights with binary noise', () => {
    const card = parseScorecard(
      withItems([
        { kpi: 'leads', weight: 0.1 + 0.2, target: 1 },
        { id: 'f', kind: 'qualitative', weight: 99.7 },
      ]),
    );
    expect(() => validateScorecard(card)).not.toThrow();
  });
});
