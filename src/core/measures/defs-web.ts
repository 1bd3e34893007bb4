import { agg, CONVERSION_EVENT_TYPES, col, eventType, notBot, person, within } from './builders.js';
import type { MeasureDefinition } from './types.js';

/** Measures over events, sessions and identities (bots removed, identities stitched). */
export const WEB_MEASURES: MeasureDefinition[] = [
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
    within('first_seen', { col: 'id_type', op: 'eq', value: 'visitor' }),
    [
      'persons with a visitor id first seen in the period (a known person on a new device counts again)',
      '期内首次出现的访客 ID 所属的人（老用户换新设备也会计入）',
    ],
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
];
