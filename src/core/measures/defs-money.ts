import { agg, col, customer, PAID_STATUSES, within } from './builders.js';
import type { MeasureDefinition } from './types.js';

/** Spend, orders (refunds in the period of the refund) and customer-level measures. */
/**
 * The attribution model behind `attributed_revenue`: the channel recorded on the order (its touch at order time).
 * Named on every KPI value that uses the measure; multi-touch credit comes from `yardstick attribution`.
 */
export const ORDER_CHANNEL_ATTRIBUTION = 'order_channel';

export const MONEY_MEASURES: MeasureDefinition[] = [
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
];
