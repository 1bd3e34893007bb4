import type { ChannelGroup } from './types.js';

/** A named channel (the unit marketers budget and report by) with its GA4 group and other names. */
export interface NamedChannel {
  channel: string;
  channel_group: ChannelGroup;
  aliases: readonly string[];
}

/** Default named channels; zh names are the canonical values stored in `channel`. */
export const DEFAULT_CHANNELS: readonly NamedChannel[] = [
  {
    channel: '百度SEM',
    channel_group: 'Paid Search',
    aliases: [
      'baidu sem',
      'baidu ads',
      'baidu cpc',
      'baidu paid',
      'baidu/cpc',
      '百度推广',
      '百度竞价',
      '百度搜索推广',
      '百度营销',
      '百度凤巢',
    ],
  },
  {
    channel: '百度自然搜索',
    channel_group: 'Organic Search',
    aliases: ['baidu organic', 'baidu seo', 'baidu/organic', '百度seo', '百度', 'baidu'],
  },
  {
    channel: '其他自然搜索',
    channel_group: 'Organic Search',
    aliases: ['other organic search', 'seo', '其他搜索', 'google organic', 'bing organic'],
  },
  { channel: 'Google Ads', channel_group: 'Paid Search', aliases: ['google ads', 'adwords', 'google cpc', '谷歌广告'] },
  {
    channel: '微信公众号',
    channel_group: 'Organic Social',
    aliases: [
      'wechat',
      'weixin',
      '公众号',
      '微信',
      'wechat official account',
      'mp.weixin',
      '服务号',
      '订阅号',
      'wechat oa',
    ],
  },
  {
    channel: '视频号',
    channel_group: 'Organic Video',
    aliases: ['wechat channels', 'weixin channels', '微信视频号', 'channels.weixin'],
  },
  { channel: '抖音', channel_group: 'Organic Video', aliases: ['douyin', 'douyin organic', '抖音号'] },
  {
    channel: '抖音投放',
    channel_group: 'Paid Video',
    aliases: [
      'douyin paid',
      'douyin ads',
      'ocean engine',
      'oceanengine',
      'ocean-engine',
      '巨量引擎',
      '巨量千川',
      '千川',
      '抖音广告',
      '抖音信息流',
    ],
  },
  { channel: '小红书', channel_group: 'Organic Social', aliases: ['xiaohongshu', 'xhs', 'red', 'little red book'] },
  { channel: '知乎', channel_group: 'Organic Social', aliases: ['zhihu'] },
  { channel: '微博', channel_group: 'Organic Social', aliases: ['weibo', 'sina weibo', '新浪微博'] },
  { channel: 'B站', channel_group: 'Organic Video', aliases: ['bilibili', '哔哩哔哩', 'b站'] },
  { channel: '快手', channel_group: 'Organic Video', aliases: ['kuaishou'] },
  { channel: '今日头条', channel_group: 'Organic Social', aliases: ['toutiao', '头条'] },
  {
    channel: '腾讯广告',
    channel_group: 'Paid Social',
    aliases: ['tencent ads', 'gdt', '广点通', '腾讯社交广告', '微信广告', 'wechat ads', 'weixin ads', 'qq ads'],
  },
  { channel: '官网直接访问', channel_group: 'Direct', aliases: ['direct', '(direct)', '直接访问', '直接', '官网'] },
  { channel: '邮件', channel_group: 'Email', aliases: ['email', 'e-mail', 'edm', '邮件营销', '电子邮件'] },
  { channel: '外链', channel_group: 'Referral', aliases: ['referral', '外部链接', '引荐', '引荐来源', '外部引荐'] },
  { channel: '短信', channel_group: 'SMS', aliases: ['sms', '短信营销'] },
];

const SOCIAL_PLATFORM_CHANNELS: Record<string, string> = {
  xiaohongshu: '小红书',
  zhihu: '知乎',
  weibo: '微博',
  bilibili: 'B站',
  kuaishou: '快手',
  toutiao: '今日头条',
};

/** The default named channel for a classified source key and GA4 group; the group name where nothing finer is known. */
export function defaultChannelName(sourceKey: string | undefined, group: ChannelGroup): string {
  const paid = group.startsWith('Paid') || group === 'Display' || group === 'Cross-network';
  switch (group) {
    case 'Direct':
      return '官网直接访问';
    case 'Email':
      return '邮件';
    case 'SMS':
      return '短信';
    default:
      break;
  }
  switch (sourceKey) {
    case 'baidu':
      if (group === 'Paid Search' || (paid && group !== 'Paid Shopping')) return '百度SEM';
      if (group === 'Organic Search') return '百度自然搜索';
      break;
    case 'google':
      if (group === 'Paid Search') return 'Google Ads';
      break;
    case 'weixin':
      return paid ? '腾讯广告' : '微信公众号';
    case 'weixin_channels':
      return paid ? '腾讯广告' : '视频号';
    case 'gdt':
      return '腾讯广告';
    case 'douyin':
      return paid ? '抖音投放' : '抖音';
    default:
      if (sourceKey && SOCIAL_PLATFORM_CHANNELS[sourceKey]) return SOCIAL_PLATFORM_CHANNELS[sourceKey]!;
  }
  if (group === 'Organic Search') return '其他自然搜索';
  if (group === 'Referral') return '外链';
  return group;
}

/** Normalises a channel name for alias lookup: case, width and separators do not matter. */
export function normaliseChannelName(name: string): string {
  return name
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}
