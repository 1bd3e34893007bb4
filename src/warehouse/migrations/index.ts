import type { Engine } from '../engine.js';
import { factsMigration } from './001-facts.js';
import { appMigration } from './002-app.js';
import { workflowMigration } from './003-workflow.js';
import { metricCacheMigration } from './004-metric-cache.js';
import { importVersionsMigration } from './006-import-versions.js';
import { eventsNoKeyMigration } from './007-events-no-key.js';
import { importJobsMigration } from './008-import-jobs.js';
import { rankedPersonKeysMigration } from './009-ranked-person-keys.js';

/** One schema change; statements run in order inside one transaction. */
export interface Migration {
  id: number;
  name: string;
  up: string[];
}

/** All migrations in order. Append new ones; never edit one that has shipped. */
export const migrations: Migration[] = [
  factsMigration,
  appMigration,
  workflowMigration,
  importVersionsMigration,
  metricCacheMigration,
  eventsNoKeyMigration,
  importJobsMigration,
  rankedPersonKeysMigration,
];

/** Applies the migrations not yet applied; returns the ids it applied. */
export async function migrate(engine: Engine): Promise<number[]> {
  await engine.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)',
  );
  const done = new Set((await engine.query<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id));
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    await engine.transaction(async (tx) => {
      for (const statement of m.up) await tx.exec(statement);
      await tx.exec('INSERT INTO schema_migrations VALUES ($1, $2, now()::TIMESTAMP)', [m.id, m.name]);
    });
    applied.push(m.id);
  }
  return applied;
}
