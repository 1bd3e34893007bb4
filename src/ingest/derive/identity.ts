import type { Engine } from '../../warehouse/engine.js';
import { tempName } from './sql.js';

/**
 * Identifier links an import contributes: pairs of (id_type:id_value) nodes; b is NULL for a lone node. `{src}` is
 * replaced by the rows of the import (the events source may be a staged table instead of the fact table).
 */
const EDGE_SQL: Record<string, string> = {
  events: `SELECT DISTINCT 'visitor:' || visitor_id AS a,
             CASE WHEN nullif(trim(user_id), '') IS NOT NULL THEN 'user:' || trim(user_id) END AS b
           FROM {src}`,
  leads: `SELECT 'lead:' || lead_id AS a, NULL AS b FROM leads WHERE import_id = $1
          UNION ALL SELECT 'lead:' || lead_id, 'visitor:' || visitor_id FROM leads
            WHERE import_id = $1 AND nullif(visitor_id, '') IS NOT NULL
          UNION ALL SELECT 'lead:' || lead_id, 'email:' || email_hash FROM leads
            WHERE import_id = $1 AND nullif(email_hash, '') IS NOT NULL
          UNION ALL SELECT 'lead:' || lead_id, 'phone:' || phone_hash FROM leads
            WHERE import_id = $1 AND nullif(phone_hash, '') IS NOT NULL`,
  orders: `SELECT DISTINCT 'customer:' || customer_id AS a,
             CASE WHEN nullif(lead_id, '') IS NOT NULL THEN 'lead:' || lead_id END AS b
           FROM orders WHERE import_id = $1`,
};

/**
 * Identifier types by how durably they name a person: a person is keyed by its best-ranked identifier (a user id
 * before a CRM customer, a lead, an email or phone hash, and an anonymous visitor last).
 */
const ID_RANK = ['user', 'customer', 'lead', 'email', 'phone'];

/**
 * SQL: the person key a single identifier node ('type:value') would have on its own: `p`, the type's rank (0–5),
 * `_`, 20 hex digits of the md5 of the node. A merged person keeps the smallest of its nodes' keys, so the key is a
 * function of the person's identifiers (whatever the import order) and comes from its best-ranked identifier: a
 * known user's person keeps its key when a new device or visitor joins it, and the rows already stored need no new
 * key. (With the smallest md5 of all its ids, a new device re-keyed about 1 person in 3 with 2 ids.)
 */
const OWN_KEY = (node: string) =>
  `'p' || CASE split_part(${node}, ':', 1) ${ID_RANK.map((t, i) => `WHEN '${t}' THEN '${i}'`).join(' ')}
    ELSE '${ID_RANK.length}' END || '_' || substr(md5(${node}), 1, 20)`;

const MAX_ROUNDS = 64;

/** Where person keys are stored per identifier type: table, identifier column. */
export const PERSON_KEY_COLUMNS: [table: string, column: string, idType: string][] = [
  ['events', 'visitor_id', 'visitor'],
  ['sessions', 'visitor_id', 'visitor'],
  ['leads', 'lead_id', 'lead'],
  ['orders', 'customer_id', 'customer'],
];

/** The identity changes one import makes, worked out in temp tables by planIdentities (nothing written yet). */
export interface IdentityPlan {
  /** (id_type, id_value, person_key) of every id of the import */
  map: string;
  /**
   * ids that are new (old_key NULL) or whose person changed: id_type, id_value, person_key, old_key, first_seen,
   * import_id
   */
  changed: string;
  merged: number;
  created: number;
  /** drops the plan's temp tables (the map too unless it was kept) */
  drop(): Promise<void>;
}

/**
 * Stitches identities for one import: visitor ids linked by user_id, leads by visitor/email/phone hashes, orders by
 * customer_id → lead. Connected components are computed in SQL over the linked ids only (plus the persons they
 * already belong to); a merged person takes the smallest key, which is that of its best-ranked identifier (see
 * OWN_KEY). Identities the import creates carry its import_id,
 * and keys it changes are logged in identity_log (so a rollback can undo the merge); person_key is then updated in
 * events, sessions, leads and orders where it changed. `source`: the table holding the import's events (default:
 * the events table's rows of the import); `keepMap`: keep the (id_type, id_value, person_key) map of every id of
 * the import under this temp table name.
 */
export async function stitchIdentities(
  tx: Engine,
  table: string,
  importId: string,
  opts: { source?: string; keepMap?: string } = {},
): Promise<void> {
  const plan = await planIdentities(tx, table, importId, opts);
  if (!plan) return;
  try {
    await applyIdentities(tx, plan, table, importId);
  } finally {
    await plan.drop();
  }
}

