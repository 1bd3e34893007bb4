import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import {
  compareRecalibration,
  decideRecalibration,
  listRecalibrations,
  proposalSchema,
  proposeRecalibration,
} from '../../../app/recalibration/index.js';
import { requireUser } from '../../auth/hooks.js';
import { policy } from '../../auth/policy.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const listQuery = z.object({ period: z.string().max(20).optional() });
const decideBody = z.object({ note: z.string().max(2000).optional() }).default({});
const planners = policy({ roles: ['admin', 'manager', 'analyst'] });

/** Quarterly recalibration: propose weights / KPI versions, compare with last quarter, approve or reject. */
export const recalibrationRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/recalibrations',
    {
      config: planners,
      schema: { summary: 'Recalibration proposals', tags: ['recalibration'], querystring: listQuery },
    },
    async (req) => listRecalibrations(app.engine, (req.query as z.infer<typeof listQuery>).period),
  );
  app.post(
    '/recalibrations',
    {
      config: planners,
      schema: { summary: 'Propose new weights / KPI versions', tags: ['recalibration'], body: proposalSchema },
    },
    async (req, reply) => reply.status(201).send(await proposeRecalibration(app.engine, requireUser(req), req.body)),
  );
  app.get(
    '/recalibrations/:id',
    {
      config: planners,
      schema: { summary: 'A proposal side by side with last quarter', tags: ['recalibration'], params: idParams },
    },
    async (req) => compareRecalibration(app.engine, (req.params as z.infer<typeof idParams>).id),
  );
  for (const [action, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    app.post(
      `/recalibrations/:id/${action}`,
      {
        config: policy({ roles: ['admin'] }),
        schema: {
          summary: `${action} a proposal (audited)`,
          tags: ['recalibration'],
          params: idParams,
          body: decideBody,
        },
      },
      async (req) =>
        decideRecalibration(
          app.engine,
          requireUser(req),
          (req.params as z.infer<typeof idParams>).id,
          approve,
          (req.body as z.infer<typeof decideBody>)?.note,
        ),
    );
  }
};
