import type { ConversionPoint, Touchpoint } from '../../core/attribution/index.js';
import type { Engine } from '../engine.js';
import { epochMs, toFen, utcTimestamp } from './params.js';

/** What counts as a conversion for attribution. */
export type ConversionKind = 'orders' | 'leads' | 'all';

export interface JourneyQuery {
  /** Conversions with start ≤ time < end are attributed. */
  start: Date;
  end: Date;
  lookbackDays: number;
  /** Touch label: the session's channel or its campaign. */
  by: 'channel' | 'campaign';
  conversion: ConversionKind;
}

/** Paid orders and/or leads in [start, end), with the person they belong to and their value in fen. */
export async function loadConversions(
  engine: Engine,
  q: Pick<JourneyQuery, 'start' | 'end' | 'conversion'>,
): Promise<(ConversionPoint & { valueFen: number })[]> {
  const p = (i: number) => engine.dialect.param(i);
  const parts: string[] = [];
  if (q.conversion !== 'leads') {
    parts.push(`SELECT coalesce(o.person_key, l.person_key, l.visitor_id, o.customer_id) AS person, o.ordered_at AS at,
      o.amount AS value, l.created_at AS lead_at, l.opportunity_at AS opportunity_at
      FROM orders o LEFT JOIN leads l ON l.lead_id = o.lead_id
      WHERE o.status = 'paid' AND o.ordered_at >= CAST(${p(1)} AS TIMESTAMP) AND o.ordered_at < CAST(${p(2)} AS TIMESTAMP)`);
  }
  if (q.conversion !== 'orders') {
    parts.push(`SELECT coalesce(l.person_key, l.visitor_id, l.lead_id) AS person, l.created_at AS at,
      CAST(0 AS DECIMAL(18,2)) AS value, l.created_at AS lead_at, l.opportunity_at AS opportunity_at
      FROM leads l
      WHERE l.created_at >= CAST(${p(1)} AS TIMESTAMP) AND l.created_at < CAST(${p(2)} AS TIMESTAMP)`);
  }
  const rows = await engine.query(parts.join(' UNION ALL '), [utcTimestamp(q.start), utcTimestamp(q.end)]);
  return rows.map((r) => {
    const valueFen = toFen(r.value);
    return {
      person: String(r.person),
      at: epochMs(r.at) ?? 0,
      value: valueFen / 100,
      valueFen,
      leadAt: epochMs(r.lead_at),
      opportunityAt: epochMs(r.opportunity_at),
    };
  });
}

/**
 * Non-bot sessions from lookback days before start up to end, one touch per session, labelled by channel (or
 * campaign; `(not set)` when missing), for the stitched person (person_key, else visitor_id).
 */
export async function loadTouchpoints(
  engine: Engine,
  q: Pick<JourneyQuery, 'start' | 'end' | 'lookbackDays' | 'by'>,
): Promise<Touchpoint[]> {
  const p = (i: number) => engine.dialect.param(i);
  const label = q.by === 'campaign' ? 'campaign' : 'channel';
  const from = new Date(q.start.getTime() - q.lookbackDays * 86_400_000);
  const rows = await engine.query(
    `SELECT coalesce(person_key, visitor_id) AS person, started_at AS at,
       coalesce(${label}, ${q.by === 'campaign' ? "'(not set)'" : "coalesce(channel_group, '(not set)')"}) AS label
     FROM sessions
     WHERE NOT is_bot AND started_at >= CAST(${p(1)} AS TIMESTAMP) AND started_at < CAST(${p(2)} AS TIMESTAMP)
     ORDER BY person, started_at`,
    [utcTimestamp(from), utcTimestamp(q.end)],
  );
  return rows.map((r) => ({ person: String(r.person), at: epochMs(r.at) ?? 0, channel: String(r.label) }));
}
