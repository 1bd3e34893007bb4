import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { Engine, Row } from '../../warehouse/engine.js';
import { recordAudit } from '../audit/index.js';
import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { deleteUserSessions } from '../auth/sessions.js';
import { isRole, ROLES, type Role } from '../context.js';

/** An account as shown to admins (never includes the password hash). */
export interface UserAccount {
  id: string;
  username: string;
  role: Role;
  person_id: string | null;
  display_name: string | null;
  lang: string | null;
  disabled: boolean;
  has_password: boolean;
  created_at: string;
}

const USERNAME = /^[A-Za-z0-9._@-]{2,64}$/;
const COLUMNS =
  'id, username, role, person_id, display_name, lang, disabled, password_hash IS NOT NULL AS has_password, created_at';

function toAccount(row: Row): UserAccount {
  return {
    id: String(row.id),
    username: String(row.username),
    role: row.role as Role,
    person_id: (row.person_id as string | null) ?? null,
    display_name: (row.display_name as string | null) ?? null,
    lang: (row.lang as string | null) ?? null,
    disabled: Boolean(row.disabled),
    has_password: Boolean(row.has_password),
    created_at: (row.created_at as Date).toISOString(),
  };
}

/** Input for a new account; a member account must be linked to a person. */
export interface NewUser {
  username: string;
  role: string;
  personId?: string | null;
  password?: string | null;
  displayName?: string | null;
  lang?: string | null;
}

/** Creates an account (audited). Passwords are stored as scrypt hashes only. */
export async function createUser(engine: Engine, actor: string, input: NewUser): Promise<UserAccount> {
  if (!USERNAME.test(input.username)) {
    throw new ValidationError('username: 2–64 letters, digits or . _ @ -', [{ field: 'username' }]);
  }
  if (!isRole(input.role)) {
    throw new ValidationError(`role: must be one of ${ROLES.join(', ')}`, [{ field: 'role' }]);
  }
  if (input.role === 'member' && !input.personId) {
    throw new ValidationError('person_id: a member account must be linked to a person', [{ field: 'person_id' }]);
  }
  if (input.password != null) {
    const problem = passwordProblem(input.password);
    if (problem) throw new ValidationError(`password: ${problem}`, [{ field: 'password' }]);
  }
  const hash = input.password != null ? await hashPassword(input.password) : null;
  const id = randomUUID();
  return engine.transaction(async (tx) => {
    const existing = await tx.query('SELECT 1 FROM users WHERE username = $1', [input.username]);
    if (existing.length) throw new ConflictError(`username "${input.username}" is taken`);
    if (input.personId) {
      const person = await tx.query('SELECT 1 FROM people WHERE person_id = $1', [input.personId]);
      if (!person.length) {
        throw new ValidationError(`person_id: no person "${input.personId}" in the people table`, [
          { field: 'person_id' },
        ]);
      }
    }
    await tx.exec(
      `INSERT INTO users (id, username, role, person_id, display_name, lang, password_hash, disabled, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, false, now()::TIMESTAMP, now()::TIMESTAMP)`,
      [id, input.username, input.role, input.personId ?? null, input.displayName ?? null, input.lang ?? null, hash],
    );
    const account = await getUserIn(tx, id);
    await recordAudit(tx, { actor, entity: 'user', entity_id: id, action: 'create', after: account });
    return account;
  });
}

async function getUserIn(engine: Engine, id: string): Promise<UserAccount> {
  const rows = await engine.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  if (!rows[0]) throw new NotFoundError(`user ${id} not found`);
  return toAccount(rows[0]);
}

/** Reads one account by id. */
export function getUser(engine: Engine, id: string): Promise<UserAccount> {
  return getUserIn(engine, id);
}

/** Reads one account by username, or throws 404. */
export async function getUserByName(engine: Engine, username: string): Promise<UserAccount> {
  const rows = await engine.query(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [username]);
  if (!rows[0]) throw new NotFoundError(`no user "${username}"`);
  return toAccount(rows[0]);
}

