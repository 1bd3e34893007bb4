import type { Migration } from './index.js';

/** events as of migrations 001 + 006, without the row_key PRIMARY KEY (imports dedupe by an anti-join instead). */
const EVENTS = `CREATE TABLE events_007 (
  row_key VARCHAR NOT NULL, event_id VARCHAR, occurred_at TIMESTAMP NOT NULL, visitor_id VARCHAR NOT NULL,
  event_type VARCHAR NOT NULL, user_id VARCHAR, session_id VARCHAR, page_url VARCHAR, page_path VARCHAR,
  referrer VARCHAR, referrer_host VARCHAR, utm_source VARCHAR, utm_medium VARCHAR, utm_campaign VARCHAR,
  utm_content VARCHAR, utm_term VARCHAR, user_agent VARCHAR, properties VARCHAR,
  source VARCHAR, medium VARCHAR, channel_group VARCHAR, channel VARCHAR, campaign VARCHAR,
  is_bot BOOLEAN NOT NULL DEFAULT false, session_key VARCHAR, person_key VARCHAR, landing_page VARCHAR,
  import_id VARCHAR, row_hash VARCHAR
)`;

/** sessions as of migration 001, without the session_key PRIMARY KEY (sessions are rebuilt per visitor). */
const SESSIONS = `CREATE TABLE sessions_007 (
  session_key VARCHAR NOT NULL, visitor_id VARCHAR NOT NULL, person_key VARCHAR, started_at TIMESTAMP NOT NULL,
  ended_at TIMESTAMP NOT NULL, landing_page VARCHAR, source VARCHAR, medium VARCHAR, campaign VARCHAR,
  channel_group VARCHAR, channel VARCHAR, is_bot BOOLEAN NOT NULL DEFAULT false, events BIGINT NOT NULL,
  pageviews BIGINT NOT NULL, engaged BOOLEAN NOT NULL DEFAULT false, converted BOOLEAN NOT NULL DEFAULT false
)`;

/** identities without the (id_type, id_value) key, plus the import that created each id (rollback deletes them). */
const IDENTITIES = `CREATE TABLE identities_007 (
  id_type VARCHAR NOT NULL, id_value VARCHAR NOT NULL, person_key VARCHAR NOT NULL, first_seen TIMESTAMP,
  import_id VARCHAR
)`;

/**
 * Drops the ART indexes that made event imports slow and memory-hungry (issue #3 benchmark): the events,
 * sessions and identities primary keys and the events time index. DuckDB cannot drop a key in place, so each table is recreated
 * with its data and renamed; uniqueness of events.row_key is kept by the importers (anti-join on row_key, in-file
 * duplicates reported per row). identities gets the same treatment plus `import_id`, and identity_log records
 * the person keys an import changed, so rolling the import back undoes its merges.
 */
export const eventsNoKeyMigration: Migration = {
  id: 7,
  name: 'events-no-key',
  up: [
    'DROP INDEX IF EXISTS events_time',
    EVENTS,
    'INSERT INTO events_007 SELECT * FROM events',
    'DROP TABLE events',
    'ALTER TABLE events_007 RENAME TO events',
    SESSIONS,
    'INSERT INTO sessions_007 SELECT * FROM sessions',
    'DROP TABLE sessions',
    'ALTER TABLE sessions_007 RENAME TO sessions',
    IDENTITIES,
    'INSERT INTO identities_007 SELECT *, NULL FROM identities',
    'DROP TABLE identities',
    'ALTER TABLE identities_007 RENAME TO identities',
    `CREATE TABLE identity_log (
      import_id VARCHAR NOT NULL, id_type VARCHAR NOT NULL, id_value VARCHAR NOT NULL, old_person_key VARCHAR NOT NULL,
      new_person_key VARCHAR NOT NULL
    )`,
  ],
};
