import { agg, mqlVariants, within } from './builders.js';
import type { MeasureDefinition } from './types.js';

/** Lead stage counts and cohorts (the MQL rule is versioned). */
export const LEAD_MEASURES: MeasureDefinition[] = [
  // leads: stage counts by the stage's own timestamp
  agg('leads', 'leads', 'count', undefined, within('created_at'), ['leads created', '新建线索数']),
  agg(
    'mqls',
    'leads',
    'count',
    undefined,
    within('mql_at'),
    ['leads reaching MQL in the period', '期内到达 MQL 的线索'],
    { variants: mqlVariants },
  ),
  agg('sqls', 'leads', 'count', undefined, within('sql_at'), [
    'leads reaching SQL in the period',
    '期内到达 SQL 的线索',
  ]),
  agg('opportunities', 'leads', 'count', undefined, within('opportunity_at'), [
    'leads reaching opportunity',
    '期内到达商机的线索',
  ]),
  agg('won_count', 'leads', 'count', undefined, within('won_at'), ['deals won', '期内成单数']),
  agg('lost_count', 'leads', 'count', undefined, within('lost_at'), ['deals lost', '期内丢单数']),
  // lead cohorts: leads entering a stage in the period, followed to later stages whenever they happen (or by as-of)
  agg('lead_cohort', 'leads', 'count', undefined, within('created_at'), [
    'cohort: leads created in the period',
    '队列：期内新建线索',
  ]),
  agg(
    'lead_cohort_mql',
    'leads',
    'count',
    undefined,
    within('created_at', { col: 'mql_at', op: 'reached' }),
    ['of the lead cohort, those that became MQL', '新建线索中成为 MQL 的'],
    { variants: mqlVariants },
  ),
  agg(
    'mql_cohort',
    'leads',
    'count',
    undefined,
    within('mql_at'),
    ['cohort: leads reaching MQL in the period', '队列：期内成为 MQL 的线索'],
    { variants: mqlVariants },
  ),
  agg(
    'mql_cohort_sql',
    'leads',
    'count',
    undefined,
    within('mql_at', { col: 'sql_at', op: 'reached' }),
    ['of the MQL cohort, those that reached SQL', 'MQL 队列中到达 SQL 的'],
    { variants: mqlVariants },
  ),
  agg(
    'mql_cohort_won',
    'leads',
    'count',
    undefined,
    within('mql_at', { col: 'won_at', op: 'reached' }),
    ['of the MQL cohort, those won', 'MQL 队列中成单的'],
    { variants: mqlVariants },
  ),
  agg('sql_cohort', 'leads', 'count', undefined, within('sql_at'), [
    'cohort: leads reaching SQL in the period',
    '队列：期内成为 SQL 的线索',
  ]),
  agg('sql_cohort_won', 'leads', 'count', undefined, within('sql_at', { col: 'won_at', op: 'reached' }), [
    'of the SQL cohort, those won',
    'SQL 队列中成单的',
  ]),
];
