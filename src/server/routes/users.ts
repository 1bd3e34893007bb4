import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { createApiToken, listApiTokens, parseScopes, revokeApiToken } from '../../app/auth/index.js';
import { ROLES } from '../../app/context.js';
import { createUser, getUser, listUsers, setDisabled, setPassword, updateUser } from '../../app/users/index.js';
import { requireUser } from '../auth/hooks.js';
import { policy } from '../auth/policy.js';
import { type PageQuery, pageQuery } from '../pagination.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const tokenParams = z.object({ id: z.string().min(1).max(64), tokenId: z.string().min(1).max(64) });
const newUserBody = z.object({
  username: z.string().min(2).max(64),
  role: z.enum(ROLES),
  person_id: z.string().min(1).max(64).nullable().optional(),
  password: z.string().min(8, 'at least 8 characters').max(256).optional(),
  display_name: z.string().max(100).nullable().optional(),
  lang: z.enum(['zh-CN', 'en']).nullable().optional(),
});
const disableBody = z
  .object({ disabled: z.boolean().default(true), reason: z.string().max(500).optional() })
  .default({ disabled: true });
const patchBody = z
  .object({
    role: z.enum(ROLES).optional(),
    person_id: z.string().min(1).max(64).nullable().optional(),
    display_name: z.string().max(100).nullable().optional(),
    lang: z.enum(['zh-CN', 'en']).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change', path: ['role'] });
const passwordBody = z.object({ password: z.string().min(8, 'at least 8 characters').max(256) });
const tokenBody = z.object({ scopes: z.string().min(1).max(100), name: z.string().max(100).optional() });

const admin = policy({ roles: ['admin'], scopes: ['admin'] });

/** Account administration (admin only). */
export const userRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/users',
    {
      config: policy({ roles: ['admin'], scopes: ['admin'] }),
      schema: { summary: 'List accounts', tags: ['users'], querystring: pageQuery },
    },
    async (req) => listUsers(app.engine, req.query as PageQuery),
  );

  app.post(
    '/users',
    { config: admin, schema: { summary: 'Create an account', tags: ['users'], body: newUserBody } },
    async (req, reply) => {
      const body = req.body as z.infer<typeof newUserBody>;
      const account = await createUser(app.engine, requireUser(req).username, {
        username: body.username,
        role: body.role,
        personId: body.person_id ?? null,
        password: body.password ?? null,
        displayName: body.display_name ?? null,
        lang: body.lang ?? null,
      });
      return reply.status(201).send(account);
    },
  );

  app.get(
    '/users/:id',
    { config: admin, schema: { summary: 'One account', tags: ['users'], params: idParams } },
    async (req) => getUser(app.engine, (req.params as z.infer<typeof idParams>).id),
  );

  app.patch(
    '/users/:id',
    {
      config: admin,
      schema: {
        summary: 'Change role, person link, name or language',
        tags: ['users'],
        params: idParams,
        body: patchBody,
      },
    },
    async (req) => {
      const { id } = req.params as z.infer<typeof idParams>;
      const body = req.body as z.infer<typeof patchBody>;
      return updateUser(app.engine, requireUser(req).username, id, {
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.person_id !== undefined ? { personId: body.person_id } : {}),
        ...(body.display_name !== undefined ? { displayName: body.display_name } : {}),
        ...(body.lang !== undefined ? { lang: body.lang } : {}),
      });
    },
  );

  app.post(
    '/users/:id/disable',
    {
      config: admin,
      schema: { summary: 'Disable (or re-enable) an account', tags: ['users'], params: idParams, body: disableBody },
    },
    async (req) => {
      const { id } = req.params as z.infer<typeof idParams>;
      const body = (req.body ?? { disabled: true }) as z.infer<typeof disableBody>;
      return setDisabled(app.engine, requireUser(req).username, id, body.disabled, body.reason ?? null);
    },
  );

  app.post(
    '/users/:id/password',
    {
      config: admin,
      schema: { summary: 'Set an account password', tags: ['users'], params: idParams, body: passwordBody },
    },
    async (req, reply) => {
      const { id } = req.params as z.infer<typeof idParams>;
      await setPassword(app.engine, requireUser(req).username, id, (req.body as z.infer<typeof passwordBody>).password);
      return reply.status(204).send();
    },
  );

  app.post(
    '/users/:id/tokens',
    {
      config: admin,
      schema: {
        summary: 'Create an API token for an account (shown once)',
        tags: ['users'],
        params: idParams,
        body: tokenBody,
      },
    },
    async (req, reply) => {
      const { id } = req.params as z.infer<typeof idParams>;
      const body = req.body as z.infer<typeof tokenBody>;
      await getUser(app.engine, id);
      const token = await createApiToken(app.engine, requireUser(req).username, {
        userId: id,
        scopes: parseScopes(body.scopes),
        ...(body.name ? { name: body.name } : {}),
      });
      return reply.status(201).send(token);
    },
  );

  app.get(
    '/users/:id/tokens',
    {
      config: admin,
      schema: { summary: "An account's API tokens (no secrets)", tags: ['users'], params: idParams },
    },
    async (req) => {
      const { id } = req.params as z.infer<typeof idParams>;
      await getUser(app.engine, id);
      return { items: await listApiTokens(app.engine, id) };
    },
  );

  app.post(
    '/users/:id/tokens/:tokenId/revoke',
    {
      config: admin,
      schema: { summary: 'Revoke one of an account’s API tokens (audited)', tags: ['users'], params: tokenParams },
    },
    async (req, reply) => {
      const { id, tokenId } = req.params as z.infer<typeof tokenParams>;
      await revokeApiToken(app.engine, requireUser(req).username, tokenId, id);
      return reply.status(204).send();
    },
  );
};
