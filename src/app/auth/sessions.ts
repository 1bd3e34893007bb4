import type { Engine } from '../../warehouse/engine.js';
import { type AuthUser, isRole } from '../context.js';
import { digestSecret, randomSecret } from './tokens.js';

/** How long sessions live: idle timeout and absolute lifetime, in milliseconds. */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 8 * 3600_000, absoluteMs: 7 * 24 * 3600_000 };

/** A new session: the secret id goes into the cookie, the CSRF token into the readable cookie. */
export interface NewSession {
  id: string;
  csrf: string;
  expiresAt: Date;
}

/** Starts a session for a user; only the digest of its id is stored. */
export async function createSession(
  engine: Engine,
  userId: string,
  meta: { ip?: string; userAgent?: string } = {},
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<NewSession> {
  const id = randomSecret();
  const csrf = randomSecret();
  const expiresAt = new Date(Date.now() + policy.absoluteMs);
  await engine.exec(
    `INSERT INTO auth_sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, now()::TIMESTAMP, now()::TIMESTAMP, $4::TIMESTAMP, $5, $6)`,
    [digestSecret(id), userId, csrf, expiresAt, meta.ip ?? null, meta.userAgent?.slice(0, 300) ?? null],
  );
  return { id, csrf, expiresAt };
}

/** Resolves a session cookie to its user and CSRF token; expired (idle or absolute) sessions are removed. */
export async function resolveSession(
  engine: Engine,
  id: string,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<{ user: AuthUser; csrf: string } | null> {
  if (!id || id.length > 100) return null;
  const idHash = digestSecret(id);
  const rows = await engine.query(
    `SELECT s.csrf_token, s.last_seen_at, s.expires_at, u.id, u.username, u.role, u.person_id, u.disabled
     FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`,
    [idHash],
  );
  const row = rows[0];
  if (!row) return null;
  const now = Date.now();
  const lastSeen = (row.last_seen_at as Date).getTime();
  const expired = (row.expires_at as Date).getTime() <= now || now - lastSeen > policy.idleMs;
  if (expired || row.disabled || !isRole(String(row.role))) {
    await engine.exec('DELETE FROM auth_sessions WHERE id_hash = $1', [idHash]);
    return null;
  }
  // Touch at most once a minute: every request writing would serialise reads behind writes.
  if (now - lastSeen > 60_000) {
    await engine.exec('UPDATE auth_sessions SET last_seen_at = now()::TIMESTAMP WHERE id_hash = $1', [idHash]);
  }
  return {
    user: {
      id: String(row.id),
      username: String(row.username),
      role: row.role as AuthUser['role'],
      personId: (row.person_id as string | null) ?? null,
    },
    csrf: String(row.csrf_token),
  };
}

/** Ends a session. */
export async function deleteSession(engine: Engine, id: string): Promise<void> {
  await engine.exec('DELETE FROM auth_sessions WHERE id_hash = $1', [digestSecret(id)]);
}

/** Ends every session of a user (after a password change or when disabled). */
export async function deleteUserSessions(engine: Engine, userId: string): Promise<void> {
  await engine.exec('DELETE FROM auth_sessions WHERE user_id = $1', [userId]);
}
