import type { Engine } from '../engine.js';
import { insertRows } from './test-db.js';

/**
 * A small hand-built dataset (test helper). Times are UTC; Asia/Shanghai is UTC+8, so
 * 2026-03-31T15:30Z is 23:30 local on the last day of 2026-Q1. Expected values are worked out in the tests.
 */
export async function loadFixture(engine: Engine): Promise<void> {
  await insertRows(engine, 'people', [
    { row_key: 'p01', person_id: 'p01', name: '张三', department: '市场部', team: 'SEM组' },
    { row_key: 'p02', person_id: 'p02', name: '李四', department: '市场部', team: '新媒体' },
    { row_key: 'p03', person_id: 'p03', name: '王五', department: '市场部', team: '新媒体' },
  ]);
  const ev = (
    k: string,
    at: string,
    visitor: string,
    person: string | null,
    type: string,
    channel: string,
    bot = false,
  ) => ({
    row_key: k,
    occurred_at: at,
    visitor_id: visitor,
    person_key: person,
    event_type: type,
    channel,
    is_bot: bot,
    landing_page: '/a',
  });
  await insertRows(engine, 'events', [
    ev('e1', '2026-01-10 02:00:00', 'v1', 'P1', 'page_view', '百度SEM'),
    ev('e2', '2026-01-10 02:05:00', 'v1', 'P1', 'form_submit', '百度SEM'),
    ev('e3', '2026-02-01 03:00:00', 'v2', null, 'page_view', '抖音'),
    ev('e4', '2026-03-01 03:00:00', 'v3', 'P1', 'page_view', '抖音'),
    ev('e5', '2026-03-02 03:00:00', 'v9', null, 'page_view', '抖音', true),
    ev('e6', '2026-03-31 15:30:00', 'v4', null, 'page_view', '抖音'),
    ev('e7', '2026-03-31 16:30:00', 'v5', null, 'page_view', '抖音'),
    ev('e8', '2026-02-01 03:01:00', 'v2', null, 'signup', '抖音'),
  ]);
  const ses = (k: string, at: string, channel: string, bot = false) => ({
    session_key: k,
    visitor_id: k,
    started_at: at,
    ended_at: at,
    channel,
    is_bot: bot,
    events: 1,
    pageviews: 1,
  });
  await insertRows(engine, 'sessions', [
    ses('s1', '2026-01-10 02:00:00', '百度SEM'),
    ses('s2', '2026-02-01 03:00:00', '抖音'),
    ses('s3', '2026-03-01 03:00:00', '抖音'),
    ses('s4', '2026-03-02 03:00:00', '抖音', true),
    ses('s5', '2026-03-31 15:30:00', '抖音'),
  ]);
  const lead = (
    k: string,
    created: string,
    mql: string | null,
    sql: string | null,
    won: string | null,
    channel: string,
    owner: string,
    score: number | null,
    segment: string | null,
  ) => ({
    row_key: k,
    lead_id: k,
    created_at: created,
    mql_at: mql,
    sql_at: sql,
    won_at: won,
    channel,
    owner_id: owner,
    sales_owner_id: owner === 'p01' ? 's1' : 's2',
    lead_score: score,
    segment,
  });
  await insertRows(engine, 'leads', [
    lead(
      'L1',
      '2026-01-05 01:00:00',
      '2026-01-10 01:00:00',
      '2026-04-02 01:00:00',
      null,
      '百度SEM',
      'p01',
      80,
      'enterprise',
    ),
    lead(
      'L2',
      '2026-02-05 01:00:00',
      '2026-02-10 01:00:00',
      '2026-02-20 01:00:00',
      '2026-03-15 01:00:00',
      '抖音',
      'p02',
      40,
      'student',
    ),
    lead('L3', '2026-02-06 01:00:00', '2026-03-01 01:00:00', null, null, '抖音', 'p02', null, 'student'),
    lead('L4', '2026-03-10 01:00:00', null, null, null, '抖音', 'p02', null, null),
    lead(
      'L5',
      '2025-12-01 01:00:00',
      '2025-12-05 01:00:00',
      '2026-01-15 01:00:00',
      '2026-02-01 01:00:00',
      '百度SEM',
      'p01',
      70,
      null,
    ),
  ]);
  await insertRows(engine, 'spend', [
    { row_key: 'sp1', date: '2026-01-03', amount: '100.10', channel: '百度SEM', owner_id: 'p01' },
    { row_key: 'sp2', date: '2026-02-03', amount: '0.20', channel: '抖音', owner_id: 'p02' },
    { row_key: 'sp3', date: '2026-03-31', amount: '0.10', channel: '抖音', owner_id: 'p02' },
    { row_key: 'sp4', date: '2026-04-01', amount: '5.00', channel: '抖音', owner_id: 'p02' },
    { row_key: 'sp5', date: '2025-12-01', amount: '50.00', channel: '百度SEM', owner_id: 'p01' },
  ]);
  const order = (
    k: string,
    customer: string,
    at: string,
    status: string,
    amount: string,
    channel: string | null,
    refunded: string | null = null,
  ) => ({
    row_key: k,
    order_id: k,
    customer_id: customer,
    ordered_at: at,
    status,
    amount,
    channel,
    refunded_at: refunded,
    owner_id: channel === '百度SEM' ? 'p01' : 'p02',
  });
  await insertRows(engine, 'orders', [
    order('O1', 'C1', '2026-01-20 02:00:00', 'paid', '100.00', '百度SEM'),
    order('O2', 'C1', '2026-02-20 02:00:00', 'paid', '50.00', '百度SEM'),
    order('O3', 'C2', '2026-02-25 02:00:00', 'refunded', '30.00', '抖音', '2026-04-05 02:00:00'),
    order('O4', 'C3', '2026-03-01 02:00:00', 'refunded', '20.00', '抖音', '2026-03-05 02:00:00'),
    order('O5', 'C4', '2025-11-10 02:00:00', 'paid', '70.00', '百度SEM'),
    order('O6', 'C3', '2025-12-10 02:00:00', 'paid', '10.00', '抖音'),
    order('O7', 'C5', '2026-03-10 02:00:00', 'cancelled', '999.00', '抖音'),
    order('O8', 'C6', '2026-03-15 02:00:00', 'paid', '40.00', null),
    order('O9', 'C4', '2026-03-20 02:00:00', 'paid', '5.00', '百度SEM'),
  ]);
  const survey = (k: string, at: string, nps: number | null, rating: number | null) => ({
    row_key: k,
    response_id: k,
    answered_at: at,
    nps,
    rating,
    channel: '抖音',
  });
  await insertRows(engine, 'surveys', [
    survey('r1', '2026-01-05 00:00:00', 10, 5),
    survey('r2', '2026-01-06 00:00:00', 9, null),
    survey('r3', '2026-01-07 00:00:00', 7, 4),
    survey('r4', '2026-01-08 00:00:00', 3, 2),
    survey('r5', '2026-01-09 00:00:00', 8, null),
    survey('r6', '2026-03-31 15:59:59', null, 4),
  ]);
  const content = (
    k: string,
    date: string,
    type: string,
    imp: number,
    views: number,
    clicks: number,
    shares: number,
    leads: number,
  ) => ({
    row_key: k,
    date,
    content_id: k,
    content_type: type,
    channel: '微信公众号',
    owner_id: 'p03',
    impressions: imp,
    views,
    clicks,
    shares,
    leads,
  });
  await insertRows(engine, 'content', [
    content('c1', '2026-01-10', 'article', 1000, 200, 50, 10, 4),
    content('c2', '2026-02-10', 'video', 3000, 800, 300, 30, 6),
  ]);
  const x = (
    k: string,
    id: string,
    variant: string,
    control: boolean,
    visitors: number,
    conversions: number,
    ended: string | null,
  ) => ({
    row_key: k,
    experiment_id: id,
    variant,
    is_control: control,
    visitors,
    conversions,
    started_at: '2026-01-01 00:00:00',
    ended_at: ended,
    owner_id: 'p02',
  });
  await insertRows(engine, 'experiments', [
    x('x1a', 'X1', 'A', true, 1000, 100, '2026-02-01 00:00:00'),
    x('x1b', 'X1', 'B', false, 1000, 150, '2026-02-01 00:00:00'),
    x('x2a', 'X2', 'A', true, 1000, 100, '2026-03-01 00:00:00'),
    x('x2b', 'X2', 'B', false, 1000, 105, '2026-03-01 00:00:00'),
    x('x3a', 'X3', 'A', true, 100, 10, '2026-04-10 00:00:00'),
    x('x4a', 'X4', 'A', true, 100, 10, null),
  ]);
  await insertRows(engine, 'brand_search', [
    { row_key: 'b1', date: '2025-10-05', keyword: '量尺', source: 'baidu_index', volume: 600 },
    { row_key: 'b2', date: '2025-12-31', keyword: '量尺', source: 'baidu_index', volume: 400 },
    { row_key: 'b3', date: '2026-01-01', keyword: '量尺', source: 'baidu_index', volume: 900 },
    { row_key: 'b4', date: '2026-03-31', keyword: '量尺', source: 'baidu_index', volume: 300 },
  ]);
  await insertRows(engine, 'projects', [
    {
      row_key: 'PR1',
      project_id: 'PR1',
      name: '官网改版',
      owner_id: 'p01',
      due_at: '2026-02-01 00:00:00',
      completed_at: '2026-01-30 00:00:00',
    },
    {
      row_key: 'PR2',
      project_id: 'PR2',
      name: '双十一',
      owner_id: 'p02',
      due_at: '2026-03-01 00:00:00',
      completed_at: '2026-03-05 00:00:00',
    },
    {
      row_key: 'PR3',
      project_id: 'PR3',
      name: 'CRM',
      owner_id: 'p02',
      due_at: '2026-03-20 00:00:00',
      completed_at: null,
    },
    {
      row_key: 'PR4',
      project_id: 'PR4',
      name: 'Q2',
      owner_id: 'p02',
      due_at: '2026-05-01 00:00:00',
      completed_at: null,
    },
  ]);
  await insertRows(engine, 'deliverables', [
    {
      row_key: 'D1',
      deliverable_id: 'D1',
      owner_id: 'p01',
      kind: 'weekly_report',
      due_at: '2026-01-31 00:00:00',
      submitted_at: '2026-01-30 00:00:00',
      completeness: 1,
    },
    {
      row_key: 'D2',
      deliverable_id: 'D2',
      owner_id: 'p02',
      kind: 'weekly_report',
      due_at: '2026-02-28 00:00:00',
      submitted_at: '2026-03-02 00:00:00',
      completeness: 0.8,
    },
    {
      row_key: 'D3',
      deliverable_id: 'D3',
      owner_id: 'p02',
      kind: 'monthly_report',
      due_at: '2026-03-31 00:00:00',
      submitted_at: null,
      completeness: null,
    },
    {
      row_key: 'D4',
      deliverable_id: 'D4',
      owner_id: 'p01',
      kind: 'campaign_report',
      due_at: '2026-03-15 00:00:00',
      submitted_at: '2026-03-14 00:00:00',
      completeness: null,
    },
  ]);
  // aggregate traffic for periods without events: daily rows in October 2025
  await insertRows(engine, 'traffic', [
    { row_key: 't1', date: '2025-10-01', channel: '百度SEM', sessions: 15, users: 10, pageviews: 40 },
    { row_key: 't2', date: '2025-10-02', channel: '百度SEM', sessions: 20, users: 12, pageviews: 50 },
    {
      row_key: 't3',
      date: '2025-07-01',
      range_start: '2025-07-01',
      range_end: '2025-09-30',
      channel: '百度SEM',
      sessions: 800,
      users: 500,
      pageviews: 2000,
    },
  ]);
}
