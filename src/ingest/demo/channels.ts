import type { Rng } from './prng.js';

/**
 * The demo's marketing channels and campaigns. Each channel produces the touch (referrer, utm_*, landing
 * query string) a real visit from it carries, so that the channel classifier maps the visit back to the
 * channel by name: 百度SEM = baidu/cpc or a bd_vid click id, 百度自然搜索 = baidu.com/link referrer, etc.
 */

/** The marketing touch of a session's first hit. */
export interface Touch {
  referrer: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  utmContent: string;
  utmTerm: string;
  /** Query string appended to the landing URL ('' or '?…'). */
  query: string;
  /** Campaign slug the session counts towards (for spend and leads), '' when none. */
  campaign: string;
}

/** Context a touch may depend on. */
export interface TouchContext {
  promo: '618' | 'double11' | undefined;
  year: number;
  month: string;
  contentId: string;
}

/** A named channel as marketers budget and report it. */
export interface DemoChannel {
  name: string;
  /** Share of new visitors. */
  weight: number;
  /** Marketing owner (person id). */
  ownerId: string;
  /** Content channel: sessions land on a content item of this channel. */
  content: boolean;
  /** Multiplier on the base form-submit rate. */
  formFactor: number;
  /** Users arriving through WeChat use its in-app browser. */
  wechat: boolean;
  touch(rng: Rng, ctx: TouchContext): Touch;
}

/** A paid campaign: spend rows are written per active day from the clicks it received. */
export interface PaidCampaign {
  channel: string;
  platform: string;
  ownerId: string;
  /** Cost per click range in fen. */
  cpcFen: readonly [number, number];
  /** Click-through rate range. */
  ctr: readonly [number, number];
  /**
   * Fixed fee range in fen (KOL posts, sponsored notes) at 10^6 events, charged on an active day with probability
   * feeChance; scaled with the traffic so ROI does not depend on the generated size.
   */
  feeFen?: readonly [number, number];
  feeChance?: number;
}

const NONE: Omit<Touch, 'campaign'> = {
  referrer: '',
  utmSource: '',
  utmMedium: '',
  utmCampaign: '',
  utmContent: '',
  utmTerm: '',
  query: '',
};

/** Baidu search keywords (SEM terms), with their URL-encoded form precomputed. */
const KEYWORDS = [
  '星河会议屏',
  '智能会议平板',
  '视频会议系统',
  '会议室解决方案',
  '无线投屏',
  '会议平板 价格',
  '星河智能',
];
const ENCODED_KEYWORDS = KEYWORDS.map((k) => encodeURIComponent(k));
const PARTNER_SITES = [
  (r: Rng) => `https://www.36kr.com/p/${r.int(1_000_000_000, 2_999_999_999)}`,
  (r: Rng) => `https://www.woshipm.com/marketing/${r.int(5_000_000, 6_999_999)}.html`,
  (r: Rng) => `https://www.huxiu.com/article/${r.int(2_000_000, 4_999_999)}.html`,
  (r: Rng) => `https://sspai.com/post/${r.int(80_000, 99_999)}`,
  (r: Rng) => `https://www.infoq.cn/article/${r.token(20)}`,
];

/** The campaign slug of a promotion in a year, e.g. promo618_2026. */
export function promoSlug(promo: '618' | 'double11', year: number): string {
  return `promo${promo === '618' ? '618' : '1111'}_${year}`;
}

function utmQuery(t: Omit<Touch, 'campaign' | 'query' | 'referrer'>, encodedTerm = ''): string {
  let q = `?utm_source=${t.utmSource}&utm_medium=${t.utmMedium}`;
  if (t.utmCampaign) q += `&utm_campaign=${t.utmCampaign}`;
  if (t.utmContent) q += `&utm_content=${t.utmContent}`;
  if (encodedTerm) q += `&utm_term=${encodedTerm}`;
  return q;
}

function semTouch(r: Rng, ctx: TouchContext): Touch {
  const promo = ctx.promo && r.chance(0.4) ? promoSlug(ctx.promo, ctx.year) : '';
  const x = r.next();
  const campaign = promo || (x < 0.4 ? 'sem_brand' : x < 0.85 ? 'sem_product' : 'sem_competitor');
  const referrer = `https://${r.chance(0.6) ? 'm' : 'www'}.baidu.com/baidu.php?url=${r.token(16)}`;
  const clickId = `bd_vid=${r.token(18)}`;
  if (r.chance(0.15)) return { ...NONE, referrer, query: `?${clickId}`, campaign };
  const k = r.int(0, KEYWORDS.length - 1);
  const base = { utmSource: 'baidu', utmMedium: 'cpc', utmCampaign: campaign, utmContent: '', utmTerm: KEYWORDS[k]! };
  return { ...base, referrer, query: `${utmQuery(base, ENCODED_KEYWORDS[k])}&${clickId}`, campaign };
}

function socialUtm(source: string, campaign: string, content: string, referrer = ''): Touch {
  const base = { utmSource: source, utmMedium: 'social', utmCampaign: campaign, utmContent: content, utmTerm: '' };
  return { ...base, referrer, query: utmQuery(base), campaign };
}

