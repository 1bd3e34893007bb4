import { config } from '../../config.js';
import type { Engine, Row } from '../engine.js';

/** Runs one metric query; with YARDSTICK_DEBUG set, prints its wall and CPU time, row count and label to stderr. */
export async function timedQuery<T extends Row = Row>(
  engine: Engine,
  label: string,
  sql: string,
  params: readonly unknown[],
): Promise<T[]> {
  if (!config().debug) return engine.query<T>(sql, params);
  const start = performance.now();
  const cpu = process.cpuUsage();
  const rows = await engine.query<T>(sql, params);
  const used = process.cpuUsage(cpu);
  const ms = (performance.now() - start).toFixed(1);
  const cpuMs = ((used.user + used.system) / 1000).toFixed(1);
  process.stderr.write(`metrics: ${ms} ms (cpu ${cpuMs} ms) ${rows.length} rows ${label}\n`);
  return rows;
}
