import { config } from '../config.js';

/**
 * Timing of import steps on stderr when YARDSTICK_DEBUG is set: wall time and process CPU time (DuckDB's threads
 * included) since the previous step, and the process's resident memory, so a step's cost can be read on a shared machine too.
 */
export function stepLog(label: string): (step: string) => void {
  if (!config().debug) return () => {};
  let wall = performance.now();
  let cpu = process.cpuUsage();
  return (step) => {
    const used = process.cpuUsage(cpu);
    const now = performance.now();
    const cpuS = (used.user + used.system) / 1e6;
    const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
    process.stderr.write(
      `${label}: ${step} ${((now - wall) / 1000).toFixed(2)} s (cpu ${cpuS.toFixed(2)} s, rss ${rss} MB)\n`,
    );
    wall = now;
    cpu = process.cpuUsage();
  };
}
