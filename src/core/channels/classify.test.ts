import { describe, expect, it } from 'vitest';
import { classifyChannel, createChannelClassifier, resolveChannelName } from './index.js';
import type { TouchInput } from './types.js';

type Case = [string, TouchInput, string, string, string?];

// [name, touch, expected channel_group, expected channel, expected source?]
const GA4_RULES: Case[] = [
  ['direct: nothing known', {}, 'Direct', '官网直接访问', '(direct)'],
  ['direct: explicit', { source: '(direct)', medium: '(none)' }, 'Direct', '官网直接访问'],
  [
    'cross-network campaign',
    { source: 'google', medium: 'cpc', campaign: 'pmax cross-network 2026' },
    'Cross-network',
    'Cross-network',
  ],
  ['paid shopping by site', { source: 'taobao', medium: 'cpc' }, 'Paid Shopping', 'Paid Shopping', 'taobao'],
  [
    'paid shopping by campaign',
    { source: 'newsletter', medium: 'ppc', campaign: 'summer_shopping' },
    'Paid Shopping',
    'Paid Shopping',
  ],
  ['paid search google', { source: 'google', medium: 'cpc' }, 'Paid Search', 'Google Ads'],
  ['paid search retargeting medium', { source: 'bing', medium: 'retargeting' }, 'Paid Search', 'Paid Search'],
  ['paid search paid-prefix medium', { source: 'sogou', medium: 'paid_search' }, 'Paid Search', 'Paid Search'],
  ['paid social facebook', { source: 'facebook', medium: 'paid' }, 'Paid Social', 'Paid Social'],
  ['paid video youtube', { source: 'youtube', medium: 'cpv' }, 'Paid Video', 'Paid Video'],
  ['display banner', { source: 'someadnetwork', medium: 'banner' }, 'Display', 'Display'],
  ['display cpm on unknown site', { source: 'adx', medium: 'cpm' }, 'Display', 'Display'],
  ['paid other', { source: 'partner-network', medium: 'cpc' }, 'Paid Other', 'Paid Other'],
  ['organic shopping', { referrer: 'https://item.jd.com/123.html' }, 'Organic Shopping', 'Organic Shopping', 'jd'],
  [
    'organic social by site',
    { referrer: 'https://www.linkedin.com/feed/' },
    'Organic Social',
    'Organic Social',
    'linkedin',
  ],
  ['organic social by medium', { source: 'community', medium: 'social' }, 'Organic Social', 'Organic Social'],
  ['organic social medium sm', { source: 'forum', medium: 'sm' }, 'Organic Social', 'Organic Social'],
  [
    'organic video by site',
    { referrer: 'https://www.youtube.com/watch?v=1' },
    'Organic Video',
    'Organic Video',
    'youtube',
  ],
  ['organic video by medium', { source: 'webinar-platform', medium: 'video' }, 'Organic Video', 'Organic Video'],
  ['organic search google', { referrer: 'https://www.google.com/' }, 'Organic Search', '其他自然搜索', 'google'],
  [
    'organic search google.com.hk',
    { referrer: 'https://www.google.com.hk/search?q=x' },
    'Organic Search',
    '其他自然搜索',
    'google',
  ],
  ['organic search via medium', { source: 'some-engine', medium: 'organic' }, 'Organic Search', '其他自然搜索'],
  [
    'organic search from Matomo list',
    { referrer: 'https://duckduckgo.com/' },
    'Organic Search',
    '其他自然搜索',
    'duckduckgo',
  ],
  ['referral', { referrer: 'https://blog.example.org/post' }, 'Referral', '外链', 'blog.example.org'],
  ['referral medium link', { source: 'partner', medium: 'link' }, 'Referral', '外链'],
  ['referral medium app', { source: 'partner-app', medium: 'app' }, 'Referral', '外链'],
  ['email by medium', { source: 'newsletter', medium: 'email' }, 'Email', '邮件'],
  ['email by source', { source: 'e-mail', medium: 'weekly' }, 'Email', '邮件'],
  ['affiliates', { source: 'partner', medium: 'affiliate' }, 'Affiliates', 'Affiliates'],
  ['audio', { source: 'podcast', medium: 'audio' }, 'Audio', 'Audio'],
  ['sms by source', { source: 'sms', medium: 'text' }, 'SMS', '短信'],
  ['sms by medium', { source: 'aliyun', medium: 'sms' }, 'SMS', '短信'],
  [
    'push by medium suffix',
    { source: 'app', medium: 'web-push' },
    'Mobile Push Notifications',
    'Mobile Push Notifications',
  ],
  [
    'push by notification',
    { source: 'app', medium: 'notification' },
    'Mobile Push Notifications',
    'Mobile Push Notifications',
  ],
  ['push firebase', { source: 'firebase', medium: 'x' }, 'Mobile Push Notifications', 'Mobile Push Notifications'],
  ['unassigned', { source: 'mystery', medium: 'weird' }, 'Unassigned', 'Unassigned'],
  ['utm source without medium', { source: 'mystery' }, 'Unassigned', 'Unassigned', 'mystery'],
];

