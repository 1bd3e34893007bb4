import type { ColumnSpec } from './types.js';

/** Order status spellings (English and Chinese) -> stored status. */
export const STATUS: Record<string, string> = {
  paid: 'paid',
  已支付: 'paid',
  支付: 'paid',
  已付款: 'paid',
  已完成: 'paid',
  交易成功: 'paid',
  completed: 'paid',
  complete: 'paid',
  success: 'paid',
  refunded: 'refunded',
  refund: 'refunded',
  已退款: 'refunded',
  退款: 'refunded',
  退款成功: 'refunded',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  已取消: 'cancelled',
  取消: 'cancelled',
  交易关闭: 'cancelled',
};

/** Content type spellings -> stored content_type. */
export const CONTENT_TYPES: Record<string, string> = {
  article: 'article',
  文章: 'article',
  图文: 'article',
  video: 'video',
  视频: 'video',
  短视频: 'video',
  whitepaper: 'whitepaper',
  'white paper': 'whitepaper',
  白皮书: 'whitepaper',
  live: 'live',
  直播: 'live',
  post: 'post',
  帖子: 'post',
  动态: 'post',
  笔记: 'post',
};

/** Column builders shared by the table specs. */
export const t = (name: string, aliases: string[] = [], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type: 'text',
  aliases,
  ...extra,
});
export const req = { required: true };
export const count = (name: string, aliases: string[], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type: 'int',
  min: 0,
  aliases,
  ...extra,
});
export const at = (name: string, aliases: string[], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type: 'timestamp',
  aliases,
  ...extra,
});
export const day = (aliases: string[] = []): ColumnSpec => ({
  name: 'date',
  type: 'date',
  required: true,
  aliases: ['日期', '时间', 'day', '天', '统计日期', 'stat_date', 'stat date', 'report date', ...aliases],
});

export const CHANNEL = t('channel', ['渠道', '渠道名称', '来源渠道', '推广渠道', 'channel name']);
export const CAMPAIGN = t('campaign', ['活动', '营销活动', '活动名称', 'utm_campaign', 'campaign name', '广告系列']);
export const OWNER = t('owner_id', ['负责人', '负责人ID', 'owner', '运营', '市场负责人']);
export const SOURCE = t('source', ['来源', 'utm_source', '来源网站']);
export const MEDIUM = t('medium', ['媒介', 'utm_medium']);
