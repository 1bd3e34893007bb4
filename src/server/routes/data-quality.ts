import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { computeMetrics } from '../../app/metrics.js';
import { parsePeriod } from '../../core/periods/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { policy } from '../auth/policy.js';
import { periodParam } from './metric-params.js';

const query = z.object({ period: periodParam });

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Bot share of events, unclassified share of sessions and KPIs lacking source data in a period. */
export async function dataQuality(engine: Engine, periodId: string, timeZone: string) {
  const period = parsePeriod(periodId, timeZone);
  const range = [period.start, period.end];
  const [events] = await engine.query<{ bots: number; total: number }>(
    `SELECT count(*) FILTER (WHERE is_bot) AS bots, count(*) AS total FROM events
     WHERE occurred_at >= $1::TIMESTAMP AND occurred_at < $2::TIMESTAMP`,
    range,
  );
  const [sessions] = await engine.query<{ unclassified: number; total: number }>(
    `SELECT count(*) FILTER (WHERE channel_group IS NULL OR channel_group IN ('Unassigned', '')) AS unclassified,
            count(*) AS total
     FROM sessions WHERE NOT is_bot AND started_at >= $1::TIMESTAMP AND started_at < $2::TIMESTAMP`,
    range,
  );
  const cells = await computeMetrics(engine, { period: period.id }, { timeZone });
  const missing = cells
    .filter((c) => c.quality === 'missing_source')
    .map((c) => ({ kpi: c.kpi, table: c.reason ?? null }));
  return {
    period: period.id,
    events: events?.total ?? 0,
    bot_share: share(events?.bots ?? 0, events?.total ?? 0),
    sessions: sessions?.total ?? 0,
    unclassified_share: share(sessions?.unclassified ?? 0, sessions?.total ?? 0),
    missing_sources: missing,
  };
}

/** Data-quality summary for analysts and managers. */
export const dataQualityRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/data-quality',
    {
      config: policy({ roles: ['admin', 'analyst', 'manager'] }),
      schema: {
        summary: 'Bot share, unclassified traffic and missing sources for a period',
        tags: ['metrics'],
        querystring: query,
      },
    },
    async (req) => dataQuality(app.engine, (req.query as z.infer<typeof query>).period, app.yardstick.config.timeZone),
  );
};
