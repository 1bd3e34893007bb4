import { config } from '../config.js';
import { DuckDbEngine } from './duckdb/engine.js';
import type { Engine } from './engine.js';
import { migrate } from './migrations/index.js';

export type { Dialect, Engine, Row } from './engine.js';

/** Opens the warehouse at a path (default: configured), applying pending migrations. */
export async function openWarehouse(dbPath: string = config().dbPath): Promise<Engine> {
  const engine = await DuckDbEngine.open(dbPath);
  await migrate(engine);
  return engine;
}
