/**
 * Names of the base measures the metric engine computes from the warehouse. KPI formulas
 * (src/core/kpi) are expressions over these names. Definitions (table, aggregation, filters,
 * versions) live beside this file; this list is the contract between the KPI catalog and the engine.
 */
export const MEASURE_IDS = [
  // events / sessions (bots excluded, identities stitched)
  'visitors',
  'new_visitors',
  'sessions',
  'sessions_total', // sessions ignoring channel/source/medium cuts: denominator of channel_share
  'pageviews',
  'engaged_sessions',
  'form_submits',
  'form_visitors',
  'converting_visitors',
  'downloads',
  'shares',
  // leads (stage definitions versioned)
  'leads',
  'mqls',
  'sqls',
  'opportunities',
  'won_count',
  'lost_count',
  'lead_cohort',
  'lead_cohort_mql',
  'mql_cohort',
  'mql_cohort_sql',
  'mql_cohort_won',
  'sql_cohort',
  'sql_cohort_won',
  // spend
  'spend',
  'ad_impressions',
  'ad_clicks',
  // orders
  'revenue',
  'gross_revenue',
  'refunds',
  'orders',
  'customers',
  'new_customers',
  'attributed_revenue',
  'window_customers',
  'repeat_customers',
  'window_revenue',
  'prev_active_customers',
  'churned_customers',
  // surveys
  'nps_responses',
  'nps_promoters',
  'nps_detractors',
  'rating_sum',
  'rating_count',
  // content
  'content_impressions',
  'content_views',
  'content_clicks',
  'content_shares',
  'content_downloads',
  'content_leads',
  // experiments, brand, team
  'experiments_concluded',
  'experiments_significant',
  'brand_search_volume',
  'projects_due',
  'projects_done_on_time',
  'deliverables_due',
  'deliverable_score_sum',
] as const;

export type MeasureId = (typeof MEASURE_IDS)[number];

/** Whether a name is a known base measure. */
export function isMeasureId(name: string): name is MeasureId {
  return (MEASURE_IDS as readonly string[]).includes(name);
}
