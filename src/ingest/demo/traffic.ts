import type { DemoDay } from './calendar.js';
import { TimeFormatter } from './calendar.js';
import { DEMO_CHANNELS, type DemoChannel } from './channels.js';
import { type ContentItem, ContentPicker } from './content.js';
import type { CsvWriter } from './csv-writer.js';
import { DailyRollup } from './daily.js';
import { FunnelWriter } from './funnel.js';
import { type Rng, WeightedPicker } from './prng.js';
import { BOT_UAS, HUMAN_UAS, WECHAT_UAS } from './user-agents.js';

/** Canonical columns of the generated events file. */
export const EVENT_COLUMNS = [
  'occurred_at',
  'visitor_id',
  'event_type',
  'user_id',
  'session_id',
  'event_id',
  'page_url',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_content',
  'utm_term',
  'user_agent',
  'properties',
] as const;

/** The company site every demo page lives on. */
export const DEMO_SITE = 'https://www.xinghe.example';

/** Where the traffic generator writes; surveys and content are optional (the bench files skip them). */
export interface TrafficOutputs {
  events: CsvWriter;
  leads: CsvWriter;
  orders: CsvWriter;
  spend: CsvWriter;
  surveys?: CsvWriter | undefined;
  content?: CsvWriter | undefined;
}

interface Visitor {
  id: string;
  userId: string;
  channel: number;
  ua: string;
  buyer: boolean;
  lead: boolean;
}

const BOT_SESSION_RATE = 0.015;
const RETURN_RATE = 0.32;
const FORM_RATE = 0.0105;
const HOURS = [
  0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 4, 4.5, 4, 3, 3.5, 4.2, 4.3, 4, 3.5, 2.8, 3, 3.4, 3.2, 2, 1,
];
const PRODUCT_PAGES = ['/products/meeting-board', '/products/smart-camera', '/solutions/enterprise', '/pricing'];
const SITE_PAGES = [
  ...PRODUCT_PAGES,
  '/',
  '/cases',
  '/about',
  '/contact',
  '/solutions/education',
  '/download',
  '/trial',
];
const FORM_PROPS = ['"{""form"":""trial""}"', '"{""form"":""contact""}"', '"{""form"":""quote""}"'];
const WHITEPAPER_FORM = '"{""form"":""whitepaper""}"';
const SHARE_PROPS = ['"{""to"":""wechat""}"', '"{""to"":""moments""}"', '"{""to"":""weibo""}"', '"{""to"":""link""}"'];
const SIGNUP_PROPS = '"{""method"":""phone""}"';

function landingPath(r: Rng, channel: DemoChannel, month: string): string {
  switch (channel.name) {
    case '百度SEM':
      return r.chance(0.3) ? '/lp/trial' : r.pick(PRODUCT_PAGES);
    case '官网直接访问':
      return r.chance(0.6) ? '/' : r.pick(PRODUCT_PAGES);
    case '邮件':
      return r.chance(0.5) ? `/events/webinar-${month}` : r.pick(PRODUCT_PAGES);
    case '外链':
      return r.chance(0.4) ? '/cases' : r.chance(0.5) ? '/' : r.pick(PRODUCT_PAGES);
    default:
      return r.chance(0.3) ? '/' : r.chance(0.3) ? '/cases' : r.pick(PRODUCT_PAGES);
  }
}

/** Splits a total over weights into integers that add up exactly. */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let cum = 0;
  let given = 0;
  for (const w of weights) {
    cum += w;
    const upTo = Math.floor((cum / sum) * total + 1e-9);
    out.push(upTo - given);
    given = upTo;
  }
  out[out.length - 1]! += total - given;
  return out;
}

/**
 * Streams exactly `events` events over the calendar — sessions of 1–15 page views 1–15 minutes apart, visitors
 * returning over weeks, logins, a few % crawler traffic — and, from what happens in them, the leads (form
 * submits), orders (purchases and won deals), surveys, daily spend of paid campaigns and daily content rows.
 */
