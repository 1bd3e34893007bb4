import { dayNumber, fenToYuan, type TimeFormatter } from './calendar.js';
import type { CsvWriter } from './csv-writer.js';
import { SALES_OWNERS } from './people.js';
import type { Rng } from './prng.js';

/** Canonical columns of the generated leads, orders and surveys files. */
export const LEAD_COLUMNS = [
  'lead_id',
  'created_at',
  'visitor_id',
  'email',
  'channel',
  'campaign',
  'content_id',
  'landing_page',
  'owner_id',
  'sales_owner_id',
  'mql_at',
  'sql_at',
  'opportunity_at',
  'won_at',
  'lost_at',
  'segment',
  'lead_score',
] as const;
export const ORDER_COLUMNS = [
  'order_id',
  'customer_id',
  'ordered_at',
  'amount',
  'currency',
  'status',
  'refunded_at',
  'lead_id',
  'channel',
  'campaign',
  'owner_id',
] as const;
export const SURVEY_COLUMNS = [
  'response_id',
  'answered_at',
  'customer_id',
  'nps',
  'rating',
  'channel',
  'comment',
] as const;

type Segment = 'enterprise' | 'mid_market' | 'smb' | 'student';
const SEGMENTS: readonly {
  segment: Segment;
  share: number;
  score: number;
  sql: number;
  won: number;
  dealYuan: number;
}[] = [
  { segment: 'enterprise', share: 0.2, score: 72, sql: 0.55, won: 0.45, dealYuan: 80_000 },
  { segment: 'mid_market', share: 0.3, score: 62, sql: 0.45, won: 0.4, dealYuan: 30_000 },
  { segment: 'smb', share: 0.35, score: 52, sql: 0.35, won: 0.38, dealYuan: 8_000 },
  { segment: 'student', share: 0.15, score: 47, sql: 0.04, won: 0.2, dealYuan: 1_500 },
];
const SHOP_PRICES_YUAN = [99, 199, 299, 599, 1299, 1999, 2999, 4999];
const DAY = 86_400;
const COMMENTS = {
  promoter: ['安装很快，画面清晰', '客服响应及时，推荐给同事了', '会议效率明显提升', '性价比高'],
  passive: ['整体还行，期待更多功能', '物流有点慢', '说明书可以更详细'],
  detractor: ['投屏偶尔断开', '售后回复太慢', '价格偏高', '和宣传有差距'],
};

/**
 * The day the MQL definition changed: the first quarter start at or after the middle of the demo range.
 * Before it an MQL is lead_score ≥ 50; from it lead_score ≥ 60 and segment ≠ student (the CRM's mql_at follows
 * the rule in force when the lead was created, so metric versions can recompute either rule).
 */
