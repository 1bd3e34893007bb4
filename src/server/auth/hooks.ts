import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateToken, canSeePerson, resolveSession, type SessionPolicy } from '../../app/auth/index.js';
import { type AuthUser, type RequestContext, roleCan, type TokenScope } from '../../app/context.js';
import { AuthError, ForbiddenError, UserError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import type { RoutePolicy } from './policy.js';

export const SESSION_COOKIE = 'ys_session';
export const CSRF_COOKIE = 'ys_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function makeContext(
  engine: Engine,
  user: AuthUser,
  via: RequestContext['via'],
  scopes: readonly TokenScope[] | null,
): RequestContext {
  return {
    user,
    via,
    scopes,
    can: (action) => roleCan(user.role, action),
    canSeePerson: (personId) => canSeePerson(engine, user, personId),
  };
}

function sameSecret(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Identifies the caller from a bearer token or the session cookie (CSRF-checked for writes). */
async function authenticate(
  engine: Engine,
  req: FastifyRequest,
  policy: RoutePolicy,
  sessions: SessionPolicy,
): Promise<RequestContext | null> {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const found = match?.[1] ? await authenticateToken(engine, match[1]) : null;
    if (!found) throw new AuthError('invalid or revoked API token');
    return makeContext(engine, found.user, 'token', found.scopes);
  }
  const sessionId = req.cookies[SESSION_COOKIE];
  if (!sessionId) return null;
  const session = await resolveSession(engine, sessionId, sessions);
  if (!session) {
    if (policy.roles === 'public') return null;
    throw new AuthError('session expired; please log in again');
  }
  if (!SAFE_METHODS.has(req.method) && policy.csrf !== false) {
    const sent = req.headers[CSRF_HEADER];
    const headerValue = Array.isArray(sent) ? sent[0] : sent;
    if (!sameSecret(headerValue, session.csrf) || !sameSecret(req.cookies[CSRF_COOKIE], session.csrf)) {
      throw new UserError(
        'csrf_failed',
        `missing or wrong ${CSRF_HEADER} header (copy it from the ${CSRF_COOKIE} cookie)`,
        { status: 403 },
      );
    }
  }
  return makeContext(engine, session.user, 'session', null);
}

function tokenAllowed(req: FastifyRequest, policy: RoutePolicy, scopes: readonly TokenScope[]): boolean {
  if (scopes.includes('admin')) return true;
  const accepted = policy.scopes ?? (SAFE_METHODS.has(req.method) ? ['read'] : []);
  return accepted.some((s) => scopes.includes(s));
}

/**
 * Installs authentication and authorization: every /api route must declare `config.auth` (checked when the route
 * is added); the caller is identified and the role/scope checked before the body is read; ownership checks run
 * once the input is validated.
 */
export function installAuth(app: FastifyInstance, engine: Engine, sessions: SessionPolicy): void {
  app.decorateRequest('ctx', null);
  app.addHook('onRoute', (route) => {
    const isApi = route.url === '/api' || route.url.startsWith('/api/');
    if (isApi && !route.config?.auth) {
      throw new Error(`route ${route.method} ${route.url} has no authorization policy (config.auth)`);
    }
  });
  app.addHook('onRequest', async (req) => {
    const policy = req.routeOptions.config?.auth;
    if (!policy) return;
    req.ctx = await authenticate(engine, req, policy, sessions);
    if (policy.roles === 'public') return;
    const ctx = req.ctx;
    if (!ctx) throw new AuthError();
    if (policy.roles !== 'authenticated' && !policy.roles.includes(ctx.user.role)) {
      throw new UserError(
        'role_forbidden',
        `your role (${ctx.user.role}) may not ${req.method} ${req.routeOptions.url}`,
        {
          status: 403,
        },
      );
    }
    if (ctx.scopes && !tokenAllowed(req, policy, ctx.scopes)) {
      throw new UserError(
        'scope_forbidden',
        `this API token's scopes (${ctx.scopes.join(', ')}) do not allow this request`,
        {
          status: 403,
        },
      );
    }
  });
  app.addHook('preHandler', async (req) => {
    const policy = req.routeOptions.config?.auth;
    if (!policy?.ownership || !req.ctx) return;
    if (!(await policy.ownership(req, req.ctx))) throw new ForbiddenError('you may not access this record');
  });
}

/** The authenticated caller of a request, or 401. */
export function requireUser(req: FastifyRequest): AuthUser {
  if (!req.ctx) throw new AuthError();
  return req.ctx.user;
}

/** The request context of an authenticated request, or 401. */
export function requireContext(req: FastifyRequest): RequestContext {
  if (!req.ctx) throw new AuthError();
  return req.ctx;
}
