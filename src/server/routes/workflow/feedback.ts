import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import {
  FEEDBACK_RELATIONS,
  feedbackRaw,
  feedbackSummary,
  myFeedbackRequests,
  requestFeedback,
  submitFeedback,
} from '../../../app/feedback/index.js';
import { requireUser } from '../../auth/hooks.js';
import { policy } from '../../auth/policy.js';

const score = z.number().int().min(1).max(5);
const submitBody = z.object({
  request_id: z.string().min(1).max(64),
  scores: z.object({
    collaboration: score,
    professionalism: score,
    communication: score,
    results: score,
    innovation: score,
  }),
  comment: z.string().max(5000).optional(),
});
const requestBody = z.object({
  period: z.string().min(4).max(20),
  subject_person_id: z.string().min(1).max(64),
  reviewers: z
    .array(z.object({ person_id: z.string().min(1).max(64), relation: z.enum(FEEDBACK_RELATIONS) }))
    .min(1)
    .max(30),
});
const summaryQuery = z.object({ person_id: z.string().min(1).max(64), period: z.string().min(4).max(20) });
const rawQuery = z.object({ person_id: z.string().max(64).optional(), period: z.string().max(20).optional() });
const periodQuery = z.object({ period: z.string().max(20).optional() });

/** 360° feedback: forms to fill, answers, anonymous aggregates, raw answers for HR. */
export const feedbackRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/feedback/requests',
    {
      config: policy({ roles: 'authenticated' }),
      schema: { summary: 'Feedback forms the caller must fill', tags: ['feedback'], querystring: periodQuery },
    },
    async (req) => myFeedbackRequests(app.engine, requireUser(req), (req.query as z.infer<typeof periodQuery>).period),
  );
  app.post(
    '/feedback/requests',
    {
      config: policy({ roles: ['admin', 'hr', 'manager'] }),
      schema: { summary: 'Ask reviewers for feedback on a person', tags: ['feedback'], body: requestBody },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await requestFeedback(app.engine, requireUser(req), req.body as z.infer<typeof requestBody>)),
  );
  app.post(
    '/feedback',
    {
      config: policy({ roles: 'authenticated' }),
      schema: { summary: 'Submit a feedback form', tags: ['feedback'], body: submitBody },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await submitFeedback(app.engine, requireUser(req), req.body as z.infer<typeof submitBody>)),
  );
  app.get(
    '/feedback/summary',
    {
      config: policy({ roles: 'authenticated' }),
      schema: {
        summary: 'Aggregated 360° result (≥ 3 responses for the subject)',
        tags: ['feedback'],
        querystring: summaryQuery,
      },
    },
    async (req) => {
      const q = req.query as z.infer<typeof summaryQuery>;
      return feedbackSummary(app.engine, requireUser(req), q.person_id, q.period);
    },
  );
  app.get(
    '/feedback/raw',
    {
      config: policy({ roles: ['hr', 'admin'] }),
      schema: { summary: 'Raw feedback answers (HR/admin)', tags: ['feedback'], querystring: rawQuery },
    },
    async (req) => feedbackRaw(app.engine, requireUser(req), req.query as z.infer<typeof rawQuery>),
  );
};
