import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { computeMetrics, dashboard, explainMetric, type MetricRequest } from '../../app/metrics.js';
import { findPeriod } from '../../app/periods/index.js';
import { withDashboardTargets } from '../../app/scorecards/index.js';
import { requireContext } from '../auth/hooks.js';
import { policy } from '../auth/policy.js';
import { dashboardQuery, explainQuery, metricsQuery, scopeFor } from './metric-params.js';

/** Metric values, their lineage and the dashboard set, computed by the metric engine. */
export const metricRoutes: FastifyPluginAsync = async (app) => {
  const metricRoles = policy({ roles: ['admin', 'manager', 'analyst', 'hr', 'member'] });
  // Locked assessment periods may be served from the metric cache (their numbers no longer change).
  const isLocked = async (periodId: string) => (await findPeriod(app.engine, periodId))?.status === 'locked';
  const options = () => ({ timeZone: app.yardstick.config.timeZone, isLocked });

  app.get(
    '/metrics',
    {
      config: metricRoles,
      schema: {
        summary: 'KPI values for a period, optionally by dimensions and within a scope',
        tags: ['metrics'],
        querystring: metricsQuery,
      },
    },
    async (req) => {
      const q = req.query as z.output<typeof metricsQuery>;
      const request: MetricRequest = { period: q.period, scope: scopeFor(requireContext(req), q.scope) };
      if (q.kpi?.length) request.kpis = q.kpi;
      if (q.by?.length) request.by = q.by;
      if (q.version) request.version = q.version;
      if (q.attribution) request.attribution = q.attribution;
      return computeMetrics(app.engine, request, options());
    },
  );

  app.get(
    '/explain',
    {
      config: metricRoles,
      schema: {
        summary: 'Lineage of one KPI value: formula, SQL, source rows',
        tags: ['metrics'],
        querystring: explainQuery,
      },
    },
    async (req) => {
      const q = req.query as z.output<typeof explainQuery>;
      const request = {
        kpi: q.kpi,
        period: q.period,
        scope: scopeFor(requireContext(req), q.scope),
        ...(q.version ? { version: q.version } : {}),
        ...(q.attribution ? { attribution: q.attribution } : {}),
      };
      return explainMetric(app.engine, request, options());
    },
  );

  app.get(
    '/dashboard',
    {
      config: policy({ roles: ['admin', 'manager', 'analyst', 'hr', 'viewer'] }),
      schema: {
        summary: 'Dashboard: KPI tiles, funnel, channels, 12-month trend',
        tags: ['metrics'],
        querystring: dashboardQuery,
      },
    },
    async (req) => {
      const q = req.query as z.output<typeof dashboardQuery>;
      const board = await dashboard(
        app.engine,
        q.scope ? { period: q.period, scope: q.scope } : { period: q.period },
        options(),
      );
      // Department targets (from the period's scorecards) apply to the unscoped dashboard only.
      const tiles =
        q.scope && Object.keys(q.scope).length
          ? board.tiles.map((t) => ({ ...t, target: null, attainment: null }))
          : await withDashboardTargets(app.engine, q.period, board.tiles);
      return { ...board, tiles };
    },
  );
};
