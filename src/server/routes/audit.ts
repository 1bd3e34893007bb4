import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { queryAudit } from '../../app/audit/index.js';
import { policy } from '../auth/policy.js';
import { pageQuery } from '../pagination.js';

const when = z.string().regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/, 'a date (YYYY-MM-DD) or ISO instant');
const auditQuery = pageQuery.extend({
  entity: z.string().max(64).optional(),
  entity_id: z.string().max(128).optional(),
  actor: z.string().max(64).optional(),
  from: when.optional(),
  to: when.optional(),
});

/** The append-only audit log (read only: there is no route that changes it). */
export const auditRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/audit',
    {
      config: policy({ roles: ['admin', 'hr'] }),
      schema: { summary: 'Audit entries, newest first', tags: ['audit'], querystring: auditQuery },
    },
    async (req) => {
      const q = req.query as z.infer<typeof auditQuery>;
      return queryAudit(app.engine, q, { page: q.page, page_size: q.page_size });
    },
  );
};