/**
 * The reading half of stitchIdentities: works out the import's identity map and changes in temp tables without
 * writing anything (so it can run before the import's write transaction). Undefined for tables without identifiers.
 */
export async function planIdentities(
  tx: Engine,
  table: string,
  importId: string,
  opts: { source?: string; keepMap?: string } = {},
): Promise<IdentityPlan | undefined> {
  const edgeSql = EDGE_SQL[table]?.replace('{src}', opts.source ?? 'events WHERE import_id = $1');
  if (!edgeSql) return undefined;
  const edges = tempName('id_e');
  const nodes = tempName('id_n');
  const labels = tempName('id_l');
  const next = tempName('id_x');
  const map = opts.keepMap ?? tempName('id_m');
  const changed = tempName('id_c');
  const drop = async (names: string[]) => {
    for (const t of names) await tx.exec(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  };
  const params = edgeSql.includes('$1') ? [importId] : [];
  try {
    await tx.exec(`CREATE TEMP TABLE ${edges} AS ${edgeSql}`, params);
    await tx.exec(
      `CREATE TEMP TABLE ${nodes} AS SELECT DISTINCT split_part(n, ':', 1) AS id_type,
         substr(n, strpos(n, ':') + 1) AS id_value FROM (SELECT a AS n FROM ${edges} UNION ALL
         SELECT b FROM ${edges} WHERE b IS NOT NULL)`,
    );
    // existing persons of the touched ids join the graph through a virtual node labelled with their key
    await tx.exec(
      `INSERT INTO ${edges}
       SELECT i.id_type || ':' || i.id_value, 'person:' || i.person_key FROM identities i
       WHERE i.person_key IN (SELECT i2.person_key FROM identities i2 SEMI JOIN ${nodes} d
         ON d.id_type = i2.id_type AND d.id_value = i2.id_value)`,
    );
    // only linked ids need label propagation; a lone id is its own person
    await tx.exec(
      `CREATE TEMP TABLE ${labels} AS
       SELECT n, CASE WHEN starts_with(n, 'person:') THEN substr(n, 8) ELSE ${OWN_KEY('n')} END AS label
       FROM (SELECT a AS n FROM ${edges} WHERE b IS NOT NULL UNION SELECT b FROM ${edges} WHERE b IS NOT NULL)`,
    );
    for (let round = 0; round < MAX_ROUNDS; round++) {
      await tx.exec(
        `CREATE TEMP TABLE ${next} AS SELECT n, min(label) AS label FROM (
           SELECT n, label FROM ${labels}
           UNION ALL SELECT e.a, l.label FROM ${edges} e JOIN ${labels} l ON l.n = e.b
           UNION ALL SELECT e.b, l.label FROM ${edges} e JOIN ${labels} l ON l.n = e.a WHERE e.b IS NOT NULL
         ) GROUP BY n`,
      );
      const [{ changed: n } = { changed: 0 }] = await tx.query<{ changed: number }>(
        `SELECT count(*) AS changed FROM ${next} x JOIN ${labels} l ON l.n = x.n WHERE x.label <> l.label`,
      );
      await tx.exec(`DROP TABLE ${labels}`);
      await tx.exec(`ALTER TABLE ${next} RENAME TO ${labels}`);
      if (!n) break;
    }
    await tx.exec(
      `CREATE TEMP TABLE ${map} AS
       SELECT split_part(n, ':', 1) AS id_type, substr(n, strpos(n, ':') + 1) AS id_value, label AS person_key
       FROM ${labels} WHERE NOT starts_with(n, 'person:')
       UNION ALL
       SELECT d.id_type, d.id_value, ${OWN_KEY("d.id_type || ':' || d.id_value")} FROM ${nodes} d
       ANTI JOIN ${labels} l ON l.n = d.id_type || ':' || d.id_value`,
    );
    // ids that are new (old_key NULL) or whose person changed
    await tx.exec(
      `CREATE TEMP TABLE ${changed} AS SELECT m.id_type, m.id_value, m.person_key, i.person_key AS old_key,
         i.first_seen, i.import_id
       FROM ${map} m LEFT JOIN identities i ON i.id_type = m.id_type AND i.id_value = m.id_value
       WHERE i.person_key IS DISTINCT FROM m.person_key`,
    );
    const [{ merged, created } = { merged: 0, created: 0 }] = await tx.query<{ merged: number; created: number }>(
      `SELECT count(*) FILTER (WHERE old_key IS NOT NULL) AS merged, count(*) FILTER (WHERE old_key IS NULL) AS created
       FROM ${changed}`,
    );
    return {
      map,
      changed,
      merged: Number(merged),
      created: Number(created),
      drop: () => drop([changed, ...(opts.keepMap ? [] : [map])]),
    };
  } catch (error) {
    await drop([changed, map]);
    throw error;
  } finally {
    await drop([edges, nodes, labels, next]);
  }
}

/**
 * The writing half of stitchIdentities: stores the plan's new and changed ids (logging merges in identity_log) and
 * updates person_key where it changed. Run inside the import's transaction.
 */
export async function applyIdentities(tx: Engine, plan: IdentityPlan, table: string, importId: string): Promise<void> {
  const { changed, merged, created } = plan;
  if (merged > 0) {
    await tx.exec(
      `INSERT INTO identity_log (import_id, id_type, id_value, old_person_key, new_person_key)
       SELECT $1, id_type, id_value, old_key, person_key FROM ${changed} WHERE old_key IS NOT NULL`,
      [importId],
    );
    await tx.exec(
      `DELETE FROM identities WHERE (id_type, id_value) IN (
         SELECT (id_type, id_value) FROM ${changed} WHERE old_key IS NOT NULL)`,
    );
  }
  if (merged + created > 0) {
    await tx.exec(
      `INSERT INTO identities (id_type, id_value, person_key, first_seen, import_id)
       SELECT id_type, id_value, person_key, coalesce(first_seen, now() AT TIME ZONE 'UTC'),
         CASE WHEN old_key IS NULL THEN $1 ELSE import_id END
       FROM ${changed}`,
      [importId],
    );
  }
  // an events import's new ids have no rows elsewhere yet (its own rows read person_key from the map)
  const apply = table === 'events' ? merged : merged + created;
  if (apply > 0) await applyPersonKeys(tx, changed, table === 'events' ? 'old_key IS NOT NULL' : 'true');
  // the import's own rows take their person from the map even where the id's person did not change (an order
  // imported before its lead already put the lead id in a person)
  const own = table === 'events' ? undefined : PERSON_KEY_COLUMNS.find(([target]) => target === table);
  if (own) {
    const [target, column, idType] = own;
    await tx.exec(
      `UPDATE ${target} SET person_key = m.person_key FROM (SELECT * FROM ${plan.map} WHERE id_type = '${idType}') m
       WHERE ${target}.import_id = $1 AND ${target}.${column} = m.id_value
         AND ${target}.person_key IS DISTINCT FROM m.person_key`,
      [importId],
    );
  }
}

/** Sets person_key in events, sessions, leads and orders from a (id_type, id_value, person_key) table's rows. */
export async function applyPersonKeys(tx: Engine, map: string, where = 'true'): Promise<void> {
  for (const [target, column, idType] of PERSON_KEY_COLUMNS) {
    await tx.exec(
      `UPDATE ${target} SET person_key = m.person_key FROM (SELECT * FROM ${map} WHERE ${where}) m
       WHERE m.id_type = '${idType}' AND ${target}.${column} = m.id_value
         AND ${target}.person_key IS DISTINCT FROM m.person_key`,
    );
  }
}

/**
 * Undoes the identity changes of one import (call when rolling it back, after its rows are gone): ids it merged
 * into another person get their earlier person back (unless a later import moved them again), ids it created are
 * forgotten, and person_key follows in events, sessions, leads and orders.
 */
export async function undoIdentityChanges(tx: Engine, importId: string): Promise<void> {
  const restore = tempName('id_r');
  try {
    await tx.exec(
      `CREATE TEMP TABLE ${restore} AS SELECT l.id_type, l.id_value, l.old_person_key AS person_key, i.first_seen,
         i.import_id
       FROM identity_log l JOIN identities i ON i.id_type = l.id_type AND i.id_value = l.id_value
       WHERE l.import_id = $1 AND i.person_key = l.new_person_key`,
      [importId],
    );
    await tx.exec(
      `DELETE FROM identities WHERE import_id = $1 OR (id_type, id_value) IN (
         SELECT (id_type, id_value) FROM ${restore})`,
      [importId],
    );
    await tx.exec(
      `INSERT INTO identities (id_type, id_value, person_key, first_seen, import_id)
       SELECT id_type, id_value, person_key, first_seen, import_id FROM ${restore}`,
    );
    await applyPersonKeys(tx, restore);
    await tx.exec('DELETE FROM identity_log WHERE import_id = $1', [importId]);
  } finally {
    await tx.exec(`DROP TABLE IF EXISTS ${restore}`).catch(() => undefined);
  }
}
