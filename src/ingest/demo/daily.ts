import { fenToYuan } from './calendar.js';
import { PAID_CHANNELS } from './channels.js';
import type { ContentItem } from './content.js';
import type { CsvWriter } from './csv-writer.js';
import type { Rng } from './prng.js';

/** Canonical columns of the generated spend and content files. */
export const SPEND_COLUMNS = [
  'date',
  'amount',
  'channel',
  'platform',
  'campaign',
  'impressions',
  'clicks',
  'conversions',
  'owner_id',
] as const;
export const CONTENT_COLUMNS = [
  'date',
  'content_id',
  'title',
  'content_type',
  'channel',
  'owner_id',
  'impressions',
  'views',
  'clicks',
  'shares',
  'downloads',
  'leads',
] as const;

interface CampaignDay {
  channel: string;
  campaign: string;
  clicks: number;
  leads: number;
}

interface ContentDay {
  item: ContentItem;
  clicks: number;
  shares: number;
  downloads: number;
  leads: number;
}

/**
 * Per-day counters filled while sessions are generated, written out at the end of each day as spend rows
 * (clicks × cost per click of paid campaigns, plus fixed fees) and content rows, so that spend, content and
 * traffic tell the same story.
 */
export class DailyRollup {
  private campaigns = new Map<string, CampaignDay>();
  private contents = new Map<string, ContentDay>();

  constructor(
    private readonly rng: Rng,
    private readonly out: { spend: CsvWriter; content?: CsvWriter | undefined },
    private readonly promoOwnerId: string,
    /** Traffic size relative to 10^6 events (fixed fees scale with it). */
    private readonly scale: number,
  ) {}

  /** Counts one session landing from a channel/campaign (and on a content item, if any). */
  session(channel: string, campaign: string, item: ContentItem | undefined): void {
    if (campaign && PAID_CHANNELS[channel]) this.campaign(channel, campaign).clicks++;
    if (item) this.content(item).clicks++;
  }

  /** Counts a lead created by a session. */
  lead(channel: string, campaign: string, item: ContentItem | undefined): void {
    if (campaign && PAID_CHANNELS[channel]) this.campaign(channel, campaign).leads++;
    if (item) this.content(item).leads++;
  }

  /** Counts a share or download of a content item. */
  contentEvent(item: ContentItem, kind: 'shares' | 'downloads'): void {
    this.content(item)[kind]++;
  }

  /** Marks a content item published today so it gets a row even without visits. */
  published(item: ContentItem): void {
    this.content(item);
  }

  private campaign(channel: string, campaign: string): CampaignDay {
    const key = `${channel}|${campaign}`;
    let c = this.campaigns.get(key);
    if (!c) {
      c = { channel, campaign, clicks: 0, leads: 0 };
      this.campaigns.set(key, c);
    }
    return c;
  }

  private content(item: ContentItem): ContentDay {
    let c = this.contents.get(item.id);
    if (!c) {
      c = { item, clicks: 0, shares: 0, downloads: 0, leads: 0 };
      this.contents.set(item.id, c);
    }
    return c;
  }

  /** Writes the day's spend and content rows and resets the counters. */
  flush(date: string): void {
    const r = this.rng;
    for (const c of this.campaigns.values()) {
      const paid = PAID_CHANNELS[c.channel]!;
      const cpc = r.int(paid.cpcFen[0], paid.cpcFen[1]);
      let fen = c.clicks * cpc;
      if (paid.feeFen && r.chance(paid.feeChance ?? 0))
        fen += Math.round(r.int(paid.feeFen[0], paid.feeFen[1]) * this.scale);
      const ctr = paid.ctr[0] + r.next() * (paid.ctr[1] - paid.ctr[0]);
      const impressions = Math.round(c.clicks / ctr);
      const owner = c.campaign.startsWith('promo') ? this.promoOwnerId : paid.ownerId;
      this.out.spend.line(
        `${date},${fenToYuan(fen)},${c.channel},${paid.platform},${c.campaign},${impressions},${c.clicks},${c.leads},${owner}`,
      );
    }
    const w = this.out.content;
    if (w) {
      for (const c of this.contents.values()) {
        const views = c.clicks * r.int(3, 6) + r.int(0, 20);
        const impressions = views * r.int(4, 10) + r.int(0, 200);
        const shares = c.shares + Math.round(views * 0.01 * r.next());
        const i = c.item;
        w.line(
          `${date},${i.id},${i.title},${i.type},${i.channel},${i.ownerId},${impressions},${views},${c.clicks},` +
            `${shares},${c.downloads},${c.leads}`,
        );
      }
    }
    this.campaigns = new Map();
    this.contents = new Map();
  }
}
