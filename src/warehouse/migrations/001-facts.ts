import type { Migration } from './index.js';

/**
 * Canonical fact tables of the data contract (DESIGN.md), plus derived columns filled at import:
 * source/medium/channel_group/channel (classified once, never at query time), is_bot, session_key and
 * person_key (stitched identity). Instants are TIMESTAMP in UTC; calendar days from exports are DATE in the
 * configured time zone. Money is DECIMAL(18,2). Every row keeps the import that wrote it (import_id) so an
 * import can be rolled back, and row_key: the natural key or a content hash that makes re-imports idempotent.
 */
export const factsMigration: Migration = {
  id: 1,
  name: 'facts',
  up: [
    `CREATE TABLE imports (
      import_id VARCHAR PRIMARY KEY, format VARCHAR NOT NULL, target_table VARCHAR NOT NULL, file_name VARCHAR,
      file_hash VARCHAR, rows_read BIGINT, rows_inserted BIGINT, rows_updated BIGINT, rows_skipped BIGINT,
      rows_rejected BIGINT, period_start DATE, period_end DATE, username VARCHAR, started_at TIMESTAMP NOT NULL,
      finished_at TIMESTAMP, status VARCHAR NOT NULL, rolled_back_at TIMESTAMP, rolled_back_by VARCHAR, message VARCHAR
    )`,
    `CREATE TABLE events (
      row_key VARCHAR PRIMARY KEY, event_id VARCHAR, occurred_at TIMESTAMP NOT NULL, visitor_id VARCHAR NOT NULL,
      event_type VARCHAR NOT NULL, user_id VARCHAR, session_id VARCHAR, page_url VARCHAR, page_path VARCHAR,
      referrer VARCHAR, referrer_host VARCHAR, utm_source VARCHAR, utm_medium VARCHAR, utm_campaign VARCHAR,
      utm_content VARCHAR, utm_term VARCHAR, user_agent VARCHAR, properties VARCHAR,
      source VARCHAR, medium VARCHAR, channel_group VARCHAR, channel VARCHAR, campaign VARCHAR,
      is_bot BOOLEAN NOT NULL DEFAULT false, session_key VARCHAR, person_key VARCHAR, landing_page VARCHAR,
      import_id VARCHAR
    )`,
    `CREATE TABLE sessions (
      session_key VARCHAR PRIMARY KEY, visitor_id VARCHAR NOT NULL, person_key VARCHAR, started_at TIMESTAMP NOT NULL,
      ended_at TIMESTAMP NOT NULL, landing_page VARCHAR, source VARCHAR, medium VARCHAR, campaign VARCHAR,
      channel_group VARCHAR, channel VARCHAR, is_bot BOOLEAN NOT NULL DEFAULT false, events BIGINT NOT NULL,
      pageviews BIGINT NOT NULL, engaged BOOLEAN NOT NULL DEFAULT false, converted BOOLEAN NOT NULL DEFAULT false
    )`,
    `CREATE TABLE identities (
      id_type VARCHAR NOT NULL, id_value VARCHAR NOT NULL, person_key VARCHAR NOT NULL, first_seen TIMESTAMP,
      PRIMARY KEY (id_type, id_value)
    )`,
    `CREATE TABLE traffic (
      row_key VARCHAR PRIMARY KEY, date DATE NOT NULL, source VARCHAR, medium VARCHAR, channel_group VARCHAR,
      channel VARCHAR, campaign VARCHAR, landing_page VARCHAR, sessions BIGINT, users BIGINT, new_users BIGINT,
      pageviews BIGINT, engaged_sessions BIGINT, conversions DOUBLE, revenue DECIMAL(18,2), bounce_rate DOUBLE,
      avg_duration_s DOUBLE, range_start DATE, range_end DATE, source_format VARCHAR, import_id VARCHAR
    )`,
    `CREATE TABLE leads (
      row_key VARCHAR PRIMARY KEY, lead_id VARCHAR NOT NULL UNIQUE, created_at TIMESTAMP NOT NULL, visitor_id VARCHAR,
      email_hash VARCHAR, phone_hash VARCHAR, source VARCHAR, medium VARCHAR, channel_group VARCHAR, channel VARCHAR,
      campaign VARCHAR, content_id VARCHAR, landing_page VARCHAR, owner_id VARCHAR, sales_owner_id VARCHAR,
      mql_at TIMESTAMP, sql_at TIMESTAMP, opportunity_at TIMESTAMP, won_at TIMESTAMP, lost_at TIMESTAMP,
      segment VARCHAR, lead_score DOUBLE, person_key VARCHAR, import_id VARCHAR
    )`,
    `CREATE TABLE orders (
      row_key VARCHAR PRIMARY KEY, order_id VARCHAR NOT NULL UNIQUE, customer_id VARCHAR NOT NULL,
      ordered_at TIMESTAMP NOT NULL, amount DECIMAL(18,2) NOT NULL, currency VARCHAR NOT NULL DEFAULT 'CNY',
      status VARCHAR NOT NULL DEFAULT 'paid', refunded_at TIMESTAMP, lead_id VARCHAR, source VARCHAR, medium VARCHAR,
      channel_group VARCHAR, channel VARCHAR, campaign VARCHAR, owner_id VARCHAR, person_key VARCHAR, import_id VARCHAR
    )`,
    `CREATE TABLE spend (
      row_key VARCHAR PRIMARY KEY, date DATE NOT NULL, amount DECIMAL(18,2) NOT NULL, platform VARCHAR,
      channel_group VARCHAR, channel VARCHAR, campaign VARCHAR, impressions BIGINT, clicks BIGINT, conversions DOUBLE,
      owner_id VARCHAR, source_format VARCHAR, import_id VARCHAR
    )`,
    `CREATE TABLE content (
      row_key VARCHAR PRIMARY KEY, date DATE NOT NULL, content_id VARCHAR NOT NULL, title VARCHAR, content_type VARCHAR,
      channel_group VARCHAR, channel VARCHAR, owner_id VARCHAR, impressions BIGINT, views BIGINT, clicks BIGINT,
      shares BIGINT, downloads BIGINT, leads BIGINT, import_id VARCHAR
    )`,
    `CREATE TABLE surveys (
      row_key VARCHAR PRIMARY KEY, response_id VARCHAR NOT NULL UNIQUE, answered_at TIMESTAMP NOT NULL,
      customer_id VARCHAR, nps INTEGER, rating DOUBLE, channel_group VARCHAR, channel VARCHAR, segment VARCHAR,
      owner_id VARCHAR, comment VARCHAR, import_id VARCHAR
    )`,
    `CREATE TABLE experiments (
      row_key VARCHAR PRIMARY KEY, experiment_id VARCHAR NOT NULL, variant VARCHAR NOT NULL, name VARCHAR,
      owner_id VARCHAR, visitors BIGINT NOT NULL, conversions BIGINT NOT NULL, started_at TIMESTAMP,
      ended_at TIMESTAMP, is_control BOOLEAN, channel VARCHAR, import_id VARCHAR
    )`,
    `CREATE TABLE brand_search (
      row_key VARCHAR PRIMARY KEY, date DATE NOT NULL, keyword VARCHAR NOT NULL, source VARCHAR NOT NULL,
      volume BIGINT NOT NULL, import_id VARCHAR
    )`,
    `CREATE TABLE projects (
      row_key VARCHAR PRIMARY KEY, project_id VARCHAR NOT NULL UNIQUE, name VARCHAR NOT NULL, departments VARCHAR,
      owner_id VARCHAR, due_at TIMESTAMP NOT NULL, completed_at TIMESTAMP, status VARCHAR, import_id VARCHAR
    )`,
    `CREATE TABLE deliverables (
      row_key VARCHAR PRIMARY KEY, deliverable_id VARCHAR NOT NULL UNIQUE, owner_id VARCHAR NOT NULL,
      kind VARCHAR NOT NULL, due_at TIMESTAMP NOT NULL, submitted_at TIMESTAMP, completeness DOUBLE, import_id VARCHAR
    )`,
    `CREATE TABLE people (
      row_key VARCHAR PRIMARY KEY, person_id VARCHAR NOT NULL UNIQUE, name VARCHAR NOT NULL, department VARCHAR NOT NULL,
      team VARCHAR, title VARCHAR, email VARCHAR, manager_id VARCHAR, role VARCHAR, active BOOLEAN DEFAULT true,
      import_id VARCHAR
    )`,
    `CREATE TABLE channel_rules (
      rule_id VARCHAR PRIMARY KEY, priority INTEGER NOT NULL, channel VARCHAR NOT NULL, channel_group VARCHAR,
      source_pattern VARCHAR, medium_pattern VARCHAR, campaign_pattern VARCHAR, referrer_pattern VARCHAR,
      aliases VARCHAR, created_by VARCHAR, created_at TIMESTAMP
    )`,
    `CREATE TABLE bot_stats (
      import_id VARCHAR NOT NULL, reason VARCHAR NOT NULL, events BIGINT NOT NULL, visitors BIGINT NOT NULL,
      PRIMARY KEY (import_id, reason)
    )`,
    'CREATE INDEX events_time ON events (occurred_at)',
    'CREATE INDEX leads_created ON leads (created_at)',
    'CREATE INDEX orders_time ON orders (ordered_at)',
  ],
};