const CHINESE: Case[] = [
  ['baidu organic', { referrer: 'https://www.baidu.com/link?url=abc' }, 'Organic Search', '百度自然搜索', 'baidu'],
  ['baidu mobile organic', { referrer: 'https://m.baidu.com/s?word=x' }, 'Organic Search', '百度自然搜索', 'baidu'],
  ['baidu sem utm', { source: 'baidu', medium: 'cpc' }, 'Paid Search', '百度SEM', 'baidu'],
  ['baidu sem chinese source', { source: '百度', medium: 'cpc' }, 'Paid Search', '百度SEM', 'baidu'],
  ['sogou organic', { referrer: 'https://www.sogou.com/web?query=x' }, 'Organic Search', '其他自然搜索', 'sogou'],
  ['360 so.com', { referrer: 'https://www.so.com/s?q=x' }, 'Organic Search', '其他自然搜索', '360'],
  ['360 haosou old domain', { referrer: 'http://www.haosou.com/s?q=x' }, 'Organic Search', '其他自然搜索', '360'],
  ['shenma m.sm.cn', { referrer: 'https://m.sm.cn/s?q=x' }, 'Organic Search', '其他自然搜索', 'shenma'],
  ['quark.sm.cn', { referrer: 'https://quark.sm.cn/s?q=x' }, 'Organic Search', '其他自然搜索', 'shenma'],
  ['bing cn', { referrer: 'https://cn.bing.com/search?q=x' }, 'Organic Search', '其他自然搜索', 'bing'],
  ['wechat article', { referrer: 'https://mp.weixin.qq.com/s/abc' }, 'Organic Social', '微信公众号', 'weixin'],
  ['wechat generic', { referrer: 'weixin.qq.com' }, 'Organic Social', '微信公众号', 'weixin'],
  ['wechat utm', { source: 'wechat', medium: 'social' }, 'Organic Social', '微信公众号', 'weixin'],
  ['wechat channels', { referrer: 'https://channels.weixin.qq.com/x' }, 'Organic Video', '视频号', 'weixin_channels'],
  ['weibo', { referrer: 'https://weibo.com/123' }, 'Organic Social', '微博', 'weibo'],
  ['weibo t.cn', { referrer: 'http://t.cn/abc' }, 'Organic Social', '微博', 'weibo'],
  ['douyin organic', { referrer: 'https://www.douyin.com/video/1' }, 'Organic Video', '抖音', 'douyin'],
  ['douyin share link', { referrer: 'https://www.iesdouyin.com/share/video/1' }, 'Organic Video', '抖音', 'douyin'],
  ['douyin paid utm', { source: 'douyin', medium: 'cpc' }, 'Paid Video', '抖音投放', 'douyin'],
  ['ocean engine utm', { source: 'oceanengine', medium: 'paid' }, 'Paid Video', '抖音投放', 'douyin'],
  ['xiaohongshu', { referrer: 'https://www.xiaohongshu.com/explore/1' }, 'Organic Social', '小红书', 'xiaohongshu'],
  ['xhslink', { referrer: 'http://xhslink.com/a' }, 'Organic Social', '小红书', 'xiaohongshu'],
  ['zhihu', { referrer: 'https://zhuanlan.zhihu.com/p/1' }, 'Organic Social', '知乎', 'zhihu'],
  ['bilibili', { referrer: 'https://www.bilibili.com/video/BV1' }, 'Organic Video', 'B站', 'bilibili'],
  ['kuaishou', { referrer: 'https://www.kuaishou.com/short-video/1' }, 'Organic Video', '快手', 'kuaishou'],
  ['toutiao', { referrer: 'https://m.toutiao.com/a1' }, 'Organic Social', '今日头条', 'toutiao'],
  [
    'utm in landing url',
    { pageUrl: 'https://shop.cn/a?utm_source=zhihu&utm_medium=social&utm_campaign=q2' },
    'Organic Social',
    '知乎',
    'zhihu',
  ],
  ['email chinese edm', { pageUrl: 'https://shop.cn/?utm_source=edm&utm_medium=email' }, 'Email', '邮件', 'edm'],
  [
    'internal referrer is direct',
    { referrer: 'https://shop.cn/a', pageUrl: 'https://shop.cn/b' },
    'Direct',
    '官网直接访问',
  ],
];

