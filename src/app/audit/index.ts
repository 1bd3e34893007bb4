import { NotFoundError } from '../../core/errors.js';
import type { Engine, Row } from '../../warehouse/engine.js';

/** One change to record: who did what to which entity, with the state before and after and why. */
export interface AuditInput {
  /** Username of the actor (or `system` for automatic changes). */
  actor: string;
  entity: string;
  entity_id?: string | null;
  action: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** A stored audit entry as the API returns it. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  entity: string;
  entity_id: string | null;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface AuditFilters {
  entity?: string | undefined;
  entity_id?: string | undefined;
  actor?: string | undefined;
  /** Inclusive lower bound (ISO date or instant). */
  from?: string | undefined;
  /** Exclusive upper bound for instants; a plain date includes that whole (UTC) day. */
  to?: string | undefined;
}

export interface Page {
  page: number;
  page_size: number;
}

const SECRET_KEYS = /pass(word)?|token|secret|hash|cookie/i;

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v);
    return out;
  }
  return value;
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(redact(value));
}

/**
 * Appends one entry to the audit log. Call it with the transaction that makes the change so both commit or
 * neither does. The log is append-only: there is deliberately no update or delete function.
 */
export async function recordAudit(tx: Engine, input: AuditInput): Promise<void> {
  await tx.exec(
    `INSERT INTO audit_log (recorded_at, actor, entity, entity_id, action, before_json, after_json, reason)
     VALUES (now()::TIMESTAMP, $1, $2, $3, $4, $5, $6, $7)`,
    [
      input.actor,
      input.entity,
      input.entity_id ?? null,
      input.action,
      toJson(input.before),
      toJson(input.after),
      input.reason ?? null,
    ],
  );
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const COLUMNS = 'id, recorded_at, actor, entity, entity_id, action, before_json, after_json, reason';

function toEntry(r: Row): AuditEntry {
  return {
    id: Number(r.id),
    at: (r.recorded_at as Date).toISOString(),
    actor: String(r.actor),
    entity: String(r.entity),
    entity_id: (r.entity_id as string | null) ?? null,
    action: String(r.action),
    before: parseJson(r.before_json),
    after: parseJson(r.after_json),
    reason: (r.reason as string | null) ?? null,
  };
}

function bound(value: string, upper: boolean): string {
  // A bare date as upper bound means "through the end of that day".
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!upper) return `${value} 00:00:00`;
    const next = new Date(`${value}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return next.toISOString();
  }
  return value;
}

/** Lists audit entries matching the filters, newest first, one page at a time. */
export async function queryAudit(
  engine: Engine,
  filters: AuditFilters,
  page: Page = { page: 1, page_size: 50 },
): Promise<{ items: AuditEntry[]; total: number; page: number; page_size: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filters.entity) add('entity = ?', filters.entity);
  if (filters.entity_id) add('entity_id = ?', filters.entity_id);
  if (filters.actor) add('actor = ?', filters.actor);
  if (filters.from) add('recorded_at >= ?::TIMESTAMP', bound(filters.from, false));
  if (filters.to) add('recorded_at < ?::TIMESTAMP', bound(filters.to, true));
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [count] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM audit_log ${clause}`, params);
  const offset = (page.page - 1) * page.page_size;
  const rows = await engine.query(
    `SELECT ${COLUMNS} FROM audit_log ${clause}
     ORDER BY id DESC LIMIT ${Number(page.page_size)} OFFSET ${Number(offset)}`,
    params,
  );
  return {
    items: rows.map(toEntry),
    total: count?.n ?? 0,
    page: page.page,
    page_size: page.page_size,
  };
}

/** Reads one audit entry by id. */
export async function getAuditEntry(engine: Engine, id: number): Promise<AuditEntry> {
  const rows = await engine.query(`SELECT ${COLUMNS} FROM audit_log WHERE id = $1`, [id]);
  const entry = rows[0];
  if (!entry) throw new NotFoundError(`audit entry ${id} not found`);
  return toEntry(entry);
}
