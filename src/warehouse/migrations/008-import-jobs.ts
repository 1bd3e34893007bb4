import type { Migration } from './index.js';

/**
 * Upload import jobs: who started which file, its state and progress, and the result or the errors, so a job can be
 * read back after a server restart (jobs a restart interrupted are marked failed when the server starts).
 */
export const importJobsMigration: Migration = {
  id: 8,
  name: 'import-jobs',
  up: [
    `CREATE TABLE import_jobs (
      id VARCHAR PRIMARY KEY, username VARCHAR NOT NULL, status VARCHAR NOT NULL, format VARCHAR NOT NULL,
      file_name VARCHAR NOT NULL, dry_run BOOLEAN NOT NULL, rows_done BIGINT NOT NULL DEFAULT 0,
      bytes_done BIGINT NOT NULL DEFAULT 0, total_bytes BIGINT NOT NULL DEFAULT 0, import_id VARCHAR,
      result_json VARCHAR, error_json VARCHAR, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP
    )`,
    'CREATE INDEX import_jobs_user ON import_jobs (username, started_at)',
  ],
};
