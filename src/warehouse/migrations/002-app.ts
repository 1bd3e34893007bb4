import type { Migration } from './index.js';

/**
 * Accounts, sessions, API tokens, login attempts, the append-only audit log and server facts.
 * (The assessment workflow tables live in 003-workflow.)
 */
export const appMigration: Migration = {
  id: 2,
  name: 'app',
  up: [
    `CREATE TABLE users (
      id VARCHAR PRIMARY KEY, username VARCHAR NOT NULL UNIQUE, role VARCHAR NOT NULL, person_id VARCHAR,
      display_name VARCHAR, lang VARCHAR, password_hash VARCHAR, disabled BOOLEAN NOT NULL DEFAULT false,
      created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE api_tokens (
      id VARCHAR PRIMARY KEY, token_hash VARCHAR NOT NULL UNIQUE, user_id VARCHAR NOT NULL, name VARCHAR,
      scopes VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP, revoked_at TIMESTAMP,
      last_used_at TIMESTAMP
    )`,
    `CREATE TABLE auth_sessions (
      id_hash VARCHAR PRIMARY KEY, user_id VARCHAR NOT NULL, csrf_token VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
      last_seen_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL, ip VARCHAR, user_agent VARCHAR
    )`,
    `CREATE TABLE login_attempts (
      attempted_at TIMESTAMP NOT NULL, username VARCHAR NOT NULL, ip VARCHAR NOT NULL, success BOOLEAN NOT NULL
    )`,
    'CREATE INDEX login_attempts_at ON login_attempts (attempted_at)',
    'CREATE SEQUENCE audit_log_seq START 1',
    `CREATE TABLE audit_log (
      id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_seq'), recorded_at TIMESTAMP NOT NULL, actor VARCHAR NOT NULL,
      entity VARCHAR NOT NULL, entity_id VARCHAR, action VARCHAR NOT NULL, before_json VARCHAR, after_json VARCHAR,
      reason VARCHAR
    )`,
    'CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)',
    'CREATE TABLE server_info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL)',
  ],
};
