import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkLogin, createSession, deleteSession } from '../../app/auth/index.js';
import type { AuthUser } from '../../app/context.js';
import type { Engine } from '../../warehouse/engine.js';
import { CSRF_COOKIE, requireUser, SESSION_COOKIE } from '../auth/hooks.js';
import { policy } from '../auth/policy.js';

const loginBody = z.object({
  username: z.string().min(1, 'required').max(64),
  password: z.string().min(1, 'required').max(256),
});

export const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: z.string(),
  person_id: z.string().nullable(),
  name: z.string().nullable(),
  team: z.string().nullable(),
  department: z.string().nullable(),
  lang: z.string(),
});

/** The caller's account joined with their person record (name, team, department). */
export async function describeUser(
  engine: Engine,
  user: AuthUser,
  defaultLang: string,
): Promise<z.infer<typeof meSchema>> {
  const rows = await engine.query(
    `SELECT u.display_name, u.lang, p.name, p.team, p.department
     FROM users u LEFT JOIN people p ON p.person_id = u.person_id WHERE u.id = $1`,
    [user.id],
  );
  const row = rows[0] ?? {};
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    person_id: user.personId,
    name: (row.name as string | null) ?? (row.display_name as string | null) ?? null,
    team: (row.team as string | null) ?? null,
    department: (row.department as string | null) ?? null,
    lang: (row.lang as string | null) ?? defaultLang,
  };
}

function secure(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

function clearCookies(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secure(req) });
  reply.clearCookie(CSRF_COOKIE, { path: '/', sameSite: 'strict', secure: secure(req) });
}

/** Login, logout and the current user. */
export const authRoutes: FastifyPluginAsync = async (app) => {
  app.post(
    '/auth/login',
    {
      config: policy({ roles: 'public', csrf: false }),
      schema: {
        summary: 'Log in with username and password; sets ys_session and ys_csrf',
        tags: ['auth'],
        body: loginBody,
        response: { 200: z.object({ user: meSchema }) },
      },
    },
    async (req, reply) => {
      const body = req.body as z.infer<typeof loginBody>;
      const user = await checkLogin(app.engine, { ...body, ip: req.ip }, app.yardstick.lockout);
      const session = await createSession(
        app.engine,
        user.id,
        { ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '') },
        app.yardstick.sessions,
      );
      const common = { path: '/', sameSite: 'strict' as const, secure: secure(req), expires: session.expiresAt };
      reply.setCookie(SESSION_COOKIE, session.id, { ...common, httpOnly: true });
      reply.setCookie(CSRF_COOKIE, session.csrf, { ...common, httpOnly: false });
      return { user: await describeUser(app.engine, user, app.yardstick.config.lang) };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: policy({ roles: 'authenticated', scopes: ['read'] }),
      schema: { summary: 'End the session', tags: ['auth'] },
    },
    async (req, reply) => {
      requireUser(req);
      const id = req.cookies[SESSION_COOKIE];
      if (id) await deleteSession(app.engine, id);
      clearCookies(req, reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/me',
    {
      config: policy({ roles: 'authenticated' }),
      schema: { summary: 'The logged-in account', tags: ['auth'], response: { 200: meSchema } },
    },
    async (req) => describeUser(app.engine, requireUser(req), app.yardstick.config.lang),
  );
};
