import type { MeasureId } from './ids.js';
import type {
  AggregateMeasure,
  CustomerMeasure,
  ExperimentMeasure,
  Filter,
  MeasureDefinition,
  MeasurePart,
  TableDimensions,
  ValueExpr,
} from './types.js';

const col = (name: string): ValueExpr => ({ col: name });
const notBot: Filter = { col: 'is_bot', op: 'eq', value: false };
const person: ValueExpr = { coalesce: [col('person_key'), col('visitor_id')] };
const eventType = (...types: string[]): Filter =>
  types.length === 1
    ? { col: 'event_type', op: 'eq', value: types[0]! }
    : { col: 'event_type', op: 'in', value: types };
const within = (time: string, ...filters: Filter[]): MeasurePart[] => [{ time: col(time), filters }];

/** Event types that count a visitor as converted (site conversion rate). */
export const CONVERSION_EVENT_TYPES = ['form_submit', 'signup', 'purchase'];
/** Order statuses that were paid at order time (refunded orders were paid, then refunded). */
export const PAID_STATUSES = ['paid', 'refunded'];
/** Lead-score threshold and excluded segment of the v2 MQL rule (from 2026-04-01). */
export const MQL_V2_MIN_SCORE = 60;
export const MQL_V2_EXCLUDED_SEGMENT = 'student';

/** v2 MQL rule: lead score ≥ 60, or no score and a segment other than 'student'. */
const mqlV2: Filter[] = [
  {
    any: [
      { col: 'lead_score', op: 'gte', value: MQL_V2_MIN_SCORE },
      {
        all: [
          { col: 'lead_score', op: 'is_null' },
          { col: 'segment', op: 'distinct_from', value: MQL_V2_EXCLUDED_SEGMENT },
        ],
      },
    ],
  },
];
const mqlVariants = { mql_rule: { v1: [], v2: mqlV2 } };

type Text = [en: string, zh: string];

function agg(
  id: MeasureId,
  table: AggregateMeasure['table'],
  kind: AggregateMeasure['agg'],
  value: ValueExpr | undefined,
  parts: MeasurePart[],
  [en, zh]: Text,
  extra: Partial<AggregateMeasure> = {},
): AggregateMeasure {
  return {
    id,
    table,
    kind: 'aggregate',
    agg: kind,
    ...(value ? { value } : {}),
    parts,
    description_en: en,
    description_zh: zh,
    ...extra,
  };
}

function customer(id: MeasureId, metric: CustomerMeasure['metric'], [en, zh]: Text): CustomerMeasure {
  return { id, table: 'orders', kind: 'customer', metric, description_en: en, description_zh: zh };
}

function experiment(id: MeasureId, metric: ExperimentMeasure['metric'], [en, zh]: Text): ExperimentMeasure {
  return { id, table: 'experiments', kind: 'experiment', metric, description_en: en, description_zh: zh };
}

/**
 * Deliverable score: completeness (missing = 1 once submitted) × timeliness — 1 when submitted by the due time,
 * 0.5 when submitted late (the late discount), 0 when never submitted.
 */
export const LATE_DELIVERABLE_FACTOR = 0.5;
const deliverableScore: ValueExpr = {
  mul: [
    { coalesce: [col('completeness'), { num: 1 }] },
    {
      cases: [
        { when: [{ col: 'submitted_at', op: 'is_null' }], value: { num: 0 } },
        { when: [{ col: 'submitted_at', op: 'le_col', other: 'due_at' }], value: { num: 1 } },
      ],
      else: { num: LATE_DELIVERABLE_FACTOR },
    },
  ],
};

