import { QUALITATIVE_ITEMS } from './business.js';
import { DEFAULT_BANDS_RULE, type TemplateInput } from './schema.js';

/** Role templates: 80% quantitative (long-term KPIs ≥ 20% of it), 20% qualitative as in the business templates. */
export const SEM_SPECIALIST: TemplateInput = {
  id: 'sem',
  kind: 'role',
  name_zh: 'SEM 专员',
  name_en: 'SEM specialist',
  description_zh: '搜索推广：线索量、线索成本、ROI、落地页表单转化、品牌搜索增长。',
  description_en: 'Search ads: leads, cost per lead, ROI, landing-page form conversion, brand search growth.',
  items: [
    { kpi: 'leads', weight: 15, rule: { type: 'linear', floor: 60, cap: 120 } },
    { kpi: 'cpl', weight: 15, rule: { type: 'linear', floor: 60, cap: 120 } },
    { kpi: 'roi', weight: 20, rule: DEFAULT_BANDS_RULE },
    { kpi: 'form_conversion_rate', weight: 14 },
    { kpi: 'brand_search_growth', weight: 16 },
    ...QUALITATIVE_ITEMS,
  ],
};

export const CONTENT_OPERATOR: TemplateInput = {
  id: 'content',
  kind: 'role',
  name_zh: '新媒体/内容运营',
  name_en: 'New-media / content operator',
  description_zh: '内容点击率、分享率、引流转化率、访客量与品牌搜索增长。',
  description_en: 'Content CTR, share rate, content lead rate, visitors and brand search growth.',
  items: [
    { kpi: 'content_ctr', weight: 15 },
    { kpi: 'share_rate', weight: 15 },
    { kpi: 'content_lead_rate', weight: 20, rule: DEFAULT_BANDS_RULE },
    { kpi: 'uv', weight: 14, rule: { type: 'linear', floor: 60, cap: 120 } },
    { kpi: 'brand_search_growth', weight: 16 },
    ...QUALITATIVE_ITEMS,
  ],
};

export const ECOMMERCE_OPERATOR: TemplateInput = {
  id: 'ecommerce_ops',
  kind: 'role',
  name_zh: '电商运营',
  name_en: 'E-commerce operator',
  description_zh: '线上销售额、官网转化率、拉新成本、复购率与用户评价。',
  description_en: 'Online revenue, site conversion, CAC, repurchase rate and review score.',
  items: [
    { kpi: 'online_revenue', weight: 25, rule: { type: 'linear', floor: 60, cap: 120 } },
    { kpi: 'site_conversion_rate', weight: 15 },
    { kpi: 'cac', weight: 20 },
    { kpi: 'repurchase_rate', weight: 12 },
    { kpi: 'review_score', weight: 8 },
    ...QUALITATIVE_ITEMS,
  ],
};

export const TEAM_LEAD: TemplateInput = {
  id: 'team_lead',
  kind: 'role',
  name_zh: '团队负责人',
  name_en: 'Team lead',
  description_zh: '团队 ROI 与 MQL、客户价值与口碑、跨部门协作、文档与 A/B 测试文化。',
  description_en:
    'Team ROI and MQLs, customer value and NPS, cross-department delivery, documentation and A/B testing.',
  items: [
    { kpi: 'roi', weight: 20, rule: DEFAULT_BANDS_RULE },
    { kpi: 'mql_count', weight: 15 },
    { kpi: 'clv', weight: 10 },
    { kpi: 'nps', weight: 10 },
    { kpi: 'cross_dept_completion', weight: 10 },
    { kpi: 'doc_completeness', weight: 8 },
    { kpi: 'ab_test_count', weight: 7, rule: { type: 'binary', threshold: 100, points: 100 } },
    ...QUALITATIVE_ITEMS,
  ],
};