export async function generateTraffic(
  rng: Rng,
  days: readonly DemoDay[],
  catalog: readonly ContentItem[],
  out: TrafficOutputs,
  opts: { events: number; onProgress?: ((events: number) => void) | undefined },
): Promise<void> {
  const r = rng;
  const fmt = new TimeFormatter();
  const first = days[0]!.day;
  const last = days[days.length - 1]!.day;
  const endSec = (last + 1) * 86_400;
  const funnel = new FunnelWriter(r.fork('funnel'), fmt, out, { first, last });
  const rollup = new DailyRollup(r.fork('daily'), out, 'p02', opts.events / 1_000_000);
  const picker = new ContentPicker(catalog);
  const hours = new WeightedPicker(
    HOURS.map((_, i) => i),
    HOURS,
  );
  const channels = new WeightedPicker(
    DEMO_CHANNELS.map((_, i) => i),
    DEMO_CHANNELS.map((c) => c.weight),
  );
  const directIdx = DEMO_CHANNELS.findIndex((c) => c.name === '官网直接访问');
  const budgets = allocate(
    opts.events,
    days.map((d) => d.weight),
  );
  const poolSize = Math.max(64, Math.min(200_000, Math.round(opts.events / 120)));
  const pool: (Visitor | undefined)[] = new Array(poolSize);
  const publishing = new Map<number, ContentItem[]>();
  for (const item of catalog) publishing.set(item.publishDay, [...(publishing.get(item.publishDay) ?? []), item]);
  let visitorSeq = 0;
  let sessionSeq = 0;
  let eventSeq = 0;
  let userSeq = 0;
  let remaining = 0;
  let written = 0;

  const newVisitor = (channel: number, ua: string): Visitor => ({
    id: `v${(++visitorSeq).toString(36)}`,
    userId: '',
    channel,
    ua,
    buyer: false,
    lead: false,
  });
  const humanUa = (c: DemoChannel) => (c.wechat ? r.pick(WECHAT_UAS) : r.pick(HUMAN_UAS));
  const remember = (v: Visitor) => {
    pool[r.int(0, poolSize - 1)] = v;
  };

  /** Writes one event unless the day's budget is spent or the range has ended. */
  const emit = (
    t: number,
    v: Visitor,
    visitorId: string,
    sid: string,
    type: string,
    url: string,
    rest: string,
    props: string,
  ): boolean => {
    if (remaining === 0 || t >= endSec) return false;
    remaining--;
    written++;
    out.events.line(
      `${fmt.ts(t)},${visitorId},${type},${v.userId},${sid},e${(++eventSeq).toString(36)},${DEMO_SITE}${url},${rest},${v.ua},${props}`,
    );
    return true;
  };
  const NO_TOUCH = ',,,,,';
  const gap = () => 60 + Math.min(840, Math.round(r.exp(150)));

  const botSession = (start: number) => {
    const v = newVisitor(directIdx, r.pick(BOT_UAS));
    const sid = `s${(++sessionSeq).toString(36)}`;
    const pages = r.int(3, 10);
    let t = start;
    for (let k = 0; k < pages; k++) {
      if (!emit(t, v, v.id, sid, 'page_view', r.pick(SITE_PAGES), NO_TOUCH, '')) return;
      t += r.int(1, 6);
    }
  };

  const humanSession = (day: DemoDay, start: number) => {
    let v: Visitor | undefined;
    let returning = false;
    let channelIdx: number;
    if (r.chance(RETURN_RATE)) v = pool[r.int(0, poolSize - 1)];
    if (v) {
      returning = true;
      const x = r.next();
      channelIdx = x < 0.45 ? directIdx : x < 0.75 ? v.channel : channels.pick(r);
    } else {
      channelIdx = channels.pick(r);
      v = newVisitor(channelIdx, humanUa(DEMO_CHANNELS[channelIdx]!));
      if (r.chance(0.4)) remember(v);
    }
    const ch = DEMO_CHANNELS[channelIdx]!;
    // a logged-in user on another device: a new visitor id stitched by user_id
    const visitorId = returning && v.userId && r.chance(0.15) ? `v${(++visitorSeq).toString(36)}` : v.id;
    const month = day.date.slice(0, 7).replace('-', '');
    const item = ch.content ? picker.pick(r, ch.name, day.day) : undefined;
    const touch = ch.touch(r, { promo: day.promo, year: day.year, month, contentId: item?.id ?? '' });
    const landing = item ? item.path : landingPath(r, ch, month);
    rollup.session(ch.name, touch.campaign, item);
    const sid = `s${(++sessionSeq).toString(36)}`;
    const pages = r.chance(0.42) ? 1 : Math.min(15, 2 + Math.floor(r.exp(2.2)));
    let t = start;
    const first =
      `${touch.referrer},${touch.utmSource},${touch.utmMedium},${touch.utmCampaign},` +
      `${touch.utmContent},${touch.utmTerm}`;
    if (!emit(t, v, visitorId, sid, 'page_view', landing + touch.query, first, '')) return;
    for (let k = 1; k < pages; k++) {
      t += gap();
      if (!emit(t, v, visitorId, sid, 'page_view', r.pick(SITE_PAGES), NO_TOUCH, '')) return;
    }
    const whitepaper = item?.type === 'whitepaper';
    if (item && r.chance(whitepaper ? 0.12 : 0.01)) {
      t += gap();
      if (!emit(t, v, visitorId, sid, 'download', item.path, NO_TOUCH, '')) return;
      rollup.contentEvent(item, 'downloads');
    }
    const ownerId = touch.campaign.startsWith('promo') ? 'p02' : ch.ownerId;
    const formP = FORM_RATE * ch.formFactor * (returning ? 1.5 : 1) * (whitepaper ? 3 : 1);
    if (!v.lead && r.chance(formP)) {
      t += gap();
      const props = whitepaper ? WHITEPAPER_FORM : r.pick(FORM_PROPS);
      if (!emit(t, v, visitorId, sid, 'form_submit', whitepaper ? item.path : '/trial', NO_TOUCH, props)) return;
      v.lead = true;
      funnel.lead({
        createdSec: t,
        visitorId,
        channel: ch.name,
        campaign: touch.campaign,
        contentId: item?.id ?? '',
        landingPage: landing,
        ownerId,
      });
      rollup.lead(ch.name, touch.campaign, item);
    }
    if (r.chance(ch.content ? 0.03 : 0.005)) {
      t += gap();
      if (!emit(t, v, visitorId, sid, 'share', item ? item.path : landing, NO_TOUCH, r.pick(SHARE_PROPS))) return;
      if (item) rollup.contentEvent(item, 'shares');
    }
    const buyP = v.userId ? (v.buyer ? 0.1 : 0.05) : 0.003;
    const signupP = v.userId ? 0 : 0.012;
    const buying = r.chance(buyP);
    if (!v.userId && (buying || r.chance(signupP))) {
      t += gap();
      const userId = `u${(++userSeq).toString(36)}`;
      v.userId = userId;
      if (!emit(t, v, visitorId, sid, 'signup', '/signup', NO_TOUCH, SIGNUP_PROPS)) return;
      remember(v);
    }
    if (buying) {
      t += gap();
      if (remaining === 0 || t >= endSec) return;
      const order = funnel.purchase({
        sec: t,
        customerId: v.userId,
        channel: ch.name,
        campaign: touch.campaign,
        ownerId,
        promo: day.promo !== undefined,
      });
      const props = `"{""order_id"":""${order.orderId}"",""amount"":""${order.amount}""}"`;
      emit(t, v, visitorId, sid, 'purchase', '/checkout/success', NO_TOUCH, props);
      if (!v.buyer) remember(v);
      v.buyer = true;
    }
  };

  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    for (const item of publishing.get(day.day) ?? []) rollup.published(item);
    remaining = budgets[i]!;
    const dayStart = day.day * 86_400;
    while (remaining > 0) {
      const start = dayStart + hours.pick(r) * 3600 + r.int(0, 3599);
      if (r.chance(BOT_SESSION_RATE)) botSession(start);
      else humanSession(day, start);
      if (out.events.full) await out.events.flush();
    }
    rollup.flush(day.date);
    for (const w of [out.leads, out.orders, out.spend, out.surveys, out.content]) if (w?.full) await w.flush();
    opts.onProgress?.(written);
  }
}
