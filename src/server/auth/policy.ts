import type { FastifyRequest } from 'fastify';
import type { RequestContext, Role, TokenScope } from '../../app/context.js';
import type { Engine } from '../../warehouse/engine.js';

/**
 * Who may call a route. Every route under /api must declare one in `config.auth` (startup fails otherwise).
 * - `roles`: `'public'` (anyone, even anonymous), `'authenticated'` (any logged-in account), or a role list.
 * - `scopes`: API-token scopes accepted; default `read` for GET/HEAD and none for writes (`admin` always passes).
 * - `ownership`: a data check run after validation (params/query/body parsed), e.g. "the caller may see this
 *   person"; false → 403. Throwing a UserError (404, …) also works.
 * - `csrf: false` only for endpoints that create the session (login).
 */
export interface RoutePolicy {
  roles: 'public' | 'authenticated' | readonly Role[];
  scopes?: readonly TokenScope[];
  ownership?: (req: FastifyRequest, ctx: RequestContext) => boolean | Promise<boolean>;
  csrf?: false;
}

/** Shorthand for `config: { auth: {...} }` in a route definition. */
export function policy(auth: RoutePolicy): { auth: RoutePolicy } {
  return { auth };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RoutePolicy;
  }
  interface FastifyRequest {
    /** The authenticated caller, or null (anonymous, on public routes). */
    ctx: RequestContext | null;
  }
  interface FastifyInstance {
    /** The warehouse the server runs against. */
    engine: Engine;
  }
  /** Documentation keys read by the OpenAPI generator (validation uses body/querystring/params zod schemas). */
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: string[];
    consumes?: string;
  }
}