/** Lists accounts by username, one page at a time. */
export async function listUsers(
  engine: Engine,
  page: { page: number; page_size: number } = { page: 1, page_size: 1000 },
): Promise<{ items: UserAccount[]; total: number; page: number; page_size: number }> {
  const [count] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM users');
  const rows = await engine.query(
    `SELECT ${COLUMNS} FROM users ORDER BY username LIMIT ${Number(page.page_size)} OFFSET ${Number((page.page - 1) * page.page_size)}`,
  );
  return { items: rows.map(toAccount), total: count?.n ?? 0, ...page };
}

/** Changes of an account an admin may make. */
export interface UserPatch {
  role?: string;
  personId?: string | null;
  displayName?: string | null;
  lang?: string | null;
}

/** Changes an account's role, person link, name or language (audited with before/after). */
export async function updateUser(engine: Engine, actor: string, id: string, patch: UserPatch): Promise<UserAccount> {
  if (patch.role !== undefined && !isRole(patch.role)) {
    throw new ValidationError(`role: must be one of ${ROLES.join(', ')}`, [{ field: 'role' }]);
  }
  return engine.transaction(async (tx) => {
    const before = await getUserIn(tx, id);
    const role = patch.role ?? before.role;
    const personId = patch.personId === undefined ? before.person_id : patch.personId;
    if (role === 'member' && !personId) {
      throw new ValidationError('person_id: a member account must be linked to a person', [{ field: 'person_id' }]);
    }
    if (personId && personId !== before.person_id) {
      const person = await tx.query('SELECT 1 FROM people WHERE person_id = $1', [personId]);
      if (!person.length) {
        throw new ValidationError(`person_id: no person "${personId}" in the people table`, [{ field: 'person_id' }]);
      }
    }
    await tx.exec(
      `UPDATE users SET role = $1, person_id = $2, display_name = $3, lang = $4, updated_at = now()::TIMESTAMP
       WHERE id = $5`,
      [
        role,
        personId,
        patch.displayName === undefined ? before.display_name : patch.displayName,
        patch.lang === undefined ? before.lang : patch.lang,
        id,
      ],
    );
    // A changed role must not keep powers in live sessions.
    if (role !== before.role) await deleteUserSessions(tx, id);
    const after = await getUserIn(tx, id);
    await recordAudit(tx, { actor, entity: 'user', entity_id: id, action: 'update', before, after });
    return after;
  });
}

/** Sets a new password (audited without the secret) and ends the user's sessions. */
export async function setPassword(engine: Engine, actor: string, id: string, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError(`password: ${problem}`, [{ field: 'password' }]);
  const hash = await hashPassword(password);
  await engine.transaction(async (tx) => {
    await getUserIn(tx, id);
    await tx.exec('UPDATE users SET password_hash = $1, updated_at = now()::TIMESTAMP WHERE id = $2', [hash, id]);
    await recordAudit(tx, { actor, entity: 'user', entity_id: id, action: 'set_password' });
    await deleteUserSessions(tx, id);
  });
}

/** Disables (or re-enables) an account; disabling ends its sessions and its tokens stop working. */
export async function setDisabled(
  engine: Engine,
  actor: string,
  id: string,
  disabled: boolean,
  reason?: string | null,
): Promise<UserAccount> {
  return engine.transaction(async (tx) => {
    const before = await getUserIn(tx, id);
    await tx.exec('UPDATE users SET disabled = $1, updated_at = now()::TIMESTAMP WHERE id = $2', [disabled, id]);
    if (disabled) await deleteUserSessions(tx, id);
    const after = await getUserIn(tx, id);
    await recordAudit(tx, {
      actor,
      entity: 'user',
      entity_id: id,
      action: disabled ? 'disable' : 'enable',
      before: { disabled: before.disabled },
      after: { disabled: after.disabled },
      reason: reason ?? null,
    });
    return after;
  });
}

/** Ensures a password-less admin account exists (used for the local CLI token of `serve`); returns its id. */
export async function ensureServiceUser(engine: Engine, username = 'yardstick-cli'): Promise<string> {
  const rows = await engine.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
  if (rows[0]) return rows[0].id;
  const account = await createUser(engine, 'system', { username, role: 'admin', displayName: 'local CLI (service)' });
  return account.id;
}
