import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.js';
import { KPI_CATALOG } from '../../core/kpi/index.js';
import { getTemplate, listTemplates } from '../../core/templates/index.js';
import { policy } from '../auth/policy.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const kpiItem = z.object({
  id: z.string(),
  name_zh: z.string(),
  name_en: z.string(),
  unit: z.string(),
  direction: z.enum(['higher', 'lower']),
  stage: z.string(),
  perspective: z.string(),
  dimensions: z.array(z.string()),
  versions: z.array(z.object({ version: z.string(), effective_from: z.string(), formula: z.string() })),
});

/** The KPI catalog and scorecard templates (read only). */
export const catalogRoutes: FastifyPluginAsync = async (app) => {
  const anyone = policy({ roles: 'authenticated' });
  app.get(
    '/kpis',
    { config: anyone, schema: { summary: 'KPI catalog', tags: ['catalog'], response: { 200: z.array(kpiItem) } } },
    async () =>
      KPI_CATALOG.map((k) => ({
        id: k.id,
        name_zh: k.name_zh,
        name_en: k.name_en,
        unit: k.unit,
        direction: k.direction,
        stage: k.stage,
        perspective: k.perspective,
        dimensions: k.dimensions,
        long_term: k.long_term,
        manual: k.manual ?? false,
        description_zh: k.description_zh ?? null,
        description_en: k.description_en ?? null,
        versions: k.versions,
      })),
  );
  app.get('/templates', { config: anyone, schema: { summary: 'Scorecard templates', tags: ['catalog'] } }, async () =>
    listTemplates(),
  );
  app.get(
    '/templates/:id',
    { config: anyone, schema: { summary: 'One scorecard template', tags: ['catalog'], params: idParams } },
    async (req) => {
      const { id } = req.params as z.infer<typeof idParams>;
      if (!listTemplates().some((t) => t.id === id)) throw new NotFoundError(`no template "${id}"`);
      return getTemplate(id);
    },
  );
};
