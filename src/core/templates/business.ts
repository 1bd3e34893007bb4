import { DEFAULT_BANDS_RULE, type TemplateInput } from './schema.js';

/**
 * Business templates of DESIGN.md. Their KPI weights (e-commerce 40/30/20/10, B2B 25/25/20/30) are the
 * quantitative part; they are scaled × 0.8 into an 80% quantitative share (integer weights), and the remaining 20%
 * goes to qualitative items: 360° feedback 8, self-report 4, manager assessment 8.
 */
const QUANTITATIVE_SCALE = 0.8;
const w = (designWeight: number): number => Math.round(designWeight * QUANTITATIVE_SCALE * 1e6) / 1e6;

export const QUALITATIVE_ITEMS: TemplateInput['items'] = [
  {
    id: 'feedback_360',
    kind: 'qualitative',
    source: 'feedback_360',
    name_zh: '360°反馈',
    name_en: '360° feedback',
    weight: 8,
  },
  {
    id: 'self_report',
    kind: 'qualitative',
    source: 'self_report',
    name_zh: '述职报告',
    name_en: 'Self-report',
    weight: 4,
  },
  {
    id: 'manager',
    kind: 'qualitative',
    source: 'manager',
    name_zh: '上级评价',
    name_en: 'Manager assessment',
    weight: 8,
  },
];

export const ECOMMERCE: TemplateInput = {
  id: 'ecommerce',
  kind: 'business',
  name_zh: '电商业务考核模板',
  name_en: 'E-commerce scorecard',
  description_zh: '线上销售额 40、ROI 30、拉新成本 20、满意度（NPS/评价）10，按 80% 折入定量部分；定性 20%。',
  description_en:
    'Online revenue 40, ROI 30, CAC 20, satisfaction (NPS/review) 10, scaled into an 80% quantitative part; 20% qualitative.',
  items: [
    { kpi: 'online_revenue', weight: w(40), rule: { type: 'linear', floor: 60, cap: 120 } },
    { kpi: 'roi', weight: w(30), rule: DEFAULT_BANDS_RULE },
    { kpi: 'cac', weight: w(20), rule: { type: 'linear', floor: 60, cap: 120 } },
    { kpi: 'nps', weight: w(5), name_zh: '满意度：净推荐值', name_en: 'Satisfaction: NPS' },
    { kpi: 'review_score', weight: w(5), name_zh: '满意度：用户评价评分', name_en: 'Satisfaction: review score' },
    ...QUALITATIVE_ITEMS,
  ],
};

export const B2B: TemplateInput = {
  id: 'b2b',
  kind: 'business',
  name_zh: 'B2B 业务考核模板',
  name_en: 'B2B scorecard',
  description_zh: 'MQL量 25、SQL转化率 25、客户终身价值 20、内容影响力 30，按 80% 折入定量部分；定性 20%。',
  description_en:
    'MQLs 25, SQL conversion 25, CLV 20, content influence 30, scaled into an 80% quantitative part; 20% qualitative.',
  items: [
    { kpi: 'mql_count', weight: w(25), rule: { type: 'linear', floor: 60, cap: 120 } },
    {
      kpi: 'close_rate',
      weight: w(25),
      name_zh: 'SQL转化率（成单率）',
      name_en: 'SQL conversion (close rate)',
      rule: DEFAULT_BANDS_RULE,
    },
    { kpi: 'clv', weight: w(20) },
    { kpi: 'content_ctr', weight: w(10), name_zh: '内容影响力：点击率', name_en: 'Content influence: CTR' },
    { kpi: 'share_rate', weight: w(10), name_zh: '内容影响力：分享率', name_en: 'Content influence: share rate' },
    {
      kpi: 'content_lead_rate',
      weight: w(10),
      name_zh: '内容影响力：引流转化率',
      name_en: 'Content influence: lead rate',
    },
    ...QUALITATIVE_ITEMS,
  ],
};
