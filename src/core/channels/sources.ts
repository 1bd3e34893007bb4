import type { ReferrerLists, SourceCategory } from './types.js';

/** A known traffic source: canonical key, GA4 source category, hosts and other names (incl. Chinese). */
export interface KnownSource {
  key: string;
  category: SourceCategory;
  hosts: readonly string[];
  names: readonly string[];
}

/**
 * First-class sources, checked before the Matomo lists. Chinese platforms included here fill the gaps named in
 * data/reference README (xiaohongshu, zhihu, toutiao, kuaishou, douyin share links, WeChat articles/Channels, sm.cn).
 */
export const BUILTIN_SOURCES: readonly KnownSource[] = [
  { key: 'baidu', category: 'search', hosts: ['baidu.com'], names: ['百度', 'baidu.com'] },
  { key: 'sogou', category: 'search', hosts: ['sogou.com'], names: ['搜狗', 'sogou.com'] },
  {
    key: '360',
    category: 'search',
    hosts: ['so.com', 'so.360.cn', 'haosou.com', 'sou.com'],
    names: ['360search', '360搜索', 'so.com', 'haosou', '好搜', 'qihoo'],
  },
  {
    key: 'shenma',
    category: 'search',
    hosts: ['sm.cn', 'quark.cn'],
    names: ['神马', '神马搜索', 'sm.cn', 'quark', '夸克', 'uc'],
  },
  { key: 'bing', category: 'search', hosts: ['bing.com', 'cn.bing.com'], names: ['必应', 'bing cn', 'msn'] },
  { key: 'google', category: 'search', hosts: ['google.com', 'google.com.hk', 'google.cn'], names: ['谷歌'] },
  { key: 'yahoo', category: 'search', hosts: ['search.yahoo.com', 'yahoo.com'], names: ['yahoo!'] },
  { key: 'duckduckgo', category: 'search', hosts: ['duckduckgo.com'], names: [] },
  { key: 'yandex', category: 'search', hosts: ['yandex.ru', 'yandex.com'], names: [] },
  {
    key: 'weixin_channels',
    category: 'video',
    hosts: ['channels.weixin.qq.com'],
    names: ['视频号', '微信视频号', 'wechat channels', 'channels'],
  },
  {
    key: 'weixin',
    category: 'social',
    hosts: ['weixin.qq.com', 'wx.qq.com', 'wechat.com'],
    names: ['wechat', '微信', '公众号', '微信公众号', 'mp.weixin', 'mp.weixin.qq.com'],
  },
  {
    key: 'weibo',
    category: 'social',
    hosts: ['weibo.com', 'weibo.cn', 't.cn'],
    names: ['微博', '新浪微博', 'sina weibo'],
  },
  {
    key: 'xiaohongshu',
    category: 'social',
    hosts: ['xiaohongshu.com', 'xhslink.com'],
    names: ['小红书', 'xhs', 'red', 'little red book', 'rednote'],
  },
  { key: 'zhihu', category: 'social', hosts: ['zhihu.com'], names: ['知乎'] },
  { key: 'toutiao', category: 'social', hosts: ['toutiao.com', 'toutiaocdn.com'], names: ['今日头条', '头条'] },
  { key: 'douban', category: 'social', hosts: ['douban.com'], names: ['豆瓣'] },
  { key: 'qq', category: 'social', hosts: ['qzone.qq.com', 'im.qq.com'], names: ['qzone', 'QQ空间'] },
  { key: 'gdt', category: 'social', hosts: ['e.qq.com', 'gdt.qq.com'], names: ['广点通', '腾讯广告', 'tencent ads'] },
  { key: 'facebook', category: 'social', hosts: ['facebook.com', 'fb.com', 'fb.me'], names: ['fb'] },
  { key: 'instagram', category: 'social', hosts: ['instagram.com'], names: ['ig'] },
  { key: 'linkedin', category: 'social', hosts: ['linkedin.com', 'lnkd.in'], names: [] },
  { key: 'twitter', category: 'social', hosts: ['twitter.com', 't.co', 'x.com'], names: ['x'] },
  { key: 'tiktok', category: 'social', hosts: ['tiktok.com'], names: [] },
  {
    key: 'douyin',
    category: 'video',
    hosts: ['douyin.com', 'iesdouyin.com', 'amemv.com'],
    names: ['抖音', 'oceanengine', 'ocean engine', '巨量引擎'],
  },
  { key: 'bilibili', category: 'video', hosts: ['bilibili.com', 'b23.tv'], names: ['b站', '哔哩哔哩', 'bili'] },
  { key: 'kuaishou', category: 'video', hosts: ['kuaishou.com', 'gifshow.com', 'chenzhongtech.com'], names: ['快手'] },
  { key: 'ixigua', category: 'video', hosts: ['ixigua.com'], names: ['西瓜视频'] },
  { key: 'iqiyi', category: 'video', hosts: ['iqiyi.com'], names: ['爱奇艺'] },
  { key: 'youku', category: 'video', hosts: ['youku.com'], names: ['优酷'] },
  { key: 'tencent_video', category: 'video', hosts: ['v.qq.com'], names: ['腾讯视频'] },
  { key: 'youtube', category: 'video', hosts: ['youtube.com', 'youtu.be'], names: [] },
  { key: 'vimeo', category: 'video', hosts: ['vimeo.com'], names: [] },
  { key: 'twitch', category: 'video', hosts: ['twitch.tv'], names: [] },
  { key: 'taobao', category: 'shopping', hosts: ['taobao.com'], names: ['淘宝'] },
  { key: 'tmall', category: 'shopping', hosts: ['tmall.com'], names: ['天猫'] },
  { key: 'jd', category: 'shopping', hosts: ['jd.com'], names: ['京东'] },
  { key: 'pinduoduo', category: 'shopping', hosts: ['pinduoduo.com', 'yangkeduo.com'], names: ['拼多多', 'pdd'] },
  { key: '1688', category: 'shopping', hosts: ['1688.com'], names: [] },
  { key: 'alibaba', category: 'shopping', hosts: ['alibaba.com', 'aliexpress.com'], names: [] },
  { key: 'amazon', category: 'shopping', hosts: ['amazon.com', 'amazon.cn'], names: [] },
  { key: 'ebay', category: 'shopping', hosts: ['ebay.com'], names: [] },
  { key: 'etsy', category: 'shopping', hosts: ['etsy.com'], names: [] },
  { key: 'shopify', category: 'shopping', hosts: ['shopify.com'], names: [] },
  { key: 'walmart', category: 'shopping', hosts: ['walmart.com'], names: [] },
  { key: 'google shopping', category: 'shopping', hosts: ['shopping.google.com'], names: ['igshopping'] },
];

