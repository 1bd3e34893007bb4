import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { Engine } from '../warehouse/engine.js';
import { openWarehouse } from '../warehouse/index.js';

// Engines opened by a running server, by absolute database path: commands run inside the server use them.
const served = new Map<string, Engine>();

/** Registers the engine a server holds open for a database (commands sent through the server reuse it). */
export function registerServedEngine(dbPath: string, engine: Engine): () => void {
  const key = path.resolve(dbPath);
  served.set(key, engine);
  return () => {
    if (served.get(key) === engine) served.delete(key);
  };
}

/** Opens (and migrates) a database file, turning DuckDB's lock error into a one-line user error. */
export async function openDatabase(dbPath: string): Promise<Engine> {
  try {
    return await openWarehouse(path.resolve(dbPath));
  } catch (error) {
    const message = (error as Error).message ?? '';
    if (/Could not set lock|Conflicting lock/i.test(message)) {
      const pid = /PID (\d+)/i.exec(message)?.[1];
      throw new UserError(
        'database_locked',
        `${path.resolve(dbPath)} is open in another process${pid ? ` (pid ${pid})` : ''}; wait for it to finish or stop it`,
      );
    }
    throw error;
  }
}

/**
 * Runs fn with the warehouse at dbPath: the server's open engine when this process is serving that database,
 * otherwise a freshly opened (and migrated) one that is closed afterwards. Every CLI command opens the
 * database through this, so the same command works inside `yardstick serve` and standalone.
 */
export async function withWarehouse<T>(dbPath: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const existing = served.get(path.resolve(dbPath));
  if (existing) return fn(existing);
  const engine = await openDatabase(dbPath);
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
