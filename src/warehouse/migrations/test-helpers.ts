import { DuckDbEngine } from '../duckdb/engine.js';
import { migrations } from './index.js';

/** An in-memory database as it stood before migration `id`: every earlier migration applied and recorded. */
export async function databaseBefore(id: number): Promise<DuckDbEngine> {
  const engine = await DuckDbEngine.open(':memory:');
  await engine.exec(
    'CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)',
  );
  for (const m of migrations.filter((x) => x.id < id).sort((a, b) => a.id - b.id)) {
    for (const statement of m.up) await engine.exec(statement);
    await engine.exec('INSERT INTO schema_migrations VALUES ($1, $2, now()::TIMESTAMP)', [m.id, m.name]);
  }
  return engine;
}