/** The ten demo channels with their share of new visitors. */
export const DEMO_CHANNELS: readonly DemoChannel[] = [
  {
    name: '百度SEM',
    weight: 22,
    ownerId: 'p03',
    content: false,
    formFactor: 1.6,
    wechat: false,
    touch: semTouch,
  },
  {
    name: '百度自然搜索',
    weight: 16,
    ownerId: 'p03',
    content: false,
    formFactor: 1.1,
    wechat: false,
    touch: (r) => ({
      ...NONE,
      referrer: `https://${r.chance(0.55) ? 'm' : 'www'}.baidu.com/link?url=${r.token(24)}&eqid=${r.token(16)}`,
      campaign: '',
    }),
  },
  {
    name: '微信公众号',
    weight: 12,
    ownerId: 'p07',
    content: true,
    formFactor: 0.9,
    wechat: true,
    touch: (r, ctx) => {
      if (r.chance(0.6)) return { ...NONE, referrer: `https://mp.weixin.qq.com/s/${r.token(22)}`, campaign: '' };
      const campaign = ctx.promo && r.chance(0.5) ? promoSlug(ctx.promo, ctx.year) : 'wx_weekly';
      return socialUtm('weixin', campaign, ctx.contentId);
    },
  },
  {
    name: '视频号',
    weight: 5,
    ownerId: 'p08',
    content: true,
    formFactor: 0.6,
    wechat: true,
    touch: (r) => ({
      ...NONE,
      referrer: `https://channels.weixin.qq.com/web/pages/feed?eid=${r.token(20)}`,
      campaign: '',
    }),
  },
  {
    name: '抖音',
    weight: 9,
    ownerId: 'p08',
    content: true,
    formFactor: 0.5,
    wechat: false,
    touch: (r, ctx) => {
      if (r.chance(0.6)) {
        return { ...NONE, referrer: `https://www.douyin.com/video/7${r.int(100_000_000, 999_999_999)}`, campaign: '' };
      }
      const campaign = ctx.promo ? promoSlug(ctx.promo, ctx.year) : 'dy_kol';
      return socialUtm('douyin', campaign, ctx.contentId);
    },
  },
  {
    name: '小红书',
    weight: 6,
    ownerId: 'p09',
    content: true,
    formFactor: 0.7,
    wechat: false,
    touch: (r) => ({
      ...NONE,
      referrer: r.chance(0.7)
        ? `https://www.xiaohongshu.com/explore/${r.token(24)}`
        : `https://xhslink.com/${r.token(6)}`,
      campaign: 'xhs_seeding',
    }),
  },
  {
    name: '知乎',
    weight: 5,
    ownerId: 'p09',
    content: true,
    formFactor: 1.2,
    wechat: false,
    touch: (r) => ({
      ...NONE,
      referrer: r.chance(0.5)
        ? `https://zhuanlan.zhihu.com/p/${r.int(600_000_000, 799_999_999)}`
        : `https://www.zhihu.com/question/${r.int(500_000_000, 699_999_999)}/answer/${r.int(3_000_000_000, 3_499_999_999)}`,
      campaign: 'zh_answers',
    }),
  },
  {
    name: '官网直接访问',
    weight: 13,
    ownerId: 'p02',
    content: false,
    formFactor: 1.0,
    wechat: false,
    touch: () => ({ ...NONE, campaign: '' }),
  },
  {
    name: '邮件',
    weight: 5,
    ownerId: 'p04',
    content: false,
    formFactor: 1.4,
    wechat: false,
    touch: (_r, ctx) => {
      const campaign = ctx.promo ? promoSlug(ctx.promo, ctx.year) : `newsletter_${ctx.month}`;
      const base = { utmSource: 'edm', utmMedium: 'email', utmCampaign: campaign, utmContent: '', utmTerm: '' };
      return { ...base, referrer: '', query: utmQuery(base), campaign };
    },
  },
  {
    name: '外链',
    weight: 7,
    ownerId: 'p02',
    content: false,
    formFactor: 0.8,
    wechat: false,
    touch: (r) => ({ ...NONE, referrer: r.pick(PARTNER_SITES)(r), campaign: '' }),
  },
];

/** Paid campaigns by slug prefix → how they are billed; promo campaigns bill like their channel's main one. */
export const PAID_CHANNELS: Record<string, PaidCampaign> = {
  百度SEM: { channel: '百度SEM', platform: 'baidu', ownerId: 'p03', cpcFen: [1500, 4500], ctr: [0.02, 0.05] },
  抖音: {
    channel: '抖音',
    // KOL videos booked through 巨量星图 (organic 抖音 traffic), not 巨量引擎 ads (which would be 抖音投放)
    platform: 'xingtu',
    ownerId: 'p04',
    cpcFen: [150, 600],
    ctr: [0.008, 0.02],
    feeFen: [3_000_000, 8_000_000],
    feeChance: 0.04,
  },
  小红书: {
    channel: '小红书',
    platform: 'xiaohongshu',
    ownerId: 'p09',
    cpcFen: [100, 400],
    ctr: [0.01, 0.03],
    feeFen: [1_000_000, 3_000_000],
    feeChance: 0.05,
  },
  知乎: { channel: '知乎', platform: 'zhihu', ownerId: 'p09', cpcFen: [200, 700], ctr: [0.01, 0.025] },
  微信公众号: { channel: '微信公众号', platform: 'weixin', ownerId: 'p07', cpcFen: [50, 200], ctr: [0.03, 0.08] },
  邮件: { channel: '邮件', platform: 'edm', ownerId: 'p04', cpcFen: [20, 60], ctr: [0.05, 0.12] },
};