export function mqlRuleChangeDate(firstDay: number, lastDay: number): string {
  const mid = new Date(((firstDay + lastDay) / 2) * DAY * 1000);
  let y = mid.getUTCFullYear();
  let m = Math.ceil(mid.getUTCMonth() / 3) * 3;
  if (m === 12) {
    m = 0;
    y++;
  }
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/** A new lead's attribution, captured at its form submit. */
export interface LeadInput {
  createdSec: number;
  visitorId: string;
  channel: string;
  campaign: string;
  contentId: string;
  landingPage: string;
  ownerId: string;
}

/** An e-commerce purchase made in a session. */
export interface PurchaseInput {
  sec: number;
  customerId: string;
  channel: string;
  campaign: string;
  /** Marketing owner of the channel or campaign that brought the buyer. */
  ownerId: string;
  promo: boolean;
}

/** Writes leads with their stage history, the orders they and shop visitors place, and NPS survey answers. */
export class FunnelWriter {
  private leadSeq = 0;
  private orderSeq = 0;
  private surveySeq = 0;
  private readonly endSec: number;
  private readonly ruleChangeSec: number;

  constructor(
    private readonly rng: Rng,
    private readonly fmt: TimeFormatter,
    private readonly out: { leads: CsvWriter; orders: CsvWriter; surveys?: CsvWriter | undefined },
    range: { first: number; last: number },
  ) {
    this.endSec = (range.last + 1) * DAY;
    this.ruleChangeSec = dayNumber(mqlRuleChangeDate(range.first, range.last)) * DAY;
  }

  private progress(sec: number): number {
    return Math.min(1, Math.max(0, 1 - (this.endSec - sec) / (400 * DAY)));
  }

  private at(sec: number | undefined): string {
    return sec === undefined || sec >= this.endSec ? '' : this.fmt.ts(sec);
  }

  /** Writes one lead and everything that follows from it; returns the lead id. */
  lead(input: LeadInput): string {
    const r = this.rng;
    this.leadSeq++;
    const leadId = `L${String(this.leadSeq).padStart(7, '0')}`;
    let x = r.next();
    let seg = SEGMENTS[SEGMENTS.length - 1]!;
    for (const s of SEGMENTS) {
      if (x < s.share) {
        seg = s;
        break;
      }
      x -= s.share;
    }
    const score = Math.max(0, Math.min(100, Math.round(seg.score + 15 * r.gauss())));
    const newRule = input.createdSec >= this.ruleChangeSec;
    const isMql = newRule ? score >= 60 && seg.segment !== 'student' : score >= 50;
    let mql: number | undefined;
    let sql: number | undefined;
    let opp: number | undefined;
    let won: number | undefined;
    let lost: number | undefined;
    if (isMql) {
      mql = input.createdSec + Math.round(Math.min(3 * DAY, r.exp(8 * 3600)));
      const scoreBoost = (score - 60) / 200;
      if (r.chance(seg.sql + scoreBoost)) {
        sql = mql + Math.round(Math.min(30, Math.max(0.3, r.logNormal(4, 0.6))) * DAY);
        if (r.chance(0.6)) {
          opp = sql + Math.round(Math.min(40, Math.max(1, r.logNormal(7, 0.5))) * DAY);
          if (r.chance(seg.won)) won = opp + Math.round(Math.min(90, Math.max(2, r.logNormal(18, 0.5))) * DAY);
          else lost = opp + Math.round(Math.min(120, Math.max(3, r.logNormal(20, 0.6))) * DAY);
        } else if (r.chance(0.7)) lost = sql + Math.round(Math.max(2, r.logNormal(14, 0.6)) * DAY);
      } else if (r.chance(0.5)) lost = mql + Math.round(Math.max(3, r.logNormal(30, 0.5)) * DAY);
    }
    const salesOwner = sql !== undefined && sql < this.endSec ? r.pick(SALES_OWNERS) : '';
    this.out.leads.line(
      `${leadId},${this.fmt.ts(input.createdSec)},${input.visitorId},lead${this.leadSeq}@example.com,${input.channel},` +
        `${input.campaign},${input.contentId},${input.landingPage},${input.ownerId},${salesOwner},${this.at(mql)},` +
        `${this.at(sql)},${this.at(opp)},${this.at(won)},${this.at(lost)},${seg.segment},${score}`,
    );
    if (won !== undefined && won < this.endSec) {
      const customerId = `c${leadId.slice(1)}`;
      const dealFen = () => Math.max(100, Math.round(r.logNormal(seg.dealYuan, 0.5) / 100)) * 10_000;
      this.order(won, customerId, dealFen(), input, leadId, salesOwner, 0.01);
      if (r.chance(0.35)) {
        const again = won + r.int(60, 300) * DAY;
        this.order(again, customerId, Math.round(dealFen() * 0.6), input, leadId, salesOwner, 0.01);
      }
    }
    return leadId;
  }

  /** Writes one shop order; returns the order id and amount (yuan string). */
  purchase(input: PurchaseInput): { orderId: string; amount: string } {
    const r = this.rng;
    let fen = r.pick(SHOP_PRICES_YUAN) * 100 * (r.chance(0.15) ? 2 : 1);
    if (input.promo) fen = Math.round(fen * 0.85);
    const orderId = this.order(input.sec, input.customerId, fen, input, '', input.ownerId, 0.05);
    return { orderId, amount: fenToYuan(fen) };
  }

  private order(
    sec: number,
    customerId: string,
    fen: number,
    from: { channel: string; campaign: string },
    leadId: string,
    ownerId: string,
    refundRate: number,
  ): string {
    this.orderSeq++;
    const orderId = `${leadId ? 'SO' : 'EC'}${String(this.orderSeq).padStart(8, '0')}`;
    if (sec >= this.endSec) return orderId;
    const r = this.rng;
    let status = 'paid';
    let refunded: number | undefined;
    const x = r.next();
    if (x < refundRate) {
      refunded = sec + r.int(1, 10) * DAY + r.int(0, DAY - 1);
      if (refunded < this.endSec) status = 'refunded';
      else refunded = undefined;
    } else if (x < refundRate + 0.02 && !leadId) status = 'cancelled';
    this.out.orders.line(
      `${orderId},${customerId},${this.fmt.ts(sec)},${fenToYuan(fen)},CNY,${status},${this.at(refunded)},${leadId},` +
        `${from.channel},${from.campaign},${ownerId}`,
    );
    if (status !== 'cancelled' && r.chance(leadId ? 0.7 : 0.35)) {
      this.survey(
        sec + r.int(leadId ? 30 : 7, leadId ? 60 : 20) * DAY,
        customerId,
        from.channel,
        status === 'refunded',
      );
    }
    return orderId;
  }

  private survey(sec: number, customerId: string, channel: string, unhappy: boolean): void {
    const w = this.out.surveys;
    if (!w || sec >= this.endSec) return;
    const r = this.rng;
    const p = this.progress(sec);
    const promoterP = unhappy ? 0.1 : 0.42 + 0.12 * p;
    const detractorP = unhappy ? 0.6 : 0.24 - 0.08 * p;
    const x = r.next();
    const kind = x < promoterP ? 'promoter' : x < promoterP + detractorP ? 'detractor' : 'passive';
    const nps =
      kind === 'promoter' ? r.int(9, 10) : kind === 'passive' ? r.int(7, 8) : r.chance(0.6) ? r.int(5, 6) : r.int(0, 4);
    const rating = kind === 'promoter' ? r.int(4, 5) : kind === 'passive' ? r.int(3, 4) : r.int(1, 3);
    const comment = r.chance(0.4) ? r.pick(COMMENTS[kind]) : '';
    this.surveySeq++;
    w.line(
      `R${String(this.surveySeq).padStart(7, '0')},${this.fmt.ts(sec)},${customerId},${nps},${rating},${channel},${comment}`,
    );
  }
}
