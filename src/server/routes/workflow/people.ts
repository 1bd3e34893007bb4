import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { getPerson, listPeople, updatePerson } from '../../../app/org/index.js';
import { requireUser } from '../../auth/hooks.js';
import { policy } from '../../auth/policy.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const patchBody = z
  .object({
    name: z.string().min(1).max(100),
    department: z.string().min(1).max(100),
    team: z.string().max(100).nullable(),
    title: z.string().max(100).nullable(),
    manager_id: z.string().max(64).nullable(),
    role: z.string().max(32).nullable(),
    active: z.boolean(),
  })
  .partial();

/** The organisation: people, departments, teams, managers. */
export const peopleRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/people',
    { config: policy({ roles: 'authenticated' }), schema: { summary: 'People visible to the caller', tags: ['org'] } },
    async (req) => listPeople(app.engine, requireUser(req)),
  );
  app.get(
    '/people/:id',
    { config: policy({ roles: 'authenticated' }), schema: { summary: 'One person', tags: ['org'], params: idParams } },
    async (req) => getPerson(app.engine, requireUser(req), (req.params as z.infer<typeof idParams>).id),
  );
  app.patch(
    '/people/:id',
    {
      config: policy({ roles: ['admin', 'hr'] }),
      schema: { summary: 'Edit a person (audited)', tags: ['org'], params: idParams, body: patchBody },
    },
    async (req) => {
      const body = req.body as z.infer<typeof patchBody>;
      const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      return updatePerson(app.engine, requireUser(req), (req.params as z.infer<typeof idParams>).id, patch);
    },
  );
};