const CLICK_IDS: Case[] = [
  ['gclid', { pageUrl: 'https://shop.cn/?gclid=abc' }, 'Paid Search', 'Google Ads', 'google'],
  ['bd_vid', { pageUrl: 'https://shop.cn/?bd_vid=123' }, 'Paid Search', '百度SEM', 'baidu'],
  [
    'bdvid',
    { pageUrl: 'https://shop.cn/?bdvid=123', referrer: 'https://www.baidu.com/' },
    'Paid Search',
    '百度SEM',
    'baidu',
  ],
  ['clickid (ocean engine)', { pageUrl: 'https://shop.cn/?clickid=xyz' }, 'Paid Video', '抖音投放', 'douyin'],
  [
    'clickid from douyin referrer',
    { pageUrl: 'https://shop.cn/?clickid=xyz', referrer: 'https://www.douyin.com/' },
    'Paid Video',
    '抖音投放',
  ],
  ['gdt_vid', { pageUrl: 'https://shop.cn/?gdt_vid=wx01' }, 'Paid Social', '腾讯广告', 'gdt'],
  ['qz_gdt', { pageUrl: 'https://shop.cn/?qz_gdt=q01' }, 'Paid Social', '腾讯广告', 'gdt'],
  [
    'gdt_vid from wechat',
    { pageUrl: 'https://shop.cn/?gdt_vid=wx01', referrer: 'https://mp.weixin.qq.com/' },
    'Paid Social',
    '腾讯广告',
    'gdt',
  ],
  [
    'bd_vid wins over wechat',
    { pageUrl: '/?bd_vid=1', referrer: 'https://mp.weixin.qq.com/' },
    'Paid Search',
    '百度SEM',
    'baidu',
  ],
  [
    'clickid from toutiao',
    { pageUrl: '/?clickid=1', referrer: 'https://m.toutiao.com/' },
    'Paid Social',
    '今日头条',
    'toutiao',
  ],
  ['msclkid', { pageUrl: 'https://shop.cn/?msclkid=m1' }, 'Paid Search', 'Paid Search', 'bing'],
  ['fbclid', { pageUrl: 'https://shop.cn/?fbclid=f1' }, 'Paid Social', 'Paid Social', 'facebook'],
  ['click id passed explicitly', { clickIds: ['BD_VID'] }, 'Paid Search', '百度SEM', 'baidu'],
  [
    'click id with utm source only',
    { source: 'baidu', pageUrl: 'https://shop.cn/?bd_vid=1' },
    'Paid Search',
    '百度SEM',
    'baidu',
  ],
  [
    'utm medium wins over click id',
    { source: 'baidu', medium: 'organic', clickIds: ['bd_vid'] },
    'Organic Search',
    '百度自然搜索',
  ],
];

describe('classifyChannel', () => {
  it.each([...GA4_RULES, ...CHINESE, ...CLICK_IDS])('%s', (_name, touch, group, channel, source) => {
    const r = classifyChannel(touch);
    expect(r.channel_group).toBe(group);
    expect(r.channel).toBe(channel);
    if (source) expect(r.source).toBe(source);
  });

  it('has at least 60 table cases', () => {
    expect(GA4_RULES.length + CHINESE.length + CLICK_IDS.length).toBeGreaterThanOrEqual(60);
  });

  it('uses the Matomo lists when given', () => {
    const c = createChannelClassifier({ lists: { searchEngines: { Qwant: [{ urls: ['www.qwant.com'] }] } } });
    expect(c.classifyChannel({ referrer: 'https://www.qwant.com/?q=x' })).toMatchObject({
      source: 'qwant',
      channel_group: 'Organic Search',
    });
    expect(classifyChannel({ referrer: 'https://www.qwant.com/?q=x' }).channel_group).toBe('Referral');
  });
});

