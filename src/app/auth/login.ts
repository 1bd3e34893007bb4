import { AuthError, UserError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import { type AuthUser, isRole } from '../context.js';
import { verifyPassword } from './passwords.js';

/** Failed-login limits: this many failures within the window lock the username (and, separately, the IP). */
export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, windowMs: 15 * 60_000 };

async function recentFailures(engine: Engine, column: 'username' | 'ip', value: string, since: Date): Promise<number> {
  // A username's count restarts at its last successful login; an IP's does not (one valid account must not
  // let an address keep guessing other accounts' passwords).
  const resetAtSuccess =
    column === 'username'
      ? `AND attempted_at > coalesce((SELECT max(attempted_at) FROM login_attempts WHERE username = $1 AND success),
           '1970-01-01'::TIMESTAMP)`
      : '';
  const [row] = await engine.query<{ n: number }>(
    `SELECT count(*) AS n FROM login_attempts
     WHERE ${column} = $1 AND NOT success AND attempted_at >= $2::TIMESTAMP ${resetAtSuccess}`,
    [value, since],
  );
  return row?.n ?? 0;
}

/**
 * Checks a username and password. Bad credentials give the same 401 whether or not the user exists;
 * after too many failures for the username or the IP, every attempt gets 429 until the window passes.
 */
export async function checkLogin(
  engine: Engine,
  input: { username: string; password: string; ip: string },
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): Promise<AuthUser> {
  const since = new Date(Date.now() - policy.windowMs);
  const byUser = await recentFailures(engine, 'username', input.username, since);
  const byIp = await recentFailures(engine, 'ip', input.ip, since);
  if (byUser >= policy.maxFailures || byIp >= policy.maxFailures) {
    throw new UserError(
      'too_many_attempts',
      `too many failed logins; try again in ${Math.round(policy.windowMs / 60_000)} minutes`,
      { status: 429 },
    );
  }
  const rows = await engine.query(
    'SELECT id, username, role, person_id, password_hash, disabled FROM users WHERE username = $1',
    [input.username],
  );
  const row = rows[0];
  const ok = await verifyPassword(input.password, (row?.password_hash as string | null) ?? null);
  const success = Boolean(row && ok && !row.disabled && isRole(String(row.role)));
  // Attempts older than a day no longer matter for any window; keep the table small.
  await engine.exec('DELETE FROM login_attempts WHERE attempted_at < now()::TIMESTAMP - INTERVAL 1 DAY');
  await engine.exec(
    'INSERT INTO login_attempts (attempted_at, username, ip, success) VALUES (now()::TIMESTAMP, $1, $2, $3)',
    [input.username, input.ip, success],
  );
  if (!success || !row) throw new AuthError('wrong username or password');
  return {
    id: String(row.id),
    username: String(row.username),
    role: row.role as AuthUser['role'],
    personId: (row.person_id as string | null) ?? null,
  };
}
