import { ForbiddenError } from '../../core/errors.js';
import type { AuthUser, Role } from '../context.js';

export { ROLES, type Role } from '../context.js';

/** Who is acting: the logged-in user (the server's request user). */
export type Actor = AuthUser;

/** The system actor used by seeding. */
export const SYSTEM_ACTOR: Actor = { id: 'system', username: 'system', role: 'admin', personId: null };

/** Throws 403 unless the actor has one of the roles. */
export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) throw new ForbiddenError(`${what}: role ${actor.role} may not do this`);
}

/** Whether the actor sees everything about people (admin, hr). */
export function seesAll(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'hr';
}
