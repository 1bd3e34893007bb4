import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { addPlanItem, PLAN_STATUSES, reviewView, updatePlanItem } from '../../../app/reviews/index.js';
import { requireUser } from '../../auth/hooks.js';
import { policy } from '../../auth/policy.js';

const cardParams = z.object({ scorecardId: z.string().min(1).max(64) });
const planParams = z.object({ id: z.string().min(1).max(64) });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const planBody = z.object({
  action: z.string().min(1).max(2000),
  owner_id: z.string().max(64).nullable().optional(),
  due_date: date.nullable().optional(),
  status: z.enum(PLAN_STATUSES).optional(),
});
const updateBody = z.object({ status: z.enum(PLAN_STATUSES), note: z.string().max(2000).optional() });

/** Review meetings (绩效面谈): gaps with drivers, improvement plans and their follow-up. */
export const reviewRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/reviews/:scorecardId',
    {
      config: policy({ roles: 'authenticated' }),
      schema: { summary: 'Gap vs target per KPI with drivers, and the plan', tags: ['reviews'], params: cardParams },
    },
    async (req) => reviewView(app.engine, requireUser(req), (req.params as z.infer<typeof cardParams>).scorecardId),
  );
  app.post(
    '/reviews/:scorecardId/plan',
    {
      config: policy({ roles: ['admin', 'manager'] }),
      schema: { summary: 'Add an improvement plan item', tags: ['reviews'], params: cardParams, body: planBody },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await addPlanItem(
            app.engine,
            requireUser(req),
            (req.params as z.infer<typeof cardParams>).scorecardId,
            req.body as z.infer<typeof planBody>,
          ),
        ),
  );
  app.patch(
    '/reviews/plan/:id',
    {
      config: policy({ roles: ['admin', 'manager', 'member'] }),
      schema: {
        summary: 'Update a plan item status (follow-up)',
        tags: ['reviews'],
        params: planParams,
        body: updateBody,
      },
    },
    async (req) =>
      updatePlanItem(
        app.engine,
        requireUser(req),
        (req.params as z.infer<typeof planParams>).id,
        req.body as z.infer<typeof updateBody>,
      ),
  );
};