const DEFINITIONS: MeasureDefinition[] = [
  // events (bots removed, person = stitched person_key, else visitor_id)
  agg(
    'visitors',
    'events',
    'count_distinct',
    person,
    within('occurred_at', notBot),
    ['distinct non-bot visitors (stitched persons)', '去除机器人后的独立访客（按人合并）'],
    {
      fallback: { table: 'traffic', column: 'users', nonAdditive: true },
    },
  ),
  agg(
    'new_visitors',
    'identities',
    'count_distinct',
    col('person_key'),
    within('first_seen'),
    ['persons first seen in the period', '期内首次出现的访客'],
    {
      fallback: { table: 'traffic', column: 'new_users', nonAdditive: true },
    },
  ),
  agg(
    'pageviews',
    'events',
    'count',
    undefined,
    within('occurred_at', notBot, eventType('page_view')),
    ['non-bot page views', '浏览量（去除机器人）'],
    {
      fallback: { table: 'traffic', column: 'pageviews', nonAdditive: false },
    },
  ),
  agg('form_submits', 'events', 'count', undefined, within('occurred_at', notBot, eventType('form_submit')), [
    'form submissions',
    '表单提交次数',
  ]),
  agg('form_visitors', 'events', 'count_distinct', person, within('occurred_at', notBot, eventType('form_submit')), [
    'visitors who submitted a form',
    '提交过表单的访客',
  ]),
  agg(
    'converting_visitors',
    'events',
    'count_distinct',
    person,
    within('occurred_at', notBot, eventType(...CONVERSION_EVENT_TYPES)),
    ['visitors with a conversion event (form_submit, signup, purchase)', '有转化事件的访客（表单、注册、购买）'],
  ),
  agg('downloads', 'events', 'count', undefined, within('occurred_at', notBot, eventType('download')), [
    'downloads',
    '下载次数',
  ]),
  agg('shares', 'events', 'count', undefined, within('occurred_at', notBot, eventType('share')), [
    'shares',
    '分享次数',
  ]),
  // sessions (built at import from events)
  agg(
    'sessions',
    'sessions',
    'count',
    undefined,
    within('started_at', notBot),
    ['non-bot sessions by start time', '会话数（按开始时间，去除机器人）'],
    {
      fallback: { table: 'traffic', column: 'sessions', nonAdditive: false },
    },
  ),
  agg(
    'sessions_total',
    'sessions',
    'count',
    undefined,
    within('started_at', notBot),
    ['all non-bot sessions, ignoring dimension cuts', '全部会话数（不按维度切分）'],
    {
      ignoresDimensions: true,
      fallback: { table: 'traffic', column: 'sessions', nonAdditive: false },
    },
  ),
  agg(
    'engaged_sessions',
    'sessions',
    'count',
    undefined,
    within('started_at', notBot, { col: 'engaged', op: 'eq', value: true }),
    ['engaged sessions', '有效会话数'],
    {
      fallback: { table: 'traffic', column: 'engaged_sessions', nonAdditive: false },
    },
  ),
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
  // spend (export days are local dates)
  agg('spend', 'spend', 'sum', col('amount'), within('date'), ['ad spend', '推广花费']),
  agg('ad_impressions', 'spend', 'sum', col('impressions'), within('date'), ['ad impressions', '广告展示']),
  agg('ad_clicks', 'spend', 'sum', col('clicks'), within('date'), ['ad clicks', '广告点击']),
  // orders: paid at ordered_at; refunds subtracted in the period of refunded_at (else ordered_at)
  agg(
    'gross_revenue',
    'orders',
    'sum',
    col('amount'),
    within('ordered_at', { col: 'status', op: 'in', value: PAID_STATUSES }),
    ['paid order amount before refunds', '退款前的支付订单金额'],
  ),
  agg(
    'refunds',
    'orders',
    'sum',
    col('amount'),
    [
      {
        time: { coalesce: [col('refunded_at'), col('ordered_at')] },
        filters: [{ col: 'status', op: 'eq', value: 'refunded' }],
      },
    ],
    ['refunded amount, in the period of the refund', '退款金额（计入退款发生的期间）'],
  ),
  agg(
    'revenue',
    'orders',
    'sum',
    col('amount'),
    [
      { time: col('ordered_at'), filters: [{ col: 'status', op: 'in', value: PAID_STATUSES }] },
      {
        time: { coalesce: [col('refunded_at'), col('ordered_at')] },
        filters: [{ col: 'status', op: 'eq', value: 'refunded' }],
        sign: -1,
      },
    ],
    ['paid orders minus refunds', '支付订单减退款'],
  ),
  agg(
    'attributed_revenue',
    'orders',
    'sum',
    col('amount'),
    [
      {
        time: col('ordered_at'),
        filters: [
          { col: 'status', op: 'in', value: PAID_STATUSES },
          { col: 'channel', op: 'not_null' },
        ],
      },
      {
        time: { coalesce: [col('refunded_at'), col('ordered_at')] },
        filters: [
          { col: 'status', op: 'eq', value: 'refunded' },
          { col: 'channel', op: 'not_null' },
        ],
        sign: -1,
      },
    ],
    [
      'net revenue of orders attributed to a channel (the channel recorded on the order)',
      '归因到渠道的净收入（订单记录的渠道）',
    ],
  ),
  agg('orders', 'orders', 'count', undefined, within('ordered_at', { col: 'status', op: 'in', value: PAID_STATUSES }), [
    'paid orders (incl. later refunded)',
    '支付订单数（含后来退款的）',
  ]),
  customer('customers', 'customers', ['customers with a paid order in the period', '期内有支付订单的客户']),
  customer('new_customers', 'new_customers', [
    'customers whose first paid order ever is in the period',
    '首单在期内的新客户',
  ]),
  customer('window_customers', 'window_customers', [
    'customers with a paid order in the window ending at the period end (default 365 days)',
    '截至期末窗口内（默认365天）有支付订单的客户',
  ]),
  customer('repeat_customers', 'repeat_customers', [
    'customers with ≥ 2 paid orders in the window',
    '窗口内支付订单 ≥ 2 的客户',
  ]),
  customer('window_revenue', 'window_revenue', ['paid order amount in the window', '窗口内支付订单金额']),
  customer('prev_active_customers', 'prev_active_customers', [
    'customers with a paid order in the previous period',
    '上期有支付订单的客户',
  ]),
  customer('churned_customers', 'churned_customers', [
    'customers active in the previous period with no paid order in this one',
    '上期活跃、本期无支付订单的客户',
  ]),
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

/** Every base measure definition, by id. */
export const MEASURES: ReadonlyMap<MeasureId, MeasureDefinition> = new Map(DEFINITIONS.map((d) => [d.id, d]));

/** The definition of a base measure. */
export function getMeasure(id: MeasureId): MeasureDefinition {
  const m = MEASURES.get(id);
  if (!m) throw new Error(`measure "${id}" has no definition`);
  return m;
}

const web = {
  channel: { col: 'channel' },
  channel_group: { col: 'channel_group' },
  source: { col: 'source' },
  medium: { col: 'medium' },
  campaign: { col: 'campaign' },
  landing_page: { col: 'landing_page' },
};
const owner = { owner: { col: 'owner_id' }, team: { team: 'owner_id' } };
const named = { channel: { col: 'channel' }, channel_group: { col: 'channel_group' } };

/** Which dimension each fact table supports, and through which column. Events carry no owner. */
export const TABLE_DIMENSIONS: TableDimensions = {
  events: web,
  sessions: web,
  traffic: web,
  identities: {},
  leads: { ...web, ...owner, sales_owner: { col: 'sales_owner_id' } },
  orders: { ...named, source: { col: 'source' }, medium: { col: 'medium' }, campaign: { col: 'campaign' }, ...owner },
  spend: { ...named, campaign: { col: 'campaign' }, ...owner },
  content: { ...named, content_type: { col: 'content_type' }, ...owner },
  surveys: { ...named, ...owner },
  experiments: { channel: { col: 'channel' }, ...owner },
  brand_search: {},
  projects: owner,
  deliverables: owner,
};
