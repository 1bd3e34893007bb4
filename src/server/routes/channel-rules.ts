import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { createChannelRule, deleteChannelRule, listChannelRules, RULES_APPLY_TO } from '../../app/channels/index.js';
import { CHANNEL_GROUPS } from '../../core/channels/types.js';
import { requireUser } from '../auth/hooks.js';
import { policy } from '../auth/policy.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const pattern = z.string().max(500).nullable().optional();
const newRuleBody = z.object({
  priority: z.number().int().min(0).max(1_000_000),
  channel: z.string().trim().min(1).max(100),
  channel_group: z.enum(CHANNEL_GROUPS).nullable().optional(),
  source_pattern: pattern,
  medium_pattern: pattern,
  campaign_pattern: pattern,
  referrer_pattern: pattern,
  aliases: z.array(z.string().max(100)).max(50).optional(),
});

/** User-defined channel rules (table channel_rules); they apply to data imported after the change. */
export const channelRuleRoutes: FastifyPluginAsync = async (app) => {
  const writers = policy({ roles: ['admin', 'analyst'] });
  app.get(
    '/channel-rules',
    {
      config: policy({ roles: ['admin', 'analyst', 'manager'] }),
      schema: { summary: 'Channel rules in evaluation order', tags: ['channels'] },
    },
    async () => ({ items: await listChannelRules(app.engine), applies_to: RULES_APPLY_TO }),
  );

  app.post(
    '/channel-rules',
    { config: writers, schema: { summary: 'Create a channel rule', tags: ['channels'], body: newRuleBody } },
    async (req, reply) => {
      const rule = await createChannelRule(
        app.engine,
        req.body as z.infer<typeof newRuleBody>,
        requireUser(req).username,
      );
      return reply.status(201).send({ ...rule, applies_to: RULES_APPLY_TO });
    },
  );

  app.delete(
    '/channel-rules/:id',
    { config: writers, schema: { summary: 'Delete a channel rule', tags: ['channels'], params: idParams } },
    async (req) => {
      const { id } = req.params as z.infer<typeof idParams>;
      const rule = await deleteChannelRule(app.engine, id, requireUser(req).username);
      return { deleted: rule.rule_id, rule, applies_to: RULES_APPLY_TO };
    },
  );
};
