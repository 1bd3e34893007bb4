import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import { recordAudit } from '../audit/index.js';
import { type AuthUser, isRole, TOKEN_SCOPES, type TokenScope } from '../context.js';

/** A fresh random secret (32 bytes, base64url). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The SHA-256 digest under which a session id or API token is stored (the secret itself never is). */
export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Parses a comma-separated scope list (e.g. `import,read`), rejecting unknown scopes. */
export function parseScopes(text: string, field = 'scopes'): TokenScope[] {
  const scopes = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (scopes.length === 0) throw new ValidationError(`${field}: give at least one of ${TOKEN_SCOPES.join(', ')}`);
  for (const scope of scopes) {
    if (!(TOKEN_SCOPES as readonly string[]).includes(scope)) {
      throw new ValidationError(`${field}: unknown scope "${scope}" (use ${TOKEN_SCOPES.join(', ')})`, [{ field }]);
    }
  }
  return [...new Set(scopes)] as TokenScope[];
}

/** Creates an API token (`ys_…`) for a user; the plain token is returned once and only its digest is stored. */
export async function createApiToken(
  engine: Engine,
  actor: string,
  input: { userId: string; scopes: readonly TokenScope[]; name?: string; expiresAt?: Date | null },
): Promise<{ id: string; token: string; scopes: TokenScope[] }> {
  const token = `ys_${randomSecret()}`;
  const id = randomUUID();
  await engine.transaction(async (tx) => {
    await tx.exec(
      `INSERT INTO api_tokens (id, token_hash, user_id, name, scopes, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, now()::TIMESTAMP, $6::TIMESTAMP)`,
      [id, digestSecret(token), input.userId, input.name ?? null, input.scopes.join(','), input.expiresAt ?? null],
    );
    await recordAudit(tx, {
      actor,
      entity: 'api_token',
      entity_id: id,
      action: 'create',
      after: { user_id: input.userId, name: input.name ?? null, scopes: input.scopes },
    });
  });
  return { id, token, scopes: [...input.scopes] };
}

/** An API token as listed to admins: never the secret or its digest. */
export interface ApiTokenInfo {
  id: string;
  name: string | null;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);

/** Lists a user's API tokens, newest first (revoked ones included, marked). */
export async function listApiTokens(engine: Engine, userId: string): Promise<ApiTokenInfo[]> {
  const rows = await engine.query(
    `SELECT id, name, scopes, created_at, expires_at, revoked_at, last_used_at FROM api_tokens
     WHERE user_id = $1 ORDER BY created_at DESC, id`,
    [userId],
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: (r.name as string | null) ?? null,
    scopes: String(r.scopes).split(',').filter(Boolean),
    created_at: iso(r.created_at) ?? '',
    expires_at: iso(r.expires_at),
    revoked_at: iso(r.revoked_at),
    last_used_at: iso(r.last_used_at),
  }));
}

/** Revokes an API token (audited); with `userId`, only a token of that user (else 404). */
export async function revokeApiToken(engine: Engine, actor: string, id: string, userId?: string): Promise<void> {
  await engine.transaction(async (tx) => {
    const [token] = await tx.query<{ user_id: string; revoked: boolean }>(
      'SELECT user_id, revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE id = $1',
      [id],
    );
    if (!token || (userId !== undefined && token.user_id !== userId)) {
      throw new NotFoundError(`API token "${id}" not found${userId ? ` for user "${userId}"` : ''}`);
    }
    if (token.revoked) return;
    await tx.exec('UPDATE api_tokens SET revoked_at = now()::TIMESTAMP WHERE id = $1', [id]);
    await recordAudit(tx, {
      actor,
      entity: 'api_token',
      entity_id: id,
      action: 'revoke',
      after: { user_id: token.user_id },
    });
  });
}

/** Resolves a bearer token to its (enabled) user and scopes, or null. */
export async function authenticateToken(
  engine: Engine,
  token: string,
): Promise<{ user: AuthUser; scopes: TokenScope[] } | null> {
  if (!token.startsWith('ys_') || token.length > 200) return null;
  const rows = await engine.query(
    `SELECT t.id, t.scopes, t.last_used_at, u.id AS user_id, u.username, u.role, u.person_id
     FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled
       AND (t.expires_at IS NULL OR t.expires_at > now()::TIMESTAMP)`,
    [digestSecret(token)],
  );
  const row = rows[0];
  if (!row || !isRole(String(row.role))) return null;
  const lastUsed = row.last_used_at as Date | null;
  if (!lastUsed || Date.now() - lastUsed.getTime() > 60_000) {
    await engine.exec('UPDATE api_tokens SET last_used_at = now()::TIMESTAMP WHERE id = $1', [row.id]);
  }
  return {
    user: {
      id: String(row.user_id),
      username: String(row.username),
      role: row.role as AuthUser['role'],
      personId: (row.person_id as string | null) ?? null,
    },
    scopes: String(row.scopes).split(',') as TokenScope[],
  };
}
