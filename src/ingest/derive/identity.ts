import type { Engine } from '../../warehouse/engine.js';
import { tempName } from './sql.js';

/** Identifier links an import contributes: pairs of (id_type:id_value) nodes; b is NULL for a lone node. */
const EDGE_SQL: Record<string, string> = {
  events: `SELECT DISTINCT 'visitor:' || visitor_id AS a,
             CASE WHEN nullif(trim(user_id), '') IS NOT NULL THEN 'user:' || trim(user_id) END AS b
           FROM events WHERE import_id = $1`,
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

/** The person key a single identifier would have on its own; a merged person keeps the smallest of these. */
const OWN_KEY = (node: string) => `'p_' || substr(md5(${node}), 1, 20)`;

const MAX_ROUNDS = 64;

/**
 * Stitches identities for one import: visitor ids linked by user_id, leads by visitor/email/phone hashes, orders by
 * customer_id → lead. Connected components are computed in SQL over the affected ids only (plus the persons they
 * already belong to); a merged person takes the smallest key, and person_key is updated in identities, events,
 * sessions, leads and orders (`skipImportEvents`: not on the import's own events, whose caller reads person_key
 * from identities itself).
 */
export async function stitchIdentities(
  tx: Engine,
  table: string,
  importId: string,
  opts: { skipImportEvents?: boolean } = {},
): Promise<void> {
  const edgeSql = EDGE_SQL[table];
  if (!edgeSql) return;
  const edges = tempName('id_e');
  const labels = tempName('id_l');
  const next = tempName('id_n');
  const map = tempName('id_m');
  try {
    await tx.exec(`CREATE TEMP TABLE ${edges} AS ${edgeSql}`, [importId]);
    // existing persons of the touched ids join the graph through a virtual node labelled with their key
    await tx.exec(
      `INSERT INTO ${edges}
       SELECT i.id_type || ':' || i.id_value, 'person:' || i.person_key FROM identities i
       WHERE i.person_key IN (
         SELECT i2.person_key FROM identities i2
         JOIN (SELECT a AS n FROM ${edges} UNION SELECT b FROM ${edges} WHERE b IS NOT NULL) t
           ON t.n = i2.id_type || ':' || i2.id_value)`,
    );
    await tx.exec(
      `CREATE TEMP TABLE ${labels} AS
       SELECT n, CASE WHEN starts_with(n, 'person:') THEN substr(n, 8) ELSE ${OWN_KEY('n')} END AS label
       FROM (SELECT a AS n FROM ${edges} UNION SELECT b FROM ${edges} WHERE b IS NOT NULL)`,
    );
    for (let round = 0; round < MAX_ROUNDS; round++) {
      await tx.exec(
        `CREATE TEMP TABLE ${next} AS SELECT n, min(label) AS label FROM (
           SELECT n, label FROM ${labels}
           UNION ALL SELECT e.a, l.label FROM ${edges} e JOIN ${labels} l ON l.n = e.b
           UNION ALL SELECT e.b, l.label FROM ${edges} e JOIN ${labels} l ON l.n = e.a WHERE e.b IS NOT NULL
         ) GROUP BY n`,
      );
      const [{ changed } = { changed: 0 }] = await tx.query<{ changed: number }>(
        `SELECT count(*) AS changed FROM ${next} x JOIN ${labels} l ON l.n = x.n WHERE x.label <> l.label`,
      );
      await tx.exec(`DROP TABLE ${labels}`);
      await tx.exec(`ALTER TABLE ${next} RENAME TO ${labels}`);
      if (!changed) break;
    }
    await tx.exec(
      `CREATE TEMP TABLE ${map} AS
       SELECT split_part(n, ':', 1) AS id_type, substr(n, strpos(n, ':') + 1) AS id_value, label AS person_key
       FROM ${labels} WHERE NOT starts_with(n, 'person:')`,
    );
    await tx.exec(
      `INSERT INTO identities (id_type, id_value, person_key, first_seen)
       SELECT id_type, id_value, person_key, now() AT TIME ZONE 'UTC' FROM ${map} WHERE true
       ON CONFLICT (id_type, id_value) DO UPDATE SET person_key = excluded.person_key
         WHERE identities.person_key <> excluded.person_key`,
    );
    const apply = async (target: string, column: string, idType: string): Promise<void> => {
      const skip = target === 'events' && opts.skipImportEvents;
      await tx.exec(
        `UPDATE ${target} SET person_key = m.person_key FROM ${map} m
         WHERE m.id_type = '${idType}' AND ${target}.${column} = m.id_value
           AND ${target}.person_key IS DISTINCT FROM m.person_key${skip ? ' AND events.import_id IS DISTINCT FROM $1' : ''}`,
        skip ? [importId] : [],
      );
    };
    await apply('events', 'visitor_id', 'visitor');
    await apply('sessions', 'visitor_id', 'visitor');
    await apply('leads', 'lead_id', 'lead');
    await apply('orders', 'customer_id', 'customer');
  } finally {
    for (const t of [edges, labels, next, map]) await tx.exec(`DROP TABLE IF EXISTS ${t}`);
  }
}
