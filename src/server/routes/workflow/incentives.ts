import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import {
  incentivesCsv,
  incentivesForPeriod,
  incentivesXlsx,
  recommendationList,
  updateWorkflowSettings,
  workflowSettings,
} from '../../../app/incentives/index.js';
import { requireUser } from '../../auth/hooks.js';
import { policy } from '../../auth/policy.js';

const periodQuery = z.object({ period: z.string().min(4).max(20) });
const readers = policy({ roles: ['admin', 'hr', 'manager'] });
const fileName = (period: string, ext: string) => `incentives-${period.replace(/[^A-Za-z0-9-]/g, '')}.${ext}`;

/** Incentives per person, payroll exports (CSV/XLSX, formula-injection safe), HR recommendations, settings. */
export const incentiveRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/incentives',
    { config: readers, schema: { summary: 'Bonus per person in fen', tags: ['incentives'], querystring: periodQuery } },
    async (req) => incentivesForPeriod(app.engine, requireUser(req), (req.query as z.infer<typeof periodQuery>).period),
  );
  app.get(
    '/incentives/export.csv',
    {
      config: policy({ roles: ['admin', 'hr'] }),
      schema: { summary: 'Payroll export (CSV)', tags: ['incentives'], querystring: periodQuery },
    },
    async (req, reply) => {
      const { period } = req.query as z.infer<typeof periodQuery>;
      const rows = await incentivesForPeriod(app.engine, requireUser(req), period);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(period, 'csv')}"`)
        .send(incentivesCsv(rows));
    },
  );
  app.get(
    '/incentives/export.xlsx',
    {
      config: policy({ roles: ['admin', 'hr'] }),
      schema: { summary: 'Payroll export (XLSX)', tags: ['incentives'], querystring: periodQuery },
    },
    async (req, reply) => {
      const { period } = req.query as z.infer<typeof periodQuery>;
      const rows = await incentivesForPeriod(app.engine, requireUser(req), period);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${fileName(period, 'xlsx')}"`)
        .send(await incentivesXlsx(rows, period));
    },
  );
  app.get(
    '/incentives/recommendations',
    {
      config: policy({ roles: ['admin', 'hr'] }),
      schema: {
        summary: 'Promotion / training / demotion-review list',
        tags: ['incentives'],
        querystring: periodQuery,
      },
    },
    async (req) =>
      recommendationList(
        await incentivesForPeriod(app.engine, requireUser(req), (req.query as z.infer<typeof periodQuery>).period),
      ),
  );
  app.get(
    '/workflow/settings',
    { config: readers, schema: { summary: 'Bands, calibration guidance, incentive rules', tags: ['incentives'] } },
    async () => workflowSettings(app.engine),
  );
  app.put(
    '/workflow/settings',
    {
      config: policy({ roles: ['admin', 'hr'] }),
      schema: {
        summary: 'Change bands, guidance or incentive rules (audited)',
        tags: ['incentives'],
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (req) => updateWorkflowSettings(app.engine, requireUser(req), req.body),
  );
};