describe('user-defined channel rules', () => {
  const rules = [
    { rule_id: 'r2', priority: 20, channel: '知乎Live', source_pattern: '^zhihu$', campaign_pattern: 'live' },
    {
      rule_id: 'r1',
      priority: 10,
      channel: '知乎投放',
      channel_group: 'Paid Social',
      source_pattern: '^zhihu$',
      medium_pattern: '^cp',
    },
    {
      rule_id: 'r3',
      priority: 5,
      channel: 'KOL合作',
      channel_group: 'Affiliates',
      aliases: 'kol, 达人合作',
      campaign_pattern: '^kol_',
    },
    { rule_id: 'r4', priority: 1, channel: '行业媒体', referrer_pattern: '36kr\\.com' },
  ];
  const c = createChannelClassifier({ rules });

  it.each<[string, TouchInput, string, string]>([
    ['rule beats default', { source: 'zhihu', medium: 'cpc' }, '知乎投放', 'Paid Social'],
    [
      'lower priority number first',
      { source: 'zhihu', medium: 'cpm', campaign: 'live_0401' },
      '知乎投放',
      'Paid Social',
    ],
    [
      'second rule when first fails',
      { source: 'zhihu', medium: 'social', campaign: 'live_0401' },
      '知乎Live',
      'Organic Social',
    ],
    ['campaign rule', { source: 'weibo', medium: 'social', campaign: 'kol_spring' }, 'KOL合作', 'Affiliates'],
    ['referrer rule keeps GA4 group', { referrer: 'https://36kr.com/p/1' }, '行业媒体', 'Referral'],
    ['no rule matches: default', { source: 'zhihu', medium: 'social' }, '知乎', 'Organic Social'],
  ])('%s', (_n, touch, channel, group) => {
    expect(c.classifyChannel(touch)).toMatchObject({ channel, channel_group: group });
  });

  it('resolves rule channels and aliases before the defaults', () => {
    expect(c.resolveChannelName('达人合作')).toEqual({ channel: 'KOL合作', channel_group: 'Affiliates' });
    expect(c.resolveChannelName('kol')).toEqual({ channel: 'KOL合作', channel_group: 'Affiliates' });
    expect(resolveChannelName('kol')).toBeUndefined();
  });

  it('rejects a bad regex naming the rule', () => {
    expect(() =>
      createChannelClassifier({ rules: [{ rule_id: 'bad1', priority: 1, channel: 'x', source_pattern: '(' }] }),
    ).toThrow(/channel rule bad1 field source_pattern/);
  });
});

describe('resolveChannelName', () => {
  it.each<[string, string, string]>([
    ['百度SEM', '百度SEM', 'Paid Search'],
    ['baidu sem', '百度SEM', 'Paid Search'],
    ['Baidu Ads', '百度SEM', 'Paid Search'],
    ['Baidu_SEM', '百度SEM', 'Paid Search'],
    ['百度推广', '百度SEM', 'Paid Search'],
    ['巨量引擎', '抖音投放', 'Paid Video'],
    ['ocean engine', '抖音投放', 'Paid Video'],
    ['ocean-engine', '抖音投放', 'Paid Video'],
    ['douyin paid', '抖音投放', 'Paid Video'],
    ['抖音', '抖音', 'Organic Video'],
    ['wechat', '微信公众号', 'Organic Social'],
    ['公众号', '微信公众号', 'Organic Social'],
    ['视频号', '视频号', 'Organic Video'],
    ['Google Ads', 'Google Ads', 'Paid Search'],
    ['google-ads', 'Google Ads', 'Paid Search'],
    ['email', '邮件', 'Email'],
    ['EDM', '邮件', 'Email'],
    ['广点通', '腾讯广告', 'Paid Social'],
    ['小红书', '小红书', 'Organic Social'],
    ['bilibili', 'B站', 'Organic Video'],
    ['Direct', '官网直接访问', 'Direct'],
    ['Organic Search', 'Organic Search', 'Organic Search'],
    ['Paid Social', 'Paid Social', 'Paid Social'],
    ['referral', '外链', 'Referral'],
    ['baidu / cpc', '百度SEM', 'Paid Search'],
    ['baidu / organic', '百度自然搜索', 'Organic Search'],
    ['zhihu.com', '知乎', 'Organic Social'],
    ['ＳＭＳ', '短信', 'SMS'],
  ])('%s', (name, channel, group) => {
    expect(resolveChannelName(name)).toEqual({ channel, channel_group: group });
  });

  it('lines up with classified traffic', () => {
    expect(resolveChannelName('百度SEM')?.channel).toBe(classifyChannel({ pageUrl: '/?bd_vid=1' }).channel);
    expect(resolveChannelName('巨量引擎')?.channel).toBe(classifyChannel({ pageUrl: '/?clickid=1' }).channel);
    expect(resolveChannelName('Google Ads')?.channel).toBe(classifyChannel({ pageUrl: '/?gclid=1' }).channel);
  });

  it('returns undefined for unknown names', () => {
    expect(resolveChannelName('some made-up thing')).toBeUndefined();
    expect(resolveChannelName('  ')).toBeUndefined();
  });
});
