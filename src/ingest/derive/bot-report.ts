import type { Engine } from '../../warehouse/engine.js';

/** Bot and spam traffic per reason over imports that finished in a time range. */
export interface BotReport {
  from: Date;
  to: Date;
  totalEvents: number;
  botEvents: number;
  reasons: { reason: string; events: number; visitors: number }[];
}

/** Bot/spam counts (from bot_stats) for the imports started in [from, to), next to all events those imports wrote. */
export async function botReport(engine: Engine, range: { from: Date; to: Date }): Promise<BotReport> {
  const params = [range.from.toISOString(), range.to.toISOString()];
  const imports = `SELECT import_id FROM imports WHERE started_at >= CAST($1 AS TIMESTAMP)
    AND started_at < CAST($2 AS TIMESTAMP) AND rolled_back_at IS NULL`;
  const reasons = await engine.query<{ reason: string; events: number; visitors: number }>(
    `SELECT reason, sum(events)::BIGINT AS events, sum(visitors)::BIGINT AS visitors FROM bot_stats
     WHERE import_id IN (${imports}) GROUP BY reason ORDER BY events DESC, reason`,
    params,
  );
  const [totals] = await engine.query<{ total: number; bots: number }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE is_bot) AS bots FROM events WHERE import_id IN (${imports})`,
    params,
  );
  return {
    from: range.from,
    to: range.to,
    totalEvents: Number(totals?.total ?? 0),
    botEvents: Number(totals?.bots ?? 0),
    reasons: reasons.map((r) => ({ reason: r.reason, events: Number(r.events), visitors: Number(r.visitors) })),
  };
}
