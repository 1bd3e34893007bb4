import { describe, expect, it } from 'vitest';
import { ratingBand } from './bands.js';
import type { ScorecardInput, ScoringRuleInput } from './schema.js';
import { scoreScorecard } from './score.js';

const card: ScorecardInput = {
  period: '2026-Q1',
  items: [
    { kpi: 'mql_count', weight: 25, target: 200 },
    {
      kpi: 'close_rate',
      weight: 20,
      target: 0.25,
      rule: { type: 'bands', bands: [{ from: 80, to: 100, points: 60, to_points: 100 }] },
    },
    { kpi: 'cpl', weight: 15, target: 300 },
    { kpi: 'nps', weight: 15, target: 40, rule: { type: 'binary' } },
    { id: 'feedback', kind: 'qualitative', source: 'feedback_360', weight: 15 },
    { id: 'manager', kind: 'qualitative', source: 'manager', weight: 10 },
  ],
};
const actuals = { mql_count: 190, close_rate: 0.225, cpl: 250, nps: 41 };

describe('scoreScorecard', () => {
  it('explains every item and totals the weighted points', () => {
    const result = scoreScorecard(card, { actuals, qualitative: { feedback: 4, manager: 3.5 } });
    const byKpi = Object.fromEntries(result.items.map((i) => [i.id, i]));
    expect(byKpi.mql_count).toMatchObject({
      actual: 190,
      target: 200,
      achievement: 95,
      points: 95,
      contribution: 23.75,
    });
    expect(byKpi.mql_count?.rule).toBe('linear(floor 0%, cap 120%)');
    expect(byKpi.close_rate).toMatchObject({ achievement: 90, points: 80, contribution: 16 });
    expect(byKpi.cpl).toMatchObject({ achievement: 120, points: 120, contribution: 18, direction: 'lower' });
    expect(byKpi.cpl?.rule).toContain('inverse');
    expect(byKpi.nps).toMatchObject({ points: 100, contribution: 15 });
    expect(byKpi.feedback).toMatchObject({ actual: 4, points: 80, contribution: 12 });
    expect(byKpi.manager).toMatchObject({ points: 70, contribution: 7 });
    // 23.75 + 16 + 18 + 15 + 12 + 7
    expect(result.total).toBe(91.75);
    expect(result.band).toBe('B');
    expect(result.quantitative).toBe(Math.round(((95 * 25 + 80 * 20 + 120 * 15 + 100 * 15) / 75) * 100) / 100);
    expect(result.qualitative).toBe(76);
    expect(result.complete).toBe(true);
  });

  it('flags a missing actual instead of scoring it 0 silently', () => {
    const result = scoreScorecard(card, {
      actuals: { ...actuals, nps: null },
      qualitative: { feedback: 4, manager: 3.5 },
    });
    const nps = result.items.find((i) => i.id === 'nps');
    expect(nps).toMatchObject({
      actual: null,
      achievement: null,
      points: null,
      contribution: null,
      note: 'missing_actual',
    });
    expect(result.complete).toBe(false);
    expect(result.warnings.map((w) => w.code)).toContain('missing_actual');
    // reweight (default): 7675 weighted points over the 85 scored weight
    expect(result.total).toBe(90.29);
    expect(result.coverage).toBe(0.85);
    expect(result.items.find((i) => i.id === 'mql_count')?.effective_weight).toBeCloseTo(29.4118, 4);
    const sum = result.items.reduce((s, i) => s + (i.contribution ?? 0), 0);
    expect(sum).toBeCloseTo(result.total, 2);
    expect(result.warnings.find((w) => w.code === 'missing_actual')?.message_en).toContain(
      'spread over the scored items',
    );
  });

  it('can count a missing item as 0 instead', () => {
    const result = scoreScorecard(
      card,
      { actuals: { ...actuals, nps: null }, qualitative: { feedback: 4, manager: 3.5 } },
      { missing: 'zero' },
    );
    expect(result.total).toBe(76.75);
    expect(result.quantitative).toBe(Math.round(((95 * 25 + 80 * 20 + 120 * 15) / 75) * 100) / 100);
    expect(result.items.find((i) => i.id === 'nps')?.contribution).toBeNull();
  });

  it('reports qualitative as null when no qualitative scores are given', () => {
    const result = scoreScorecard(card, { actuals });
    expect(result.qualitative).toBeNull();
    expect(result.total).toBe(result.quantitative);
    expect(result.warnings.map((w) => w.code)).toContain('qualitative_missing');
  });

  it('counts approved bonus items up to the cap', () => {
    const result = scoreScorecard(card, {
      actuals,
      qualitative: { feedback: 4, manager: 3.5 },
      bonusItems: [
        { reason: '新渠道试点', points: 6, approver: 'p01' },
        { reason: 'AIGC 内容流程', points: 8, approver: 'p01' },
        { reason: '未审批', points: 5 },
      ],
    });
    expect(result.bonus).toBe(10);
    expect(result.total).toBe(101.75);
    expect(result.band).toBe('A');
    expect(result.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['bonus_capped', 'bonus_unapproved']));
    expect(result.bonus_items.map((b) => b.counted)).toEqual([true, true, false]);
  });

  it('computes the incentive in exact fen and recommendations', () => {
    const result = scoreScorecard(
      {
        ...card,
        items: [
          { kpi: 'online_revenue', weight: 75, target: 1_000_000.1 },
          { id: 'm', kind: 'qualitative', weight: 25 },
        ],
      },
      { actuals: { online_revenue: 1_200_000.3 }, qualitative: { m: 5 } },
      {
        incentive: {
          base: '10000',
          coefficients: { S: '1.5', A: '1.2' },
          commissions: [{ kpi: 'online_revenue', rate: '0.01' }],
        },
      },
    );
    expect(result.total).toBe(115);
    expect(result.band).toBe('S');
    expect(result.incentive).toMatchObject({
      base_fen: 1_000_000,
      bonus_fen: 1_500_000,
      commission_fen: 200_000,
      total_fen: 1_700_000,
      total_yuan: '17000.00',
    });
    expect(result.recommendations.map((r) => r.code)).toEqual(['promotion_candidate']);
  });

  it('rejects qualitative scores outside 1–5', () => {
    expect(() => scoreScorecard(card, { actuals, qualitative: { feedback: 6 } })).toThrow(/qualitative field feedback/);
  });

  it('uses a joint KPI credit share for the commission', () => {
    const result = scoreScorecard(
      {
        items: [
          {
            kpi: 'won_count',
            weight: 80,
            target: 10,
            joint: { share: 0.4, partners: [{ person: 's1', department: '销售部', share: 0.6 }] },
          },
          { id: 'm', kind: 'qualitative', weight: 20 },
        ],
        incentive: { base: 0, coefficients: {}, commissions: [{ kpi: 'won_count', amount: '1000', step: 1 }] },
      },
      { actuals: { won_count: 13 }, qualitative: { m: 3 } },
    );
    expect(result.items[0]).toMatchObject({ points: 120, credit_share: 0.4 });
    expect(result.incentive?.commission_fen).toBe(120_000);
  });
});