const MATOMO_KEYS: Record<string, string> = {
  '360search': '360',
  wechat: 'weixin',
  'google images': 'google',
  'google maps': 'google',
  'bing images': 'bing',
  'yahoo!': 'yahoo',
  'yahoo! images': 'yahoo',
};

/** Canonical key of a Matomo list name. */
function keyOfMatomoName(name: string): string {
  const lower = name.trim().toLowerCase();
  return MATOMO_KEYS[lower] ?? lower;
}

/** Looks up sources by host or name; built once from the built-ins plus Matomo lists. */
export interface SourceCatalog {
  /** The known source of a referrer host (subdomains match their parent), or undefined. */
  byHost(host: string): KnownSource | undefined;
  /** The known source of a utm_source-style name (key, alias, Chinese name or host), or undefined. */
  byName(name: string): KnownSource | undefined;
}

/** Builds a source catalog from the built-in sources plus (parsed) Matomo referrer lists. */
export function buildSourceCatalog(lists: ReferrerLists = {}): SourceCatalog {
  const hosts = new Map<string, KnownSource>();
  const anyTld = new Map<string, KnownSource>();
  const names = new Map<string, KnownSource>();
  const byKey = new Map<string, KnownSource>();
  const add = (source: KnownSource): void => {
    if (!byKey.has(source.key)) byKey.set(source.key, source);
    const canonical = byKey.get(source.key)!;
    for (const h of source.hosts) addHost(h, canonical);
    for (const n of [source.key, ...source.names])
      if (!names.has(n.toLowerCase())) names.set(n.toLowerCase(), canonical);
  };
  const addHost = (pattern: string, source: KnownSource): void => {
    let host = pattern.trim().toLowerCase();
    const slash = host.indexOf('/');
    if (slash >= 0) host = host.slice(0, slash); // Matomo "bing.com/images/search": the host is enough
    if (host.startsWith('{}.')) host = host.slice(3);
    if (host.endsWith('.{}')) {
      const stem = host.slice(0, -3).replace(/^www\./, '');
      if (!anyTld.has(stem)) anyTld.set(stem, source);
      return;
    }
    host = host.replace(/^www\./, '');
    if (host && !host.includes('{}') && !hosts.has(host)) hosts.set(host, source);
  };
  for (const s of BUILTIN_SOURCES) add(s);
  for (const [name, entries] of Object.entries(lists.searchEngines ?? {})) {
    const key = keyOfMatomoName(name);
    const urls = (Array.isArray(entries) ? entries : []).flatMap((e) => (Array.isArray(e?.urls) ? e.urls : []));
    add(byKey.get(key) ?? { key, category: 'search', hosts: [], names: [] });
    for (const u of urls) addHost(String(u), byKey.get(key)!);
  }
  for (const [name, urls] of Object.entries(lists.socials ?? {})) {
    const key = keyOfMatomoName(name);
    add(byKey.get(key) ?? { key, category: 'social', hosts: [], names: [] });
    for (const u of Array.isArray(urls) ? urls : []) addHost(String(u), byKey.get(key)!);
  }

  const byHost = (raw: string): KnownSource | undefined => {
    const host = raw.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
    const labels = host.split('.');
    for (let i = 0; i < labels.length - 1; i++) {
      const hit = hosts.get(labels.slice(i).join('.'));
      if (hit) return hit;
    }
    // "google.{}" style entries: the host minus its TLD (or two-part TLD such as .com.hk)
    for (const cut of [1, 2]) {
      if (labels.length <= cut) continue;
      const stem = labels.slice(0, -cut);
      for (let i = 0; i < stem.length; i++) {
        const hit = anyTld.get(stem.slice(i).join('.'));
        if (hit) return hit;
      }
    }
    return undefined;
  };
  const byName = (raw: string): KnownSource | undefined => {
    const name = raw.trim().toLowerCase();
    if (!name) return undefined;
    return (
      names.get(name) ?? (name.includes('.') ? byHost(name.replace(/^https?:\/\//, '').split('/')[0]!) : undefined)
    );
  };
  return { byHost, byName };
}
