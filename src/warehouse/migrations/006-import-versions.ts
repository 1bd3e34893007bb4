import type { Migration } from './index.js';

const FACT_TABLES = [
  'events',
  'traffic',
  'leads',
  'orders',
  'spend',
  'content',
  'surveys',
  'experiments',
  'brand_search',
  'projects',
  'deliverables',
  'people',
];

/**
 * Import bookkeeping: `row_hash` (hash of the imported values) on every fact table, so a re-import of the same
 * row is skipped while a changed row under the same natural key is an update; `row_versions` keeps the previous
 * version of every updated row so rolling back the import restores it.
 */
export const importVersionsMigration: Migration = {
  id: 6,
  name: 'import-versions',
  up: [
    ...FACT_TABLES.map((t) => `ALTER TABLE ${t} ADD COLUMN row_hash VARCHAR`),
    `CREATE TABLE row_versions (
      import_id VARCHAR NOT NULL, table_name VARCHAR NOT NULL, row_key VARCHAR NOT NULL, old_row VARCHAR NOT NULL,
      replaced_at TIMESTAMP NOT NULL, PRIMARY KEY (import_id, table_name, row_key)
    )`,
    'CREATE INDEX imports_started ON imports (started_at)',
  ],
};
