import type { DemoDay } from './calendar.js';
import type { Rng } from './prng.js';

/** One published piece of content (article, video, whitepaper, live, post). */
export interface ContentItem {
  id: string;
  title: string;
  type: 'article' | 'video' | 'whitepaper' | 'live' | 'post';
  channel: string;
  ownerId: string;
  publishDay: number;
  /** Landing path on the company site. */
  path: string;
}

const TOPICS = [
  '混合办公会议室怎么选',
  '会议效率提升的7个方法',
  '智能会议平板选购指南',
  '远程协作最佳实践',
  '中小企业数字化办公清单',
  '星河会议屏新品体验',
  '客户案例：制造企业会议室改造',
  '视频会议音频调优技巧',
  '会议室预订系统搭建',
  '企业协作趋势观察',
  '培训教室互动屏方案',
  '跨地区团队如何开好周会',
];

/** Weekly publishing plan of the content team: channel, type, owner, pieces per week, path prefix. */
const PLAN = [
  { channel: '微信公众号', type: 'article', ownerId: 'p07', perWeek: 2, prefix: 'wx', path: '/blog/' },
  { channel: '视频号', type: 'video', ownerId: 'p08', perWeek: 1, prefix: 'sph', path: '/videos/' },
  { channel: '抖音', type: 'video', ownerId: 'p08', perWeek: 2, prefix: 'dy', path: '/videos/' },
  { channel: '小红书', type: 'post', ownerId: 'p09', perWeek: 2, prefix: 'xhs', path: '/blog/' },
  { channel: '知乎', type: 'article', ownerId: 'p09', perWeek: 1, prefix: 'zh', path: '/blog/' },
] as const;

/** Builds the year's content calendar: weekly pieces per channel, a monthly whitepaper and a monthly live. */
export function buildContentCatalog(rng: Rng, days: readonly DemoDay[]): ContentItem[] {
  const items: ContentItem[] = [];
  let seq = 0;
  const add = (
    day: DemoDay,
    channel: string,
    type: ContentItem['type'],
    ownerId: string,
    prefix: string,
    path: string,
  ) => {
    seq++;
    const topic = TOPICS[rng.int(0, TOPICS.length - 1)]!;
    const title =
      type === 'whitepaper'
        ? `白皮书：${topic}`
        : type === 'live'
          ? `直播：${topic}`
          : type === 'video'
            ? `${topic}（视频）`
            : topic;
    const id = `${prefix}-${day.date.replaceAll('-', '')}-${seq}`;
    items.push({ id, title, type, channel, ownerId, publishDay: day.day, path: `${path}${id}` });
  };
  for (const day of days) {
    if (day.weekday === 1 || day.weekday === 4) {
      for (const plan of PLAN) {
        const count = plan.perWeek === 2 ? 1 : day.weekday === 1 ? 1 : 0;
        for (let i = 0; i < count; i++) add(day, plan.channel, plan.type, plan.ownerId, plan.prefix, plan.path);
      }
    }
    const dom = Number(day.date.slice(8, 10));
    if (dom === 10) add(day, '微信公众号', 'whitepaper', 'p07', 'wp', '/whitepapers/');
    if (dom === 20) add(day, '视频号', 'live', 'p08', 'live', '/live/');
  }
  return items;
}

/** Picks the content a visit from a channel lands on: mostly recent pieces, sometimes older ones. */
export class ContentPicker {
  private readonly byChannel = new Map<string, ContentItem[]>();
  private readonly published = new Map<string, number>();

  constructor(items: readonly ContentItem[]) {
    for (const item of items) {
      const list = this.byChannel.get(item.channel) ?? [];
      list.push(item);
      this.byChannel.set(item.channel, list);
    }
  }

  /** Content of the channel published on or before the day, or undefined if none yet. */
  pick(rng: Rng, channel: string, day: number): ContentItem | undefined {
    const list = this.byChannel.get(channel);
    if (!list) return undefined;
    let n = this.published.get(channel) ?? 0;
    while (n < list.length && list[n]!.publishDay <= day) n++;
    this.published.set(channel, n);
    if (n === 0) return undefined;
    const back = rng.chance(0.8) ? Math.min(n - 1, Math.floor(rng.exp(2))) : rng.int(0, n - 1);
    return list[n - 1 - back];
  }
}
