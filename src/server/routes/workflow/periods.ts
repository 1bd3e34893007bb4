import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { createPeriod, getPeriod, listPeriods, PERIOD_STATUSES, transitionPeriod } from '../../../app/periods/index.js';
import { requireUser } from '../../auth/hooks.js';
import { policy } from '../../auth/policy.js';

const idParams = z.object({ id: z.string().min(1).max(20) });
const createBody = z.object({ id: z.string().min(4).max(20) });
const transitionBody = z.object({ to: z.enum(PERIOD_STATUSES), reason: z.string().max(1000).optional() });

/** Assessment periods and their workflow transitions. */
export const periodRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/periods',
    { config: policy({ roles: 'authenticated' }), schema: { summary: 'Assessment periods', tags: ['periods'] } },
    async () => listPeriods(app.engine),
  );
  app.get(
    '/periods/:id',
    {
      config: policy({ roles: 'authenticated' }),
      schema: { summary: 'One period', tags: ['periods'], params: idParams },
    },
    async (req) => getPeriod(app.engine, (req.params as z.infer<typeof idParams>).id),
  );
  app.post(
    '/periods',
    {
      config: policy({ roles: ['admin', 'manager'] }),
      schema: { summary: 'Create a period (draft)', tags: ['periods'], body: createBody },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createPeriod(app.engine, requireUser(req), (req.body as z.infer<typeof createBody>).id)),
  );
  app.post(
    '/periods/:id/transition',
    {
      config: policy({ roles: ['admin', 'manager'] }),
      schema: {
        summary: 'Move a period forward (or reopen: admin + reason)',
        tags: ['periods'],
        params: idParams,
        body: transitionBody,
      },
    },
    async (req) => {
      const body = req.body as z.infer<typeof transitionBody>;
      return transitionPeriod(
        app.engine,
        requireUser(req),
        (req.params as z.infer<typeof idParams>).id,
        body.to,
        body.reason ?? null,
      );
    },
  );
};
