import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import {
  addBonusItem,
  approveScorecard,
  assertSeesScorecard,
  assessScorecard,
  createScorecard,
  getScorecard,
  listScorecards,
  loadScorecard,
  selfReportOf,
  updateScorecardItems,
  writeSelfReport,
} from '../../../app/scorecards/index.js';
import { ForbiddenError } from '../../../core/errors.js';
import { requireUser } from '../../auth/hooks.js';
import { policy } from '../../auth/policy.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const listQuery = z.object({ period: z.string().max(20).optional(), team: z.string().max(100).optional() });
const createBody = z
  .object({
    person_id: z.string().min(1).max(64).optional(),
    team: z.string().min(1).max(100).optional(),
    period: z.string().min(4).max(20),
    template_id: z.string().min(1).max(64),
    targets: z.record(z.string(), z.number()).optional(),
  })
  .refine((b) => Boolean(b.person_id) !== Boolean(b.team), {
    message: 'give either person_id or team',
    path: ['person_id'],
  });
const itemsBody = z.object({ items: z.array(z.unknown()).min(1).max(50) });
const assessmentBody = z.object({
  scores: z.record(z.string(), z.number().int().min(1).max(5)),
  comment: z.string().max(5000).optional(),
});
const selfReportBody = z.object({
  content: z.string().max(100_000),
  attachments: z
    .array(z.object({ name: z.string().min(1).max(200), url: z.string().min(1).max(2000) }))
    .max(20)
    .optional(),
});
const bonusBody = z.object({
  points: z.number().positive().max(100),
  cap: z.number().positive().max(100).optional(),
  reason: z.string().min(1).max(1000),
});

const managers = policy({ roles: ['admin', 'manager'] });

/** Scorecards: list, create from a template, items/targets, approval, manager assessment, self-report, bonus. */
export const scorecardRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/scorecards',
    {
      config: policy({ roles: 'authenticated' }),
      schema: { summary: 'Scorecards visible to the caller', tags: ['scorecards'], querystring: listQuery },
    },
    async (req) => {
      const q = req.query as z.infer<typeof listQuery>;
      return listScorecards(app.engine, requireUser(req), { period: q.period, team: q.team });
    },
  );
  app.post(
    '/scorecards',
    {
      config: managers,
      schema: { summary: 'Create a scorecard from a template', tags: ['scorecards'], body: createBody },
    },
    async (req, reply) => {
      const body = req.body as z.infer<typeof createBody>;
      const { card, warnings } = await createScorecard(app.engine, requireUser(req), body);
      return reply.status(201).send({ ...(await getScorecard(app.engine, requireUser(req), card.id)), warnings });
    },
  );
  app.get(
    '/scorecards/:id',
    {
      config: policy({ roles: 'authenticated' }),
      schema: { summary: 'One scorecard with scores', tags: ['scorecards'], params: idParams },
    },
    async (req) => getScorecard(app.engine, requireUser(req), (req.params as z.infer<typeof idParams>).id),
  );
  app.put(
    '/scorecards/:id/items',
    {
      config: managers,
      schema: {
        summary: 'Replace items, weights and targets (lint warnings returned)',
        tags: ['scorecards'],
        params: idParams,
        body: itemsBody,
      },
    },
    async (req) => {
      const user = requireUser(req);
      const id = (req.params as z.infer<typeof idParams>).id;
      const { warnings } = await updateScorecardItems(
        app.engine,
        user,
        id,
        (req.body as z.infer<typeof itemsBody>).items,
      );
      return { ...(await getScorecard(app.engine, user, id)), warnings };
    },
  );
  app.post(
    '/scorecards/:id/approve',
    { config: managers, schema: { summary: 'Approve the targets', tags: ['scorecards'], params: idParams } },
    async (req) => {
      const user = requireUser(req);
      const id = (req.params as z.infer<typeof idParams>).id;
      await approveScorecard(app.engine, user, id);
      return getScorecard(app.engine, user, id);
    },
  );
  app.post(
    '/scorecards/:id/manager-assessment',
    {
      config: managers,
      schema: {
        summary: 'Manager scores 1–5 per qualitative item',
        tags: ['scorecards'],
        params: idParams,
        body: assessmentBody,
      },
    },
    async (req) => {
      const body = req.body as z.infer<typeof assessmentBody>;
      return assessScorecard(app.engine, requireUser(req), (req.params as z.infer<typeof idParams>).id, body);
    },
  );
  app.get(
    '/scorecards/:id/self-report',
    {
      config: policy({ roles: 'authenticated' }),
      schema: { summary: 'The self-report (述职)', tags: ['scorecards'], params: idParams },
    },
    async (req) => {
      const user = requireUser(req);
      const card = await loadScorecard(app.engine, (req.params as z.infer<typeof idParams>).id);
      await assertSeesScorecard(app.engine, user, card);
      return selfReportOf(app.engine, card.id);
    },
  );
  app.put(
    '/scorecards/:id/self-report',
    {
      config: policy({ roles: 'authenticated' }),
      schema: {
        summary: 'Write the self-report (owner)',
        tags: ['scorecards'],
        params: idParams,
        body: selfReportBody,
      },
    },
    async (req) => {
      const user = requireUser(req);
      if (user.role === 'viewer') throw new ForbiddenError('viewers cannot write self-reports');
      return writeSelfReport(
        app.engine,
        user,
        (req.params as z.infer<typeof idParams>).id,
        req.body as z.infer<typeof selfReportBody>,
      );
    },
  );
  app.post(
    '/scorecards/:id/bonus',
    {
      config: managers,
      schema: {
        summary: 'Add a dynamic bonus item (创新加分)',
        tags: ['scorecards'],
        params: idParams,
        body: bonusBody,
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await addBonusItem(
            app.engine,
            requireUser(req),
            (req.params as z.infer<typeof idParams>).id,
            req.body as z.infer<typeof bonusBody>,
          ),
        ),
  );
};
