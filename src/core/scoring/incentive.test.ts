import { describe, expect, it } from 'vitest';
import { computeIncentive, type IncentiveItem } from './incentive.js';
import { recommend } from './recommend.js';
import { type IncentiveRulesInput, incentiveRulesSchema } from './schema.js';

const rules = (r: IncentiveRulesInput) => incentiveRulesSchema.parse(r);
const item = (
  kpi: string,
  actual: number | null,
  target: number | null,
  extra: Partial<IncentiveItem> = {},
): IncentiveItem => ({
  kpi,
  actual,
  target,
  direction: 'higher',
  share: 1,
  ...extra,
});
const coefficients = { S: '1.5', A: '1.2', B: '1.0', C: '0.5', D: '0' };

describe('computeIncentive', () => {
  it.each([
    // base, band, expected bonus fen
    ['10000', 'S', 1_500_000],
    ['10000.01', 'A', 1_200_001],
    [3333.33, 'C', 166_667],
    ['8000', 'D', 0],
    ['8000', 'X', 0],
  ])('base %s band %s → %s fen', (base, band, bonus) => {
    const result = computeIncentive(rules({ base, coefficients }), band, []);
    expect(result.bonus_fen).toBe(bonus);
    expect(result.total_fen).toBe(bonus);
  });

  it.each([
    // rule, item, commission fen, note
    [{ kpi: 'roi', amount: '500', step: '0.1' }, item('roi', 0.1 + 0.2, 0.2), 50_000, undefined],
    [{ kpi: 'roi', amount: '500', step: '0.1' }, item('roi', 0.35, 0.05), 150_000, undefined],
    [{ kpi: 'roi', amount: '500', step: 0.1 }, item('roi', 0.7 - 0.1, 0.3), 150_000, undefined],
    [{ kpi: 'roi', amount: '500', step: '0.1' }, item('roi', 0.29, 0.3), 0, undefined],
    [{ kpi: 'online_revenue', rate: '0.03' }, item('online_revenue', 1_000_000.3, 1_000_000.1), 1, undefined],
    [{ kpi: 'online_revenue', rate: 0.015 }, item('online_revenue', 150_000, 100_000), 75_000, undefined],
    [{ kpi: 'online_revenue', rate: '0.01', cap: '300' }, item('online_revenue', 150_000, 100_000), 30_000, 'capped'],
    [{ kpi: 'online_revenue', rate: '0.01' }, item('online_revenue', null, 100_000), 0, 'missing_actual'],
    [
      { kpi: 'online_revenue', rate: '0.01' },
      item('online_revenue', 150_000, 100_000, { share: 0.3 }),
      15_000,
      undefined,
    ],
    [{ kpi: 'cac', amount: '100', step: '10' }, item('cac', 75, 100, { direction: 'lower' }), 20_000, undefined],
    [{ kpi: 'clv', rate: '0.01' }, item('roi', 3, 1), 0, 'no_item'],
  ])('%j on %j → %s fen', (commission, it_, fen, note) => {
    const result = computeIncentive(rules({ base: 0, coefficients, commissions: [commission] }), 'B', [it_]);
    expect(result.commission_fen).toBe(fen);
    expect(result.commissions[0]?.note).toBe(note);
    expect(result.total_fen).toBe(fen);
    expect(Number.isInteger(result.total_fen)).toBe(true);
  });

  it('adds bonus and commissions exactly', () => {
    const result = computeIncentive(
      rules({
        base: '0.1',
        coefficients: { A: '0.2' },
        commissions: [
          { kpi: 'online_revenue', rate: '0.1' },
          { kpi: 'roi', amount: '0.2', step: '0.1' },
        ],
      }),
      'A',
      [item('online_revenue', 0.3, 0.1), item('roi', 0.3, 0.1)],
    );
    // 0.1 × 0.2 = 0.02; 0.2 × 0.1 = 0.02; 2 steps × 0.2 = 0.4
    expect(result).toMatchObject({ bonus_fen: 2, commission_fen: 42, total_fen: 44, total_yuan: '0.44' });
  });

  it('rejects commission rules that are neither rate nor amount/step', () => {
    expect(() => rules({ base: 1, coefficients, commissions: [{ kpi: 'roi', amount: '1' }] })).toThrow(
      /rate, or amount with step/,
    );
    expect(() => rules({ base: 'ten', coefficients })).toThrow(/decimal/);
  });
});

describe('recommend', () => {
  const items = [
    { kpi: 'mql_count', kind: 'quantitative', achievement: 70 },
    { kpi: 'cpl', kind: 'quantitative', achievement: 120 },
    { kpi: 'roi', kind: 'quantitative', achievement: null },
    { kpi: null, kind: 'qualitative', achievement: null },
  ];
  it.each([
    ['S', [], ['promotion_candidate']],
    ['S', items, ['promotion_candidate', 'training_plan']],
    ['B', items, ['training_plan']],
    ['B', [], []],
    ['C', [], ['training_plan']],
    ['D', items, ['training_plan', 'demotion_review']],
  ])('band %s → %j', (band, list, codes) => {
    expect(recommend(band, list).map((r) => r.code)).toEqual(codes);
  });
  it('names the weak KPIs', () => {
    expect(recommend('B', items)[0]?.kpis).toEqual(['mql_count']);
  });
});
