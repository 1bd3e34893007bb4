import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { adjustBand, calibrationView } from '../../../app/calibration/index.js';
import { requireUser } from '../../auth/hooks.js';
import { policy } from '../../auth/policy.js';

const viewQuery = z.object({ period: z.string().min(4).max(20), team: z.string().max(100).optional() });
const adjustBody = z.object({
  scorecard_id: z.string().min(1).max(64),
  band: z.string().min(1).max(8),
  reason: z.string().min(1).max(2000),
});
const calibrators = policy({ roles: ['admin', 'hr', 'manager'] });

/** Calibration: rating distribution with guidance, band changes with reasons. */
export const calibrationRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/calibration',
    {
      config: calibrators,
      schema: { summary: 'Rating distribution and guidance', tags: ['calibration'], querystring: viewQuery },
    },
    async (req) => calibrationView(app.engine, requireUser(req), req.query as z.infer<typeof viewQuery>),
  );
  app.post(
    '/calibration/adjust',
    {
      config: calibrators,
      schema: { summary: 'Change a band with a reason (audited)', tags: ['calibration'], body: adjustBody },
    },
    async (req) => adjustBand(app.engine, requireUser(req), req.body as z.infer<typeof adjustBody>),
  );
};
