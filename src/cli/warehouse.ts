import path from 'node:path';
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

/**
 * Runs fn with the warehouse at dbPath: the server's open engine when this process is serving that database,
 * otherwise a freshly opened (and migrated) one that is closed afterwards. Every CLI command opens the
 * database through this, so the same command works inside `yardstick serve` and standalone.
 */
export async function withWarehouse<T>(dbPath: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const existing = served.get(path.resolve(dbPath));
  if (existing) return fn(existing);
  const engine = await openWarehouse(path.resolve(dbPath));
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
