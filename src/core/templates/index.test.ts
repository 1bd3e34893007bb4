import { describe, expect, it } from 'vitest';
import { getKpi } from '../kpi/index.js';
import { lintScorecard, scoreScorecard, sumWeights } from '../scoring/index.js';
import { getTemplate, listTemplates, parseTemplate, scorecardFromTemplate } from './index.js';

const weightsOf = (id: string) =>
  Object.fromEntries(getTemplate(id).items.map((i) => [i.kpi ?? i.id, i.weight])) as Record<string, number>;

describe('templates', () => {
  it('lists the business and role templates', () => {
    expect(listTemplates().map((t) => t.id)).toEqual([
      'ecommerce',
      'b2b',
      'sem',
      'content',
      'ecommerce_ops',
      'team_lead',
    ]);
  });

  it.each(listTemplates().map((t) => [t.id, t] as const))(
    '%s: weights total 100, 80/20 split, names in zh and en',
    (_id, t) => {
      expect(sumWeights(t.items)).toBe(100);
      expect(sumWeights(t.items.filter((i) => i.kind === 'quantitative'))).toBe(80);
      expect(sumWeights(t.items.filter((i) => i.kind === 'qualitative'))).toBe(20);
      expect(t.name_zh).not.toBe(t.name_en);
      for (const item of t.items) if (item.kpi) expect(getKpi(item.kpi).id).toBe(item.kpi);
    },
  );

  it.each([
    ['ecommerce', { online_revenue: 40, roi: 30, cac: 20, nps: 5, review_score: 5 }],
    ['b2b', { mql_count: 25, close_rate: 25, clv: 20, content_ctr: 10, share_rate: 10, content_lead_rate: 10 }],
  ])('%s keeps the DESIGN.md proportions (× 0.8)', (id, design) => {
    const weights = weightsOf(id);
    for (const [kpi, weight] of Object.entries(design)) expect(weights[kpi]).toBeCloseTo(weight * 0.8, 9);
  });

  it.each([
    ['ecommerce', ['long_term_low']],
    ['b2b', []],
    ['sem', []],
    ['content', []],
    ['ecommerce_ops', []],
    ['team_lead', []],
  ])('%s lints clean once targets are set (except the seed-given imbalance)', (id, codes) => {
    const template = getTemplate(id);
    const targets = Object.fromEntries(template.items.filter((i) => i.kpi).map((i) => [i.kpi as string, 1]));
    const card = scorecardFromTemplate(id, targets, { period: '2026-Q2' });
    expect(lintScorecard(card).map((w) => w.code)).toEqual(codes);
  });

  it('builds a scorable scorecard from targets', () => {
    const card = scorecardFromTemplate('b2b', { mql_count: 200, close_rate: { value: 0.25, data_source: 'CRM' } });
    expect(card.items.find((i) => i.kpi === 'mql_count')?.target).toBe(200);
    const result = scoreScorecard(card, { actuals: { mql_count: 190, close_rate: 0.225, clv: 5000 } });
    expect(result.items.find((i) => i.kpi === 'mql_count')?.points).toBe(95);
    expect(result.items.find((i) => i.kpi === 'close_rate')).toMatchObject({
      achievement: 90,
      points: 80,
      name_zh: 'SQL转化率（成单率）',
    });
    expect(result.items.find((i) => i.kpi === 'clv')?.note).toBe('missing_target');
  });

  it.each([
    ['nope', {}, /unknown template "nope"/],
    ['b2b', { happiness: 1 }, /targets\.json, field happiness: not a KPI of template "b2b"/],
    ['b2b', { feedback_360: 4 }, /field feedback_360: not a KPI/],
    ['b2b', { mql_count: 'lots' }, /field mql_count: target must be a number/],
  ])('rejects %s with %j', (id, targets, message) => {
    expect(() => scorecardFromTemplate(id, targets as never, {}, 'targets.json')).toThrow(message);
  });

  it('validates templates at load', () => {
    const t = getTemplate('sem');
    expect(() => parseTemplate({ ...t, items: t.items.slice(1) })).toThrow(/weights total 85/);
    expect(() => parseTemplate({ ...t, name_zh: '' })).toThrow(/template "sem" field name_zh/);
  });
});
