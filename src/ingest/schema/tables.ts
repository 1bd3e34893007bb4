import { config } from '../../config.js';
import type { ColumnSpec, TableSpec } from './types.js';

const STATUS: Record<string, string> = {
  paid: 'paid',
  '已支付': 'paid',
  '支付': 'paid',
  '已付款': 'paid',
  '已完成': 'paid',
  '交易成功': 'paid',
  completed: 'paid',
  complete: 'paid',
  success: 'paid',
  refunded: 'refunded',
  refund: 'refunded',
  '已退款': 'refunded',
  '退款': 'refunded',
  '退款成功': 'refunded',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  '已取消': 'cancelled',
  '取消': 'cancelled',
  '交易关闭': 'cancelled',
};

const CONTENT_TYPES: Record<string, string> = {
  article: 'article',
  '文章': 'article',
  '图文': 'article',
  video: 'video',
  '视频': 'video',
  '短视频': 'video',
  whitepaper: 'whitepaper',
  'white paper': 'whitepaper',
  '白皮书': 'whitepaper',
  live: 'live',
  '直播': 'live',
  post: 'post',
  '帖子': 'post',
  '动态': 'post',
  '笔记': 'post',
};

const t = (name: string, aliases: string[] = [], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type: 'text',
  aliases,
  ...extra,
});
const req = { required: true };
const count = (name: string, aliases: string[], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type: 'int',
  min: 0,
  aliases,
  ...extra,
});
const at = (name: string, aliases: string[], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type: 'timestamp',
  aliases,
  ...extra,
});
const day = (aliases: string[] = []): ColumnSpec => ({
  name: 'date',
  type: 'date',
  required: true,
  aliases: ['日期', '时间', 'day', '天', '统计日期', 'stat_date', 'stat date', 'report date', ...aliases],
});

const CHANNEL = t('channel', ['渠道', '渠道名称', '来源渠道', '推广渠道', 'channel name']);
const CAMPAIGN = t('campaign', ['活动', '营销活动', '活动名称', 'utm_campaign', 'campaign name', '广告系列']);
const OWNER = t('owner_id', ['负责人', '负责人ID', 'owner', '运营', '市场负责人']);
const SOURCE = t('source', ['来源', 'utm_source', '来源网站']);
const MEDIUM = t('medium', ['媒介', 'utm_medium']);

