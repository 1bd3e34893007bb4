import { agg, col, deliverableScore, experiment, within } from './builders.js';
import type { MeasureDefinition } from './types.js';

/** Surveys, content, experiments, brand search, projects and deliverables. */
export const OPERATIONS_MEASURES: MeasureDefinition[] = [
  // surveys
  agg('nps_responses', 'surveys', 'count', undefined, within('answered_at', { col: 'nps', op: 'not_null' }), [
    'NPS answers',
    'NPS 答卷数',
  ]),
  agg('nps_promoters', 'surveys', 'count', undefined, within('answered_at', { col: 'nps', op: 'gte', value: 9 }), [
    'promoters (NPS 9–10)',
    '推荐者（9–10分）',
  ]),
  agg('nps_detractors', 'surveys', 'count', undefined, within('answered_at', { col: 'nps', op: 'lte', value: 6 }), [
    'detractors (NPS 0–6)',
    '贬损者（0–6分）',
  ]),
  agg('rating_sum', 'surveys', 'sum', col('rating'), within('answered_at', { col: 'rating', op: 'not_null' }), [
    'sum of ratings',
    '评分总和',
  ]),
  agg('rating_count', 'surveys', 'count', undefined, within('answered_at', { col: 'rating', op: 'not_null' }), [
    'ratings given',
    '评分数',
  ]),
  // content (daily rows)
  agg('content_impressions', 'content', 'sum', col('impressions'), within('date'), ['content impressions', '内容曝光']),
  agg('content_views', 'content', 'sum', col('views'), within('date'), ['content views', '内容阅读/播放']),
  agg('content_clicks', 'content', 'sum', col('clicks'), within('date'), ['content clicks', '内容点击']),
  agg('content_shares', 'content', 'sum', col('shares'), within('date'), ['content shares', '内容分享']),
  agg('content_downloads', 'content', 'sum', col('downloads'), within('date'), ['content downloads', '内容下载']),
  agg('content_leads', 'content', 'sum', col('leads'), within('date'), ['leads from content', '内容带来的线索']),
  // experiments, brand, team
  experiment('experiments_concluded', 'concluded', ['experiments that ended in the period', '期内结束的实验']),
  experiment('experiments_significant', 'significant', [
    'concluded experiments whose best variant beats control (two-proportion z-test, p < 0.05)',
    '最佳变体显著优于对照的实验（双比例 z 检验 p < 0.05）',
  ]),
  agg('brand_search_volume', 'brand_search', 'sum', col('volume'), within('date'), [
    'brand search volume',
    '品牌搜索量',
  ]),
  agg('projects_due', 'projects', 'count', undefined, within('due_at'), [
    'projects due in the period',
    '期内到期的项目',
  ]),
  agg(
    'projects_done_on_time',
    'projects',
    'count',
    undefined,
    within('due_at', { col: 'completed_at', op: 'reached' }, { col: 'completed_at', op: 'le_col', other: 'due_at' }),
    ['projects due in the period and completed by the due time', '按期完成的到期项目'],
  ),
  agg('deliverables_due', 'deliverables', 'count', undefined, within('due_at'), [
    'deliverables due in the period',
    '期内应交的文档',
  ]),
  agg('deliverable_score_sum', 'deliverables', 'sum', deliverableScore, within('due_at'), [
    'Σ completeness × (1 on time, 0.5 late, 0 missing) of deliverables due',
    '应交文档的完整度 × 及时系数（按时1，逾期0.5，未交0）之和',
  ]),
];
