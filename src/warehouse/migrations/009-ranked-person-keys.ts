import type { Migration } from './index.js';

/** SQL (frozen with this migration): the ranked own key of the identities row's identifier. */
const RANKED_KEY = `'p' || CASE id_type WHEN 'user' THEN '0' WHEN 'customer' THEN '1' WHEN 'lead' THEN '2'
    WHEN 'email' THEN '3' WHEN 'phone' THEN '4' ELSE '5' END || '_' || substr(md5(id_type || ':' || id_value), 1, 20)`;

/**
 * Person keys ranked by identifier type: a person is keyed by its best-ranked identifier (user, customer, lead,
 * email, phone, visitor) instead of its smallest md5, so a known user's key stays put when new devices join it.
 * Every stored person is re-keyed once here (identities, then person_key in events, sessions, leads and orders);
 * identity_log keeps the keys it logged (a rollback of an import from before this migration restores those).
 */
export const rankedPersonKeysMigration: Migration = {
  id: 9,
  name: 'ranked-person-keys',
  up: [
    `CREATE TEMP TABLE __rekey_009 AS SELECT old_key, new_key FROM (
       SELECT person_key AS old_key, min(${RANKED_KEY}) AS new_key FROM identities GROUP BY person_key)
     WHERE old_key IS DISTINCT FROM new_key`,
    'UPDATE identities SET person_key = r.new_key FROM __rekey_009 r WHERE identities.person_key = r.old_key',
    ...['events', 'sessions', 'leads', 'orders'].map(
      (t) => `UPDATE ${t} SET person_key = r.new_key FROM __rekey_009 r WHERE ${t}.person_key = r.old_key`,
    ),
    'DROP TABLE __rekey_009',
  ],
};