describe('ratingBand', () => {
  it.each([
    [130, 'S'],
    [110, 'S'],
    [109.99, 'A'],
    [95, 'A'],
    [80, 'B'],
    [79.99, 'C'],
    [60, 'C'],
    [59.99, 'D'],
    [-5, 'D'],
  ])('%s → %s', (total, band) => {
    expect(ratingBand(total)).toBe(band);
  });
  it('accepts configured bands', () => {
    expect(
      ratingBand(85, [
        { band: '优秀', min: 90 },
        { band: '良好', min: 75 },
        { band: '待改进', min: 0 },
      ]),
    ).toBe('良好');
  });
});

describe('scoreScorecard edge cases, end to end', () => {
  const one = (kpi: string, target: number | null, rule?: ScorecardInput['items'][number]['rule']): ScorecardInput => ({
    period: '2026-Q1',
    items: [{ kpi, weight: 100, target, ...(rule ? { rule } : {}) }],
  });
  it.each([
    // kpi, target, actual, rule, points, note
    ['leads', 100, 0, undefined, 0, undefined],
    ['leads', 0, 5, undefined, 100, 'target_zero'],
    ['roi', 1.5, -0.5, undefined, 0, undefined],
    ['roi', -0.1, -0.05, undefined, 120, 'negative_target'],
    ['leads', 100, null, undefined, null, 'missing_actual'],
    ['leads', 100, 300, undefined, 120, undefined],
    ['leads', 100, 59, { type: 'linear', floor: 60, cap: 120 }, 0, undefined],
    ['cpl', 300, 250, undefined, 120, undefined],
    ['cpl', 300, 375, undefined, 80, undefined],
    ['cpl', 300, 0, undefined, 120, 'actual_zero_inverse'],
    ['churn_rate', 0.05, 0.1, { type: 'binary', threshold: 100, points: 100 }, 0, undefined],
    [
      'close_rate',
      0.25,
      0.2,
      { type: 'bands', bands: [{ from: 80, to: 100, points: 60, to_points: 100 }] },
      60,
      undefined,
    ],
  ] as [string, number, number | null, ScoringRuleInput | undefined, number | null, string | undefined][])(
    '%s target %s actual %s → %s points',
    (kpi, target, actual, rule, points, note) => {
      const result = scoreScorecard(one(kpi, target, rule), { actuals: { [kpi]: actual } });
      const item = result.items[0];
      expect(item?.points).toBe(points);
      expect(item?.note).toBe(note);
      if (points !== null) expect(result.total).toBe(points);
      if (note) expect(result.warnings.some((w) => w.code === note && w.item === kpi)).toBe(true);
    },
  );

  it('makes no recommendation when nothing could be scored', () => {
    const result = scoreScorecard(one('leads', 100), { actuals: {} });
    expect(result.coverage).toBe(0);
    expect(result.recommendations).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toContain('nothing_scored');
  });
});