/** The canonical import tables of the data contract (DESIGN.md), with header aliases. */
export const TABLES: Record<string, TableSpec> = {
  events: {
    table: 'events',
    period: 'occurred_at',
    key: ['event_id'],
    hashWhenKeyMissing: true,
    immutable: true,
    columns: [
      at('occurred_at', ['时间', '发生时间', '事件时间', 'time', 'timestamp', 'event_time', 'ts', '日期时间'], req),
      t('visitor_id', ['访客ID', '访客标识', 'anonymous_id', 'client_id', 'cid', 'device_id', 'visitor'], req),
      t('event_type', ['事件类型', '事件', 'event', 'type', 'event_name'], req),
      t('user_id', ['用户ID', '会员ID', 'uid', 'user']),
      t('session_id', ['会话ID', 'session']),
      t('event_id', ['事件ID', 'id']),
      t('page_url', ['页面', '页面URL', '页面地址', 'url', 'page', 'page_location', '访问页面']),
      t('referrer', ['来源页', '来源URL', '来源地址', 'referer', 'page_referrer', 'document_referrer']),
      t('utm_source', ['来源']),
      t('utm_medium', ['媒介']),
      t('utm_campaign', ['活动', 'campaign']),
      t('utm_content', ['内容']),
      t('utm_term', ['关键词', 'keyword']),
      t('user_agent', ['UA', '浏览器UA', 'ua', 'useragent']),
      { name: 'properties', type: 'json', aliases: ['属性', 'props', '事件属性'] },
    ],
  },
  traffic: {
    table: 'traffic',
    period: 'date',
    key: ['date', 'range_start', 'range_end', 'source', 'medium', 'channel', 'campaign', 'landing_page', 'source_format'],
    extra: ['source_format'],
    columns: [
      day(),
      SOURCE,
      MEDIUM,
      t('channel', ['渠道', '渠道名称', '来源类型', 'channel group', 'default channel group', 'session default channel group']),
      CAMPAIGN,
      t('landing_page', ['着陆页', '落地页', '入口页面', '受访页面', 'landing page']),
      count('sessions', ['会话数', '访问次数', '会话', 'visits']),
      count('users', ['用户数', '访客数', '访客数(UV)', 'uv', 'total users', 'active users', '用户']),
      count('new_users', ['新访客数', '新用户数', 'new users', '新用户']),
      count('pageviews', ['浏览量', '浏览量(PV)', 'pv', 'views', '页面浏览量', 'screen_page_views', 'page views']),
      count('engaged_sessions', ['engaged sessions', '互动会话数', '参与度高的会话数']),
      { name: 'conversions', type: 'number', min: 0, aliases: ['转化次数', '转化数', '转化', 'key events', '关键事件'] },
      { name: 'revenue', type: 'money', aliases: ['收入', '销售额', 'total revenue', '总收入'] },
      { name: 'bounce_rate', type: 'rate', min: 0, max: 1, aliases: ['跳出率', 'bounce rate'] },
      { name: 'avg_duration_s', type: 'duration', min: 0, aliases: ['平均访问时长', '平均会话时长', 'average session duration', 'avg. session duration'] },
      { name: 'range_start', type: 'date', aliases: ['开始日期', 'start date'] },
      { name: 'range_end', type: 'date', aliases: ['结束日期', 'end date'] },
    ],
  },
  leads: {
    table: 'leads',
    period: 'created_at',
    key: ['lead_id'],
    columns: [
      t('lead_id', ['线索ID', '线索编号', '线索', 'id', 'record id', 'contact id', '客户线索ID'], req),
      at('created_at', ['创建时间', '创建日期', '提交时间', '留资时间', 'create date', 'created', 'createdate'], req),
      t('visitor_id', ['访客ID', 'anonymous_id', 'client_id']),
      { name: 'email', store: 'email_hash', type: 'email', aliases: ['邮箱', '电子邮件', '电子邮箱', 'email address', '邮件地址', 'e-mail'] },
      { name: 'phone', store: 'phone_hash', type: 'phone', aliases: ['手机', '手机号', '手机号码', '电话', '联系电话', 'phone number', 'mobile', 'mobile phone number'] },
      CHANNEL,
      SOURCE,
      MEDIUM,
      CAMPAIGN,
      t('content_id', ['内容ID', '内容']),
      t('landing_page', ['着陆页', '落地页', 'landing page']),
      OWNER,
      t('sales_owner_id', ['销售负责人', '销售', 'sales owner', '跟进销售']),
      at('mql_at', ['MQL时间', '成为MQL时间', 'mql date']),
      at('sql_at', ['SQL时间', '成为SQL时间', 'sql date']),
      at('opportunity_at', ['商机时间', '成为商机时间', 'opportunity date']),
      at('won_at', ['赢单时间', '成交时间', 'won date', 'customer date']),
      at('lost_at', ['丢单时间', '输单时间', 'lost date']),
      t('segment', ['细分', '客群', '分群', '客户类型', '行业']),
      { name: 'lead_score', type: 'number', aliases: ['线索评分', '评分', 'score', 'hubspot score'] },
    ],
  },
  orders: {
    table: 'orders',
    period: 'ordered_at',
    key: ['order_id'],
    columns: [
      t('order_id', ['订单号', '订单ID', '订单编号', 'order', 'order number', 'order no'], req),
      t('customer_id', ['客户ID', '客户编号', '买家ID', '会员ID', '用户ID', 'customer', 'buyer id'], req),
      at('ordered_at', ['下单时间', '订单时间', '支付时间', '成交时间', '日期', 'order date', 'created_at'], req),
      { name: 'amount', type: 'money', min: 0, required: true, aliases: ['订单金额', '金额', '实付金额', '支付金额', '成交金额', 'total', 'order amount'] },
      t('currency', ['币种', '货币', 'currency code'], { fallback: () => config().currency }),
      { name: 'status', type: 'enum', values: STATUS, fallback: () => 'paid', aliases: ['订单状态', '状态', 'order status'] },
      at('refunded_at', ['退款时间', 'refund date']),
      t('lead_id', ['线索ID']),
      CHANNEL,
      SOURCE,
      MEDIUM,
      CAMPAIGN,
      OWNER,
    ],
  },
  spend: {
    table: 'spend',
    period: 'date',
    key: ['date', 'platform', 'channel', 'campaign', 'owner_id', 'source_format'],
    extra: ['source_format'],
    columns: [
      day(),
      { name: 'amount', type: 'money', min: 0, required: true, aliases: ['消耗', '花费', '费用', '金额', '投放金额', '消费', 'cost', 'spend'] },
      t('platform', ['平台', '媒体', '广告平台', '投放平台']),
      CHANNEL,
      t('campaign', ['计划名称', '广告计划', '推广计划', '广告系列', '活动', '活动名称', 'campaign name', 'utm_campaign']),
      count('impressions', ['展示数', '展现量', '曝光量', '展现', '展示', 'impr.', 'impr', 'show']),
      count('clicks', ['点击数', '点击量', '点击', 'click']),
      { name: 'conversions', type: 'number', min: 0, aliases: ['转化数', '转化次数', '转化', 'convert'] },
      OWNER,
    ],
  },
  content: {
    table: 'content',
    period: 'date',
    key: ['date', 'content_id'],
    columns: [
      day(['发布日期']),
      t('content_id', ['内容ID', '文章ID', '作品ID', '视频ID', 'id'], req),
      t('title', ['标题', '名称', '内容标题']),
      { name: 'content_type', type: 'enum', values: CONTENT_TYPES, aliases: ['内容类型', '类型', 'type'] },
      CHANNEL,
      t('owner_id', ['作者', '负责人', 'author', 'owner']),
      count('impressions', ['曝光', '曝光量', '展示数', '展现量']),
      count('views', ['阅读数', '阅读量', '浏览量', '播放量', '观看数']),
      count('clicks', ['点击数', '点击量']),
      count('shares', ['分享数', '转发数', '分享', '转发']),
      count('downloads', ['下载数', '下载量', '下载']),
      count('leads', ['线索数', '留资数', '引流线索']),
    ],
  },
  surveys: {
    table: 'surveys',
    period: 'answered_at',
    key: ['response_id'],
    columns: [
      t('response_id', ['答卷ID', '问卷ID', '回答ID', '答卷编号', 'id'], req),
      at('answered_at', ['提交时间', '回答时间', '答题时间', '时间', '日期', 'submitted at', 'date'], req),
      t('customer_id', ['客户ID', '用户ID', '会员ID']),
      { name: 'nps', type: 'int', min: 0, max: 10, aliases: ['NPS', '推荐值', '推荐意愿', '净推荐值', '推荐分'] },
      { name: 'rating', type: 'number', min: 1, max: 5, aliases: ['评分', '满意度', '评价', '星级', 'stars', 'score'] },
      CHANNEL,
      t('segment', ['细分', '客群']),
      OWNER,
      t('comment', ['评论', '意见', '备注', '反馈', '留言', 'comments', 'feedback']),
    ],
  },
  experiments: {
    table: 'experiments',
    period: 'started_at',
    key: ['experiment_id', 'variant'],
    columns: [
      t('experiment_id', ['实验ID', '试验ID', '实验编号', 'test id', 'experiment'], req),
      t('variant', ['版本', '变体', '分组', '实验组', 'variation', 'group'], req),
      count('visitors', ['访客数', '样本量', '用户数', 'users', 'sample size'], req),
      count('conversions', ['转化数', '转化次数', '转化'], req),
      t('name', ['实验名称', '名称', '实验']),
      OWNER,
      at('started_at', ['开始时间', '开始日期', 'start date', 'start']),
      at('ended_at', ['结束时间', '结束日期', 'end date', 'end']),
      { name: 'is_control', type: 'bool', aliases: ['对照组', '是否对照组', '是否对照', 'control'] },
      CHANNEL,
    ],
    check: (r) =>
      typeof r.visitors === 'number' && typeof r.conversions === 'number' && r.conversions > r.visitors
        ? { column: 'conversions', message: `conversions ${r.conversions} exceed visitors ${r.visitors}` }
        : undefined,
  },
  brand_search: {
    table: 'brand_search',
    period: 'date',
    key: ['date', 'keyword', 'source'],
    columns: [
      day(),
      t('keyword', ['关键词', '品牌词', '搜索词', '词'], req),
      t('source', ['来源', '指数来源', '平台', '指数', 'platform'], req),
      count('volume', ['搜索量', '指数值', '搜索指数', '整体指数', 'index', 'search volume'], req),
    ],
  },
  projects: {
    table: 'projects',
    period: 'due_at',
    key: ['project_id'],
    columns: [
      t('project_id', ['项目ID', '项目编号', 'id'], req),
      t('name', ['项目名称', '名称', '项目', 'project name'], req),
      t('departments', ['部门', '参与部门', '协作部门', '涉及部门']),
      t('owner_id', ['负责人', '项目负责人', 'owner']),
      at('due_at', ['截止日期', '截止时间', '到期日', '计划完成日期', 'deadline', 'due date'], req),
      at('completed_at', ['完成日期', '完成时间', '实际完成日期', 'completed', 'completion date']),
      t('status', ['状态', '项目状态']),
    ],
  },
  deliverables: {
    table: 'deliverables',
    period: 'due_at',
    key: ['deliverable_id'],
    columns: [
      t('deliverable_id', ['交付物ID', '编号', '文档ID', 'id'], req),
      t('owner_id', ['负责人', '提交人', 'owner'], req),
      t('kind', ['类型', '种类', '交付物类型', 'type'], req),
      at('due_at', ['截止时间', '截止日期', '应交日期', 'due date', 'deadline'], req),
      at('submitted_at', ['提交时间', '提交日期', '实际提交日期', 'submitted']),
      { name: 'completeness', type: 'rate', min: 0, max: 1, aliases: ['完整度', '完成度', '完整性'] },
    ],
  },
  people: {
    table: 'people',
    period: '',
    key: ['person_id'],
    columns: [
      t('person_id', ['员工ID', '工号', '人员ID', '员工编号', 'id', 'employee id'], req),
      t('name', ['姓名', '名字', '员工姓名', 'full name'], req),
      t('department', ['部门', '所属部门', 'dept'], req),
      t('team', ['团队', '小组', '组']),
      t('title', ['职位', '岗位', '职务', 'job title']),
      t('email', ['邮箱', '电子邮件', '工作邮箱']),
      t('manager_id', ['上级', '上级ID', '直属上级', '经理ID', 'manager']),
      t('role', ['角色', '系统角色']),
    ],
  },
};

/** Canonical table names in import order (people first: others reference them). */
export const TABLE_NAMES = Object.keys(TABLES);

/** Stored column of an input column. */
export function storedName(c: ColumnSpec): string {
  return c.store ?? c.name;
}
